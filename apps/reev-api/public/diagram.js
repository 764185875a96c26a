// The flow diagram: Mermaid, loaded from this server on the first diagram.

import { $, el } from './dom.js';

let mermaidLoading;
let diagramCount = 0;

/** Mermaid (3.5 MB) is loaded on the first diagram, from this server. */
function loadMermaid() {
  mermaidLoading ??= new Promise((resolve, reject) => {
    const script = el('script', { src: '/assets/mermaid.min.js' });
    script.addEventListener('load', () => {
      window.mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme: 'default' });
      resolve(window.mermaid);
    });
    script.addEventListener('error', () => reject(new Error('Could not load /assets/mermaid.min.js from the server')));
    document.head.append(script);
  });
  return mermaidLoading;
}

export async function renderDiagram(flow) {
  const source = typeof flow?.diagram === 'string' ? flow.diagram : '';
  $('flow-source').textContent = source;
  if (!source) {
    $('flow-caption').textContent = 'The server returned no diagram.';
    return;
  }
  const mermaid = await loadMermaid();
  diagramCount += 1;
  const { svg } = await mermaid.render(`flow-svg-${diagramCount}`, source);
  // Mermaid returns sanitised SVG markup; parsing it in an inert document and adopting the element keeps
  // the page free of innerHTML.
  const parsed = new DOMParser().parseFromString(svg, 'text/html').querySelector('svg');
  if (!parsed) throw new Error('Mermaid produced no SVG for the flow diagram');
  $('flow-diagram').replaceChildren(document.adoptNode(parsed));
  const meta = flow.metadata ?? {};
  $('flow-caption').textContent = `Session ${flow.session_id}: ${meta.state_count ?? '?'} states, ${meta.tool_count ?? '?'} tool calls${
    typeof meta.execution_time_ms === 'number' ? `, ${Math.round(meta.execution_time_ms)} ms` : ''
  }.`;
}
