import { AsyncLocalStorage } from 'node:async_hooks';
import type { MessagePort } from 'node:worker_threads';
import { ValidationError, deserializeError, messageOf, serializeError, type SerializedError } from './errors';
import type { DatabaseWriterPort } from './port';

/** The port's methods a worker sends to the owning thread (transaction() and close() are handled on its side). */
type ForwardedMethod = Exclude<keyof DatabaseWriterPort, 'transaction' | 'close'>;
type Forwarded<M extends ForwardedMethod> = DatabaseWriterPort[M];

/**
 * What each forwarded method is. Writes return nothing, so a transaction can collect them and send them at its end;
 * reads and transaction control go at once, and cannot run inside a collected transaction. Typed by the port: a
 * method added to DatabaseWriterPort does not compile until it is listed here.
 */
const METHOD_KINDS = {
  upsertBenchmark: 'write',
  createExecution: 'write',
  updateExecutionStatus: 'write',
  completeExecution: 'write',
  createSession: 'write',
  completeSession: 'write',
  storeSessionLog: 'write',
  storeToolCall: 'write',
  insertAgentPerformance: 'write',
  storeStepSession: 'write',
  storeStep: 'write',
  storeConsolidatedSession: 'write',
  putLlmResponse: 'write',
  getSessionsForConsolidation: 'read',
  getConsolidatedSession: 'read',
  getConsolidatedSessionsByExecution: 'read',
  getLlmResponse: 'read',
  beginTransaction: 'control',
  commitTransaction: 'control',
  rollbackTransaction: 'control',
  markInterruptedExecutions: 'control',
  claimQueuedExecutions: 'control',
} as const satisfies Record<ForwardedMethod, 'write' | 'read' | 'control'>;

type ForwardedCall = { [M in ForwardedMethod]: { method: M; args: Parameters<Forwarded<M>> } }[ForwardedMethod];

type WriterCall = { kind: 'writer-call'; id: number } & ForwardedCall;

/** One transaction's writes, sent together: one message per step instead of one per statement. */
interface WriterTransaction {
  kind: 'writer-transaction';
  id: number;
  executionId: string;
  calls: ForwardedCall[];
}

type WriterReply = { kind: 'writer-reply'; id: number; ok: true; value: unknown } | { kind: 'writer-reply'; id: number; ok: false; error: SerializedError };

/**
 * The process's one DatabaseWriter, used from a worker thread: every call is a message to the thread that owns
 * the writer, so all writes still go through its single queue. A transaction's writes are collected and sent as one
 * message, which the owner runs as one writer.transaction(executionId, …): committed together or not at all.
 * Errors arrive as the class they were thrown as (a ConstraintError stays a ConstraintError, with its fields).
 */
export function remoteDatabaseWriter(port: MessagePort): DatabaseWriterPort {
  let nextId = 0;
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  port.on('message', (reply: WriterReply) => {
    if (reply.kind !== 'writer-reply') return;
    const waiting = pending.get(reply.id);
    if (!waiting) return;
    pending.delete(reply.id);
    if (reply.ok) waiting.resolve(reply.value);
    else waiting.reject(deserializeError(reply.error));
  });
  const send = (message: WriterCall | WriterTransaction): Promise<unknown> =>
    new Promise((resolve, reject) => {
      try {
        port.postMessage(message);
      } catch (error) {
        // A function or another value structured clone refuses: the owner never sees the call.
        const what = message.kind === 'writer-call' ? message.method : `transaction of execution ${message.executionId}`;
        reject(new ValidationError(`${what}: a value cannot be sent to the database writer's thread (${messageOf(error)})`, { cause: error }));
        return;
      }
      pending.set(message.id, { resolve, reject });
    });
  // Scoped to the transaction's own async context: other flows of this worker keep writing directly meanwhile.
  const collecting = new AsyncLocalStorage<ForwardedCall[]>();
  const invoke = (call: ForwardedCall): Promise<unknown> => {
    const calls = collecting.getStore();
    if (!calls) return send({ kind: 'writer-call', id: nextId++, ...call });
    if (METHOD_KINDS[call.method] !== 'write') {
      return Promise.reject(new Error(`${call.method} inside a transaction is not available from a worker: only writes are collected`));
    }
    calls.push(call);
    return Promise.resolve(undefined);
  };
  const forward =
    <M extends ForwardedMethod>(method: M) =>
    (...args: Parameters<Forwarded<M>>) =>
      invoke({ method, args } as ForwardedCall) as ReturnType<Forwarded<M>>;
  return {
    upsertBenchmark: forward('upsertBenchmark'),
    createExecution: forward('createExecution'),
    updateExecutionStatus: forward('updateExecutionStatus'),
    completeExecution: forward('completeExecution'),
    createSession: forward('createSession'),
    completeSession: forward('completeSession'),
    storeSessionLog: forward('storeSessionLog'),
    storeToolCall: forward('storeToolCall'),
    insertAgentPerformance: forward('insertAgentPerformance'),
    storeStepSession: forward('storeStepSession'),
    storeStep: forward('storeStep'),
    storeConsolidatedSession: forward('storeConsolidatedSession'),
    putLlmResponse: forward('putLlmResponse'),
    getSessionsForConsolidation: forward('getSessionsForConsolidation'),
    getConsolidatedSession: forward('getConsolidatedSession'),
    getConsolidatedSessionsByExecution: forward('getConsolidatedSessionsByExecution'),
    getLlmResponse: forward('getLlmResponse'),
    beginTransaction: forward('beginTransaction'),
    commitTransaction: forward('commitTransaction'),
    rollbackTransaction: forward('rollbackTransaction'),
    markInterruptedExecutions: forward('markInterruptedExecutions'),
    claimQueuedExecutions: forward('claimQueuedExecutions'),
    transaction: async <T>(executionId: string, work: () => Promise<T>): Promise<T> => {
      if (collecting.getStore()) throw new Error('transactions do not nest');
      const calls: ForwardedCall[] = [];
      const value = await collecting.run(calls, work);
      await send({ kind: 'writer-transaction', id: nextId++, executionId, calls });
      return value;
    },
    // The owning thread closes the writer; a worker only stops using it.
    close: () => Promise.resolve(),
  };
}

/** Answers a worker's writer calls with `writer` (on the thread that owns it). */
export function serveDatabaseWriter(port: MessagePort, writer: DatabaseWriterPort): void {
  // Messages come from another thread, so the method name is checked here rather than trusted.
  const apply = ({ method, args }: ForwardedCall): Promise<unknown> =>
    Object.hasOwn(METHOD_KINDS, method)
      ? Promise.resolve().then(() => (writer[method] as (...values: unknown[]) => Promise<unknown>).apply(writer, args))
      : Promise.reject(new Error(`the database writer has no method ${String(method)} for workers`));
  port.on('message', (message: WriterCall | WriterTransaction) => {
    if (message.kind !== 'writer-call' && message.kind !== 'writer-transaction') return;
    const run =
      message.kind === 'writer-call'
        ? apply(message)
        : writer.transaction(message.executionId, async () => {
            for (const call of message.calls) await apply(call);
          });
    run.then(
      (value) => port.postMessage({ kind: 'writer-reply', id: message.id, ok: true, value } satisfies WriterReply),
      (error: unknown) => port.postMessage({ kind: 'writer-reply', id: message.id, ok: false, error: serializeError(error) } satisfies WriterReply),
    );
  });
}
