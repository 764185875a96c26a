export {
  assertionAddresses,
  DEFAULT_FLOW_MIN_SCORE,
  DEFAULT_MIN_SCORE,
  INSTRUCTION_SHARE,
  ON_CHAIN_SHARE,
  scoreOutcome,
} from './score';
export { marketValuation, type PortfolioValuation, type ValuedToken } from './valuation';
export type {
  AddressResolver,
  AssertionCheck,
  Check,
  InstructionCheck,
  InstructionPartCheck,
  ScoreBreakdown,
  ScoreInput,
  ToolCallCheck,
  ToolCallRecord,
  TransactionStatusCheck,
} from './types';
