import { originalBenchmarksDir } from '@reev/testing';
import { LiteSvmEnv } from './litesvm-env';
import { benchmarkFiles, originalTestCase } from './test-support/benchmarks';
import { expectBenchmarkFileApplied } from './test-support/initial-state-check';

describe('LiteSvmEnv.reset applies the initial_state of the original benchmark files', () => {
  const env = new LiteSvmEnv();
  afterAll(() => env.close());

  describe('original benchmarks', () => {
    it.each(benchmarkFiles(originalBenchmarksDir()))('%s', (file) => expectBenchmarkFileApplied(env, originalBenchmarksDir(), file));
  });

  it('resolves placeholders named only in assertions into the key map (original 200)', async () => {
    const reset = await env.reset(originalTestCase('200-jup-swap-then-lend-deposit'));
    expect(reset.keyMap.USER_USDC_ATA_PLACEHOLDER).toBe(reset.keyMap.USER_USDC_ATA);
  });
});
