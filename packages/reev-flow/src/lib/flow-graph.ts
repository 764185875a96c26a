import type { ToolCallRecord } from '@reev/types';
import type { FlowRun, FlowStep } from './flow-run';

export interface ToolState {
  id: string;
  call: ToolCallRecord;
}

export interface StepState {
  id: string;
  step: FlowStep;
  /** Empty for a step that called no tool; the step is then a plain state, else a composite one. */
  tools: ToolState[];
}

/** The states of a run's diagram with their ids (s0, s1, … in drawing order; never taken from user text). */
export interface FlowGraph {
  promptId: string;
  agentId: string;
  steps: StepState[];
  endId: string;
  /** Every state drawn: prompt, agent, one per step, one per tool call, end. */
  stateCount: number;
}

export function planFlowGraph(run: FlowRun): FlowGraph {
  let next = 0;
  const newId = () => `s${next++}`;
  const promptId = newId();
  const agentId = newId();
  const steps = run.steps.map((step): StepState => {
    const id = newId();
    return { id, step, tools: step.toolCalls.map((call) => ({ id: newId(), call })) };
  });
  const endId = newId();
  return { promptId, agentId, steps, endId, stateCount: next };
}
