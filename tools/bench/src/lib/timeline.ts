/** Where a dynamic flow's time goes; `other` is whatever no instrumented call covers (gateway and executor logic). */
export const FLOW_PARTS = ['environment', 'planning', 'observation', 'agent', 'transactions', 'storage', 'consolidation', 'other'] as const;
export type FlowPart = (typeof FLOW_PARTS)[number];

export type PartTimes = Record<FlowPart, number>;

export function emptyPartTimes(): PartTimes {
  return Object.fromEntries(FLOW_PARTS.map((part) => [part, 0])) as PartTimes;
}

/**
 * Exclusive time per part of ONE flow running alone: entering a part pauses the enclosing one, leaving it
 * resumes it, so the parts add up to the flow's wall time. Only meaningful while flows run one at a time.
 */
export class Timeline {
  private times = emptyPartTimes();
  private current: FlowPart = 'other';
  private since = performance.now();
  transactions = 0;
  commits = 0;
  writerCalls = 0;

  get part(): FlowPart {
    return this.current;
  }

  /** Starts a fresh flow: zero times and counts, `other` running. */
  restart(): void {
    this.times = emptyPartTimes();
    this.current = 'other';
    this.since = performance.now();
    this.transactions = 0;
    this.commits = 0;
    this.writerCalls = 0;
  }

  /** Stops the clock and returns the flow's part times. */
  finish(): PartTimes {
    this.switchTo(this.current);
    return { ...this.times };
  }

  /** Makes `part` the running part until the next switch; returns the part it replaced. */
  switchTo(part: FlowPart): FlowPart {
    const now = performance.now();
    this.times[this.current] += now - this.since;
    this.since = now;
    const previous = this.current;
    this.current = part;
    return previous;
  }

  /** Runs `work` as `part`, then resumes whatever part ran before. */
  async within<T>(part: FlowPart, work: () => Promise<T>): Promise<T> {
    const previous = this.switchTo(part);
    try {
      return await work();
    } finally {
      this.switchTo(previous);
    }
  }
}
