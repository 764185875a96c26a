export type { Agent, AgentStepRequest, AgentStepResponse, AgentUsage } from './lib/agent';
