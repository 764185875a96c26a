// Child process for the crash test: `crash-flow.ts <database url> <execution id>` runs a 4-step flow whose
// third step never finishes; it prints STEP2_STORED once steps 1-2 are stored and waits to be killed.
import 'reflect-metadata';
import { DeterministicAgent, type Agent } from '@reev/agent';
import { createReev } from '../create-reev';

async function main(): Promise<void> {
  const [databaseUrl, executionId] = process.argv.slice(2);
  if (databaseUrl === undefined || executionId === undefined) throw new Error('usage: crash-flow.ts <url> <execution id>');
  const deterministic = new DeterministicAgent();
  let steps = 0;
  const hangsOnThirdStep: Agent = {
    name: 'deterministic',
    runStep: (request) => {
      steps += 1;
      if (steps === 3) {
        console.log('STEP2_STORED');
        return new Promise(() => undefined);
      }
      return deterministic.runStep(request);
    },
  };
  const reev = createReev({ databaseUrl });
  await reev.gateway.executeDynamicFlow('use 50% of my SOL to multiply my USDC 1.5x on Jupiter', 'USER_WALLET_PUBKEY', hangsOnThirdStep, {
    executionId,
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
