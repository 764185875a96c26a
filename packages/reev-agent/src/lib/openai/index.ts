export { AgentConfigurationError } from './errors';
export {
  isModelRouteName,
  MODEL_ROUTE_NAMES,
  resolveModelRoute,
  type ModelProvider,
  type ModelRoute,
  type ModelRouteEnvironment,
  type ResolveModelRouteOptions,
} from './model-route';
export { checkModelRoute, type CheckModelRouteOptions, type ModelRouteCheck } from './preflight';
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from './model-call';
export type { ModelReply, ModelToolCall } from './model-reply';
export {
  InMemoryResponseCache,
  RESPONSE_CACHE_MODES,
  responseCacheKey,
  type ResponseCache,
  type ResponseCacheEntry,
  type ResponseCacheKeyInput,
  type ResponseCacheMode,
  type ResponseCacheSettings,
} from './response-cache';
export { canonicalJson } from './canonical-json';
export { callCostUsd, type ModelPrice, type PriceTable } from './usage';
export {
  createOpenAiCompatibleAgent,
  OpenAiCompatibleAgent,
  type CreateOpenAiCompatibleAgentOptions,
  type OpenAiCompatibleAgentOptions,
  type SamplingParameters,
} from './openai-compatible-agent';
