import 'reflect-metadata';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { createColors } from 'picocolors';
import { container as rootContainer } from 'tsyringe';
import { AgentConfigurationError, checkModelRoute, isModelRouteName, resolveModelRoute, type ResponseCacheMode } from '@reev/agent';
import { randomUUID } from 'node:crypto';
import { DATABASE_READER, DATABASE_WRITER, DatabaseError, DEFAULT_DATABASE_URL, type DatabaseReader, type DatabaseWriterPort } from '@reev/db';
import { toAscii, type FlowInput } from '@reev/flow';
import { BenchmarkLoadError, loadBenchmarks } from '@reev/lib';
import {
  OrchestratorGateway,
  PlanningError,
  registerOrchestrator,
  repeatedRunStats,
  exportLlmResponses,
  importLlmResponses,
  LlmResponseFileError,
  readLlmResponseFile,
  UnknownAgentError,
  writeLlmResponseFile,
  WalletContextError,
  type BenchmarkRunResult,
} from '@reev/orchestrator';
import { isDynamicTestCase } from '@reev/types';
import { renderDynamicJson, renderPlan, renderStepLine, renderFlowSummary } from './dynamic-report';
import { Progress } from './progress';
import { renderJsonReport, renderTree } from './report';
import { loadStateFile, StateFileError } from './state-file';

export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

export const EXIT_OK = 0;
export const EXIT_BELOW_MIN_SCORE = 1;
export const EXIT_BAD_INPUT = 2;

/** Colour only on a terminal, and never when NO_COLOR is set (whatever FORCE_COLOR says). */
function colorsFor(stream: CliIo['stdout']) {
  return createColors(Boolean(stream.isTTY) && process.env['NO_COLOR'] === undefined);
}

interface RunnerOptions {
  agent: string;
  db: string;
  concurrency: number;
  json: boolean;
  seed: number;
  dynamic: boolean;
  prompt?: string;
  wallet: string;
  atomicMode?: 'strict' | 'lenient' | 'conditional';
  state?: string;
  runs: number;
  planner: 'rules' | 'llm';
  plannerModel?: string;
  renderFlow?: string;
  llmCache: ResponseCacheMode;
  importLlmCache?: string;
  exportLlmCache?: string;
  verbose: boolean;
}

class UsageError extends Error {}

function positiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError('expected a positive integer');
  return parsed;
}

function nonNegativeInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new InvalidArgumentError('expected a non-negative integer');
  return parsed;
}

function buildProgram(io: CliIo): Command {
  return new Command()
    .name('reev-runner')
    .description('Run reev benchmarks (YAML files or directories) against an agent and store every result.')
    .argument('[paths...]', 'benchmark files or directories (every .yml/.yaml in name order)')
    .option('-a, --agent <name>', 'agent to evaluate', 'deterministic')
    .option('--db <url>', 'database: file:path, :memory:, or a libSQL server URL', process.env['REEV_DB_URL'] ?? DEFAULT_DATABASE_URL)
    .option('-c, --concurrency <n>', 'benchmarks run at once', positiveInteger, 1)
    .option('--json', 'print one machine-readable JSON report instead of the tree', false)
    .option('--seed <n>', 'seed for placeholder key derivation', nonNegativeInteger, 0)
    .addOption(new Option('--planner <kind>', 'planner for dynamic requests and benchmarks').choices(['rules', 'llm']).default('rules'))
    .option('--planner-model <agent>', 'LLM route for --planner llm (default: --agent when it is an LLM)')
    .option('--runs <k>', 'run each benchmark k times (distinct run indexes) and report mean, std, pass@k, pass^k', positiveInteger, 1)
    .option('--dynamic', 'run a free request (--prompt) instead of benchmark files', false)
    .option('-p, --prompt <request>', 'the request for --dynamic, e.g. "swap 2 SOL to USDC then lend it"')
    .option('-w, --wallet <pubkey>', 'acting wallet for --dynamic: a placeholder of the initial state or its address', 'USER_WALLET_PUBKEY')
    .addOption(
      new Option('--atomic-mode <mode>', 'how --dynamic handles a failed step').choices(['strict', 'lenient', 'conditional']),
    )
    .option('--render-flow <id>', 'print the flow of a stored run: a consolidated session, execution or session id')
    .option('--state <file>', 'YAML with initial_state for --dynamic (default: 10 SOL and 100 USDC)')
    .addOption(
      new Option('--llm-cache <mode>', 'record/replay of LLM answers in --db: off, record, replay (offline, no preflight), auto')
        .choices(['off', 'record', 'replay', 'auto'])
        .default('off'),
    )
    .option('--import-llm-cache <file>', 'store the recorded LLM answers of a file (--export-llm-cache) in --db first')
    .option('--export-llm-cache <file>', 'write every recorded LLM answer in --db to a file and exit')
    .option('--verbose', 'print the stack trace of a failure (also with DEBUG set)', false)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    });
}

/** The error in one line; with --verbose or DEBUG set, its stack follows. */
function oneLine(error: unknown, verbose: boolean): string {
  const message = (error instanceof Error ? error.message : String(error)).replace(/\s*\n\s*/g, ' ');
  const stack = verbose || process.env['DEBUG'] ? (error instanceof Error ? error.stack : undefined) : undefined;
  return stack === undefined ? message : `${message}\n${stack}`;
}

/** Runs the CLI and returns its exit code: 0 all passed, 1 some below min_score, 2 bad input. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const program = buildProgram(io);
  try {
    program.parse(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT_OK : EXIT_BAD_INPUT;
    }
    throw error;
  }
  const options = program.opts<RunnerOptions>();
  const paths = program.args;

  try {
    if (options.renderFlow !== undefined) return await renderStoredFlow(options.renderFlow, options, io);
    if (options.exportLlmCache !== undefined) return await exportLlmCache(options.exportLlmCache, options, io);
    if (options.importLlmCache !== undefined && !options.dynamic && paths.length === 0) return await importLlmCache(options, io);
    if (options.dynamic) {
      if (options.prompt === undefined) throw new UsageError('--dynamic needs --prompt "<request>"');
      if (paths.length > 0) throw new UsageError('--dynamic runs a request, not files: drop the paths or --dynamic');
      return await runDynamic(options.prompt, options, io);
    }
    if (paths.length === 0) throw new UsageError('no benchmark files or directories given (e.g. reev-runner benchmarks/)');
    return await runBenchmarks(paths, options, io);
  } catch (error) {
    if (
      error instanceof UsageError ||
      error instanceof BenchmarkLoadError ||
      error instanceof UnknownAgentError ||
      error instanceof PlanningError ||
      error instanceof WalletContextError ||
      error instanceof StateFileError ||
      error instanceof AgentConfigurationError ||
      error instanceof LlmResponseFileError ||
      error instanceof DatabaseError
    ) {
      io.stderr.write(`reev-runner: ${oneLine(error, options.verbose)}\n`);
      return EXIT_BAD_INPUT;
    }
    io.stderr.write(`reev-runner: ${oneLine(error, options.verbose)}\n`);
    return EXIT_BAD_INPUT;
  }
}

async function runBenchmarks(paths: string[], options: RunnerOptions, io: CliIo): Promise<number> {
  const benchmarks = await loadBenchmarks(paths);
  for (const benchmark of benchmarks) {
    for (const warning of benchmark.warnings) io.stderr.write(`warning: ${warning.message}\n`);
  }
  if (benchmarks.length === 0) throw new UsageError(`no .yml/.yaml benchmark files found in ${paths.join(', ')}`);

  const { gateway, writer } = await compose(options);
  try {
    const agent = gateway.resolveAgent(options.agent);
    const jobs = benchmarks.flatMap((benchmark) =>
      Array.from({ length: options.runs }, (_, runIndex) => ({ benchmark, runIndex, executionId: randomUUID() })),
    );
    // Every run is stored as queued before the first starts: if this process dies, the next one marks the runs it
    // did not finish interrupted instead of them never having existed.
    for (const { benchmark, runIndex, executionId } of jobs) {
      await writer.createExecution({
        executionId,
        benchmarkId: benchmark.testCase.id,
        agent: agent.name,
        mode: isDynamicTestCase(benchmark.testCase) ? 'dynamic' : 'static',
        status: 'queued',
        metadata: { interface: 'cli', source: benchmark.sourcePath, seed: options.seed, run_index: runIndex },
      });
    }
    const progress = new Progress(io.stderr, jobs.length, !options.json);
    const started = performance.now();
    const results = await runPool(jobs, options.concurrency, async ({ benchmark, runIndex, executionId }) => {
      const result = await gateway.executeBenchmark(benchmark, agent, { seed: options.seed, runIndex, interfaceKind: 'cli', executionId });
      progress.advance(benchmark.testCase.id, result.passed, result.score);
      return result;
    });
    progress.finish();
    const elapsedMs = performance.now() - started;
    const repeated =
      options.runs > 1
        ? benchmarks.map((benchmark) =>
            repeatedRunStats(
              benchmark.testCase.id,
              results.filter((result) => result.benchmarkId === benchmark.testCase.id),
            ),
          )
        : [];
    const report = { agent: agent.name, database: options.db, elapsedMs, results, repeated };
    io.stdout.write(options.json ? renderJsonReport(report) : renderTree(report, colorsFor(io.stdout)));
    return results.every((result: BenchmarkRunResult) => result.passed) ? EXIT_OK : EXIT_BELOW_MIN_SCORE;
  } finally {
    await writer.close();
  }
}

/** The composition root of one CLI run: one container, one database writer, one gateway. */
async function compose(
  options: RunnerOptions,
): Promise<{ gateway: OrchestratorGateway; writer: DatabaseWriterPort; reader: DatabaseReader; imported: number }> {
  // Replay never touches the network, so there is no endpoint to check.
  if (isModelRouteName(options.agent) && options.llmCache !== 'replay') await preflight(options.agent);
  const plannerModel = options.planner === 'llm' ? await llmPlannerModel(options) : undefined;
  const importing = options.importLlmCache !== undefined ? await readLlmResponseFile(options.importLlmCache) : undefined;
  const container = registerOrchestrator(rootContainer.createChildContainer(), {
    database: { url: options.db },
    ...(plannerModel !== undefined ? { plannerModel } : {}),
    llmCache: options.llmCache,
  });
  const writer = container.resolve<DatabaseWriterPort>(DATABASE_WRITER);
  const imported = importing ? await importLlmResponses(writer, importing) : 0;
  return {
    gateway: container.resolve(OrchestratorGateway),
    writer,
    reader: container.resolve<DatabaseReader>(DATABASE_READER),
    imported,
  };
}

/** A stored run as flow input: a consolidated session by its id or its execution's, else one session's log. */
async function storedFlow(reader: DatabaseReader, id: string): Promise<FlowInput | undefined> {
  const consolidated = (await reader.getConsolidatedSession(id)) ?? (await reader.getConsolidatedSessionsByExecution(id))[0];
  if (consolidated) return consolidated.content;
  return reader.getSessionLog(id);
}

async function renderStoredFlow(id: string, options: RunnerOptions, io: CliIo): Promise<number> {
  const { writer, reader } = await compose(options);
  try {
    const flow = await storedFlow(reader, id);
    if (!flow) throw new UsageError(`no consolidated session, execution or session "${id}" in ${options.db}`);
    io.stdout.write(`${toAscii(flow, { color: colorsFor(io.stdout).isColorSupported })}\n`);
    return EXIT_OK;
  } finally {
    await writer.close();
  }
}

/** A missing key or an unreachable endpoint fails before the run starts, naming the variable or the endpoint. */
async function preflight(agentName: string): Promise<void> {
  const route = resolveModelRoute(agentName);
  await checkModelRoute(route, AbortSignal.timeout(5_000));
}

async function llmPlannerModel(options: RunnerOptions): Promise<string> {
  const model = options.plannerModel ?? (isModelRouteName(options.agent) ? options.agent : undefined);
  if (model === undefined) throw new UsageError('--planner llm needs --planner-model <LLM agent name> (or an LLM --agent)');
  if (options.llmCache !== 'replay') await preflight(model);
  return model;
}

const ATOMIC_MODES = { strict: 'Strict', lenient: 'Lenient', conditional: 'Conditional' } as const;

async function runDynamic(prompt: string, options: RunnerOptions, io: CliIo): Promise<number> {
  const initialState = options.state !== undefined ? await loadStateFile(options.state) : undefined;
  const { gateway, writer, reader } = await compose(options);
  try {
    const agent = gateway.resolveAgent(options.agent);
    const request = { seed: options.seed, ...(initialState ? { initialState } : {}) };
    const plan = await gateway.processUserRequest(prompt, options.wallet, request);
    const atomicMode = options.atomicMode ? ATOMIC_MODES[options.atomicMode] : undefined;
    if (!options.json) io.stdout.write(renderPlan(atomicMode ? { ...plan, atomic_mode: atomicMode } : plan, colorsFor(io.stdout)));
    const result = await gateway.executeFlowPlan(atomicMode ? { ...plan, atomic_mode: atomicMode } : plan, agent, {
      ...request,
      wallet: options.wallet,
      interfaceKind: 'cli',
      events: {
        emit: (event) => {
          if (!options.json && event.type === 'step_finished') io.stdout.write(renderStepLine(event.result, colorsFor(io.stdout)));
        },
      },
    });
    if (options.json) {
      io.stdout.write(renderDynamicJson(result));
    } else {
      const flow = result.consolidated_session_id ? await storedFlow(reader, result.consolidated_session_id) : undefined;
      if (flow) io.stdout.write(`\n${toAscii(flow, { color: colorsFor(io.stdout).isColorSupported })}\n`);
      io.stdout.write(renderFlowSummary(result, options.db, colorsFor(io.stdout)));
    }
    return result.success ? EXIT_OK : EXIT_BELOW_MIN_SCORE;
  } finally {
    await writer.close();
  }
}

/** Runs `task` over `items` with at most `limit` in flight; results keep the input order. */
async function runPool<T, R>(items: T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** `--import-llm-cache <file>` alone: stores the file's recorded answers in --db (compose imports them) and says so. */
async function importLlmCache(options: RunnerOptions, io: CliIo): Promise<number> {
  const { writer, reader, imported } = await compose(options);
  try {
    const stored = (await reader.listLlmResponses()).length;
    io.stdout.write(`imported ${imported} recorded LLM answers from ${options.importLlmCache ?? ''} into ${options.db} (${stored} stored in all)\n`);
    return EXIT_OK;
  } finally {
    await writer.close();
  }
}

async function exportLlmCache(file: string, options: RunnerOptions, io: CliIo): Promise<number> {
  const { writer, reader } = await compose(options);
  try {
    const exported = await exportLlmResponses(reader);
    await writeLlmResponseFile(file, exported);
    io.stdout.write(`wrote ${exported.responses.length} recorded LLM answers from ${options.db} to ${file}\n`);
    return EXIT_OK;
  } finally {
    await writer.close();
  }
}
