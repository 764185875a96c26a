import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { DATABASE_HEALTH, DATABASE_READER, DATABASE_WRITER, type DatabaseReader, type DatabaseWriterPort } from '@reev/db';
import { SOLANA_ENV_FACTORY } from '@reev/lib';
import { OrchestratorGateway } from '@reev/orchestrator';
import { AgentDirectory } from './agents/agent-directory';
import { BenchmarkCatalog } from './benchmarks/benchmark-catalog';
import { composeApi } from './composition';
import { requireTokenForMutations } from './http/auth';
import { registerCors } from './http/cors';
import { frameworkErrorAnswer, installErrorHandling, MAX_PATH_SEGMENT_LENGTH } from './http/errors';
import type { RouteTable } from './http/route';
import { registerAgentRoutes } from './routes/agents';
import { registerBenchmarkRoutes } from './routes/benchmarks';
import type { RouteContext } from './routes/context';
import { registerDynamicRoutes } from './routes/dynamic';
import { registerEventRoutes } from './routes/events';
import { registerExecutionRoutes } from './routes/executions';
import { registerFlowRoutes } from './routes/flows';
import { registerLogRoutes } from './routes/logs';
import { registerSessionRoutes } from './routes/sessions';
import { registerSystemRoutes } from './routes/system';
import { RunQueue } from './runs/run-queue';
import { recoverQueuedRuns } from './runs/resume';
import { resolveSettings, type ApiSettings, type ServerOptions } from './settings';
import { registerWebPage } from './web';

export interface ReevServer {
  app: FastifyInstance;
  runs: RunQueue;
  settings: ApiSettings;
  /** Warnings found while loading the benchmarks directory. */
  benchmarkWarnings: string[];
  /** Stops every run (they end `stopped`), ends event streams, closes the HTTP server and the database. */
  close(): Promise<void>;
}

const YAML_CONTENT_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml'];

function packageVersion(): string {
  // src/lib and dist/lib are both two levels below the app's package.json.
  const manifest = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version?: string };
  return manifest.version ?? '0.0.0';
}

/**
 * The reev HTTP API on one tsyringe child container (composition.ts): one database writer and one gateway for the
 * whole process, the benchmarks directory loaded, interrupted executions of crashed processes marked. Not
 * listening yet: call `app.listen`.
 */
export async function buildServer(options: ServerOptions = {}): Promise<ReevServer> {
  const settings = resolveSettings(options);
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: settings.bodyLimitBytes,
    // Execution and session ids can be long; keep find-my-way's limit above the ids' 200 characters.
    routerOptions: { maxParamLength: MAX_PATH_SEGMENT_LENGTH },
    frameworkErrors: frameworkErrorAnswer,
    // The original's CURL.md checks /health at the root; its server (and this one) answer it under /api/v1.
    rewriteUrl: (request) => (request.url === '/health' || request.url?.startsWith('/health?') ? `/api/v1${request.url}` : (request.url ?? '/')),
    // Plain JSON.parse keeps `__proto__` as an ordinary key (no prototype is touched); defineRoute refuses such
    // keys by name with a 400, where fastify's default would call the body "not valid JSON".
    onProtoPoisoning: 'ignore',
    onConstructorPoisoning: 'ignore',
  });
  const container = composeApi(settings, options, app.log);
  const writer = container.resolve<DatabaseWriterPort>(DATABASE_WRITER);

  try {
    const gateway = container.resolve(OrchestratorGateway);
    const catalog = container.resolve(BenchmarkCatalog);
    const benchmarkWarnings = await catalog.load();
    const runs = container.resolve(RunQueue);
    const agentDirectory = container.resolve(AgentDirectory);
    // Runs a crashed process acknowledged are taken over first; whatever is left unfinished is then marked interrupted.
    await recoverQueuedRuns({ writer, runs, catalog, agents: agentDirectory, settings, log: app.log });
    await gateway.recoverInterruptedExecutions();

    // First: preflights are answered, and CORS headers set, before auth or anything else can answer.
    registerCors(app, settings.corsOrigins);
    installErrorHandling(app);
    if (settings.apiToken !== undefined) requireTokenForMutations(app, settings.apiToken);
    app.addContentTypeParser(YAML_CONTENT_TYPES, { parseAs: 'string' }, (_request, body, done) => {
      done(null, { yml_content: body });
    });

    const table: RouteTable = [];
    const context: RouteContext = {
      app,
      table,
      reader: container.resolve<DatabaseReader>(DATABASE_READER),
      writer,
      catalog,
      runs,
      agents: agentDirectory,
      health: container.resolve(DATABASE_HEALTH),
      settings,
      createEnv: container.resolve(SOLANA_ENV_FACTORY),
      gateway,
      version: packageVersion(),
    };
    registerSystemRoutes(context);
    registerBenchmarkRoutes(context);
    registerDynamicRoutes(context);
    registerAgentRoutes(context);
    registerSessionRoutes(context);
    registerFlowRoutes(context);
    registerLogRoutes(context);
    registerEventRoutes(context);
    registerExecutionRoutes(context);
    await registerWebPage(app);
    await app.ready();

    let closing: Promise<void> | undefined;
    const close = (): Promise<void> => {
      closing ??= (async () => {
        try {
          await runs.close();
          await app.close();
        } finally {
          await writer.close();
        }
      })();
      return closing;
    };
    return { app, runs, settings, benchmarkWarnings, close };
  } catch (error) {
    await writer.close();
    throw error;
  }
}
