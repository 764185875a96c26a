import type { ToolCallRecord } from '@reev/types';
import { readFlowRun, isFailedToolCall, type FlowInput, type FlowRun, type FlowStep, type StepOutcome } from './flow-run';
import {
  agentText,
  endText,
  formatDuration,
  promptText,
  stepErrorText,
  stepScoreText,
  stepTitle,
  toolCallText,
  toolErrorText,
} from './flow-text';
import { requirePositiveInteger, shorten } from './text';

export interface AsciiOptions {
  /** Colour marks, errors and skipped steps with ANSI escape codes. Default false (plain text). */
  color?: boolean;
  /** Longest text on one line (before the tree's indentation); longer text is cut with "…". Default 120. */
  maxLineLength?: number;
  /** Longest excerpt of the user prompt. Default 100. */
  maxPromptLength?: number;
}

export const DEFAULT_MAX_LINE_LENGTH = 120;
export const DEFAULT_MAX_ASCII_PROMPT_LENGTH = 100;

type Tone = 'success' | 'failure' | 'muted' | 'attention' | 'heading';

const ANSI: Readonly<Record<Tone, [string, string]>> = {
  success: ['\u001b[32m', '\u001b[39m'],
  failure: ['\u001b[31m', '\u001b[39m'],
  attention: ['\u001b[33m', '\u001b[39m'],
  muted: ['\u001b[2m', '\u001b[22m'],
  heading: ['\u001b[1m', '\u001b[22m'],
};

const STEP_TONE: Readonly<Record<StepOutcome, Tone | undefined>> = {
  succeeded: 'success',
  failed: 'failure',
  skipped: 'muted',
  needs_input: 'attention',
  unrecorded: undefined,
};

interface TreeNode {
  text: string;
  children: TreeNode[];
}

/**
 * A run as a terminal tree: the prompt and agent, one branch per step (✔/✘/⊘ mark, status, score,
 * duration) with its tool calls and their key arguments below, errors on their own lines, and the end
 * summary. Text from the run is put on one line and cut; control characters (ESC included) never reach
 * the terminal. Plain by default; `color: true` adds ANSI colours.
 */
export function toAscii(input: FlowInput, options: AsciiOptions = {}): string {
  const run = readFlowRun(input, 'toAscii');
  const maxLine = requirePositiveInteger(options.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH, 'toAscii: options.maxLineLength');
  const maxPrompt = requirePositiveInteger(options.maxPromptLength ?? DEFAULT_MAX_ASCII_PROMPT_LENGTH, 'toAscii: options.maxPromptLength');
  const paint = (text: string, tone: Tone | undefined) =>
    options.color === true && tone !== undefined ? `${ANSI[tone][0]}${text}${ANSI[tone][1]}` : text;
  const line = (text: string, tone?: Tone) => paint(shorten(text, maxLine), tone);

  const lines = [
    line(headerText(run), 'heading'),
    line(`Prompt · ${shorten(promptText(run), maxPrompt)}`),
    line(agentText(run)),
    ...drawTree(run.steps.map((step) => stepNode(step, line))),
    line(endText(run), 'heading'),
  ];
  return `${lines.join('\n')}\n`;
}

function headerText(run: FlowRun): string {
  const parts = [run.benchmarkId === undefined ? 'Run' : `Run ${run.benchmarkId}`, `execution ${run.executionId}`];
  parts.push(run.source === 'consolidated' ? `consolidated session ${run.id}` : `session ${run.id}`);
  return parts.join(' · ');
}

function stepNode(step: FlowStep, line: (text: string, tone?: Tone) => string): TreeNode {
  const facts = [stepTitle(step), stepScoreText(step)];
  if (step.durationMs !== undefined && step.outcome !== 'skipped') facts.push(formatDuration(step.durationMs));
  const children = step.toolCalls.map((call) => toolNode(call, line));
  const error = stepErrorText(step);
  if (error !== undefined) {
    const tone = step.outcome === 'skipped' ? 'muted' : 'failure';
    children.push({ text: line(step.outcome === 'skipped' ? error : `error: ${error}`, tone), children: [] });
  }
  return { text: line(facts.join(' · '), STEP_TONE[step.outcome]), children };
}

function toolNode(call: ToolCallRecord, line: (text: string, tone?: Tone) => string): TreeNode {
  const error = toolErrorText(call);
  return {
    text: line(toolCallText(call), isFailedToolCall(call) ? 'failure' : undefined),
    children: error === undefined ? [] : [{ text: line(`error: ${error}`, 'failure'), children: [] }],
  };
}

function drawTree(nodes: TreeNode[], indent = ''): string[] {
  return nodes.flatMap((node, index) => {
    const last = index === nodes.length - 1;
    return [`${indent}${last ? '└── ' : '├── '}${node.text}`, ...drawTree(node.children, `${indent}${last ? '    ' : '│   '}`)];
  });
}
