import type { FlowMetadata } from '@reev/flow';
import { MERMAID_SCRIPT_URL } from '../web';

/** Mermaid's SVG carries inline styles; scripts come only from this server. */
export const FLOW_PAGE_CSP = "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:";

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

export interface FlowPageInput {
  sessionId: string;
  executionId: string;
  source: 'consolidated' | 'session';
  diagram: string;
  metadata: FlowMetadata;
}

/** A small page that renders (mermaid served locally by the web page plugin: no CDN, works offline) the diagram with the locally served mermaid; without it the diagram text shows. */
export function flowPage(input: FlowPageInput): string {
  const facts: [string, string][] = [
    ['execution', input.executionId],
    ['source', input.source === 'consolidated' ? 'consolidated session' : 'single session log'],
    ...(input.metadata.benchmark_id !== undefined ? [['benchmark', input.metadata.benchmark_id] as [string, string]] : []),
    ['tool calls', String(input.metadata.tool_count)],
    ['states', String(input.metadata.state_count)],
    ['execution time', `${Math.round(input.metadata.execution_time_ms)} ms`],
  ];
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Flow ${escapeHtml(input.sessionId)}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2rem; color: #1f2328; }
dl { display: grid; grid-template-columns: max-content auto; gap: 0.25rem 1rem; }
dt { font-weight: 600; }
pre.mermaid { background: #f6f8fa; padding: 1rem; border-radius: 6px; overflow: auto; }
</style>
</head>
<body>
<h1>Flow ${escapeHtml(input.sessionId)}</h1>
<dl>
${facts.map(([term, value]) => `<dt>${escapeHtml(term)}</dt><dd>${escapeHtml(value)}</dd>`).join('\n')}
</dl>
<pre class="mermaid">
${escapeHtml(input.diagram)}
</pre>
<script src="${MERMAID_SCRIPT_URL}"></script>
</body>
</html>
`;
}
