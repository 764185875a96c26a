import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { jsonPort, loadTest, startServerProcess, type LoadResult } from './http-load';
import { API_MAIN_SOURCE, BARE_SERVER_SOURCE, RUN_TSCONFIG } from './paths';

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

/** requests/s of a bare Fastify route answering {} (its own process, autocannon here). */
export async function measureBareRoute(durationSeconds: number): Promise<LoadResult> {
  const server = await startServerProcess(fromSource(BARE_SERVER_SOURCE), childEnv(), 'bare Fastify server', jsonPort);
  try {
    await loadTest(`http://127.0.0.1:${server.port}/`, 1);
    return await loadTest(`http://127.0.0.1:${server.port}/`, durationSeconds);
  } finally {
    await server.stop();
  }
}

export type ApiFigures = { measured: true; flowRoute: LoadResult; path: string } | { measured: false; reason: string };

const LISTENING = /listening on http:\/\/127\.0\.0\.1:(\d+)/;

/** requests/s of GET /api/v1/flows/{consolidated id} on the real reev-api (its own process) over `databaseUrl`. */
export async function measureFlowRoute(databaseUrl: string, consolidatedId: string, durationSeconds: number): Promise<ApiFigures> {
  if (!existsSync(API_MAIN_SOURCE)) return { measured: false, reason: `${API_MAIN_SOURCE} does not exist` };
  const server = await startServerProcess(
    apiProcessArgs(['--port', '0', '--db', databaseUrl, '--log-level', 'silent']),
    childEnv(),
    'reev-api',
    listeningPort,
  );
  const path = `/api/v1/flows/${encodeURIComponent(consolidatedId)}`;
  try {
    await loadTest(`http://127.0.0.1:${server.port}${path}`, 1);
    return { measured: true, flowRoute: await loadTest(`http://127.0.0.1:${server.port}${path}`, durationSeconds), path };
  } finally {
    await server.stop();
  }
}
