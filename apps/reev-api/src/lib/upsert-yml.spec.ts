import { existsSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UpsertYmlResponseSchema } from './response-schemas';
import { startTestServer, waitFor, type TestServer } from './test-support/api-test-server';

const URL = '/api/v1/upsert-yml';

function benchmarkYaml(id: string, amountSol = '0.2'): string {
  return `id: ${id}
description: Send ${amountSol} SOL to the recipient
tags: [api-test]
initial_state:
  - pubkey: USER_WALLET_PUBKEY
    owner: "11111111111111111111111111111111"
    lamports: 1000000000
  - pubkey: RECIPIENT_WALLET_PUBKEY
    owner: "11111111111111111111111111111111"
    lamports: 0
prompt: Please send ${amountSol} SOL to the recipient (RECIPIENT_WALLET_PUBKEY).
ground_truth:
  final_state_assertions:
    - type: SolBalance
      pubkey: RECIPIENT_WALLET_PUBKEY
      expected: ${Math.round(Number(amountSol) * 1e9)}
      weight: 1
`;
}

describe('POST /api/v1/upsert-yml', () => {
  let api: TestServer;
  beforeAll(async () => {
    api = await startTestServer({ bodyLimitBytes: 64 * 1024 });
  });
  afterAll(() => api.close());

  it('validates, writes <id>.yml, stores it in the database and makes it runnable', async () => {
    const yaml = benchmarkYaml('900-api-upload');
    const answer = await api.post(URL, { yml_content: yaml });
    expect(answer.status).toBe(200);
    expect(UpsertYmlResponseSchema.parse(answer.json)).toMatchObject({
      success: true,
      benchmark_id: '900-api-upload',
      created: true,
      file: '900-api-upload.yml',
    });
    expect(readFileSync(path.join(api.benchmarksDir, '900-api-upload.yml'), 'utf8')).toBe(yaml);
    const listed = ((await api.get('/api/v1/benchmarks')).json as { id: string }[]).map((benchmark) => benchmark.id);
    expect(listed).toContain('900-api-upload');

    const run = await api.post('/api/v1/benchmarks/900-api-upload/run', { agent: 'deterministic' });
    const state = await waitFor(
      () => api.get(`/api/v1/benchmarks/900-api-upload/status/${run.json.execution_id}`),
      (status) => status.json.is_running === false,
    );
    expect(state.json).toMatchObject({ status: 'Completed', score: 1 });

    const updated = await api.post(URL, { yml_content: benchmarkYaml('900-api-upload', '0.3') });
    expect(updated.json).toMatchObject({ created: false, message: 'benchmark 900-api-upload updated' });
    expect((await api.get('/api/v1/benchmarks/900-api-upload')).json.prompt).toContain('0.3 SOL');
    expect(readdirSync(api.benchmarksDir).filter((name) => name.includes('900-api-upload'))).toEqual(['900-api-upload.yml']);
  });

  it('replaces a benchmark in the file that already holds its id', async () => {
    const original = readFileSync(path.join(api.benchmarksDir, '001-sol-transfer.yml'), 'utf8');
    const changed = original.replace(/^description: .*$/m, 'description: changed through the API');
    const answer = await api.post(URL, { yml_content: changed });
    expect(answer.json).toMatchObject({ benchmark_id: '001-sol-transfer', created: false, file: '001-sol-transfer.yml' });
    expect((await api.get('/api/v1/benchmarks/001-sol-transfer')).json.description).toBe('changed through the API');
  });

  it('accepts the YAML itself with content-type application/yaml', async () => {
    const answer = await api.request('POST', URL, {
      rawBody: benchmarkYaml('901-raw-yaml'),
      headers: { 'content-type': 'application/yaml' },
    });
    expect(answer.status).toBe(200);
    expect(answer.json.benchmark_id).toBe('901-raw-yaml');
  });

  it('rejects invalid benchmarks with 400 naming line and field, writing nothing', async () => {
    const before = readdirSync(api.benchmarksDir).sort();
    const missingPrompt = benchmarkYaml('902-bad').replace(/^prompt: .*\n/m, '');
    const invalid = await api.post(URL, { yml_content: missingPrompt });
    expect(invalid.status).toBe(400);
    expect(invalid.json.error).toBe('invalid_benchmark');
    expect(invalid.json.message).toMatch(/^yml_content:\d+:\d+: prompt: /);
    expect(invalid.json.issues[0]).toMatchObject({ field: 'prompt' });

    const wrongType = await api.post(URL, { yml_content: benchmarkYaml('903-bad').replace('lamports: 1000000000', 'lamports: lots') });
    expect(wrongType.status).toBe(400);
    expect(wrongType.json.message).toMatch(/^yml_content:7:\d+: initial_state\[0\]\.lamports: /);
    expect(wrongType.json.issues[0]).toMatchObject({ line: 7, field: 'initial_state[0].lamports' });

    const broken = await api.post(URL, { yml_content: 'id: [unclosed' });
    expect(broken.status).toBe(400);
    expect(broken.json.message).toMatch(/^yml_content:1:\d+: YAML: /);

    expect((await api.post(URL, {})).json.message).toMatch(/^body\.yml_content: /);
    expect((await api.post(URL, { yml_content: '' })).json.message).toBe('body.yml_content: yml_content is empty');
    expect(readdirSync(api.benchmarksDir).sort()).toEqual(before);
  });

  it('refuses ids that would leave the benchmarks directory', async () => {
    const before = readdirSync(api.benchmarksDir).sort();
    for (const id of ['../escaped', '..%2Fescaped', '/tmp/absolute', '.hidden', 'a/b', '%2e%2e%2fencoded']) {
      const answer = await api.post(URL, { yml_content: benchmarkYaml(JSON.stringify(id)) });
      expect({ id, status: answer.status }).toEqual({ id, status: 400 });
      expect(answer.json.message).toMatch(/yml_content:1:\d+: id: /);
    }
    expect(readdirSync(api.benchmarksDir).sort()).toEqual(before);
    expect(existsSync(path.join(api.benchmarksDir, '..', 'escaped.yml'))).toBe(false);
    expect(existsSync('/tmp/absolute.yml')).toBe(false);
  });

  it('never writes through a symbolic link in the directory', async () => {
    const outside = path.join(os.tmpdir(), `reev-api-outside-${process.pid}.yml`);
    writeFileSync(outside, 'untouched');
    symlinkSync(outside, path.join(api.benchmarksDir, '904-linked.yml'));
    const answer = await api.post(URL, { yml_content: benchmarkYaml('904-linked') });
    expect(answer.status).toBe(409);
    expect(answer.json.message).toMatch(/symbolic link/);
    expect(readFileSync(outside, 'utf8')).toBe('untouched');
    rmSync(outside);
  });

  it('answers 413 for a body over the limit', async () => {
    const answer = await api.post(URL, { yml_content: `# ${'x'.repeat(70 * 1024)}\n${benchmarkYaml('905-big')}` });
    expect(answer.status).toBe(413);
    expect(answer.json).toMatchObject({ error: 'payload_too_large' });
    const raw = await api.request('POST', URL, { rawBody: 'x'.repeat(70 * 1024), headers: { 'content-type': 'application/yaml' } });
    expect(raw.status).toBe(413);
  });
});
