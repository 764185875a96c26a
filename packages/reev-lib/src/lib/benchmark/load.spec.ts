import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BenchmarkLoadError } from './diagnostics';
import { loadBenchmarkFile, loadBenchmarks, parseBenchmark } from './load';

const SUITE_DIR = join(__dirname, '../../../../../benchmarks');

/** A valid benchmark; tests break one thing at a time. */
const VALID = `id: tiny
prompt: "Please send 0.1 SOL to the recipient (RECIPIENT_WALLET_PUBKEY)."
initial_state:
  - pubkey: USER_WALLET_PUBKEY
    owner: "11111111111111111111111111111111"
    lamports: 1000000000
ground_truth:
  final_state_assertions:
    - type: SolBalance
      pubkey: RECIPIENT_WALLET_PUBKEY
      expected: 100000000
`;

const NOT_GRADED = (key: string): string => `key "${key}" of the original's files is not graded by reev (ignored)`;

function loadError(text: string, file = 'benchmarks/bad.yml'): BenchmarkLoadError {
  try {
    parseBenchmark(text, file);
  } catch (error) {
    if (error instanceof BenchmarkLoadError) return error;
    throw error;
  }
  throw new Error('expected a BenchmarkLoadError');
}

async function rejection(promise: Promise<unknown>): Promise<BenchmarkLoadError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof BenchmarkLoadError) return error;
    throw error;
  }
  throw new Error('expected a BenchmarkLoadError');
}

describe('parseBenchmark', () => {
  it('returns the test case with its source, raw content and sha256', () => {
    const loaded = parseBenchmark(VALID, 'inline.yml');
    expect(loaded.testCase.id).toBe('tiny');
    expect(loaded.testCase.ground_truth.final_state_assertions[0]).toMatchObject({ type: 'SolBalance', weight: 1 });
    expect(loaded.sourcePath).toBe('inline.yml');
    expect(loaded.content).toBe(VALID);
    expect(loaded.contentHash).toBe(createHash('sha256').update(VALID).digest('hex'));
    expect(loaded.warnings).toEqual([]);
  });

  it('names file, line, column and field of an unknown assertion type, listing the defined ones', () => {
    const error = loadError(VALID.replace('type: SolBalance', 'type: SolBalanse'));
    expect(error.message).toBe(
      'benchmarks/bad.yml:9:13: ground_truth.final_state_assertions[0].type: unknown assertion type "SolBalanse" ' +
        '(expected SolBalance, SolBalanceChange, TokenAccountBalance, TokenAccountBalanceChange, TotalPortfolioValue, CapitalReserve, LiquidityRatio, MultiPoolDiversification)',
    );
    expect(error).toMatchObject({ file: 'benchmarks/bad.yml', line: 9, column: 13, fieldPath: 'ground_truth.final_state_assertions[0].type' });
  });

  it('reports a missing prompt', () => {
    const error = loadError(VALID.replace(/^prompt: .*\n/m, ''));
    expect(error.message).toBe('benchmarks/bad.yml:1:1: prompt: required but missing');
  });

  it('reports a value of the wrong type where it is written', () => {
    const error = loadError(VALID.replace('lamports: 1000000000', 'lamports: "lots"'));
    expect(error.message).toBe('benchmarks/bad.yml:6:15: initial_state[0].lamports: expected a number, found the string "lots"');
  });

  it('explains an amount that is neither a number nor a string of digits', () => {
    const text = VALID.replace(
      '    lamports: 1000000000\n',
      '    lamports: 1000000000\n  - pubkey: USER_USDC_ATA\n    owner: TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA\n    lamports: 2039280\n    data: { mint: EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v, owner: USER_WALLET_PUBKEY, amount: "50 USDC" }\n',
    );
    expect(loadError(text).message).toMatch(
      /^benchmarks\/bad\.yml:10:\d+: initial_state\[1\]\.data\.amount: expected an integer in base units \(a number or a string of digits\), found the string "50 USDC"$/,
    );
  });

  it('rejects an assertion without any condition', () => {
    const error = loadError(VALID.replace('      expected: 100000000\n', ''));
    expect(error.reason).toBe('SolBalance needs at least one of expected, expected_gte, expected_lte');
    expect(error.fieldPath).toBe('ground_truth.final_state_assertions[0]');
  });

  it('reports YAML syntax errors at the line the parser gives', () => {
    const error = loadError(VALID.replace('    lamports: 1000000000', '    lamports: [1000000000'));
    expect(error.file).toBe('benchmarks/bad.yml');
    expect(error.line).toBeGreaterThanOrEqual(6);
    expect(error.message).toMatch(/^benchmarks\/bad\.yml:\d+:\d+: YAML: /);
    expect(error.message).not.toContain('\n');
  });

  it('reports a duplicated key as a YAML error', () => {
    expect(loadError(`${VALID}prompt: again\n`).message).toBe('benchmarks/bad.yml:12:1: YAML: Map keys must be unique');
  });

  it('rejects a file that is not a mapping, or empty', () => {
    expect(loadError('- id: a\n').message).toBe('benchmarks/bad.yml:1:1: expected a mapping at the top level (id, prompt, ground_truth, …), found a list');
    expect(loadError('').message).toBe('benchmarks/bad.yml:1:1: the file is empty (expected a mapping with id, prompt and ground_truth)');
    expect(loadError('# nothing but a comment\n').reason).toMatch(/^the file is empty/);
  });

  it('lists every problem, the first in file order in the message', () => {
    const error = loadError(VALID.replace('lamports: 1000000000', 'lamports: -1').replace('expected: 100000000', 'expected: lots'));
    expect(error.issues.map((issue) => issue.path)).toEqual(['initial_state[0].lamports', 'ground_truth.final_state_assertions[0].expected']);
    expect(error.message).toBe('benchmarks/bad.yml:6:15: initial_state[0].lamports: must be ≥ 0, found the integer -1 (and 1 more problem)');
  });

  it("warns about the original's ungraded keys and unknown top-level keys with their place, and still loads", () => {
    const text = `author: someone\n${VALID}  success_criteria:\n    - type: steps_completed\n  expected_tool_calls:\n    - tool_name: sol_transfer\n      critical: true\n      weight: 0.5\n`;
    const loaded = parseBenchmark(text, 'w.yml');
    expect(loaded.warnings.map((warning) => warning.message)).toEqual([
      'w.yml:1:1: author: unknown key "author" ignored',
      `w.yml:13:3: ground_truth.success_criteria: ${NOT_GRADED('success_criteria')}`,
      `w.yml:17:7: ground_truth.expected_tool_calls[0].critical: ${NOT_GRADED('critical')}`,
    ]);
    expect(loaded.warnings[1]).toMatchObject({ file: 'w.yml', line: 13, column: 3, path: 'ground_truth.success_criteria', reason: NOT_GRADED('success_criteria') });
    expect(loaded.testCase.ground_truth.expected_tool_calls).toEqual([{ tool_name: 'sol_transfer', weight: 0.5 }]);
  });

  it('rejects an unknown key inside ground_truth, an assertion, an expected call or instruction, or a flow step', () => {
    const typo = loadError(VALID.replace('final_state_assertions', 'final_state_asertions'));
    expect(typo.message).toBe(
      'benchmarks/bad.yml:8:3: ground_truth.final_state_asertions: unknown key "final_state_asertions" in ground_truth (did you mean "final_state_assertions"?)',
    );
    expect(loadError(VALID.replace('      expected: 100000000', '      expectd: 100000000\n      expected_gte: 1')).message).toBe(
      'benchmarks/bad.yml:11:7: ground_truth.final_state_assertions[0].expectd: unknown key "expectd" in a final-state assertion (did you mean "expected"?)',
    );
    const call = loadError(`${VALID}  expected_tool_calls:\n    - tool_name: sol_transfer\n      wieght: 2\n`);
    expect(call.reason).toBe('unknown key "wieght" in an expected tool call (did you mean "weight"?)');
    const instruction = loadError(
      `${VALID}  expected_instructions:\n    - program_id: "11111111111111111111111111111111"\n      accounts:\n        - { pubkey: USER_WALLET_PUBKEY, is_signer: true, is_writable: true, wieght: 1 }\n`,
    );
    expect(instruction.reason).toBe('unknown key "wieght" in an expected account (did you mean "weight"?)');
    const step = loadError(`${VALID}flow:\n  - step: 1\n    prompt: a\n    critcal: false\n`);
    expect(step).toMatchObject({ line: 15, fieldPath: 'flow[0].critcal', reason: 'unknown key "critcal" in a flow step (did you mean "critical"?)' });
    const far = loadError(VALID.replace('ground_truth:\n', 'ground_truth:\n  grading_notes: none\n'));
    expect(far.reason).toMatch(/^unknown key "grading_notes" in ground_truth; known keys: min_score, transaction_status, final_state_assertions, .*success_criteria/);
  });

  it('warns about assertions no run can meet together and about tools that do not exist', () => {
    const text = `${VALID}    - type: SolBalance\n      pubkey: RECIPIENT_WALLET_PUBKEY\n      expected_lte: 5\n  expected_tool_calls:\n    - tool_name: jupiter_earn\n`;
    const reasons = parseBenchmark(text, 'w.yml').warnings.map((warning) => warning.reason);
    expect(reasons).toEqual([
      'contradicts final_state_assertions[0]: the SOL balance of RECIPIENT_WALLET_PUBKEY cannot be both ≥ 100000000 and ≤ 5, so no run can meet both',
      expect.stringMatching(/^unknown tool "jupiter_earn" \(reev's tools: get_account_balance, .*\); this expected call can never be met$/),
    ]);
  });
});

describe('the suite in benchmarks/', () => {
  it('loads every file without a warning, in name order', async () => {
    const loaded = await loadBenchmarks([SUITE_DIR]);
    const names = (await readdir(SUITE_DIR)).filter((name) => /\.ya?ml$/.test(name)).sort();
    expect(loaded.map((benchmark) => benchmark.sourcePath)).toEqual(names.map((name) => join(SUITE_DIR, name)));
    expect(loaded.flatMap((benchmark) => benchmark.warnings.map((warning) => warning.message))).toEqual([]);
    expect(loaded.map((benchmark) => benchmark.testCase.id)).toEqual(
      expect.arrayContaining([
        '001-sol-transfer',
        '002-spl-transfer',
        '003-spl-transfer-fail',
        '004-partial-score-spl-transfer',
        '100-jup-swap-sol-usdc',
        '110-jup-lend-deposit-sol',
        '111-jup-lend-deposit-usdc',
        '112-jup-lend-withdraw-sol',
        '113-jup-lend-withdraw-usdc',
        '114-jup-positions-and-earnings',
        '115-jup-lend-mint-usdc',
        '116-jup-lend-redeem-usdc',
        '200-jup-swap-then-lend-deposit',
      ]),
    );
  });
});

describe('loadBenchmarks', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'reev-benchmarks-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const write = (name: string, text: string) => writeFile(join(dir, name), text, 'utf8');

  it('loads the .yml and .yaml files of a directory in name order, without recursing', async () => {
    await write('b.yaml', VALID.replace('id: tiny', 'id: b'));
    await write('a.yml', VALID.replace('id: tiny', 'id: a'));
    await write('notes.txt', 'not a benchmark');
    await mkdir(join(dir, 'nested'));
    await writeFile(join(dir, 'nested', 'c.yml'), VALID.replace('id: tiny', 'id: c'));
    const loaded = await loadBenchmarks([dir]);
    expect(loaded.map((benchmark) => benchmark.testCase.id)).toEqual(['a', 'b']);
    expect(loaded[0]?.sourcePath).toBe(join(dir, 'a.yml'));
  });

  it('mixes files and directories and loads a file named twice once', async () => {
    await write('a.yml', VALID.replace('id: tiny', 'id: a'));
    const single = join(dir, 'single.yml');
    await writeFile(single, VALID);
    const loaded = await loadBenchmarks([join(dir, 'a.yml'), dir]);
    expect(loaded.map((benchmark) => benchmark.testCase.id)).toEqual(['a', 'tiny']);
  });

  it('rejects a benchmark id used twice, pointing at the second file', async () => {
    await write('first.yml', VALID);
    await write('second.yml', `# the same id again\n${VALID}`);
    const error = await rejection(loadBenchmarks([dir]));
    expect(error.message).toBe(`${join(dir, 'second.yml')}:2:5: id: duplicate benchmark id "tiny" (already loaded from ${join(dir, 'first.yml')})`);
  });

  it('names a missing file or directory, and an empty directory', async () => {
    const missing = join(dir, 'missing.yml');
    expect((await rejection(loadBenchmarks([missing]))).message).toBe(`${missing}: no such file or directory`);
    expect((await rejection(loadBenchmarkFile(missing))).message).toBe(`${missing}: no such file or directory`);
    expect((await rejection(loadBenchmarks([dir]))).message).toBe(`${dir}: directory contains no .yml or .yaml files`);
  });

  it('checks every file before failing and reports all their problems', async () => {
    await write('a.yml', VALID.replace('type: SolBalance', 'type: Nope'));
    await write('b.yml', '- not a mapping\n');
    await write('c.yml', VALID);
    const error = await rejection(loadBenchmarks([dir]));
    expect(error.issues.map((issue) => issue.file)).toEqual([join(dir, 'a.yml'), join(dir, 'b.yml')]);
    expect(error.message).toMatch(/\(and 1 more problem\)$/);
  });
});
