import { AsyncLocalStorage } from 'node:async_hooks';
import type { MessagePort } from 'node:worker_threads';
import type { DatabaseWriterPort } from '@reev/db';

interface WriterCall {
  kind: 'writer-call';
  id: number;
  method: string;
  args: unknown[];
}

/** One transaction's writes, sent together: one message per step instead of one per statement. */
interface WriterTransaction {
  kind: 'writer-transaction';
  id: number;
  executionId: string;
  calls: { method: string; args: unknown[] }[];
}

/** Writes that return nothing, so a transaction can collect them and send them at its end. */
const BUFFERABLE_WRITES = new Set([
  'upsertBenchmark',
  'createExecution',
  'updateExecutionStatus',
  'completeExecution',
  'createSession',
  'completeSession',
  'storeSessionLog',
  'storeToolCall',
  'insertAgentPerformance',
  'storeStepSession',
  'storeConsolidatedSession',
  'putLlmResponse',
]);

type WriterReply = { kind: 'writer-reply'; id: number; ok: true; value: unknown } | { kind: 'writer-reply'; id: number; ok: false; name: string; message: string };

/**
 * The process's one DatabaseWriter, used from a worker thread: every call is a message to the thread that owns
 * the writer, so all writes still go through its single queue. A transaction's writes are collected and sent as one
 * message, which the owner runs as one writer.transaction(executionId, …): committed together or not at all.
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
    else waiting.reject(Object.assign(new Error(reply.message), { name: reply.name }));
  });
  const call = (method: string, args: unknown[]): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      port.postMessage({ kind: 'writer-call', id, method, args } satisfies WriterCall);
    });
  // Scoped to the transaction's own async context: other flows of this worker keep writing directly meanwhile.
  const collecting = new AsyncLocalStorage<WriterTransaction['calls']>();
  const transaction = async <T>(executionId: string, work: () => Promise<T>): Promise<T> => {
    if (collecting.getStore()) throw new Error('transactions do not nest');
    const calls: WriterTransaction['calls'] = [];
    const value = await collecting.run(calls, work);
    await send({ kind: 'writer-transaction', id: nextId++, executionId, calls });
    return value;
  };
  const send = (message: WriterCall | WriterTransaction): Promise<unknown> =>
    new Promise((resolve, reject) => {
      pending.set(message.id, { resolve, reject });
      port.postMessage(message);
    });
  const invoke = (method: string, args: unknown[]): Promise<unknown> => {
    const calls = collecting.getStore();
    if (!calls) return call(method, args);
    if (!BUFFERABLE_WRITES.has(method)) {
      return Promise.reject(new Error(`${method} inside a transaction is not available from a worker: only writes are collected`));
    }
    calls.push({ method, args });
    return Promise.resolve(undefined);
  };
  return new Proxy({} as DatabaseWriterPort, {
    get: (_target, method) => {
      if (method === 'transaction') return transaction;
      // The owning thread closes the writer; a worker only stops using it.
      if (method === 'close') return () => Promise.resolve();
      if (typeof method !== 'string' || method === 'then') return undefined;
      return (...args: unknown[]) => invoke(method, args);
    },
  });
}

/** Answers a worker's writer calls with `writer` (on the thread that owns it). */
export function serveDatabaseWriter(port: MessagePort, writer: DatabaseWriterPort): void {
  const apply = (method: string, args: unknown[]): Promise<unknown> => {
    const target = (writer as unknown as Record<string, unknown>)[method];
    return typeof target === 'function' && method !== 'close' && method !== 'transaction'
      ? Promise.resolve().then(() => (target as (...values: unknown[]) => Promise<unknown>).apply(writer, args))
      : Promise.reject(new Error(`the database writer has no method ${method} for workers`));
  };
  port.on('message', (message: WriterCall | WriterTransaction) => {
    if (message.kind !== 'writer-call' && message.kind !== 'writer-transaction') return;
    const run =
      message.kind === 'writer-call'
        ? apply(message.method, message.args)
        : writer.transaction(message.executionId, async () => {
            for (const { method, args } of message.calls) await apply(method, args);
          });
    run.then(
      (value) => port.postMessage({ kind: 'writer-reply', id: message.id, ok: true, value } satisfies WriterReply),
      (error: unknown) =>
        port.postMessage({
          kind: 'writer-reply',
          id: message.id,
          ok: false,
          name: error instanceof Error ? error.name : 'Error',
          message: error instanceof Error ? error.message : String(error),
        } satisfies WriterReply),
    );
  });
}
