// Child process for the lock specs: takes the database's write lock (BEGIN IMMEDIATE) on its own connection,
// prints "locked", holds it for argv[3] ms, rolls back, prints "released" and exits.
import { createClient } from '@libsql/client';

async function main(): Promise<void> {
  const [url, holdMs] = process.argv.slice(2);
  if (url === undefined || holdMs === undefined) throw new Error('usage: hold-write-lock <url> <ms>');
  const client = createClient({ url });
  const transaction = await client.transaction('write');
  process.stdout.write('locked\n');
  await new Promise((resolve) => setTimeout(resolve, Number(holdMs)));
  await transaction.rollback();
  client.close();
  process.stdout.write('released\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
