import type { AddressRef, GroundTruth, Observation, TransactionResult, TransactionStatus } from '@reev/types';
import type { PassVerdict } from './pass-rule';
import type { PortfolioValuation } from './valuation';

/** Turns a placeholder, address or ATA derivation into a base58 address (the environment provides it). */
export type AddressResolver = (ref: AddressRef) => Promise<string>;

/** A tool call as scoring sees it. */
export interface ToolCallRecord {
  name: string;
  ok: boolean;
  /** The arguments the agent gave, compared with the ground truth's `arguments` when it states them. */
  input?: unknown;
}

export interface ScoreInput {
  groundTruth: GroundTruth;
  /** A flow benchmark (several steps): min_score defaults to 0.6 instead of 0.75. */
  isFlow: boolean;
  resolveAddress: AddressResolver;
  /** Every transaction the run executed, in order, failed ones included. */
  transactions: readonly TransactionResult[];
  toolCalls: readonly ToolCallRecord[];
  /** Balances at reset and at the end, covering at least assertionAddresses(groundTruth). */
  initial: Observation;
  final: Observation;
  /** The market's prices, for the portfolio assertions (TotalPortfolioValue, …); without it they count as not met. */
  valuation?: PortfolioValuation;
}

/** One thing scoring checked: what it wanted, what it found, and how much it counts. */
export interface Check {
  expected: string;
  found: string;
  weight: number;
  matched: boolean;
  reason: string;
}

/** One component of an expected instruction: the program id, one account, or the data. */
export interface InstructionPartCheck extends Check {
  part: string;
}

export interface InstructionCheck extends Check {
  /** Index in ground_truth.expected_instructions. */
  index: number;
  /** Weight earned: the weights of the parts that matched (0 when no instruction of the program ran). */
  earned: number;
  /** The executed instruction it was paired with. */
  matchedInstruction: { transactionIndex: number; instructionIndex: number } | null;
  parts: InstructionPartCheck[];
}

export interface ToolCallCheck extends Check {
  /** Index in ground_truth.expected_tool_calls. */
  index: number;
  toolName: string;
}

export interface AssertionCheck extends Check {
  /** Index in ground_truth.final_state_assertions. */
  index: number;
  type: string;
  /** The resolved account, or null for assertion types reev cannot evaluate. */
  address: string | null;
  /** The measured number (balance or change, base units), or null when nothing was measured. */
  actual: number | null;
}

export interface TransactionStatusCheck {
  expected: TransactionStatus;
  /** 'None' when no transaction was executed. */
  actual: TransactionStatus | 'None';
  matched: boolean;
  reason: string;
}

export interface ScoreBreakdown {
  /** 0.75 × instructionScore + 0.25 × onChainScore, or onChainScore alone when instructionScore is null. */
  score: number;
  /** pass.passed. */
  passed: boolean;
  /** The pass rule's verdict: score ≥ min_score, every assertion met, the stated transaction status matched. */
  pass: PassVerdict;
  minScore: number;
  /** null when there is nothing to check (no expected instructions or tool calls, or skip_instruction_validation). */
  instructionScore: number | null;
  /** 0 when the transaction status is not the expected one, else the weighted fraction of assertions met. */
  onChainScore: number;
  transactionStatus: TransactionStatusCheck;
  instructionChecks: InstructionCheck[];
  toolCallChecks: ToolCallCheck[];
  assertionChecks: AssertionCheck[];
}
