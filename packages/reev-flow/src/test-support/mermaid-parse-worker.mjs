// Parses Mermaid documents with the real mermaid package, in plain Node (mermaid is ESM-only, which
// Jest's CommonJS runtime cannot import). Reads one JSON request per line on stdin, {id, text}, and
// writes one JSON reply per line on stdout: {id, ok: true, diagramType, nodes, edges} or {id, ok: false, error}.
import { createInterface } from 'node:readline';
import { JSDOM } from 'jsdom';

// mermaid's parser passes every label through DOMPurify, which needs a DOM window when it is first imported.
globalThis.window = new JSDOM('').window;
const { default: mermaid } = await import('mermaid');
mermaid.initialize({ startOnLoad: false });

async function parse(text) {
  // mermaid.parse is the public validation API: it throws on any syntax error.
  const { diagramType } = await mermaid.parse(text);
  // The same parse again for the structure the renderer would draw (states, parents, classes, edges).
  const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
  const data = diagram.db.getData();
  return {
    diagramType,
    nodes: data.nodes.map((node) => ({
      id: node.id,
      label: String(node.label ?? ''),
      shape: node.shape,
      parentId: node.parentId ?? null,
      isGroup: Boolean(node.isGroup),
      classes: String(node.cssClasses ?? '').split(/\s+/).filter(Boolean),
      description: Array.isArray(node.description) ? node.description.map(String) : [],
    })),
    edges: data.edges.map((edge) => ({ start: edge.start, end: edge.end })),
  };
}

for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() === '') continue;
  const { id, text } = JSON.parse(line);
  let reply;
  try {
    reply = { id, ok: true, ...(await parse(text)) };
  } catch (error) {
    reply = { id, ok: false, error: String(error?.message ?? error) };
  }
  process.stdout.write(`${JSON.stringify(reply)}\n`);
}
