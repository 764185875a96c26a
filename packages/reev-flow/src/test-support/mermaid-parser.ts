import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

/** A state (or note, or start/end marker) as mermaid's state diagram database holds it after parsing. */
export interface ParsedNode {
  id: string;
  /** As mermaid stores it: entity codes still in mermaid's placeholder form (see decodeMermaidText). */
  label: string;
  shape: string;
  parentId: string | null;
  isGroup: boolean;
  classes: string[];
  description: string[];
}

export interface ParsedDiagram {
  diagramType: string;
  nodes: ParsedNode[];
  edges: { start: string; end: string }[];
}

export type ParseReply = ({ ok: true } & ParsedDiagram) | { ok: false; error: string };

interface Pending {
  resolve: (reply: ParseReply) => void;
  reject: (error: Error) => void;
}

const WORKER = path.join(__dirname, 'mermaid-parse-worker.mjs');
/** For the beforeAll hook that starts the worker: loading jsdom and mermaid is slow on a loaded machine. */
export const MERMAID_START_TIMEOUT_MS = 120_000;

/**
 * The real mermaid parser (mermaid 11, `mermaid.parse` plus the state diagram database), run in a child
 * Node process because mermaid is ESM-only. Start one per spec file and close it afterwards.
 */
export class MermaidParser {
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private stderr = '';
  private exited: Error | undefined;

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (this.stderr += chunk));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const reply = JSON.parse(line) as { id: number } & ParseReply;
      const waiting = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      waiting?.resolve(reply);
    });
    child.on('exit', (code, signal) => {
      this.exited = new Error(`mermaid parse worker exited (code ${code}, signal ${signal}): ${this.stderr.trim()}`);
      for (const waiting of this.pending.values()) waiting.reject(this.exited);
      this.pending.clear();
    });
  }

  /** Starts the worker and waits until mermaid is loaded (seconds on a busy machine: give the hook time). */
  static async start(): Promise<MermaidParser> {
    const parser = new MermaidParser(spawn(process.execPath, [WORKER], { stdio: ['pipe', 'pipe', 'pipe'] }));
    await parser.parseValid('stateDiagram-v2\n  [*] --> s0');
    return parser;
  }

  parse(text: string): Promise<ParseReply> {
    if (this.exited) return Promise.reject(this.exited);
    const id = this.nextId++;
    return new Promise<ParseReply>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.stdin.write(`${JSON.stringify({ id, text })}\n`);
    });
  }

  /** The parsed diagram; throws with mermaid's error and the document when mermaid rejects it. */
  async parseValid(text: string): Promise<ParsedDiagram> {
    const reply = await this.parse(text);
    if (!reply.ok) throw new Error(`mermaid rejected the diagram: ${reply.error}\n--- diagram ---\n${text}`);
    return reply;
  }

  close(): Promise<void> {
    if (this.exited) return Promise.resolve();
    return new Promise((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.stdin.end();
    });
  }
}

/** Mermaid's placeholders for entity codes (`#58;` is stored as `ﬂ°°58¶ß`) turned back into characters. */
export function decodeMermaidText(text: string): string {
  return text.replace(/\ufb02\u00b0\u00b0(\d+)\u00b6\u00df/g, (_, code: string) => String.fromCodePoint(Number(code)));
}

/** A parsed diagram read the way a person reads the picture: states, notes and transitions, labels decoded. */
export interface DiagramView {
  /** Drawn states by id (not the [*] markers, not notes). */
  states: Map<string, { label: string; parentId: string | null; classes: string[]; description: string[]; isGroup: boolean }>;
  /** Note text by the id of the state it is attached to. */
  notes: Map<string, string>;
  /** Transitions between drawn states and [*] markers, as "from --> to". */
  transitions: string[];
}

export function viewDiagram(diagram: ParsedDiagram): DiagramView {
  const states: DiagramView['states'] = new Map();
  const notes = new Map<string, string>();
  const byId = new Map(diagram.nodes.map((node) => [node.id, node]));
  const noteOwner = new Map<string, string>();
  for (const edge of diagram.edges) {
    if (byId.get(edge.end)?.shape === 'note') noteOwner.set(edge.end, edge.start);
  }
  for (const node of diagram.nodes) {
    if (node.shape === 'note') {
      const owner = noteOwner.get(node.id);
      if (owner === undefined) throw new Error(`note ${node.id} is attached to no state`);
      notes.set(owner, decodeMermaidText(node.label));
    } else if (node.shape !== 'noteGroup' && node.shape !== 'stateStart' && node.shape !== 'stateEnd') {
      states.set(node.id, {
        label: decodeMermaidText(node.label),
        parentId: node.parentId,
        classes: node.classes.filter((name) => !name.startsWith('statediagram-')),
        description: node.description.map(decodeMermaidText),
        isGroup: node.isGroup,
      });
    }
  }
  const marker = (id: string) => {
    const shape = byId.get(id)?.shape;
    return shape === 'stateStart' || shape === 'stateEnd' ? '[*]' : id;
  };
  const transitions = diagram.edges
    .filter((edge) => byId.get(edge.end)?.shape !== 'note')
    .map((edge) => `${marker(edge.start)} --> ${marker(edge.end)}`);
  return { states, notes, transitions };
}
