import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { MessageChannel, Worker } from 'node:worker_threads';
import { serveDatabaseWriter, type DatabaseWriterPort } from '@reev/db';
import type { AtomicMode, InitialStateItem } from '@reev/types';
import type { FlowRunResult } from '../dynamic/ping-pong-executor';

/** What a worker can run: everything in JSON, agents by name. */
export interface FlowRequestOptions {
  executionId?: string;
  atomicMode?: AtomicMode;
  initialState?: InitialStateItem[];
  seed?: number;
  stepTimeoutMs?: number;
}

export interface FlowRequest {
  id: number;
  prompt: string;
  wallet: string;
  agent: string;
  options: FlowRequestOptions;
}

export type FlowReply = { id: number; ok: true; result: FlowRunResult } | { id: number; ok: false; name: string; message: string };

export interface WorkerFlowPoolOptions {
  /** Worker threads; default: the machine's available parallelism. */
  workers?: number;
}

interface PooledWorker {
  worker: Worker;
  inFlight: number;
}

/**
 * Runs dynamic flows on worker threads, so flows use every core: LiteSVM and the agents run in the workers, while
 * every database write still goes through `writer`, this thread's single writer and queue.
 */
export class WorkerFlowPool {
  private readonly workers: PooledWorker[] = [];
  private readonly pending = new Map<number, { resolve: (result: FlowRunResult) => void; reject: (error: Error) => void }>();
  private nextId = 0;

  constructor(writer: DatabaseWriterPort, options: WorkerFlowPoolOptions = {}) {
    const count = options.workers ?? availableParallelism();
    if (!Number.isInteger(count) || count < 1) throw new RangeError(`workers must be a positive integer, got ${count}`);
    for (let index = 0; index < count; index += 1) {
      const channel = new MessageChannel();
      serveDatabaseWriter(channel.port1, writer);
      const worker = new Worker(workerScript(), {
        workerData: { writerPort: channel.port2 },
        transferList: [channel.port2],
        ...workerLoader(),
      });
      const pooled: PooledWorker = { worker, inFlight: 0 };
      worker.on('message', (reply: FlowReply) => {
        pooled.inFlight -= 1;
        const waiting = this.pending.get(reply.id);
        if (!waiting) return;
        this.pending.delete(reply.id);
        if (reply.ok) waiting.resolve(reply.result);
        else waiting.reject(Object.assign(new Error(reply.message), { name: reply.name }));
      });
      worker.on('error', (error) => {
        for (const waiting of this.pending.values()) waiting.reject(error);
        this.pending.clear();
      });
      this.workers.push(pooled);
    }
  }

  get size(): number {
    return this.workers.length;
  }

  /** Plans and executes a free request on the least busy worker (gateway.executeDynamicFlow there). */
  executeDynamicFlow(prompt: string, wallet: string, agent: string, options: FlowRequestOptions = {}): Promise<FlowRunResult> {
    const target = this.workers.reduce((best, candidate) => (candidate.inFlight < best.inFlight ? candidate : best));
    const id = this.nextId++;
    target.inFlight += 1;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      target.worker.postMessage({ id, prompt, wallet, agent, options } satisfies FlowRequest);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map(({ worker }) => worker.terminate()));
    this.workers.length = 0;
  }
}

/** The worker body next to this file: compiled JavaScript in dist, TypeScript when running from the sources. */
function workerScript(): string {
  const compiled = path.join(__dirname, 'flow-worker.js');
  return existsSync(compiled) ? compiled : path.join(__dirname, 'flow-worker.ts');
}

/** From the sources the worker needs tsx, with a tsconfig that covers every package (decorators included). */
function workerLoader(): { execArgv?: string[]; env?: NodeJS.ProcessEnv } {
  if (workerScript().endsWith('.js')) return {};
  return {
    execArgv: ['--require', require.resolve('tsx/cjs')],
    env: { ...process.env, TSX_TSCONFIG_PATH: path.join(__dirname, '..', 'test-support', 'tsconfig.child.json') },
  };
}
