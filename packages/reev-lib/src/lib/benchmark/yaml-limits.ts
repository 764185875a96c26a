import { isAlias, isCollection, isPair, visit, type Document } from 'yaml';

/**
 * What a YAML text may take before it is parsed or turned into data. Real benchmarks are a few KiB, nest a
 * few levels and use no aliases; these bounds keep hostile input (an alias bomb, 100 000 nested brackets,
 * megabytes of text) from exhausting memory or the stack of a process that parses uploads.
 */
export const YAML_LIMITS = {
  /** Characters of text. */
  maxLength: 256 * 1024,
  /** Nesting of mappings and lists. */
  maxDepth: 64,
  /** Leading spaces of a line: a cheap bound on block nesting, checked before parsing. */
  maxIndent: 512,
  /** Alias nodes (`*name`), and yaml's own bound on what they expand to. */
  maxAliases: 100,
} as const;

/** The first limit `text` breaks before parsing, in words naming it, or undefined. */
export function yamlTextLimitBroken(text: string): string | undefined {
  if (text.length > YAML_LIMITS.maxLength) {
    return `the YAML is ${text.length} characters long; the limit is ${YAML_LIMITS.maxLength}`;
  }
  // Flow collections nest by brackets: count them before the parser recurses into them.
  let depth = 0;
  let deepest = 0;
  let indent = 0;
  let lineStart = true;
  for (const char of text) {
    if (char === '[' || char === '{') deepest = Math.max(deepest, ++depth);
    else if ((char === ']' || char === '}') && depth > 0) depth -= 1;
    if (char === '\n') {
      lineStart = true;
      indent = 0;
    } else if (lineStart && char === ' ') {
      indent += 1;
      if (indent > YAML_LIMITS.maxIndent) return `a line is indented more than ${YAML_LIMITS.maxIndent} spaces (the nesting limit)`;
    } else {
      lineStart = false;
    }
  }
  if (deepest > YAML_LIMITS.maxDepth) return `brackets nest ${deepest} deep; the limit is ${YAML_LIMITS.maxDepth}`;
  return undefined;
}

/** The first limit a parsed document breaks, in words naming it, or undefined. */
export function yamlDocumentLimitBroken(document: Document): string | undefined {
  let aliases = 0;
  let tooDeep = false;
  visit(document, {
    Alias: () => {
      aliases += 1;
    },
    Node: (_key, node, path) => {
      if (isAlias(node) || !isCollection(node)) return undefined;
      const depth = path.filter((ancestor) => isCollection(ancestor) && !isPair(ancestor)).length + 1;
      if (depth <= YAML_LIMITS.maxDepth) return undefined;
      tooDeep = true;
      return visit.BREAK;
    },
  });
  if (tooDeep) return `mappings and lists nest deeper than ${YAML_LIMITS.maxDepth} levels`;
  if (aliases > YAML_LIMITS.maxAliases) return `the YAML uses ${aliases} aliases; the limit is ${YAML_LIMITS.maxAliases}`;
  return undefined;
}

/** `document.toJS()` within the alias limit; an expansion beyond it is reported in words instead of thrown. */
export function documentToData(document: Document): { data: unknown } | { broken: string } {
  try {
    return { data: document.toJS({ maxAliasCount: YAML_LIMITS.maxAliases }) as unknown };
  } catch (error) {
    if (error instanceof ReferenceError && /alias/i.test(error.message)) {
      return { broken: `the YAML's aliases expand beyond the limit of ${YAML_LIMITS.maxAliases} (an alias bomb)` };
    }
    throw error;
  }
}
