export type { Agent, AgentStepRequest, AgentStepResponse, AgentUsage } from './lib/agent';
export { DeterministicAgent } from './lib/deterministic/deterministic-agent';
export { parseChecks, parseIntents, parsePrompt } from './lib/deterministic/parse-intents';
export { PromptNotUnderstoodError } from './lib/deterministic/intent';
export type {
  AmountSpec,
  BalanceIntent,
  Intent,
  IntentKind,
  LendDepositIntent,
  LendMarket,
  LendMintIntent,
  LendPoolsIntent,
  LendRedeemIntent,
  LendWithdrawIntent,
  ParsedPrompt,
  PositionsIntent,
  SwapIntent,
  TokenRef,
  TransferIntent,
} from './lib/deterministic/intent';
export type { AgentCallUsage } from './lib/agent';
export * from './lib/openai';
