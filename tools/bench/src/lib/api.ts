import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { jsonPort, loadTest, startServerProcess, type LoadResult } from './http-load';
import { API_MAIN_SOURCE, BARE_SERVER_SOURCE, RUN_TSCONFIG } from './paths';
import { inRounds, roundRatio, type RoundRatio } from './stats';

/** Node arguments that run a TypeScript entry point from source, like the bench itself. */
function fromSource(entry: string, args: string[] = []): string[] {
  return ['--import', pathToFileURL(require.resolve('tsx')).href, entry, ...args];
}

export const childEnv = (): NodeJS.ProcessEnv => ({ ...process.env, TSX_TSCONFIG_PATH: RUN_TSCONFIG });

/** Node arguments that start reev-api from its sources with `args`. */
export function apiProcessArgs(args: string[]): string[] {
  return fromSource(API_MAIN_SOURCE, args);
}

/** The port of reev-api's "listening on" line. */
export function listeningPort(line: string): number | undefined {
  const port = LISTENING.exec(line)?.[1];
  return port === undefined ? undefined : Number(port);
}

/** A server under load in its own process, and the URL the load goes to. */
export interface LoadTarget {
  url: string;
  stop(): Promise<void>;
}

/** A bare Fastify route answering {} in its own process (warmed up for 1 s). */
export async function startBareRoute(): Promise<LoadTarget> {
  const server = await startServerProcess(fromSource(BARE_SERVER_SOURCE), childEnv(), 'bare Fastify server', jsonPort);
  const url = `http://127.0.0.1:${server.port}/`;
  await loadTest(url, 1);
  return { url, stop: () => server.stop() };
}

const LISTENING = /listening on http:\/\/127\.0\.0\.1:(\d+)/;

/** The real reev-api (its own process) over `databaseUrl`, loaded on GET /api/v1/flows/{consolidated id}; undefined without the app. */
export async function startFlowRoute(databaseUrl: string, consolidatedId: string): Promise<(LoadTarget & { path: string }) | { missing: string }> {
  if (!existsSync(API_MAIN_SOURCE)) return { missing: `${API_MAIN_SOURCE} does not exist` };
  const server = await startServerProcess(
    apiProcessArgs(['--port', '0', '--db', databaseUrl, '--log-level', 'silent']),
    childEnv(),
    'reev-api',
    listeningPort,
  );
  const path = `/api/v1/flows/${encodeURIComponent(consolidatedId)}`;
  const url = `http://127.0.0.1:${server.port}${path}`;
  await loadTest(url, 1);
  return { url, path, stop: () => server.stop() };
}

export type ApiFigures =
  | { measured: true; flowRoute: LoadResult; bareRoute: LoadResult; path: string; ratio: RoundRatio }
  | { measured: false; reason: string };

/**
 * The flow route and the bare route loaded in alternation, `seconds` each per round, both servers running the whole
 * time; each round gives a ratio.
 */
export async function measureApi(databaseUrl: string, consolidatedId: string, rounds: number, seconds: number): Promise<ApiFigures> {
  const flowRoute = await startFlowRoute(databaseUrl, consolidatedId);
  if ('missing' in flowRoute) return { measured: false, reason: flowRoute.missing };
  try {
    const bare = await startBareRoute();
    try {
      const results = await inRounds(rounds, async () => {
        const bareResult = await loadTest(bare.url, seconds);
        const flowResult = await loadTest(flowRoute.url, seconds);
        return { bareResult, flowResult };
      });
      const pick = (key: 'bareResult' | 'flowResult'): LoadResult => {
        const sorted = [...results].sort((a, b) => a[key].requestsPerSecond - b[key].requestsPerSecond);
        return sorted[Math.floor(sorted.length / 2)][key];
      };
      return {
        measured: true,
        flowRoute: pick('flowResult'),
        bareRoute: pick('bareResult'),
        path: flowRoute.path,
        ratio: roundRatio(results.map((round) => round.flowResult.requestsPerSecond / round.bareResult.requestsPerSecond)),
      };
    } finally {
      await bare.stop();
    }
  } finally {
    await flowRoute.stop();
  }
}
