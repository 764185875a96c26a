import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { DatabaseCorruptError, DatabaseError } from './errors';
import { DatabaseHealth } from './health';
import { exitOf, lineFrom, startScript } from './test-support/child-process';
import { databaseWithHistory, sha256Of, writeGarbageInTheMiddle } from './test-support/damage';
import { tempDirectory } from './test-support/temp-database';
import { DatabaseWriter } from './writer';

jest.setTimeout(120_000);

const RECOVERY = /recover what is readable with: sqlite3 '.+' \.dump \| sed .+ \| sqlite3 '.+\.recovered'/;

describe('a damaged database file', () => {
  it('is refused when opened, in one line naming the file and the recovery command, and nothing is written', async () => {
    const temp = tempDirectory();
    try {
      const file = path.join(temp.dir, 'reev.db');
      await databaseWithHistory(temp.fileUrl(), 400);
      writeGarbageInTheMiddle(file);
      const before = sha256Of(file);

      const writer = new DatabaseWriter({ url: temp.fileUrl() });
      const refused = await writer.open().then(
        () => undefined,
        (error: unknown) => error,
      );
      await writer.close();
      expect(refused).toBeInstanceOf(DatabaseCorruptError);
      const message = (refused as Error).message;
      expect(message).not.toContain('\n');
      expect(message).toContain(`database ${file} is damaged (PRAGMA quick_check:`);
      expect(message).toMatch(RECOVERY);
      expect(sha256Of(file)).toBe(before);
    } finally {
      temp.remove();
    }
  });

  it('above the size limit: opens at once, is checked on a worker thread, then health is unhealthy and writes are refused', async () => {
    const temp = tempDirectory();
    try {
      const file = path.join(temp.dir, 'reev.db');
      await databaseWithHistory(temp.fileUrl(), 400);
      writeGarbageInTheMiddle(file);

      const writer = new DatabaseWriter({ url: temp.fileUrl(), integrityCheckMaxBytes: 0 });
      const health = new DatabaseHealth(writer);
      try {
        await writer.open();
        expect(writer.storageState().integrity.state).toBe('checking');
        while (writer.storageState().integrity.state === 'checking') await new Promise((resolve) => setTimeout(resolve, 10));
        expect(writer.storageState().integrity).toMatchObject({ state: 'damaged', finding: expect.stringContaining('PRAGMA quick_check') });
        const report = await health.check();
        expect(report.status).toBe('unhealthy');
        expect(report.reasons[0]).toContain('the database file is damaged');
        await expect(writer.createExecution({ executionId: 'late', agent: 'a', mode: 'static' })).rejects.toThrow(DatabaseCorruptError);
      } finally {
        await writer.close();
      }
    } finally {
      temp.remove();
    }
  });

  it('a damaged page met at run time (SQLITE_CORRUPT) is reported as damage and flips health', async () => {
    const temp = tempDirectory();
    try {
      const file = path.join(temp.dir, 'reev.db');
      await databaseWithHistory(temp.fileUrl(), 400);
      writeGarbageInTheMiddle(file);
      // No check at open, and the background check cannot finish before the read below has failed: the read
      // runs on the writer's own connection, which the worker does not share.
      const writer = new DatabaseWriter({ url: temp.fileUrl(), integrityCheckMaxBytes: 0 });
      const health = new DatabaseHealth(writer);
      try {
        const read = await writer.reader.listExecutions({ limit: 1000 }).then(
          () => undefined,
          (error: unknown) => error,
        );
        expect(read).toBeInstanceOf(DatabaseCorruptError);
        expect((read as Error).message).toMatch(RECOVERY);
        expect(writer.storageState().integrity.state).toBe('damaged');
        expect((await health.check()).status).toBe('unhealthy');
      } finally {
        await writer.close();
      }
    } finally {
      temp.remove();
    }
  });
});

/** Runs a mount command as root: directly when this process is root, else through passwordless sudo (as CI's apt-get). */
function asRoot(command: string, args: string[]): void {
  const root = process.getuid?.() === 0;
  execFileSync(root ? command : 'sudo', root ? args : ['-n', command, ...args], { stdio: 'pipe' });
}

/** A tiny tmpfs at `dir`; unmounted by the returned function. */
function mountTmpfs(dir: string, size: string): () => void {
  mkdirSync(dir, { recursive: true });
  try {
    asRoot('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]);
  } catch (error) {
    throw new Error(`the disk-full spec mounts a ${size} tmpfs at ${dir} and could not (it needs root or passwordless sudo): ${String(error)}`, { cause: error });
  }
  // Lazy: the closed writer's prepared statements keep its file open until they are garbage-collected.
  return () => asRoot('umount', ['-l', dir]);
}

/** Fills the file system of `dir` with one file until ENOSPC; returns its path. */
function fillDisk(dir: string): string {
  const filler = path.join(dir, 'filler');
  const descriptor = openSync(filler, 'w');
  const chunk = Buffer.alloc(16 * 1024, 1);
  try {
    for (;;) writeSync(descriptor, chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(descriptor);
  }
  return filler;
}

describe('a full disk', () => {
  it('fails writes in one line, makes health unhealthy with the reason, and recovers when space is freed', async () => {
    const temp = tempDirectory();
    const mountPoint = path.join(temp.dir, 'tiny');
    const unmount = mountTmpfs(mountPoint, '4m');
    try {
      const writer = new DatabaseWriter({ url: `file:${path.join(mountPoint, 'reev.db')}` });
      const health = new DatabaseHealth(writer, { probeIntervalMs: 1, lowFreeBytes: 1024 * 1024, minFreeBytes: 64 * 1024 });
      try {
        await writer.createExecution({ executionId: 'before', agent: 'a', mode: 'static' });
        expect((await health.check()).status).toBe('healthy');

        const filler = fillDisk(mountPoint);
        const failed = await writer
          .createExecution({ executionId: 'big', agent: 'a', mode: 'static', metadata: { blob: 'x'.repeat(512 * 1024) } })
          .then(
            () => undefined,
            (error: unknown) => error,
          );
        expect(failed).toBeInstanceOf(DatabaseError);
        expect((failed as Error).message).toMatch(/SQLITE_FULL/);
        expect((failed as Error).message).not.toContain('\n');

        const full = await health.check();
        expect(full.status).toBe('unhealthy');
        expect(full.reasons.join(' ')).toMatch(/free for the database/);
        expect(full.reasons.join(' ')).toMatch(/SQLITE_FULL/);

        rmSync(filler);
        await writer.createExecution({ executionId: 'after', agent: 'a', mode: 'static', metadata: { blob: 'x'.repeat(64 * 1024) } });
        expect((await health.check()).status).toBe('healthy');
        expect((await writer.reader.getExecution('after'))?.executionId).toBe('after');
      } finally {
        await writer.close();
      }
    } finally {
      unmount();
      temp.remove();
    }
  });
});

describe('another process holding the write lock', () => {
  it('never stalls the event loop: writes wait asynchronously, health answers at once and names the wait', async () => {
    const temp = tempDirectory();
    const holdMs = 3000;
    try {
      const writer = new DatabaseWriter({ url: temp.fileUrl() });
      const health = new DatabaseHealth(writer);
      try {
        await writer.open();
        const holder = startScript('hold-write-lock.ts', [temp.fileUrl(), String(holdMs)]);
        const exit = exitOf(holder);
        await lineFrom(holder, 'locked');

        // The longest gap between ticks of a 10 ms timer while the write waits for the lock: a blocking wait
        // (SQLite's busy timeout) shows as a gap as long as that timeout.
        let longestGapMs = 0;
        let last = performance.now();
        const ticker = setInterval(() => {
          const now = performance.now();
          longestGapMs = Math.max(longestGapMs, now - last);
          last = now;
        }, 10);
        const write = writer.createExecution({ executionId: 'waited', agent: 'a', mode: 'static' });
        const latencies: number[] = [];
        let sawLockWait = false;
        try {
          while (holder.exitCode === null && latencies.length < 200) {
            const started = performance.now();
            const report = await health.check();
            latencies.push(performance.now() - started);
            if (report.lockWaitMs > 0) {
              sawLockWait = true;
              expect(report.status).toBe('degraded');
              expect(report.reasons.join(' ')).toMatch(/waited \d+ ms for the write lock another process holds/);
            }
            await new Promise((resolve) => setTimeout(resolve, 20));
          }
          await write;
        } finally {
          clearInterval(ticker);
        }
        expect((await exit).code).toBe(0);
        expect(sawLockWait).toBe(true);
        // Bounds far below the 3 s the lock is held, so a loaded machine does not fail them while a blocking
        // wait (the old 5 s busy timeout) would.
        expect(longestGapMs).toBeLessThan(holdMs / 3);
        expect(Math.max(...latencies)).toBeLessThan(holdMs / 3);
        expect((await writer.reader.getExecution('waited'))?.executionId).toBe('waited');
      } finally {
        await writer.close();
      }
    } finally {
      temp.remove();
    }
  });
});
