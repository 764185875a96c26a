import type { AgentStepResponse } from '../../agent';
import type { AgentStepRequest } from '../../agent';
import { DeterministicAgent } from '../deterministic-agent';
import { ALL_TOOL_SPECS, type FakeToolEdge } from './fake-tool-edge';

/** Runs one step of the deterministic agent against `edge`, with the edge's current state as context. */
export function runStep(edge: FakeToolEdge, prompt: string, overrides: Partial<AgentStepRequest> = {}): Promise<AgentStepResponse> {
  return new DeterministicAgent().runStep({
    stepId: 'test-step',
    prompt,
    context: edge.context(),
    tools: ALL_TOOL_SPECS,
    maxTurns: 10,
    runIndex: 0,
    signal: new AbortController().signal,
    callTool: edge.callTool,
    ...overrides,
  });
}
