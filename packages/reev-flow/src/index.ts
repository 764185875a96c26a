export { toMermaid, DEFAULT_MAX_MERMAID_PROMPT_LENGTH, type MermaidOptions } from './lib/mermaid';
export { toAscii, DEFAULT_MAX_LINE_LENGTH, DEFAULT_MAX_ASCII_PROMPT_LENGTH, type AsciiOptions } from './lib/ascii';
export { flowMetadata, type FlowMetadata } from './lib/metadata';
export { mermaidLabel, DEFAULT_MAX_LABEL_LENGTH } from './lib/mermaid-label';
export { describeToolCall, describeToolArguments, shortAddress } from './lib/tool-call-summary';
export type { FlowInput } from './lib/flow-run';
