import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HealthResponseSchema } from './response-schemas';
import { buildServer } from './server';
import { SettingsError } from './settings';
import { SUITE_DIR, startTestServer } from './test-support/api-test-server';
import { aliasBomb } from './test-support/hostile-yaml';

function temporaryDirectory(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'reev-api-server-'));
}

describe('buildServer', () => {
  it('answers health, and 404 JSON for routes it does not have', async () => {
    const api = await startTestServer();
    try {
      const health = await api.get('/api/v1/health');
      expect(health.status).toBe(200);
      expect(HealthResponseSchema.parse(health.json)).toMatchObject({ status: 'healthy', version: '0.1.0', database: 'ok', runs: { running: 0, queued: 0 } });
      const missing = await api.get('/api/v1/nothing-here?x=1');
      expect(missing.status).toBe(404);
      expect(missing.json).toMatchObject({ error: 'not_found', message: 'no route GET /api/v1/nothing-here' });
      expect((await api.request('DELETE', '/api/v1/benchmarks')).status).toBe(404);
      const tooLong = await api.get(`/api/v1/benchmarks/001-sol-transfer/status/${'a'.repeat(300)}`);
      expect(tooLong.status).toBe(414);
      expect(tooLong.json).toMatchObject({ error: 'uri_too_long', message: 'a path segment is longer than 256 characters' });
      const badEncoding = await api.get('/api/v1/benchmarks/%E0%A4%A');
      expect(badEncoding.status).toBe(400);
      expect(badEncoding.json.error).toBe('bad_request');
    } finally {
      await api.close();
    }
  });

  it('serves an empty benchmarks directory with no benchmarks', async () => {
    const directory = temporaryDirectory();
    const api = await startTestServer({ benchmarksDir: directory });
    try {
      expect((await api.get('/api/v1/benchmarks')).json).toEqual([]);
    } finally {
      await api.close();
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('refuses to start on a missing directory, a file, or bad limits', async () => {
    const directory = temporaryDirectory();
    try {
      await expect(buildServer({ databaseUrl: ':memory:', benchmarksDir: path.join(directory, 'absent') })).rejects.toThrow(
        new SettingsError(`benchmarks directory ${path.join(directory, 'absent')} does not exist (give another with --benchmarks <dir>)`),
      );
      writeFileSync(path.join(directory, 'file.txt'), 'not a directory');
      await expect(buildServer({ databaseUrl: ':memory:', benchmarksDir: path.join(directory, 'file.txt') })).rejects.toThrow(/is not a directory/);

      await expect(buildServer({ databaseUrl: ':memory:', benchmarksDir: directory, maxConcurrentRuns: 0 })).rejects.toThrow(
        'maxConcurrentRuns must be a positive integer, got 0',
      );
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('skips an invalid benchmark file or an alias bomb at start with one warning line each, and serves the rest', async () => {
    const directory = temporaryDirectory();
    try {
      cpSync(path.join(SUITE_DIR, '001-sol-transfer.yml'), path.join(directory, '001-sol-transfer.yml'));
      writeFileSync(path.join(directory, 'broken.yml'), 'id: broken\nprompt: 12\n');
      writeFileSync(path.join(directory, 'bomb.yml'), aliasBomb());
      const api = await startTestServer({ benchmarksDir: directory });
      try {
        const skipped = api.server.benchmarkWarnings.filter((warning) => warning.startsWith('skipped invalid benchmark'));
        expect(skipped).toHaveLength(2);
        expect(skipped.every((warning) => !warning.includes('\n'))).toBe(true);
        expect(skipped.find((warning) => warning.includes('broken.yml'))).toMatch(/broken\.yml:\d+:\d+: /);
        expect(skipped.find((warning) => warning.includes('bomb.yml'))).toMatch(/aliases expand beyond the limit of 100/);
        const ids = ((await api.get('/api/v1/benchmarks')).json as { id: string }[]).map((benchmark) => benchmark.id);
        expect(ids).toEqual(['001-sol-transfer']);
      } finally {
        await api.close();
      }

    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('takes the API token from REEV_API_TOKEN by default', async () => {
    const previous = process.env['REEV_API_TOKEN'];
    process.env['REEV_API_TOKEN'] = 'from-the-environment';
    const directory = temporaryDirectory();
    try {
      const server = await buildServer({ databaseUrl: ':memory:', benchmarksDir: directory });
      expect(server.settings.apiToken).toBe('from-the-environment');
      await server.close();
    } finally {
      if (previous === undefined) delete process.env['REEV_API_TOKEN'];
      else process.env['REEV_API_TOKEN'] = previous;
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('refuses new runs once closing, and closes once however often close() is called', async () => {
    const api = await startTestServer();
    const closing = api.server.close();
    await expect(api.server.close()).resolves.toBeUndefined();
    await closing;
    await expect(api.server.runs.startRequest({ prompt: 'swap 1 SOL to USDC', wallet: 'USER_WALLET_PUBKEY', agent: { name: 'x', runStep: () => Promise.reject(new Error('unused')) } })).rejects.toThrow(
      'the server is shutting down; no new runs are accepted',
    );
    await api.close();
  });
});
