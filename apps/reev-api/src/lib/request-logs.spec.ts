import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { copySuite, WORKSPACE_ROOT } from './test-support/api-test-server';

// Real work (a reev-api process compiled by tsx at start): sized for a machine whose cores are busy with other processes.
jest.setTimeout(120_000);

interface LogLine {
  msg?: string;
  reqId?: string;
  req?: { url?: string };
}

/** Processes and folders of the current test, removed after it even when it failed or timed out. */
const started: { child: ChildProcess; benchmarksDir: string }[] = [];
afterEach(() => {
  for (const { child, benchmarksDir } of started.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    rmSync(benchmarksDir, { recursive: true, force: true });
  }
});

/** A `reev-api` process (from the sources, under tsx) logging requests at level info on its own stderr. */
async function startApi() {
  const benchmarksDir = copySuite();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', '--port', '0', '--db', ':memory:', '--benchmarks', benchmarksDir, '--log-level', 'info'], {
    cwd: path.join(WORKSPACE_ROOT, 'apps/reev-api'),
    env: { ...process.env, TSX_TSCONFIG_PATH: path.join(WORKSPACE_ROOT, 'tsconfig.base.json'), REEV_API_TOKEN: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push({ child, benchmarksDir });
  let stdout = '';
  let stderr = '';
  const stderrListeners = new Set<() => void>();
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
    for (const listener of stderrListeners) listener();
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', () => {
      const match = /listening on (http:\/\/\S+)/.exec(stdout);
      if (match?.[1]) resolve(match[1]);
    });
    void exit.then(({ code }) => reject(new Error(`reev-api exited with ${code} before listening:\n${stdout}${stderr}`)));
  });
  const logLines = (): LogLine[] =>
    stderr
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as LogLine);
  return {
    child,
    url,
    exit,
    logLines,
    /** Resolves once stderr holds a request log line for `requestUrl` (an event, not a timed wait). */
    loggedRequest(requestUrl: string): Promise<void> {
      return new Promise((resolve) => {
        const check = (): void => {
          if (!logLines().some((line) => line.req?.url === requestUrl)) return;
          stderrListeners.delete(check);
          resolve();
        };
        stderrListeners.add(check);
        check();
      });
    },
  };
}

describe('reev-api request logs on stderr (a real process)', () => {
  it('writes a request log line while the server keeps serving, not only at shutdown', async () => {
    const api = await startApi();
    const response = await fetch(`${api.url}/api/v1/health?probe=while-serving`);
    expect(response.status).toBe(200);
    await api.loggedRequest('/api/v1/health?probe=while-serving');
    expect(api.child.exitCode).toBeNull();
  });

  it.each(['SIGINT', 'SIGTERM'] as const)('loses no request log line when stopped with %s right after the requests', async (signal) => {
    const api = await startApi();
    const probes = Array.from({ length: 40 }, (_, index) => `/api/v1/health?probe=${signal}-${index}`);
    for (const probe of probes) expect((await fetch(`${api.url}${probe}`)).status).toBe(200);
    api.child.kill(signal);
    expect(await api.exit).toEqual({ code: 0, signal: null });
    const lines = api.logLines();
    const incoming = lines.filter((line) => line.msg === 'incoming request').map((line) => line.req?.url);
    expect(incoming).toEqual(expect.arrayContaining(probes));
    const probeIds = new Set(lines.filter((line) => probes.includes(line.req?.url ?? '')).map((line) => line.reqId));
    const completed = lines.filter((line) => line.msg === 'request completed' && probeIds.has(line.reqId));
    expect(completed).toHaveLength(probes.length);
  });
});
