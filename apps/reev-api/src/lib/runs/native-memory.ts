import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Each run builds a LiteSVM whose native memory (accounts, compiled programs, transaction history) is freed only
 * when V8 collects its small JS wrapper. V8 sees a heap of a few tens of MB and rarely runs a full collection, so
 * the dead chains pile up in native memory: measured, resident memory climbed past 1.8 GB over 800 API runs while
 * the JS heap stayed at ~35 MB; with full collections it stays near 300 MB (docs/performance.md, "Memory").
 * After a run ends, when resident memory is above the target, one full collection frees them.
 */
export class NativeMemoryGovernor {
  private readonly collect: () => void;
  private lastCollection = 0;

  constructor(
    /** Resident bytes above which a finished run triggers a full collection. */
    private readonly targetRssBytes: number,
    /** At most one collection per this many ms, whatever the memory says (a collection pauses the loop ~10–30 ms). */
    private readonly minIntervalMs = 1000,
  ) {
    // The `gc` function of a fresh context, without starting Node with --expose-gc.
    setFlagsFromString('--expose-gc');
    this.collect = runInNewContext('gc') as () => void;
  }

  /** Called when a run has ended; returns whether it collected. */
  afterRun(now = Date.now()): boolean {
    if (now - this.lastCollection < this.minIntervalMs) return false;
    if (process.memoryUsage.rss() <= this.targetRssBytes) return false;
    this.lastCollection = now;
    this.collect();
    return true;
  }
}
