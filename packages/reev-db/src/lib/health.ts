import { statfs } from 'node:fs/promises';
import path from 'node:path';
import { BusyError, messageOf } from './errors';
import type { DatabaseWriter, IntegrityState } from './writer';

export type HealthStatus = 'healthy' | 'degraded' | 'unhealthy';

/** The last write probe: a real committed write through the write queue. */
export interface WriteProbeResult {
  ok: boolean;
  /** When it ended. */
  at: string;
  latencyMs: number;
  error?: string;
}

export interface DatabaseHealthReport {
  /** `unhealthy`: writes cannot succeed; `degraded`: they can, but something needs attention; else `healthy`. */
  status: HealthStatus;
  /** Why it is not healthy, one sentence each (empty when healthy). */
  reasons: string[];
  /** The latest finished probe (undefined until the first has finished). */
  write: WriteProbeResult | undefined;
  /** Bytes free for the database's directory (undefined for :memory: and servers). */
  freeBytes: number | undefined;
  integrity: IntegrityState;
  /** How long the write in progress has waited for another process's lock (0: none is waiting). */
  lockWaitMs: number;
}

export interface DatabaseHealthOptions {
  /** A new write probe at most this often (default 1000 ms); callers in between share the latest. */
  probeIntervalMs?: number;
  /** How long check() waits for a probe before answering with what it knows (default 50 ms). */
  answerWithinMs?: number;
  /** Less free space than this is `degraded` (default 64 MiB). */
  lowFreeBytes?: number;
  /** Less free space than this is `unhealthy`: a step's writes would not fit (default 1 MiB). */
  minFreeBytes?: number;
}

const MIB = 1024 * 1024;

function mebibytes(bytes: number): string {
  return `${(bytes / MIB).toFixed(1)} MiB`;
}

/**
 * The database's real state for a health route: a write probe (one small committed write through the write
 * queue, at most once per interval), the free space of its directory, the integrity check and what the writer
 * has seen (damage, storage failures, waits for another process's lock). `check()` never waits for the database
 * longer than `answerWithinMs`: a probe stuck behind another process's lock is reported, not waited for.
 */
export class DatabaseHealth {
  private readonly probeIntervalMs: number;
  private readonly answerWithinMs: number;
  private readonly lowFreeBytes: number;
  private readonly minFreeBytes: number;
  private latest: WriteProbeResult | undefined;
  private inFlight: { promise: Promise<WriteProbeResult>; startedAt: number } | undefined;
  private startedAt = 0;

  constructor(
    private readonly writer: DatabaseWriter,
    options: DatabaseHealthOptions = {},
  ) {
    this.probeIntervalMs = options.probeIntervalMs ?? 1000;
    this.answerWithinMs = options.answerWithinMs ?? 50;
    this.lowFreeBytes = options.lowFreeBytes ?? 64 * MIB;
    this.minFreeBytes = options.minFreeBytes ?? MIB;
  }

  async check(): Promise<DatabaseHealthReport> {
    const waiting = this.inFlight;
    const probe = this.probe();
    // Only a probe this call started is waited for: one already pending is stuck (a lock, a long queue).
    const [freeBytes] = await Promise.all([this.freeBytes(), waiting === undefined ? this.settled(probe.promise) : undefined]);
    const pendingMs = this.inFlight === probe ? Date.now() - probe.startedAt : 0;
    const state = this.writer.storageState();
    const unhealthy: string[] = [];
    const degraded: string[] = [];

    if (state.integrity.state === 'damaged') unhealthy.push(`the database file is damaged: ${state.integrity.finding}`);
    if (state.integrity.state === 'check_failed') degraded.push(`the integrity check could not run: ${state.integrity.reason}`);
    const write = this.latest;
    if (write !== undefined && !write.ok) {
      if (write.error?.startsWith('BusyError') === true) degraded.push(`writes wait: ${write.error}`);
      else unhealthy.push(`writes fail: ${write.error ?? 'unknown error'}`);
    }
    if (state.lastStorageFailure !== undefined) {
      unhealthy.push(`a write failed at ${state.lastStorageFailure.at}: ${state.lastStorageFailure.message}`);
    }
    if (state.lockWaitMs > 0) {
      degraded.push(`a write has waited ${state.lockWaitMs} ms for the write lock another process holds`);
    } else if (pendingMs > 5 * this.probeIntervalMs) {
      degraded.push(`the write probe has waited ${pendingMs} ms in the write queue`);
    }
    if (freeBytes !== undefined) {
      if (freeBytes < this.minFreeBytes) unhealthy.push(`only ${mebibytes(freeBytes)} free for the database`);
      else if (freeBytes < this.lowFreeBytes) degraded.push(`only ${mebibytes(freeBytes)} free for the database`);
    }
    const status: HealthStatus = unhealthy.length > 0 ? 'unhealthy' : degraded.length > 0 ? 'degraded' : 'healthy';
    return {
      status,
      reasons: [...unhealthy, ...degraded],
      write,
      freeBytes,
      integrity: state.integrity,
      lockWaitMs: state.lockWaitMs,
    };
  }

  /** The probe in flight, or a new one when the latest is older than the interval. */
  private probe(): { promise: Promise<WriteProbeResult>; startedAt: number } {
    if (this.inFlight !== undefined) return this.inFlight;
    if (this.latest !== undefined && Date.now() - this.startedAt < this.probeIntervalMs) {
      return { promise: Promise.resolve(this.latest), startedAt: this.startedAt };
    }
    const startedAt = Date.now();
    this.startedAt = startedAt;
    const promise = this.writer.probeWrite().then(
      (): WriteProbeResult => ({ ok: true, at: new Date().toISOString(), latencyMs: Date.now() - startedAt }),
      (error: unknown): WriteProbeResult => ({
        ok: false,
        at: new Date().toISOString(),
        latencyMs: Date.now() - startedAt,
        error: `${error instanceof BusyError ? 'BusyError: ' : ''}${messageOf(error)}`,
      }),
    );
    const inFlight = { promise, startedAt };
    this.inFlight = inFlight;
    void promise.then((result) => {
      this.latest = result;
      if (this.inFlight === inFlight) this.inFlight = undefined;
    });
    return inFlight;
  }

  /** Waits for `promise` at most answerWithinMs. */
  private async settled(promise: Promise<WriteProbeResult>): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([promise, new Promise<void>((resolve) => (timer = setTimeout(resolve, this.answerWithinMs)))]);
    clearTimeout(timer);
  }

  private async freeBytes(): Promise<number | undefined> {
    const { target } = this.writer.storageState();
    if (target.kind !== 'file') return undefined;
    try {
      const stats = await statfs(path.dirname(target.path));
      return stats.bavail * stats.bsize;
    } catch {
      return undefined;
    }
  }
}
