import { wireExecutionStatus } from '@reev/types';
import type { ExecutionEvent } from '@reev/orchestrator';

/** An execution event as the API sends it: snake_case JSON, numbered in order from 1. */
export interface StreamEvent {
  id: number;
  type: ExecutionEvent['type'];
  data: Record<string, unknown>;
}

export type StreamListener = (event: StreamEvent) => void;

/** The event's JSON for clients: the orchestrator's fields in the API's snake_case. */
export function streamData(event: ExecutionEvent): Record<string, unknown> {
  switch (event.type) {
    case 'execution_started':
      return { execution_id: event.executionId };
    case 'step_started':
      return { execution_id: event.executionId, step_index: event.stepIndex, step_id: event.stepId };
    case 'step_finished':
      return { execution_id: event.executionId, step_index: event.stepIndex, step_id: event.stepId, result: event.result };
    case 'consolidated':
      return event.outcome.ok
        ? { execution_id: event.executionId, ok: true, consolidated_session_id: event.outcome.consolidatedSessionId }
        : { execution_id: event.executionId, ok: false, error: event.outcome.error };
    case 'done':
      return {
        execution_id: event.executionId,
        status: wireExecutionStatus(event.status),
        score: event.score,
        ...(event.error !== undefined ? { error: event.error } : {}),
      };
  }
}

/**
 * Every event of one execution, kept so a late subscriber gets the events so far, then the live ones.
 * Ends with the `done` event; subscribing afterwards replays the whole history.
 */
export class ExecutionEventLog {
  private readonly history: StreamEvent[] = [];
  private readonly listeners = new Set<StreamListener>();

  get ended(): boolean {
    return this.history.at(-1)?.type === 'done';
  }

  append(event: ExecutionEvent): void {
    if (this.ended) return;
    const entry: StreamEvent = { id: this.history.length + 1, type: event.type, data: streamData(event) };
    this.history.push(entry);
    for (const listener of this.listeners) listener(entry);
    if (entry.type === 'done') this.listeners.clear();
  }

  /** Calls `listener` with every event after `afterId` (0: all), then with each new one; returns the unsubscribe. */
  subscribe(listener: StreamListener, afterId = 0): () => void {
    for (const event of this.history) if (event.id > afterId) listener(event);
    if (this.ended) return () => undefined;
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  events(): readonly StreamEvent[] {
    return this.history;
  }
}
