import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';
import type { ModelReply } from './model-reply';

/** One recorded model answer. Plain JSON, so any store (e.g. the database) can keep it as a JSON column. */
export interface ResponseCacheEntry {
  model: string;
  baseUrl: string;
  /** The turn of the step the answer was recorded at (1-based), for people reading the store. */
  turn: number;
  reply: ModelReply;
  /** ISO timestamp of the recording. */
  recordedAt: string;
}

/** Where recorded model answers live. The database implementation lives in reev-db; keys come from responseCacheKey. */
export interface ResponseCache {
  get(key: string): Promise<ResponseCacheEntry | undefined>;
  put(key: string, entry: ResponseCacheEntry): Promise<void>;
}

/**
 * `off`: always ask the model, store nothing. `record`: always ask the model, store every answer.
 * `replay`: answer from the store only (a miss is a step error; never touches the network).
 * `auto`: replay on a hit, ask and record on a miss.
 */
export type ResponseCacheMode = 'off' | 'record' | 'replay' | 'auto';

export const RESPONSE_CACHE_MODES: readonly ResponseCacheMode[] = ['off', 'record', 'replay', 'auto'];

export type ResponseCacheSettings = { mode: 'off' } | { mode: Exclude<ResponseCacheMode, 'off'>; store: ResponseCache };

/** Everything that decides a model's answer; equal inputs give equal keys. */
export interface ResponseCacheKeyInput {
  model: string;
  baseUrl: string;
  messages: readonly unknown[];
  tools: readonly unknown[];
  /** Every other request parameter (temperature, top_p, seed, token limit, tool_choice, …). */
  sampling: Readonly<Record<string, unknown>>;
  /** Distinct per repeated run of one benchmark, so k recorded runs stay k different samples. */
  runIndex: number;
}

/** sha256 (hex) of the canonical JSON of the key input. */
export function responseCacheKey(input: ResponseCacheKeyInput): string {
  const material = canonicalJson({
    version: 1,
    model: input.model,
    baseUrl: input.baseUrl,
    messages: input.messages,
    tools: input.tools,
    sampling: input.sampling,
    runIndex: input.runIndex,
  });
  return createHash('sha256').update(material).digest('hex');
}

/**
 * A ResponseCache in process memory, for tests and one-process sessions. Entries go through JSON on the way in and
 * out, like a database store, so a value that would not survive storage fails here too.
 */
export class InMemoryResponseCache implements ResponseCache {
  private readonly entries = new Map<string, string>();

  get size(): number {
    return this.entries.size;
  }

  get(key: string): Promise<ResponseCacheEntry | undefined> {
    const stored = this.entries.get(key);
    return Promise.resolve(stored === undefined ? undefined : (JSON.parse(stored) as ResponseCacheEntry));
  }

  put(key: string, entry: ResponseCacheEntry): Promise<void> {
    this.entries.set(key, JSON.stringify(entry));
    return Promise.resolve();
  }
}
