import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { always, ModelServer } from '@reev/testing';
import { runApiCli } from './cli';
import { copySuite, startTestServer, waitFor } from './test-support/api-test-server';
import { startBin } from './test-support/api-process';


function capture(): { stream: PassThrough; text(): string } {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8');
  });
  return { stream, text: () => text };
}

async function runCli(argv: string[]) {
  const stdout = capture();
  const stderr = capture();
  const code = await runApiCli(argv, { stdout: stdout.stream, stderr: stderr.stream, shutdown: new Promise(() => undefined) });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

describe('reev-api command line', () => {
  it('serves until shut down, printing its URL', async () => {
    const benchmarksDir = copySuite();
    const stdout = capture();
    let stop!: (signal: string) => void;
    const shutdown = new Promise<string>((resolve) => {
      stop = resolve;
    });
    let health: unknown;
    const code = await runApiCli(['--port', '0', '--db', ':memory:', '--benchmarks', benchmarksDir, '--log-level', 'silent'], {
      stdout: stdout.stream,
      stderr: capture().stream,
      shutdown,
      onListening: (url) => {
        void fetch(`${url}/api/v1/health`)
          .then((response) => response.json())
          .then((body) => {
            health = body;
            stop('test');
          });
      },
    });
    rmSync(benchmarksDir, { recursive: true, force: true });
    expect(code).toBe(0);
    expect(health).toMatchObject({ status: 'healthy', database: 'ok' });
    expect(stdout.text()).toMatch(/^reev-api listening on http:\/\/127\.0\.0\.1:\d+ \(database :memory:, benchmarks .*, no API token set: POST routes are open\)\n/);
    expect(stdout.text()).toContain('reev-api: test, stopping runs and closing');
  });

  it('exits 2 naming the problem for bad options and a missing benchmarks directory', async () => {
    const badPort = await runCli(['--port', 'eighty']);
    expect(badPort.code).toBe(2);
    expect(badPort.stderr).toContain("option '--port <port>' argument 'eighty' is invalid. expected an integer from 0 to 65535");
    const badRuns = await runCli(['--max-concurrent-runs', '0']);
    expect(badRuns.code).toBe(2);
    const missing = await runCli(['--db', ':memory:', '--benchmarks', '/nonexistent/benchmarks']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('reev-api: benchmarks directory /nonexistent/benchmarks does not exist (give another with --benchmarks <dir>)\n');
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--max-concurrent-runs <n>');
  });

  it('runs as a process: SIGTERM stops a run in flight cleanly; a killed process leaves it interrupted', async () => {
    const directory = mkdtempSync(path.join(os.tmpdir(), 'reev-api-bin-'));
    const databaseUrl = `file:${path.join(directory, 'reev.db')}`;
    const benchmarksDir = copySuite();
    const chat = await ModelServer.start({ models: ['tiny-model'], answer: always({ hang: true }) });
    const startHangingRun = async (url: string): Promise<string> => {
      const config = { agent_type: 'local', api_url: chat.baseUrl, api_key: 'sk-test-0000', model: 'tiny-model' };
      await fetch(`${url}/api/v1/agents/config`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(config) });
      const before = chat.chatRequests().length;
      const response = await fetch(`${url}/api/v1/benchmarks/001-sol-transfer/run`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ agent: 'local' }),
      });
      const { execution_id: executionId } = (await response.json()) as { execution_id: string };
      await waitFor(() => Promise.resolve(chat.chatRequests().length), (count) => count > before);
      return executionId;
    };
    try {
      const graceful = await startBin(['--db', databaseUrl, '--benchmarks', benchmarksDir]);
      const stoppedId = await startHangingRun(graceful.url);
      graceful.process.kill('SIGTERM');
      expect(await graceful.exit).toBe(0);
      expect(graceful.output()).toContain('reev-api: SIGTERM, stopping runs and closing');

      const killed = await startBin(['--db', databaseUrl, '--benchmarks', benchmarksDir]);
      const interruptedId = await startHangingRun(killed.url);
      killed.process.kill('SIGKILL');
      await killed.exit;

      const api = await startTestServer({ databaseUrl, benchmarksDir });
      try {
        const stopped = (await api.get(`/api/v1/benchmarks/001-sol-transfer/status/${stoppedId}`)).json;
        expect(stopped).toMatchObject({ status: 'Stopped', is_running: false });
        expect(stopped.steps[0]).toMatchObject({ status: 'stopped' });
        const interrupted = (await api.get(`/api/v1/benchmarks/001-sol-transfer/status/${interruptedId}`)).json;
        expect(interrupted).toMatchObject({ status: 'Interrupted', is_running: false });
      } finally {
        await api.close();
      }
    } finally {
      await chat.stop();
      rmSync(directory, { recursive: true, force: true });
      rmSync(benchmarksDir, { recursive: true, force: true });
    }
  }, 60_000);
});
