import { FreshChainPool, KeyDerivationCache, LiteSvmEnv, loadBenchmarks } from '@reev/lib';
import { systemTransfer } from '@reev/tools';
import { createTestReev, SUITE_DIR, type TestReev } from './test-support/test-reev';

const DYNAMIC_PROMPT = 'use 50% of my SOL to multiply my USDC 1.5x on Jupiter';

/** What must not differ between two runs: everything but ids, times and stored JSON copies of them. */
const VOLATILE_KEY = /(_at|At|_ms|Ms|[dD]uration|[iI]d|_id|[tT]ime|timestamp|content|json)$/;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

function stable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stable);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([key]) => !VOLATILE_KEY.test(key)).map(([key, item]) => [key, stable(item)]));
  }
  return typeof value === 'string' ? value.replace(UUID, '<uuid>') : value;
}

/** One event-loop turn between runs, as between a server's requests: the pool refills there. */
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

/** Every suite benchmark and two dynamic flows, deterministic agent, as stable JSON. */
async function runEverything(reev: TestReev): Promise<string> {
  const results: unknown[] = [];
  for (const benchmark of await loadBenchmarks([SUITE_DIR])) {
    await nextTurn();
    results.push(await reev.gateway.executeBenchmark(benchmark, 'deterministic'));
  }
  for (let flow = 0; flow < 2; flow += 1) {
    await nextTurn();
    results.push(await reev.gateway.executeDynamicFlow(DYNAMIC_PROMPT, 'USER_WALLET_PUBKEY', 'deterministic'));
  }
  return JSON.stringify(stable(results), null, 1);
}

describe('chains from the pool of fresh chains behave byte for byte like chains built per run', () => {
  it(
    'the whole suite and the dynamic flow give the same signatures, balances, logs and scores',
    async () => {
      const derivations = new KeyDerivationCache();
      // Fresh: a new LiteSVM built inside every reset, as before the pool existed.
      const fresh = createTestReev({ createEnv: () => new LiteSvmEnv({ derivations }) });
      // Pooled: resets take chains built ahead, as in the default composition (registerLiteSvmEnv).
      const chains = new FreshChainPool();
      chains.fill();
      const pooled = createTestReev({ createEnv: () => new LiteSvmEnv({ derivations, chains }) });
      try {
        const freshRuns = await runEverything(fresh);
        const pooledRuns = await runEverything(pooled);
        expect(freshRuns).toContain('"signature"');
        expect(freshRuns).toContain('"balanceChanges"');
        expect(freshRuns).toContain('"score"');
        expect(pooledRuns).toBe(freshRuns);
        // Every run gave its chain back and the pool refilled between runs.
        await nextTurn();
        expect(chains.available).toBe(2);
      } finally {
        chains.close();
        await fresh.close();
        await pooled.close();
      }
    },
    240_000,
  );

  it(
    'a chain taken after the pool refilled in idle time runs the same transactions as one built on the spot',
    async () => {
      const chains = new FreshChainPool(1);
      const derivations = new KeyDerivationCache();
      const run = async (env: LiteSvmEnv) => {
        const reset = await env.reset((await loadBenchmarks([`${SUITE_DIR}/001-sol-transfer.yml`]))[0].testCase);
        const transfer = systemTransfer(reset.wallet, reset.keyMap['RECIPIENT_WALLET_PUBKEY'], 100_000_000n);
        const outcome = await env.execute([transfer], { signers: [reset.wallet] });
        await env.close();
        return outcome;
      };
      chains.fill();
      expect(chains.available).toBe(1);
      const pooledOutcome = await run(new LiteSvmEnv({ derivations, chains }));
      const freshOutcome = await run(new LiteSvmEnv({ derivations }));
      expect(pooledOutcome.status).toBe('Success');
      expect(pooledOutcome).toEqual(freshOutcome);
      chains.close();
    },
    60_000,
  );
});
