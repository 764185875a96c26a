import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';

/** A parsed YAML file that can say where each field path is written. */
export class YamlSource {
  private constructor(
    readonly document: Document,
    private readonly lines: LineCounter,
  ) {}

  static parse(text: string): YamlSource {
    const lines = new LineCounter();
    // uniqueKeys is yaml's default; a duplicated key is a syntax error rather than a silent overwrite.
    const document = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: true });
    return new YamlSource(document, lines);
  }

  /** 1-based line and column of a character offset. */
  position(offset: number): { line: number; column: number } {
    const { line, col } = this.lines.linePos(offset);
    return { line, column: col };
  }

  /**
   * Where the field at `path` is written: its value (or its key, with `at: 'key'`). A path that does not exist
   * points at the deepest existing mapping or list on the way, which is where a missing key belongs.
   */
  locate(path: readonly PropertyKey[], at: 'key' | 'value' = 'value'): { line: number; column: number } {
    let node: Node | null = this.document.contents;
    let keyNode: Node | null = null;
    for (const segment of path) {
      const child = childOf(node, segment);
      if (child === undefined) break;
      ({ key: keyNode, value: node } = child);
      if (node === null) break;
    }
    const target = at === 'key' && keyNode !== null ? keyNode : (node ?? keyNode);
    return this.position(target?.range?.[0] ?? 0);
  }
}

function childOf(node: Node | null, segment: PropertyKey): { key: Node | null; value: Node | null } | undefined {
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? pair.key : null;
      if (key !== null && String(key.value) === String(segment)) {
        return { key, value: (pair.value as Node | null) ?? null };
      }
    }
    return undefined;
  }
  if (isSeq(node) && typeof segment === 'number') {
    const item = node.items[segment] as Node | null | undefined;
    return item === undefined ? undefined : { key: null, value: item };
  }
  return undefined;
}
