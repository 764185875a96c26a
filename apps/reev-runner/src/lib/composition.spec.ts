import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DATABASE_OPTIONS, openDatabase } from '@reev/db';
import { PLANNER, RuleBasedPlanner } from '@reev/orchestrator';
import { replanningPlanner } from '@reev/testing';
import { EXIT_OK } from './cli';
import { runCaptured } from './test-support/run-cli';

const SUITE = path.resolve(__dirname, '../../../../benchmarks');

/** Plans every request as a balance check, so its plans are told apart from the rule-based planner's. */
const balanceCheckPlanner = replanningPlanner(new RuleBasedPlanner(), 'check my wallet balance', 'planned-by-the-overriding-planner');

describe('reev-runner composition: a token registered over the runner container replaces its part', () => {
  let directory: string;
  beforeEach(() => {
    directory = mkdtempSync(path.join(tmpdir(), 'reev-runner-composition-'));
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it('--dynamic plans with the planner registered over PLANNER', async () => {
    const result = await runCaptured(['--dynamic', '--prompt', 'swap 2 SOL to USDC', '--db', ':memory:'], (container) =>
      container.register(PLANNER, { useValue: balanceCheckPlanner }),
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(EXIT_OK);
    expect(result.stdout).toMatch(/Plan planned-by-the-overriding-planner \(.*\): 1 steps/);
    expect(result.stdout).not.toMatch(/jupiter_swap/);
  }, 60_000);

  it('stores benchmark runs in the database registered over DATABASE_OPTIONS, not the one --db names', async () => {
    const flagged = path.join(directory, 'from-the-flag.db');
    const overridden = path.join(directory, 'override.db');
    const result = await runCaptured([path.join(SUITE, '001-sol-transfer.yml'), '--json', '--db', `file:${flagged}`], (container) =>
      container.register(DATABASE_OPTIONS, { useValue: { url: `file:${overridden}` } }),
    );
    expect(result.code).toBe(EXIT_OK);
    expect(existsSync(flagged)).toBe(false);
    const stored = await openDatabase({ url: `file:${overridden}` });
    try {
      const page = await stored.reader.listExecutions({ limit: 10 });
      expect(page.executions.map((execution) => [execution.benchmarkId, execution.status])).toEqual([['001-sol-transfer', 'completed']]);
    } finally {
      await stored.close();
    }
  }, 60_000);
});
