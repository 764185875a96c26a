import { LiteSVM } from 'litesvm';

/**
 * Transactions a chain remembers (LiteSVM's own default is ~32, after which an identical signed transaction would
 * execute again). Far more than a run sends — a run that reaches it fails loudly (LiteSvmEnv) — yet small: LiteSVM
 * allocates the whole table up front, and a capacity of 1,000,000 cost 7–10 ms of CPU per chain, about as much as
 * the rest of `new LiteSVM()`, and that much memory per chain in flight. @internal
 */
export const TRANSACTION_HISTORY_CAPACITY = 10_000;

/** A chain in LiteSVM's initial state: the same accounts, programs and first blockhash every time. @internal */
export function buildFreshChain(): LiteSVM {
  return new LiteSVM().withTransactionHistory(BigInt(TRANSACTION_HISTORY_CAPACITY));
}

/**
 * Fresh chains built ahead of use. Building one (`new LiteSVM()` loads and verifies the SPL programs) costs more than
 * a whole flow's transactions; a reset takes a ready chain instead. Replacements are built only while no taken chain
 * is in use (between runs), one per event-loop turn, so the building never lands inside a run; when runs follow each
 * other without a pause, or overlap, `take()` builds on the spot as before. Nothing touches a pooled chain before it
 * is taken, so a taken chain is byte for byte the chain `buildFreshChain()` returns: same first blockhash, hence the
 * same signatures.
 */
export class FreshChainPool {
  private readonly ready: LiteSVM[] = [];
  private refill: NodeJS.Immediate | undefined;
  private closed = false;
  private inUse = 0;

  /** `size`: chains kept ready (1 serves flows one after another; more absorbs bursts). */
  constructor(private readonly size = 2) {
    if (!Number.isInteger(size) || size < 1) throw new Error(`FreshChainPool: size must be a positive integer, got ${size}`);
  }

  /** Chains ready now. */
  get available(): number {
    return this.ready.length;
  }

  /**
   * A fresh chain: a ready one when there is one, otherwise one built now. Give it back with `release()`.
   * @internal LiteSvmEnv's; kept out of the published declarations, which name no litesvm type.
   */
  take(): LiteSVM {
    this.inUse += 1;
    return this.ready.pop() ?? buildFreshChain();
  }

  /** The caller is done with a taken chain (it is dropped, never reused); refills start once none is in use. */
  release(): void {
    if (this.inUse === 0) throw new Error('FreshChainPool.release: no chain is taken');
    this.inUse -= 1;
    this.scheduleRefill();
  }

  /** Builds chains until `size` are ready, now (e.g. at start-up, before the first flow arrives). */
  fill(): void {
    while (!this.closed && this.ready.length < this.size) this.ready.push(buildFreshChain());
  }

  /** Drops the ready chains and stops refilling. */
  close(): void {
    this.closed = true;
    if (this.refill) clearImmediate(this.refill);
    this.refill = undefined;
    this.ready.length = 0;
  }

  /** One chain per event-loop turn while none is in use, so a refill never holds the loop for longer than one build. */
  private scheduleRefill(): void {
    if (this.closed || this.refill || this.inUse > 0 || this.ready.length >= this.size) return;
    this.refill = setImmediate(() => {
      this.refill = undefined;
      if (this.closed || this.inUse > 0 || this.ready.length >= this.size) return;
      this.ready.push(buildFreshChain());
      this.scheduleRefill();
    });
    // A pending refill must not keep a finished process alive.
    this.refill.unref();
  }
}
