import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DeterministicAgent, type Agent, type AgentStepRequest, type AgentStepResponse } from '@reev/agent';
import { buildServer, type ReevServer } from '../server';
import type { ServerOptions } from '../settings';

export const WORKSPACE_ROOT = path.resolve(__dirname, '../../../../..');
export const SUITE_DIR = path.join(WORKSPACE_ROOT, 'benchmarks');

/** A temporary copy of the benchmark suite, so upserts never touch the repository. */
export function copySuite(): string {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'reev-api-benchmarks-'));
  cpSync(SUITE_DIR, directory, { recursive: true });
  return directory;
}

/**
 * An agent that does its first `passSteps` steps as the deterministic agent, then waits in the next one until
 * the execution is stopped: a run that is guaranteed to be mid-flow when the test stops it.
 */
export class GateAgent implements Agent {
  readonly name: string;
  private readonly inner = new DeterministicAgent();
  private steps = 0;

  constructor(
    private readonly passSteps: number,
    name = 'gated',
  ) {
    this.name = name;
  }

  async runStep(request: AgentStepRequest): Promise<AgentStepResponse> {
    this.steps += 1;
    if (this.steps <= this.passSteps) return this.inner.runStep(request);
    await new Promise<void>((resolve) => {
      if (request.signal.aborted) resolve();
      else request.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    return { finalMessage: 'stopped while waiting', turns: 0, error: 'execution stopped' };
  }
}

export interface HttpAnswer {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON (undefined when it is not JSON). `any`: specs read whatever fields they check. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

export interface RequestOptions {
  body?: unknown;
  /** Sent as is (no JSON encoding). */
  rawBody?: string;
  headers?: Record<string, string>;
  token?: string;
}

export interface TestServer {
  server: ReevServer;
  baseUrl: string;
  benchmarksDir: string;
  request(method: string, url: string, options?: RequestOptions): Promise<HttpAnswer>;
  get(url: string): Promise<HttpAnswer>;
  post(url: string, body?: unknown, options?: RequestOptions): Promise<HttpAnswer>;
  close(): Promise<void>;
}

/**
 * The real server on 127.0.0.1 at an ephemeral port, on an in-memory database (unless `databaseUrl` says
 * otherwise) and a temporary copy of benchmarks/, with the test agents `gated` (passes one step) and `held`
 * (passes none).
 */
export async function startTestServer(options: ServerOptions = {}): Promise<TestServer> {
  const benchmarksDir = options.benchmarksDir ?? copySuite();
  const server = await buildServer({
    databaseUrl: ':memory:',
    logger: false,
    ...options,
    // An empty token means none, whatever REEV_API_TOKEN the machine has.
    apiToken: options.apiToken ?? '',
    benchmarksDir,
    agents: { gated: () => new GateAgent(1), held: () => new GateAgent(0, 'held'), ...options.agents },
  });
  const baseUrl = await server.app.listen({ host: '127.0.0.1', port: 0 });

  const request = async (method: string, url: string, requestOptions: RequestOptions = {}): Promise<HttpAnswer> => {
    const headers: Record<string, string> = { ...requestOptions.headers };
    let body: string | undefined = requestOptions.rawBody;
    if (requestOptions.body !== undefined) {
      body = JSON.stringify(requestOptions.body);
      headers['content-type'] ??= 'application/json';
    }
    if (requestOptions.token !== undefined) headers['authorization'] = `Bearer ${requestOptions.token}`;
    const response = await fetch(`${baseUrl}${url}`, { method, headers, ...(body !== undefined ? { body } : {}) });
    const text = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, headers: response.headers, text, json };
  };

  return {
    server,
    baseUrl,
    benchmarksDir,
    request,
    get: (url) => request('GET', url),
    post: (url, body, requestOptions = {}) => request('POST', url, { ...requestOptions, ...(body !== undefined ? { body } : {}) }),
    close: async () => {
      await server.close();
      if (options.benchmarksDir === undefined) rmSync(benchmarksDir, { recursive: true, force: true });
    },
  };
}

/** Polls `read` until `done` holds for its answer (no timing assertions: Jest's timeout bounds it). */
export async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, pauseMs = 10): Promise<T> {
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
}
