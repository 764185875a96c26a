import type { Agent } from '@reev/agent';
import type { DatabaseWriterPort } from '@reev/db';
import type { ExecuteOptions, ResetOptions, SolanaEnv } from '@reev/lib';
import type { ExecutionEvent, ExecutionEvents, Planner } from '@reev/orchestrator';
import type { ToolContext } from '@reev/tools';
import type { AddressRef, InstructionRecord, TestCase } from '@reev/types';
import type { FlowPart, Timeline } from './timeline';

/** Writer methods that only read: no commit. */
const READS = new Set<string>(['getSessionsForConsolidation', 'getConsolidatedSession', 'getConsolidatedSessionsByExecution']);
/** Writer methods that neither read nor commit by themselves. */
const NO_COMMIT = new Set<string>(['beginTransaction', 'rollbackTransaction', 'close']);

type WriterMethod = (...args: unknown[]) => Promise<unknown>;

/**
 * The writer with every call timed as `storage` (or `consolidation` while consolidation runs). Counts the
 * commits a flow causes: each top-level write outside a transaction commits on its own, a `transaction()`
 * or `commitTransaction()` commits once for everything inside it.
 */
export function timedWriter(writer: DatabaseWriterPort, timeline: Timeline): DatabaseWriterPort {
  let depth = 0;
  return new Proxy(writer, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || typeof property !== 'string') return value;
      const method = (value as WriterMethod).bind(target);
      return async (...args: unknown[]) => {
        // Consolidation's first writer call is its `transaction()` (a flow's steps are stored by `storeStep`), or a
        // read-back of the stored steps when the executor has none in memory; the `consolidated` event ends it.
        if (property === 'transaction' || property === 'getSessionsForConsolidation') timeline.switchTo('consolidation');
        const part: FlowPart = timeline.part === 'consolidation' ? 'consolidation' : 'storage';
        timeline.writerCalls += 1;
        if (depth === 0 && !READS.has(property) && !NO_COMMIT.has(property)) timeline.commits += 1;
        depth += 1;
        try {
          return await timeline.within(part, () => method(...args));
        } finally {
          depth -= 1;
        }
      };
    },
  });
}

/** Ends the consolidation part when the executor reports it done. */
export function consolidationEvents(timeline: Timeline): ExecutionEvents {
  return {
    emit(event: ExecutionEvent) {
      if (event.type === 'consolidated') timeline.switchTo('other');
    },
  };
}

/**
 * An environment whose calls are timed: reset and close as `environment`, reads as `observation`,
 * transactions (the tools' submit and execute) as `transactions`, each one counted.
 */
export class TimedEnv implements SolanaEnv {
  readonly protocol: SolanaEnv['protocol'];

  constructor(
    private readonly inner: SolanaEnv,
    private readonly timeline: Timeline,
  ) {
    this.protocol = inner.protocol;
  }

  reset(testCase: TestCase, options?: ResetOptions) {
    return this.timeline.within('environment', () => this.inner.reset(testCase, options));
  }

  execute(instructions: InstructionRecord[], options: ExecuteOptions) {
    this.timeline.transactions += 1;
    return this.timeline.within('transactions', () => this.inner.execute(instructions, options));
  }

  observe(extraAddresses?: string[]) {
    return this.timeline.within('observation', () => this.inner.observe(extraAddresses));
  }

  resolveAddress(reference: string | AddressRef) {
    return this.timeline.within('observation', () => this.inner.resolveAddress(reference));
  }

  agentContext() {
    return this.timeline.within('observation', () => this.inner.agentContext());
  }

  toolContext(): ToolContext {
    const context = this.inner.toolContext();
    const timeline = this.timeline;
    return {
      wallet: context.wallet,
      tokens: context.tokens,
      market: context.market,
      getSolBalance: (account) => timeline.within('observation', () => context.getSolBalance(account)),
      getTokenAccount: (account) => timeline.within('observation', () => context.getTokenAccount(account)),
      listTokenAccounts: (owner) => timeline.within('observation', () => context.listTokenAccounts(owner)),
      associatedTokenAddress: (owner, mint) => timeline.within('observation', () => context.associatedTokenAddress(owner, mint)),
      submit: (instructions, options) => {
        timeline.transactions += 1;
        return timeline.within('transactions', () => context.submit(instructions, options));
      },
    };
  }

  close() {
    return this.timeline.within('environment', () => this.inner.close());
  }
}

export function timedPlanner(planner: Planner, timeline: Timeline): Planner {
  return {
    kind: planner.kind,
    plan: (prompt, context, tokens) => timeline.within('planning', () => planner.plan(prompt, context, tokens)),
  };
}

/** The agent's own time: its parsing, decisions and tool-side instruction building, without the parts it calls. */
export function timedAgent(agent: Agent, timeline: Timeline): Agent {
  return {
    name: agent.name,
    runStep: (request) => timeline.within('agent', () => agent.runStep(request)),
  };
}
