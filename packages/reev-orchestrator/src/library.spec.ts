// Uses reev only as a library user would: through the package's public face.
// eslint-disable-next-line @nx/enforce-module-boundaries -- the point of this test is the public face, imported as a library user does
import { createReev } from '@reev/orchestrator';

describe('@reev/orchestrator as a library', () => {
  it('runs a dynamic flow through createReev and reads the consolidated session back', async () => {
    const reev = createReev({ databaseUrl: ':memory:' });
    try {
      const plan = await reev.gateway.processUserRequest('swap 2 SOL to USDC then lend it on Jupiter');
      expect(plan.steps.map((step) => step.required_tools)).toEqual([['jupiter_swap'], ['jupiter_lend_earn_deposit']]);

      const result = await reev.gateway.executeDynamicFlow(
        'swap 2 SOL to USDC then lend it on Jupiter',
        'USER_WALLET_PUBKEY',
        'deterministic',
      );
      expect(result.success).toBe(true);
      expect(result.score).toBe(1);
      const consolidated = await reev.reader.getConsolidatedSession(result.consolidated_session_id!);
      expect(consolidated?.executionId).toBe(result.execution_id);
      expect((consolidated?.content as { steps: unknown[] }).steps).toHaveLength(2);
    } finally {
      await reev.close();
    }
  });
});
