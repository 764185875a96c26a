/** Fields that differ between two runs of the same thing: wall-clock times, durations, model latency. */
const TIMING_KEYS = new Set([
  'started_at',
  'ended_at',
  'created_at',
  'updated_at',
  'completed_at',
  'startedAt',
  'endedAt',
  'createdAt',
  'updatedAt',
  'completedAt',
  'duration_ms',
  'durationMs',
  'execution_time_ms',
  'execution_duration_ms',
  'executionDurationMs',
  'latency_ms',
]);

/**
 * `value` without timing fields, with each of `ids` (execution, consolidated session, flow ids) replaced by its
 * name, for comparing a replayed run with its recording.
 */
export function withoutRunIdentity(value: unknown, ids: Readonly<Record<string, string>>): unknown {
  if (typeof value === 'string') {
    return Object.entries(ids).reduce((text, [name, id]) => text.split(id).join(`<${name}>`), value);
  }
  if (Array.isArray(value)) return value.map((item) => withoutRunIdentity(item, ids));
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !TIMING_KEYS.has(key))
      .map(([key, member]) => [key, withoutRunIdentity(member, ids)]),
  );
}
