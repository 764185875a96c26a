import { statSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { StatementExecutor } from './executor';

/**
 * Files up to this size get `PRAGMA quick_check` while they are opened, before anything is written (about a
 * second per 20–50 MiB on the project machine, see docs/database.md); larger ones are checked on a
 * worker thread while the process already runs, so opening a multi-GB history stays fast.
 */
export const DEFAULT_INTEGRITY_CHECK_MAX_BYTES = 64 * 1024 * 1024;

/** quick_check stops after this many findings; the first is what the error shows. */
const MAX_FINDINGS = 3;

/** What quick_check reports: `ok`, or its findings joined into one line. */
function findingOf(rows: unknown[][]): string {
  // A row's text can itself span lines ("*** in database main ***\nTree 19 page 220: …"): one line for messages.
  const lines = rows.flatMap((row) => String(row[0]).split('\n')).map((line) => line.trim()).filter((line) => line !== '');
  return lines.length === 1 && lines[0] === 'ok' ? 'ok' : `PRAGMA quick_check: ${lines.join('; ')}`;
}

/** Runs quick_check on an open connection (it blocks that connection's thread while it reads the whole file). */
export async function quickCheck(executor: StatementExecutor): Promise<string> {
  return findingOf(await executor.rows(`PRAGMA quick_check(${MAX_FINDINGS})`, []));
}

/** Bytes of the database file and its WAL: what quick_check has to read. */
export function databaseBytes(file: string): number {
  const size = (name: string) => {
    try {
      return statSync(name).size;
    } catch {
      return 0;
    }
  };
  return size(file) + size(`${file}-wal`);
}

// The embedded binding (the `libsql` package, a dependency of @reev/db and the one @libsql/client uses), on its own
// read-only connection in the worker.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.binding);
let db;
try {
  db = new Database(workerData.file, { readonly: true });
  parentPort.postMessage({ rows: db.prepare('PRAGMA quick_check(${MAX_FINDINGS})').raw().all() });
} catch (error) {
  parentPort.postMessage({ error: String(error && error.message !== undefined ? (error.code ? error.code + ': ' : '') + error.message : error) });
} finally {
  if (db) db.close();
}`;

export interface BackgroundCheck {
  /** `ok`, the findings, or why the check could not run (`failed: true`). */
  result: Promise<{ finding: string; failed: boolean }>;
  stop(): Promise<void>;
}

/** quick_check of `file` on a worker thread, so the event loop keeps running; it never keeps the process alive. */
export function quickCheckInBackground(file: string): BackgroundCheck {
  const binding = require.resolve('libsql');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { binding, file } });
  worker.unref();
  const result = new Promise<{ finding: string; failed: boolean }>((resolve) => {
    worker.once('message', (message: { rows?: unknown[][]; error?: string }) =>
      resolve(message.rows !== undefined ? { finding: findingOf(message.rows), failed: false } : { finding: message.error ?? 'no answer', failed: true }),
    );
    worker.once('error', (error) => resolve({ finding: error.message, failed: true }));
    worker.once('exit', (code) => resolve({ finding: `the check's worker exited (${code})`, failed: true }));
  });
  return {
    result,
    stop: async () => {
      await worker.terminate();
    },
  };
}
