export { assertionAddresses, scoreOutcome } from './score';
export {
  averageStepScore,
  dynamicRunScore,
  dynamicStepScore,
  flowScore,
  INSTRUCTION_SHARE,
  ON_CHAIN_SHARE,
  outcomeScore,
  staticFlowStepScore,
  staticRunScore,
  type DynamicRunScoreInput,
} from './flow-score';
export {
  DEFAULT_FLOW_MIN_SCORE,
  DEFAULT_MIN_SCORE,
  judgeFlow,
  judgeOutcome,
  minScoreOf,
  PASS_RULE,
  withConditions,
  type FlowConditions,
  type OutcomeConditions,
  type PassVerdict,
} from './pass-rule';
export { scoredToolCalls } from './tool-calls';
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
