// Child process for the crash test: `crash-mid-step.ts <url> <executionId>` commits steps 0..2, then opens
// the transaction of step 3, writes it, prints IN_FLIGHT and waits to be killed.
import 'reflect-metadata';
import { DatabaseWriter } from '../writer';
import { stepMeta, stepResult } from './fixtures';

async function main(): Promise<void> {
  const [url, executionId] = process.argv.slice(2);
  if (url === undefined || executionId === undefined) throw new Error('usage: crash-mid-step.ts <url> <executionId>');
  const writer = new DatabaseWriter({ url });
  await writer.createExecution({ executionId, agent: 'deterministic', mode: 'dynamic' });
  for (let index = 0; index < 3; index += 1) {
    const step = stepResult(index);
    await writer.transaction(executionId, () =>
      writer.storeStepSession(executionId, index, step, stepMeta(step, `${executionId}-s${index}`)),
    );
    console.log(`COMMITTED ${index}`);
  }
  await writer.beginTransaction(executionId);
  const step = stepResult(3);
  await writer.storeStepSession(executionId, 3, step, stepMeta(step, `${executionId}-s3`));
  await writer.updateExecutionStatus(executionId, 'running', { progress: 0.75 });
  console.log('IN_FLIGHT');
  // Keep the transaction open until the parent kills this process.
  setInterval(() => undefined, 60_000);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
