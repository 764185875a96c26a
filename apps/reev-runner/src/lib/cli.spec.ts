import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase } from '@reev/db';
import { USDC_MINT } from '@reev/types';
import { EXIT_BAD_INPUT, EXIT_BELOW_MIN_SCORE, EXIT_OK } from './cli';
import { runCaptured as run } from './test-support/run-cli';

const SUITE = path.resolve(__dirname, '../../../../benchmarks');
const UNKNOWN_MINT = '9xQeWvG816bUx9EPjHmaT23yvVM2ZWbrrpZb9PusVFin';

/** Ten levels of anchors, each nine aliases of the level before: 9^10 strings once expanded. */
function aliasBomb(): string {
  const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let level = 1; level < 10; level += 1) {
    const name = String.fromCharCode(97 + level);
    levels.push(`${name}: &${name} [${Array.from({ length: 9 }, () => `*${String.fromCharCode(96 + level)}`).join(',')}]`);
  }
  return `${levels.join('\n')}\n`;
}

describe('reev-runner', () => {
  let directory: string;
  let db: string;
  beforeEach(() => {
    directory = mkdtempSync(path.join(tmpdir(), 'reev-runner-'));
    db = `file:${path.join(directory, 'reev.db')}`;
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  const write = (name: string, text: string): string => {
    const file = path.join(directory, name);
    writeFileSync(file, text);
    return file;
  };

  it('runs benchmarks, prints the tree, stores the results and exits 0 when all pass', async () => {
    const result = await run([path.join(SUITE, '001-sol-transfer.yml'), path.join(SUITE, '003-spl-transfer-fail.yml'), '--db', db]);
    expect(result.code).toBe(EXIT_OK);
    expect(result.stdout).toMatch(/✔ 001-sol-transfer {2}score 1\.000 \(min 0\.75\)/);
    expect(result.stdout).toMatch(/ix System \[USER_WALLET_PUBKEY s w, RECIPIENT_WALLET_PUBKEY w\]/);
    expect(result.stdout).toMatch(/Failure: Token program: insufficient funds/);
    expect(result.stdout).toMatch(/2\/2 passed/);
    expect(result.stderr).toMatch(/\[2\/2\]/);

    const stored = await openDatabase({ url: db });
    try {
      const page = await stored.reader.listExecutions();
      expect(page.total).toBe(2);
      expect(page.executions.every((execution) => execution.status === 'completed')).toBe(true);
    } finally {
      await stored.close();
    }
  });

  it('prints one JSON report with --json', async () => {
    const result = await run([path.join(SUITE, '100-jup-swap-sol-usdc.yml'), '--db', db, '--json']);
    expect(result.code).toBe(EXIT_OK);
    const report = JSON.parse(result.stdout) as {
      pass_rule: string;
      summary: { passed: number };
      results: { benchmark_id: string; score: number }[];
    };
    expect(report.summary.passed).toBe(1);
    expect(report.pass_rule).toMatch(/^passed = score ≥ min_score AND every final-state assertion holds AND/);
    expect(report.results[0]).toMatchObject({ benchmark_id: '100-jup-swap-sol-usdc', status: 'Completed', score: 1, pass: { passed: true, failed_conditions: [] } });
  });

  it('--runs k runs each benchmark k times and reports mean, std, pass@k and pass^k', async () => {
    const result = await run([path.join(SUITE, '001-sol-transfer.yml'), '--db', db, '--runs', '3', '--json']);
    expect(result.code).toBe(EXIT_OK);
    const report = JSON.parse(result.stdout) as { results: unknown[]; repeated: Record<string, unknown>[] };
    expect(report.results).toHaveLength(3);
    expect(report.repeated).toEqual([
      { benchmark_id: '001-sol-transfer', runs: 3, passes: 3, mean_score: 1, std_dev_score: 0, k: 3, pass_at_k: 1, pass_hat_k: 1 },
    ]);
    const tree = await run([path.join(SUITE, '001-sol-transfer.yml'), '--db', db, '--runs', '2']);
    expect(tree.stdout).toMatch(/001-sol-transfer\s+mean 1\.000 ± 0\.000 {2}passed 2\/2 {2}pass@2 1\.000 {2}pass\^2 1\.000/);
  });

  it('exits 1 when a benchmark scores below its min_score', async () => {
    const file = write(
      'impossible.yml',
      `id: impossible
initial_state:
  - { pubkey: USER_WALLET_PUBKEY, owner: "11111111111111111111111111111111", lamports: 1000000000 }
  - { pubkey: RECIPIENT_WALLET_PUBKEY, owner: "11111111111111111111111111111111", lamports: 0 }
prompt: "Send 0.1 SOL to RECIPIENT_WALLET_PUBKEY."
ground_truth:
  min_score: 1
  final_state_assertions:
    - { type: SolBalance, pubkey: RECIPIENT_WALLET_PUBKEY, expected: 999 }
`,
    );
    const result = await run([file, '--db', db]);
    expect(result.code).toBe(EXIT_BELOW_MIN_SCORE);
    expect(result.stdout).toMatch(/✘ impossible/);
  });

  it('exits 1 and names the failed assertion when the score reaches min_score but an assertion does not hold', async () => {
    const file = write(
      'one-wrong-assertion.yml',
      `id: one-wrong-assertion
initial_state:
  - { pubkey: USER_WALLET_PUBKEY, owner: "11111111111111111111111111111111", lamports: 1000000000 }
  - { pubkey: RECIPIENT_WALLET_PUBKEY, owner: "11111111111111111111111111111111", lamports: 0 }
prompt: "Send 0.1 SOL to RECIPIENT_WALLET_PUBKEY."
ground_truth:
  final_state_assertions:
    - { type: SolBalance, pubkey: RECIPIENT_WALLET_PUBKEY, expected: 100000000, weight: 1 }
    - { type: SolBalance, pubkey: USER_WALLET_PUBKEY, expected: 1, weight: 0.1 }
`,
    );
    const tree = await run([file, '--db', db]);
    expect(tree.code).toBe(EXIT_BELOW_MIN_SCORE);
    expect(tree.stdout).toMatch(/✘ one-wrong-assertion {2}score 0\.909 \(min 0\.75\)/);
    expect(tree.stdout).toMatch(/ {5}✘ final-state assertion 1 \(SolBalance\) not met: the SOL balance of USER_WALLET_PUBKEY .* is 899995000 lamports, expected = 1\n/);
    expect(tree.stdout).not.toMatch(/below min_score/);
    const json = await run([file, '--db', db, '--json']);
    const report = JSON.parse(json.stdout) as { results: { passed: boolean; pass: { passed: boolean; failed_conditions: string[] } }[] };
    expect(report.results[0]?.passed).toBe(false);
    expect(report.results[0]?.pass.failed_conditions).toEqual([expect.stringMatching(/^final-state assertion 1 \(SolBalance\) not met/)]);
  });

  it('exits 2 naming file, line and the nearest known key for a typo in the grading', async () => {
    const typo = readFileSync(path.join(SUITE, '001-sol-transfer.yml'), 'utf8').replace('expected_instructions:', 'expected_instructons:');
    const result = await run([write('typo.yml', typo), '--db', db]);
    expect(result.code).toBe(EXIT_BAD_INPUT);
    expect(result.stderr).toMatch(
      /typo\.yml:\d+:3: ground_truth\.expected_instructons: unknown key "expected_instructons" in ground_truth \(did you mean "expected_instructions"\?\)/,
    );
  });

  it.each([
    ['a broken YAML file', () => ['bad.yml', 'id: x\nprompt: [unclosed\n'], /bad\.yml:\d+:\d+: /],
    ['an alias bomb', () => ['bomb.yml', aliasBomb()], /bomb\.yml:1:1: the YAML's aliases expand beyond the limit of 100/],
    [
      'a mint the environment cannot create',
      () => ['mint.yml', readFileSync(path.join(SUITE, '002-spl-transfer.yml'), 'utf8').replace(/id: 002-spl-transfer/, 'id: mint').replaceAll(USDC_MINT, UNKNOWN_MINT)],
      /initial_state\[2\] \(USER_USDC_ATA\) uses mint 9xQe\w+, which the embedded environment cannot create/,
    ],
    ['a missing prompt', () => ['noprompt.yml', 'id: x\nground_truth: {}\n'], /noprompt\.yml:\d+:\d+: prompt/],
  ])('exits 2 with a one-line error for %s', async (_name, files, message) => {
    const [name, text] = files();
    const result = await run([write(name, text), '--db', db]);
    expect(result.code).toBe(EXIT_BAD_INPUT);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a damaged database file: exit 2, one line naming the file and the recovery command; the stack only with --verbose', async () => {
    const file = path.join(directory, 'reev.db');
    const seeded = await openDatabase({ url: db });
    try {
      for (let index = 0; index < 300; index += 1) {
        await seeded.writer.createExecution({ executionId: `e${index}`, agent: 'a', mode: 'static', metadata: { note: 'x'.repeat(2048) } });
      }
    } finally {
      await seeded.close();
    }
    const size = statSync(file).size;
    const descriptor = openSync(file, 'r+');
    writeSync(descriptor, randomBytes(64 * 1024), 0, 64 * 1024, Math.floor(size / 2));
    closeSync(descriptor);

    const benchmark = path.join(SUITE, '001-sol-transfer.yml');
    const refused = await run([benchmark, '--db', db]);
    expect(refused.code).toBe(EXIT_BAD_INPUT);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toMatch(new RegExp(`^reev-runner: database ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is damaged \\(PRAGMA quick_check: .+\\); recover what is readable with: sqlite3 `));
    const verbose = await run([benchmark, '--db', db, '--verbose']);
    expect(verbose.code).toBe(EXIT_BAD_INPUT);
    expect(verbose.stderr).toMatch(/\n\s+at /);
  });

  it('--runs stores every run as queued before the first starts, so a killed runner leaves them marked, not missing', async () => {
    const runner = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/main.ts', path.join(SUITE, '100-jup-swap-sol-usdc.yml'), '--db', db, '--runs', '40', '-c', '1'],
      { cwd: path.resolve(__dirname, '../..'), env: { ...process.env, TSX_TSCONFIG_PATH: path.resolve(__dirname, '../../../../tsconfig.base.json') }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const exited = new Promise((resolve) => runner.on('exit', resolve));
    // The first finished run's progress line: the rows exist, later runs are still queued.
    await new Promise<void>((resolve, reject) => {
      runner.stderr.on('data', (chunk: Buffer) => /100-jup-swap-sol-usdc/.test(chunk.toString()) && resolve());
      void exited.then(() => reject(new Error('the runner exited before its first run ended')));
    });
    runner.kill('SIGKILL');
    await exited;

    const stored = await openDatabase({ url: db });
    try {
      const page = await stored.reader.listExecutions({ limit: 100 });
      expect(page.total).toBe(40);
      const interrupted = await stored.writer.markInterruptedExecutions();
      const after = (await stored.reader.listExecutions({ limit: 100 })).executions;
      expect(interrupted.length).toBeGreaterThan(0);
      expect(after.every((execution) => execution.status === 'completed' || execution.status === 'interrupted')).toBe(true);
      expect(after.filter((execution) => execution.status === 'interrupted')).toHaveLength(interrupted.length);
    } finally {
      await stored.close();
    }
  }, 120_000);

  it('exits 2 for an unknown agent, a missing file, a bad option and no paths', async () => {
    const benchmark = path.join(SUITE, '001-sol-transfer.yml');
    const unknown = await run([benchmark, '--agent', 'nobody', '--db', db]);
    expect(unknown.code).toBe(EXIT_BAD_INPUT);
    expect(unknown.stderr).toMatch(/unknown agent "nobody"/);
    const missing = await run([path.join(directory, 'nope.yml'), '--db', db]);
    expect(missing.code).toBe(EXIT_BAD_INPUT);
    expect(missing.stderr).toMatch(/nope\.yml/);
    const badOption = await run([benchmark, '--concurrency', 'zero']);
    expect(badOption.code).toBe(EXIT_BAD_INPUT);
    expect((await run([])).code).toBe(EXIT_BAD_INPUT);
  });

  it('an LLM agent without its key or endpoint exits 2 before the run, naming the variable or the endpoint', async () => {
    const benchmark = path.join(SUITE, '001-sol-transfer.yml');
    const saved = { ...process.env };
    try {
      delete process.env['LOCAL_MODEL_URL'];
      delete process.env['OPENAI_API_KEY'];
      const local = await run([benchmark, '--agent', 'local', '--db', db]);
      expect(local.code).toBe(EXIT_BAD_INPUT);
      expect(local.stderr).toMatch(/LOCAL_MODEL_URL/);
      const openai = await run([benchmark, '--agent', 'gpt-4o-mini', '--db', db]);
      expect(openai.code).toBe(EXIT_BAD_INPUT);
      expect(openai.stderr).toMatch(/OPENAI_API_KEY/);
      process.env['REEV_OPENAI_COMPATIBLE_URL'] = 'http://127.0.0.1:9/v1';
      const unreachable = await run([benchmark, '--agent', 'openai-compatible:qwen3', '--db', db]);
      expect(unreachable.code).toBe(EXIT_BAD_INPUT);
      expect(unreachable.stderr).toMatch(/127\.0\.0\.1:9\/v1/);
      const planner = await run(['--dynamic', '--prompt', 'swap 1 SOL to USDC', '--planner', 'llm', '--db', db]);
      expect(planner.code).toBe(EXIT_BAD_INPUT);
      expect(planner.stderr).toMatch(/--planner llm needs --planner-model/);
    } finally {
      process.env = saved;
    }
  });

  it('--dynamic prints the plan, each step and the consolidated session id', async () => {
    const result = await run(['--dynamic', '--prompt', 'use 50% of my SOL to multiply my USDC 1.5x on Jupiter', '--db', db]);
    expect(result.code).toBe(EXIT_OK);
    expect(result.stdout).toMatch(/Plan flow-\w+ \(multiplication, Strict, planner rules\): 4 steps/);
    expect(result.stdout.match(/^✔ /gm)).toHaveLength(5);
    expect(result.stdout).toMatch(/consolidated session consolidated-[0-9a-f-]+/);
    expect(result.stdout).toMatch(/jupiter_swap/);

    const consolidatedId = /consolidated session (consolidated-[0-9a-f-]+) \(stored/.exec(result.stdout)![1];
    const rendered = await run(['--render-flow', consolidatedId, '--db', db]);
    expect(rendered.stderr).toBe('');
    expect(rendered.code).toBe(EXIT_OK);
    expect(rendered.stdout).toMatch(/jupiter_lend_earn_deposit/);
    const unknown = await run(['--render-flow', 'nope', '--db', db]);
    expect(unknown.code).toBe(EXIT_BAD_INPUT);
    expect(unknown.stderr).toMatch(/no consolidated session, execution or session "nope"/);
  });

  it('--dynamic with --state funds the wallet from a file and rejects what it cannot fund', async () => {
    const state = write(
      'state.yml',
      `initial_state:
  - { pubkey: USER_WALLET_PUBKEY, owner: "11111111111111111111111111111111", lamports: 3000000000 }
`,
    );
    const ok = await run(['--dynamic', '--prompt', 'swap 1 SOL to USDC', '--state', state, '--db', db]);
    expect(ok.code).toBe(EXIT_OK);
    const tooMuch = await run(['--dynamic', '--prompt', 'swap 5 SOL to USDC', '--state', state, '--db', db]);
    expect(tooMuch.code).toBe(EXIT_BAD_INPUT);
    expect(tooMuch.stderr).toMatch(/needs 5 SOL plus 0.000005 SOL in transaction fees, but the wallet will hold only 3 SOL/);
    // Refused before anything runs: one line naming why, exit 2.
    for (const [prompt, line] of [
      ['withdraw all my lending positions', 'reev-runner: the request asks to exit lending positions, but the wallet has no lending position; nothing was planned'],
      ['swap -1 SOL to USDC', 'reev-runner: could not understand the request: "swap -1 SOL to USDC": -1 is negative; an amount must be positive'],
      ['swap -50% of my SOL to USDC', 'reev-runner: could not understand the request: "swap -50% of my SOL to USDC": -50% is negative; an amount must be positive'],
    ]) {
      const refused = await run(['--dynamic', '--prompt', prompt, '--state', state, '--db', db]);
      expect(refused.code).toBe(EXIT_BAD_INPUT);
      expect(refused.stderr.trim().split('\n')).toEqual([line]);
    }
    const badState = await run(['--dynamic', '--prompt', 'swap 1 SOL to USDC', '--state', write('bad.yml', 'initial_state: 3\n'), '--db', db]);
    expect(badState.code).toBe(EXIT_BAD_INPUT);
    expect(badState.stderr).toMatch(/bad\.yml/);
  });

  describe('--llm-cache and the recorded suite fixture', () => {
    const FIXTURE = path.resolve(__dirname, '../../../../packages/reev-orchestrator/src/lib/llm/fixtures/suite-responses.json');
    interface Fixture {
      scores: Record<string, number>;
      responses: { cache_key: string; base_url: string; model: string }[];
    }
    const fixture = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Fixture;
    let saved: NodeJS.ProcessEnv;
    beforeEach(() => {
      saved = { ...process.env };
      // The route the fixture was recorded on; nothing listens there.
      process.env['LOCAL_MODEL_URL'] = fixture.responses[0].base_url;
      process.env['LOCAL_MODEL_NAME'] = fixture.responses[0].model;
    });
    afterEach(() => {
      process.env = saved;
    });

    // The whole suite on a file database: the timeout is a bound for slow disks, not a speed expectation.
    it('replays the whole suite offline from an imported fixture with the recorded scores', async () => {
      const imported = await run(['--import-llm-cache', FIXTURE, '--db', db]);
      expect(imported).toMatchObject({ code: EXIT_OK, stderr: '' });
      expect(imported.stdout).toBe(
        `imported ${fixture.responses.length} recorded LLM answers from ${FIXTURE} into ${db} (${fixture.responses.length} stored in all)\n`,
      );
      const replay = await run([SUITE, '--agent', 'local', '--llm-cache', 'replay', '--db', db, '--json']);
      expect(replay.code).toBe(EXIT_OK);
      const report = JSON.parse(replay.stdout) as { agent: string; results: { benchmark_id: string; score: number }[] };
      expect(report.agent).toBe('local');
      expect(Object.fromEntries(report.results.map((result) => [result.benchmark_id, result.score]))).toEqual(fixture.scores);

      const exported = path.join(directory, 'exported.json');
      const exporting = await run(['--export-llm-cache', exported, '--db', db]);
      expect(exporting.stdout).toBe(`wrote ${fixture.responses.length} recorded LLM answers from ${db} to ${exported}\n`);
      const written = JSON.parse(readFileSync(exported, 'utf8')) as Fixture;
      expect(written.responses.map((row) => row.cache_key).sort()).toEqual(fixture.responses.map((row) => row.cache_key).sort());
    }, 120_000);

    it('imports and replays in one command on :memory:', async () => {
      const result = await run([path.join(SUITE, '100-jup-swap-sol-usdc.yml'), '--agent', 'local', '--llm-cache', 'replay', '--import-llm-cache', FIXTURE, '--db', ':memory:']);
      expect(result.code).toBe(EXIT_OK);
      expect(result.stdout).toMatch(/✔ 100-jup-swap-sol-usdc {2}score 1\.000/);
    });

    it('replay skips the preflight; a miss is a step error naming the request; off still preflights', async () => {
      const benchmark = path.join(SUITE, '001-sol-transfer.yml');
      const miss = await run([benchmark, '--agent', 'local', '--llm-cache', 'replay', '--db', db]);
      expect(miss.code).toBe(EXIT_BELOW_MIN_SCORE);
      expect(miss.stdout).toMatch(
        /step 001-sol-transfer: failed — replay miss: no recorded response for model scripted-policy at turn 1 of step 001-sol-transfer \(run 0, key [0-9a-f]{12}\)/,
      );
      const live = await run([benchmark, '--agent', 'local', '--db', db]);
      expect(live.code).toBe(EXIT_BAD_INPUT);
      expect(live.stderr).toContain(fixture.responses[0].base_url);

      // The LLM planner replays too: with nothing recorded it falls back to the rules and says why.
      const dynamic = await run(['--dynamic', '--prompt', 'swap 1 SOL to USDC', '--agent', 'local', '--planner', 'llm', '--llm-cache', 'replay', '--db', db, '--json']);
      expect(dynamic.code).toBe(EXIT_BELOW_MIN_SCORE);
      const flow = JSON.parse(dynamic.stdout) as {
        status: string;
        plan: { metadata: { planner: string; planner_fallback: string } };
        step_results: { error_message?: string }[];
      };
      expect(flow.status).toBe('Failed');
      expect(flow.plan.metadata.planner).toBe('rules');
      expect(flow.plan.metadata.planner_fallback).toMatch(/replay miss: no recorded plan from model scripted-policy/);
      expect(flow.step_results[0].error_message).toMatch(/^replay miss: no recorded response for model scripted-policy at turn 1 of step /);
    });

    it('exits 2 for an unknown mode and a file that is not a response cache export, naming it', async () => {
      const mode = await run([path.join(SUITE, '001-sol-transfer.yml'), '--llm-cache', 'sometimes', '--db', db]);
      expect(mode.code).toBe(EXIT_BAD_INPUT);
      expect(mode.stderr).toMatch(/--llm-cache <mode>' argument 'sometimes' is invalid/);
      const notExport = write('not-export.json', '{"responses": []}');
      const bad = await run(['--import-llm-cache', notExport, '--db', db]);
      expect(bad.code).toBe(EXIT_BAD_INPUT);
      expect(bad.stderr).toBe(`reev-runner: ${notExport}: not a reev-llm-responses file: format: Invalid input: expected "reev-llm-responses"; version: Invalid input: expected 1\n`);
    });
  });
});
