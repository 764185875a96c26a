/** Sessions whose execution this process knows, so session-keyed writes find their transaction without a query. */
const SESSION_MAP_LIMIT = 10_000;

/** Session id → execution id, the oldest forgotten first once `limit` sessions are known. */
export class SessionExecutions {
  private readonly executions = new Map<string, string>();

  constructor(private readonly limit = SESSION_MAP_LIMIT) {}

  get(sessionId: string): string | undefined {
    return this.executions.get(sessionId);
  }

  remember(sessionId: string, executionId: string): void {
    if (this.executions.size >= this.limit && !this.executions.has(sessionId)) {
      const oldest = this.executions.keys().next();
      if (oldest.done !== true) this.executions.delete(oldest.value);
    }
    this.executions.set(sessionId, executionId);
  }
}
