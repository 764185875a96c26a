import { deepFreeze, TOOL_NAMES, type ToolInvocation, type ToolName, type ToolOutcome, type ToolSpec } from '@reev/types';
import { z } from 'zod';
import type { ToolContext } from './context';
import type { Tool } from './tool';
import { jupiterLendEarnDepositTool, jupiterLendEarnMintTool, jupiterLendEarnRedeemTool, jupiterLendEarnWithdrawTool, jupiterSwapTool } from './tools/jupiter';
import { getJupiterLendEarnPositionTool, getJupiterLendEarnTokensTool } from './tools/jupiter-lend-reads';
import { getAccountBalanceTool, solTransferTool, splTransferTool } from './tools/native';

/** A validated call: the tool and its parsed arguments, or why the call cannot run. */
export type ValidatedInvocation =
  | { ok: true; tool: Tool; args: unknown }
  | { ok: false; error: string };

function formatIssues(toolName: string, issues: readonly z.core.$ZodIssue[]): string {
  const parts = issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') return `unknown argument ${issue.keys.map((key) => `"${key}"`).join(', ')}`;
    const path = issue.path.map(String).join('.');
    return path === '' ? issue.message : `${path}: ${issue.message}`;
  });
  return `invalid arguments for ${toolName}: ${parts.join('; ')}`;
}

/** The invocation's arguments as a value: LLM APIs deliver them as a JSON string. */
function argumentsValue(raw: unknown): { ok: true; value: unknown } | { ok: false; error: string } {
  if (typeof raw !== 'string') return { ok: true, value: raw ?? {} };
  if (raw.trim() === '') return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(raw) as unknown };
  } catch (error) {
    return { ok: false, error: `the arguments are not valid JSON (${(error as Error).message})` };
  }
}

export class ToolRegistry {
  private readonly tools: ReadonlyMap<ToolName, Tool>;
  /** JSON schemas are computed once (every step of every run asks for them), frozen: every caller shares them. */
  private readonly specsByName: ReadonlyMap<ToolName, ToolSpec>;

  constructor(tools: readonly Tool[]) {
    const byName = new Map<ToolName, Tool>();
    const specs = new Map<ToolName, ToolSpec>();
    for (const tool of tools) {
      if (byName.has(tool.name)) throw new Error(`tool "${tool.name}" is registered twice`);
      byName.set(tool.name, tool);
      const { $schema: _dialect, ...parameters } = z.toJSONSchema(tool.parameters) as Record<string, unknown>;
      specs.set(tool.name, deepFreeze({ name: tool.name, description: tool.description, parameters }));
    }
    this.tools = byName;
    this.specsByName = specs;
  }

  get names(): ToolName[] {
    return [...this.tools.keys()];
  }

  get(name: ToolName): Tool | undefined {
    return this.tools.get(name);
  }

  /**
   * The tools an agent may call (all, or those in `allowed`), with JSON-schema parameters for LLM tool calling.
   * The specs are frozen and shared, not copied: a step's agent only reads them, and a copy per step cost more than
   * the rest of the step's bookkeeping.
   */
  specs(allowed?: readonly ToolName[]): ToolSpec[] {
    return this.available(allowed).map((tool) => this.specsByName.get(tool.name) as ToolSpec);
  }

  /** Finds the tool and parses the arguments; never throws. */
  validate(invocation: ToolInvocation, allowed?: readonly ToolName[]): ValidatedInvocation {
    const tool = this.tools.get(invocation.name as ToolName);
    if (!tool) {
      return { ok: false, error: `unknown tool "${invocation.name}"; available tools: ${this.available(allowed).map((t) => t.name).join(', ')}` };
    }
    if (allowed && !allowed.includes(tool.name)) {
      return { ok: false, error: `tool "${tool.name}" is not allowed here; allowed tools: ${allowed.join(', ')}` };
    }
    const raw = argumentsValue(invocation.arguments);
    if (!raw.ok) return { ok: false, error: `invalid arguments for ${tool.name}: ${raw.error}` };
    const parsed = tool.parameters.safeParse(raw.value);
    if (!parsed.success) return { ok: false, error: formatIssues(tool.name, parsed.error.issues) };
    return { ok: true, tool, args: parsed.data };
  }

  /**
   * Validates and runs one tool call. Never throws: an invalid call, a tool error or a failed transaction comes back
   * as ok:false with the reason in words.
   */
  async invoke(context: ToolContext, invocation: ToolInvocation, allowed?: readonly ToolName[]): Promise<ToolOutcome> {
    const validated = this.validate(invocation, allowed);
    if (!validated.ok) return { ok: false, output: null, error: validated.error, transactions: [] };
    try {
      const execution = await validated.tool.execute(context, validated.args);
      const failed = execution.transactions.find((transaction) => transaction.status === 'Failure');
      const error = execution.error ?? (failed ? `transaction failed: ${failed.error ?? 'no reason reported'}` : undefined);
      return error === undefined
        ? { ok: true, output: execution.output, transactions: execution.transactions }
        : { ok: false, output: execution.output, error, transactions: execution.transactions };
    } catch (error) {
      return {
        ok: false,
        output: null,
        error: `${validated.tool.name} failed: ${error instanceof Error ? error.message : String(error)}`,
        transactions: [],
      };
    }
  }

  private available(allowed?: readonly ToolName[]): Tool[] {
    return [...this.tools.values()].filter((tool) => !allowed || allowed.includes(tool.name));
  }
}

/** Every tool, in the order of TOOL_NAMES. */
export const ALL_TOOLS: readonly Tool[] = [
  getAccountBalanceTool,
  solTransferTool,
  splTransferTool,
  jupiterSwapTool,
  jupiterLendEarnDepositTool,
  jupiterLendEarnWithdrawTool,
  jupiterLendEarnMintTool,
  jupiterLendEarnRedeemTool,
  getJupiterLendEarnPositionTool,
  getJupiterLendEarnTokensTool,
].sort((a, b) => TOOL_NAMES.indexOf(a.name) - TOOL_NAMES.indexOf(b.name));

/** A registry with all ten tools. */
export function createToolRegistry(): ToolRegistry {
  return new ToolRegistry(ALL_TOOLS);
}
