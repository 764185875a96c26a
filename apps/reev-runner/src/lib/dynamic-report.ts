import type { Colors } from 'picocolors/types';
import type { FlowRunResult } from '@reev/orchestrator';
import { wireExecutionStatus, type DynamicFlowPlan, type StepResult } from '@reev/types';
import { usageText } from './report';

export function renderPlan(plan: DynamicFlowPlan, pc: Colors): string {
  const lines = [
    `${pc.bold('Plan')} ${plan.flow_id} (${plan.metadata.category}, ${plan.atomic_mode}, planner ${plan.metadata.planner}): ${plan.steps.length} steps`,
    ...plan.steps.map(
      (step, index) =>
        `  ${index + 1}. ${step.step_id}  ${step.required_tools.join(', ')}  — ${step.prompt_template}${step.critical ? '' : pc.dim(' (optional)')}`,
    ),
    '',
  ];
  return `${lines.join('\n')}\n`;
}

export function renderStepLine(result: StepResult, pc: Colors): string {
  const mark = result.success ? pc.green('✔') : result.status === 'skipped' ? pc.yellow('○') : pc.red('✘');
  const tools = result.tool_calls.map((call) => call.tool_name).join(', ') || 'no tool calls';
  const attempt = result.attempt > 1 ? ` (attempt ${result.attempt})` : '';
  const error = result.error_message ? pc.red(` — ${result.error_message}`) : '';
  return `${mark} ${result.step_id}${attempt}: ${result.status}, score ${result.score.toFixed(2)}, ${tools}, ${Math.round(result.execution_time_ms)} ms${usageText(result.usage)}${error}\n`;
}

export function renderFlowSummary(result: FlowRunResult, database: string, pc: Colors): string {
  const lines = [
    '',
    `${result.success ? pc.green('✔') : pc.red('✘')} flow ${result.flow_id}: ${result.status}, score ${result.score.toFixed(3)}, ${result.completed_steps}/${result.total_steps} steps, ${Math.round(result.execution_time_ms)} ms`,
    `  execution ${result.execution_id}`,
    result.consolidated_session_id
      ? `  consolidated session ${result.consolidated_session_id} (stored in ${database})`
      : pc.red(`  consolidation failed: ${result.consolidation_error ?? 'unknown error'}`),
  ];
  if (result.error_message) lines.push(pc.red(`  ${result.error_message}`));
  if (result.questions) lines.push(...result.questions.map((question) => `  ? ${question}`));
  return `${lines.join('\n')}\n`;
}

export function renderDynamicJson(result: FlowRunResult): string {
  return `${JSON.stringify({ ...result, status: wireExecutionStatus(result.status) }, null, 2)}\n`;
}
