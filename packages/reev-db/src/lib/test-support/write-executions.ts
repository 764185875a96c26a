// Child process for the multi-process test: `write-executions.ts <url> <worker> <count>` stores <count>
// executions (one step each) through its own DatabaseWriter on a shared file database.
import 'reflect-metadata';
import { DatabaseWriter } from '../writer';
import { stepMeta, stepResult } from './fixtures';

async function main(): Promise<void> {
  const [url, worker, countText] = process.argv.slice(2);
  if (url === undefined || worker === undefined || countText === undefined) {
    throw new Error('usage: write-executions.ts <url> <worker> <count>');
  }
  const writer = new DatabaseWriter({ url });
  try {
    for (let index = 0; index < Number(countText); index += 1) {
      const executionId = `w${worker}-e${index}`;
      const step = stepResult(0);
      // One transaction per execution: one lock acquisition, and an execution is either whole or absent.
      await writer.transaction(executionId, async () => {
        await writer.createExecution({ executionId, benchmarkId: '001-sol-transfer', agent: `agent-${worker}`, mode: 'static' });
        await writer.storeStepSession(executionId, 0, step, stepMeta(step, `${executionId}-s0`));
        await writer.completeExecution(executionId, { status: 'completed', score: 1, result: { worker, index } });
      });
    }
  } finally {
    await writer.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
