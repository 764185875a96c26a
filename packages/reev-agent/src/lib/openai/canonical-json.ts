/**
 * JSON with object keys sorted at every depth, so equal values always give equal text (cache keys, prompts built
 * from maps whose insertion order may differ between runs). Undefined object members are dropped, as JSON.stringify does.
 */
export function canonicalJson(value: unknown, indent?: number): string {
  return JSON.stringify(sortedKeys(value), null, indent);
}

function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (typeof value !== 'object' || value === null) return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const member = (value as Record<string, unknown>)[key];
    if (member !== undefined) sorted[key] = sortedKeys(member);
  }
  return sorted;
}
