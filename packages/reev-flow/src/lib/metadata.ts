import { planFlowGraph } from './flow-graph';
import { readFlowRun, type FlowInput } from './flow-run';

/** The `metadata` of GET /api/v1/flows/{id}, in the original API's field names. */
export interface FlowMetadata {
  /** States in the diagram toMermaid draws: prompt, agent, one per step, one per tool call, end. */
  state_count: number;
  tool_count: number;
  /** The execution's wall time; for a session log without an end time, the time spent in tool calls. */
  execution_time_ms: number;
  benchmark_id?: string;
}

export function flowMetadata(input: FlowInput): FlowMetadata {
  const run = readFlowRun(input, 'flowMetadata');
  return {
    state_count: planFlowGraph(run).stateCount,
    tool_count: run.steps.reduce((sum, step) => sum + step.toolCalls.length, 0),
    execution_time_ms: run.executionTimeMs,
    ...(run.benchmarkId !== undefined ? { benchmark_id: run.benchmarkId } : {}),
  };
}
