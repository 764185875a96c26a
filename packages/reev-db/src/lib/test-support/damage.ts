import { openSync, readFileSync, statSync, writeSync, closeSync } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { DatabaseWriter } from '../writer';

/** A real database file with `executions` executions carrying ~2 KiB of metadata each, closed (checkpointed). */
export async function databaseWithHistory(url: string, executions: number): Promise<void> {
  const writer = new DatabaseWriter({ url });
  try {
    for (let index = 0; index < executions; index += 1) {
      await writer.createExecution({ executionId: `e${index}`, agent: 'a', mode: 'static', metadata: { note: 'x'.repeat(2048), index } });
    }
  } finally {
    await writer.close();
  }
}

/** Writes `bytes` of random garbage into the middle of `file`, as a failing disk or a stray writer would. */
export function writeGarbageInTheMiddle(file: string, bytes = 64 * 1024): void {
  const middle = Math.floor(statSync(file).size / 2);
  const descriptor = openSync(file, 'r+');
  try {
    writeSync(descriptor, randomBytes(bytes), 0, bytes, middle);
  } finally {
    closeSync(descriptor);
  }
}

export function sha256Of(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}
