import { planFlowGraph, type StepState } from './flow-graph';
import { readFlowRun, isFailedToolCall, type FlowInput, type StepOutcome } from './flow-run';
import {
  agentText,
  endText,
  promptText,
  stepErrorText,
  stepScoreText,
  stepTitle,
  toolCallText,
  toolErrorText,
} from './flow-text';
import { DEFAULT_MAX_LABEL_LENGTH, mermaidLabel } from './mermaid-label';
import { requirePositiveInteger, shorten } from './text';

export interface MermaidOptions {
  /** Longest label, in characters; longer text is cut with "…". Default 80. */
  maxLabelLength?: number;
  /** Longest excerpt of the user prompt in the Prompt state. Default 60. */
  maxPromptLength?: number;
}

export const DEFAULT_MAX_MERMAID_PROMPT_LENGTH = 60;

type StateClass = 'failed' | 'skipped' | 'waiting';

/** Colours of the marked states; only the classes a diagram uses are defined in it. */
const CLASS_STYLES: Readonly<Record<StateClass, string>> = {
  failed: 'fill:#fde2e2,stroke:#c0392b,color:#7b241c',
  skipped: 'fill:#f2f2f2,stroke:#9e9e9e,color:#6e6e6e,stroke-dasharray:4 4',
  waiting: 'fill:#fff4d6,stroke:#c99700,color:#6b5000',
};

const STEP_CLASS: Readonly<Record<StepOutcome, StateClass | undefined>> = {
  succeeded: undefined,
  failed: 'failed',
  skipped: 'skipped',
  needs_input: 'waiting',
  unrecorded: undefined,
};

/**
 * A run as a Mermaid `stateDiagram-v2`: [*] → Prompt → Agent → one state per step (a composite state holding
 * one state per tool call, in order, when the step called tools) → End → [*]. Each step has a note with its
 * score (and its error); failed steps and tool calls are in class `failed`, skipped steps in `skipped`,
 * steps waiting for user input in `waiting`. Every label is escaped (see mermaidLabel).
 */
export function toMermaid(input: FlowInput, options: MermaidOptions = {}): string {
  const run = readFlowRun(input, 'toMermaid');
  const maxLabel = requirePositiveInteger(options.maxLabelLength ?? DEFAULT_MAX_LABEL_LENGTH, 'toMermaid: options.maxLabelLength');
  const maxPrompt = requirePositiveInteger(options.maxPromptLength ?? DEFAULT_MAX_MERMAID_PROMPT_LENGTH, 'toMermaid: options.maxPromptLength');
  const label = (text: string) => mermaidLabel(text, maxLabel);
  const graph = planFlowGraph(run);
  const classes = new Map<StateClass, string[]>();
  const mark = (id: string, stateClass: StateClass | undefined) => {
    if (stateClass) classes.set(stateClass, [...(classes.get(stateClass) ?? []), id]);
  };

  const body: string[] = [
    `state "${label(`Prompt · ${shorten(promptText(run), maxPrompt)}`)}" as ${graph.promptId}`,
    `state "${label(agentText(run))}" as ${graph.agentId}`,
    `[*] --> ${graph.promptId}`,
    `${graph.promptId} --> ${graph.agentId}`,
  ];
  let previous = graph.agentId;
  for (const state of graph.steps) {
    body.push(...stepLines(state, label, mark));
    body.push(`${previous} --> ${state.id}`);
    previous = state.id;
  }
  body.push(`state "${label(endText(run))}" as ${graph.endId}`, `${previous} --> ${graph.endId}`, `${graph.endId} --> [*]`);

  const used = [...classes.keys()];
  return [
    'stateDiagram-v2',
    ...used.map((name) => `  classDef ${name} ${CLASS_STYLES[name]}`),
    ...body.map((line) => `  ${line}`),
    ...used.map((name) => `  class ${(classes.get(name) ?? []).join(',')} ${name}`),
    '',
  ].join('\n');
}

function stepLines(
  state: StepState,
  label: (text: string) => string,
  mark: (id: string, stateClass: StateClass | undefined) => void,
): string[] {
  const { step } = state;
  mark(state.id, STEP_CLASS[step.outcome]);
  const title = `state "${label(stepTitle(step))}" as ${state.id}`;
  const lines: string[] = [];
  if (state.tools.length === 0) {
    lines.push(title);
  } else {
    lines.push(`${title} {`);
    for (const tool of state.tools) {
      lines.push(`  state "${label(toolCallText(tool.call))}" as ${tool.id}`);
      const error = toolErrorText(tool.call);
      if (error !== undefined) lines.push(`  ${tool.id} : ${label(error)}`);
      if (isFailedToolCall(tool.call)) mark(tool.id, 'failed');
    }
    const ids = state.tools.map((tool) => tool.id);
    lines.push(`  [*] --> ${ids[0]}`);
    for (let index = 1; index < ids.length; index++) lines.push(`  ${ids[index - 1]} --> ${ids[index]}`);
    lines.push(`  ${ids[ids.length - 1]} --> [*]`, '}');
  }
  const error = stepErrorText(step);
  lines.push(`note right of ${state.id} : ${label(error === undefined ? stepScoreText(step) : `${stepScoreText(step)} · ${error}`)}`);
  return lines;
}
