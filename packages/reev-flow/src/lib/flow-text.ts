import type { ToolCallRecord } from '@reev/types';
import { isFailedToolCall, type FlowRun, type FlowStep, type StepOutcome } from './flow-run';
import { singleLine } from './text';
import { describeToolCall } from './tool-call-summary';

/** The wording both renderings share, as raw text: each renderer escapes and cuts it for its medium. */

export const OUTCOME_MARK: Readonly<Record<StepOutcome, string>> = {
  succeeded: '✔',
  failed: '✘',
  skipped: '⊘',
  needs_input: '⏸',
  unrecorded: '•',
};

export function toolMark(call: ToolCallRecord): string {
  return isFailedToolCall(call) ? OUTCOME_MARK.failed : OUTCOME_MARK.succeeded;
}

export function formatScore(score: number): string {
  return `score ${score.toFixed(2)}`;
}

export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** `text` on one line, or `placeholder` when nothing visible is left of it. */
function visible(text: string | undefined, placeholder: string): string {
  const line = text === undefined ? '' : singleLine(text);
  return line === '' ? placeholder : line;
}

export function promptText(run: FlowRun): string {
  return visible(run.prompt, '(no prompt recorded)');
}

export function agentText(run: FlowRun): string {
  return run.agent === undefined ? 'Agent' : `Agent · ${visible(run.agent, '(unnamed)')}`;
}

function statusWord(step: FlowStep): string {
  if (step.status === 'unrecorded') return 'outcome not recorded';
  if (step.outcome === 'failed' && step.status === 'completed') return 'completed without success';
  return step.status.replace(/_/g, ' ');
}

/** "✘ Step 2 · lend_usdc · failed". */
export function stepTitle(step: FlowStep): string {
  return `${OUTCOME_MARK[step.outcome]} Step ${step.number} · ${visible(step.stepId, '(no step id)')} · ${statusWord(step)}`;
}

export function stepScoreText(step: FlowStep): string {
  return step.score === undefined ? 'no score recorded' : formatScore(step.score);
}

/** The step's error, or for a skipped step without one, that it did not run. */
export function stepErrorText(step: FlowStep): string | undefined {
  if (step.error !== undefined) return visible(step.error, 'unspecified error');
  return step.outcome === 'skipped' ? 'not run' : undefined;
}

/** "✘ jupiter_lend_earn_deposit · 40 USDC". */
export function toolCallText(call: ToolCallRecord): string {
  return `${toolMark(call)} ${describeToolCall({ tool_name: visible(call.tool_name, '(unnamed tool)'), input: call.input })}`;
}

/** Why a failed tool call failed, in words; undefined for a successful one. */
export function toolErrorText(call: ToolCallRecord): string | undefined {
  if (!isFailedToolCall(call)) return undefined;
  return visible(call.error, call.status === 'timeout' ? 'timed out' : 'failed');
}

/** "End · 1/3 steps succeeded · avg score 0.33 · 1.2 s". */
export function endText(run: FlowRun): string {
  const succeeded = run.steps.filter((step) => step.outcome === 'succeeded').length;
  const scores = run.steps.flatMap((step) => (step.score === undefined ? [] : [step.score]));
  const parts = [`End · ${succeeded}/${run.steps.length} steps succeeded`];
  if (scores.length > 0) parts.push(`avg ${formatScore(scores.reduce((sum, score) => sum + score, 0) / scores.length)}`);
  parts.push(formatDuration(run.executionTimeMs));
  return parts.join(' · ');
}
