import { spawn, type ChildProcess } from 'node:child_process';
import autocannon from 'autocannon';

export interface LoadResult {
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  /** Responses other than 2xx, connection errors and timeouts: a load figure is void unless this is 0. */
  failures: number;
  durationSeconds: number;
  /** Mean response size, headers included. */
  bytesPerResponse: number;
}

/** autocannon against `url` on loopback: 10 connections, no pipelining. Throws when any request fails. */
export async function loadTest(url: string, durationSeconds: number): Promise<LoadResult> {
  const result = await autocannon({ url, connections: 10, duration: durationSeconds });
  const failures = result.non2xx + result.errors + result.timeouts;
  if (failures > 0 || result['2xx'] === 0) {
    throw new Error(`load test of ${url}: ${result['2xx']} answered 2xx, ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`);
  }
  return {
    requestsPerSecond: result.requests.average,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    failures,
    durationSeconds,
    bytesPerResponse: result.throughput.total / Math.max(1, result.requests.total),
  };
}

export interface ServerProcess {
  port: number;
  pid: number;
  stop(): Promise<void>;
}

/**
 * Starts a server as a child process and waits until it prints a line with `"port"` (JSON) on stdout, so
 * server and load generator do not share one event loop.
 */
export async function startServerProcess(
  args: string[],
  env: NodeJS.ProcessEnv,
  describe: string,
  readPort: (line: string) => number | undefined,
): Promise<ServerProcess> {
  const child: ChildProcess = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`${describe}: no port announced within 30 s; stderr: ${stderr}`)), 30_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      for (const line of stdout.split('\n')) {
        const found = readPort(line);
        if (found !== undefined) {
          clearTimeout(timer);
          resolve(found);
        }
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${describe} exited (${code}) before listening: ${stderr}`));
    });
  });
  return {
    port,
    pid: child.pid ?? 0,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** `{"port": 1234}` → 1234. */
export function jsonPort(line: string): number | undefined {
  const trimmed = line.trim();
  if (!trimmed.startsWith('{')) return undefined;
  try {
    const parsed: unknown = JSON.parse(trimmed);
    const port = (parsed as { port?: unknown }).port;
    return typeof port === 'number' && Number.isInteger(port) ? port : undefined;
  } catch {
    return undefined;
  }
}
