// Test helpers shared by every project's specs and test-support code; nothing else may import this package.
export {
  always,
  type ChatAnswerer,
  type ChatMessage,
  type ChatRequestBody,
  closedPort,
  completionBody,
  errorReply,
  ModelServer,
  type ModelServerOptions,
  type RecordedRequest,
  reply,
  type ScriptedCompletion,
  type ScriptedResponse,
  type ScriptedToolCall,
} from './lib/model-server';
export { contentOf, POLICY_MODEL_NAME, type PolicyAgent, type PolicyAnswer, type PolicyModelOptions, startPolicyModelServer } from './lib/policy-model';
export { withoutRunIdentity } from './lib/run-identity';
export { originalBenchmarksDir } from './lib/original-benchmarks';
export { replanningPlanner, type TestPlanner } from './lib/replanning-planner';
