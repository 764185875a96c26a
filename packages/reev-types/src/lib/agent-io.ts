import type { Observation, TransactionResult } from './chain';
import type { ToolName } from './tool-name';

/** A tool as an agent sees it: the parameters are a JSON schema (from the tool's zod schema). */
export interface ToolSpec {
  name: ToolName;
  description: string;
  parameters: Record<string, unknown>;
}

/** One tool call an agent makes. `arguments` is untrusted: the tool validates it. */
export interface ToolInvocation {
  callId: string;
  name: string;
  arguments: unknown;
}

/** What comes back to the agent from one tool call. */
export interface ToolOutcome {
  ok: boolean;
  /** What the agent sees (JSON-serialisable). */
  output: unknown;
  /** Error in words when ok is false. */
  error?: string;
  /** Transactions the call executed on the environment (empty for read-only tools). */
  transactions: TransactionResult[];
}

export interface KnownToken {
  symbol: string;
  mint: string;
  decimals: number;
}

/** The on-chain context an agent gets with each step prompt. */
export interface AgentContext {
  /** The acting wallet (resolved USER_WALLET_PUBKEY). */
  wallet: string;
  /** Placeholder name → resolved base58 address, e.g. RECIPIENT_WALLET_PUBKEY → 8x…. */
  keyMap: Record<string, string>;
  observation: Observation;
  /** Tokens the environment knows by symbol (USDC, SOL, jlUSDC, …). */
  tokens: KnownToken[];
}
