import type { ExecutionStatus, StepResult } from '@reev/types';
import type { ConsolidationOutcome } from '../consolidation/consolidate';

export type ExecutionEvent =
  | { type: 'execution_started'; executionId: string }
  | { type: 'step_started'; executionId: string; stepIndex: number; stepId: string }
  | { type: 'step_finished'; executionId: string; stepIndex: number; stepId: string; result: StepResult }
  | { type: 'consolidated'; executionId: string; outcome: ConsolidationOutcome }
  | { type: 'done'; executionId: string; status: ExecutionStatus; score: number; error?: string };

/** Receives live progress of an execution (CLI progress, API server-sent events). */
export interface ExecutionEvents {
  emit(event: ExecutionEvent): void;
}
