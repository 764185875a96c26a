/** Conditions an assertion puts on one measured number, and how a verdict on them reads. */

export interface Condition {
  text: string;
  holds: (value: number) => boolean;
}

/** `= x`, `≥ x`, `≤ x` as given, all of which must hold. */
export function rangeConditions(exact: number | undefined, gte: number | undefined, lte: number | undefined): Condition[] {
  const conditions: Condition[] = [];
  if (exact !== undefined) conditions.push({ text: `= ${exact}`, holds: (value) => value === exact });
  if (gte !== undefined) conditions.push({ text: `≥ ${gte}`, holds: (value) => value >= gte });
  if (lte !== undefined) conditions.push({ text: `≤ ${lte}`, holds: (value) => value <= lte });
  return conditions;
}

export function failedConditions(conditions: readonly Condition[], value: number): string[] {
  return conditions.filter((condition) => !condition.holds(value)).map((condition) => condition.text);
}

export function joinConditions(conditions: readonly Condition[]): string {
  return conditions.map((condition) => condition.text).join(' and ');
}

export function verdict(finding: string, failed: readonly string[]): string {
  return failed.length === 0 ? `met: ${finding}` : `not met: ${finding}, expected ${failed.join(' and ')}`;
}
