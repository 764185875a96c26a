import type { ToolName, TransactionResult } from '@reev/types';
import type { z } from 'zod';
import type { ToolContext } from './context';

/** What a tool's execution produced. The registry turns it into a ToolOutcome. */
export interface ToolExecution {
  /** What the agent sees (JSON-serialisable). */
  output: unknown;
  transactions: TransactionResult[];
  /** Why the tool could not do what was asked, in words (failed transactions report their own error). */
  error?: string;
}

export interface Tool<TArgs = unknown> {
  readonly name: ToolName;
  /** For LLMs: what the tool does and the unit of every amount. */
  readonly description: string;
  readonly parameters: z.ZodType<TArgs>;
  execute(context: ToolContext, args: TArgs): Promise<ToolExecution>;
}

/** Declares a tool whose `execute` receives the parsed (typed) arguments of its zod schema. */
export function defineTool<TArgs>(tool: {
  name: ToolName;
  description: string;
  parameters: z.ZodType<TArgs>;
  execute(context: ToolContext, args: TArgs): Promise<ToolExecution>;
}): Tool<TArgs> {
  return tool;
}

/** A read-only tool's result, or a refusal before any transaction was built. */
export function noTransaction(output: unknown, error?: string): ToolExecution {
  return error === undefined ? { output, transactions: [] } : { output, transactions: [], error };
}
