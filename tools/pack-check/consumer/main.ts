// A project outside the monorepo using the packed packages: plans and runs a free request end to end.
import { createReev } from '@reev/orchestrator';

const reev = createReev({ databaseUrl: ':memory:' });
try {
  const result = await reev.gateway.executeDynamicFlow('use 50% of my SOL to multiply my USDC 1.5x on Jupiter', 'USER_WALLET_PUBKEY', 'deterministic');
  const sessionId: string | undefined = result.consolidated_session_id;
  if (result.status !== 'completed' || sessionId === undefined) {
    throw new Error(`the flow did not complete: ${JSON.stringify(result)}`);
  }
  const stored = await reev.reader.getConsolidatedSession(sessionId);
  if (stored === undefined) throw new Error(`consolidated session ${sessionId} is not stored`);
  console.log(`pack-check consumer: flow ${result.status}, score ${result.score}, consolidated session ${sessionId}`);
} finally {
  await reev.close();
}
