import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import { errorFields } from './errors';

/** Our own retry loop (the SDK's is turned off) so the policy is visible, configurable and honours Retry-After. */
export interface RetryPolicy {
  /** Retries after the first attempt (0 = no retry). */
  maxRetries: number;
  /** Backoff before the first retry; doubles with each retry. */
  initialDelayMs: number;
  /** Upper bound on one wait; a server asking for a longer Retry-After ends the call instead. */
  maxDelayMs: number;
}

const SDK_TIMEOUT_MARGIN_MS = 1000;

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxRetries: 3, initialDelayMs: 500, maxDelayMs: 30_000 };

export interface ModelCallOptions {
  signal: AbortSignal;
  timeoutMs: number;
  retry: RetryPolicy;
  /** Names the call in errors, e.g. `glm-4.6 at https://api.z.ai/api/paas/v4 (turn 2)`. */
  description: string;
  /** Named when the server rejects the key. */
  apiKeyVariable: string;
}

export type ModelCallResult = { ok: true; body: unknown; attempts: number } | { ok: false; error: string; attempts: number };

interface Failure {
  retryable: boolean;
  text: string;
  retryAfterMs?: number;
}

/** Why the step's signal fired, in words. */
export function abortText(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  const fields = errorFields(reason);
  if (fields) return `step aborted (${fields.name === 'TimeoutError' ? 'step timeout' : fields.message})`;
  return typeof reason === 'string' ? `step aborted (${reason})` : 'step aborted';
}

/** A header of an SDK error; its `headers` is typed loosely, so this checks the shape it relies on. */
function header(headers: unknown, name: string): string | null {
  if (typeof headers !== 'object' || headers === null || !('get' in headers) || typeof headers.get !== 'function') return null;
  const value = (headers as { get(name: string): unknown }).get(name);
  return typeof value === 'string' ? value : null;
}

function retryAfterMs(headers: unknown): number | undefined {
  const milliseconds = header(headers, 'retry-after-ms');
  if (milliseconds) {
    const value = Number(milliseconds);
    if (Number.isFinite(value)) return Math.max(0, value);
  }
  const retryAfter = header(headers, 'retry-after');
  if (!retryAfter) return undefined;
  const seconds = Number(retryAfter);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(retryAfter);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function classify(error: unknown, options: ModelCallOptions): Failure {
  if (error instanceof APIConnectionError) {
    const causeFields = errorFields(error.cause);
    const cause = causeFields ? ` (${causeFields.message})` : '';
    return { retryable: true, text: `cannot reach the server: ${error.message}${cause}` };
  }
  if (error instanceof APIError && typeof error.status === 'number') {
    const status = error.status;
    const retryable = status === 408 || status === 409 || status === 429 || status >= 500;
    const keyHint = status === 401 || status === 403 ? `; check ${options.apiKeyVariable}` : '';
    const wait = retryAfterMs(error.headers as unknown);
    return { retryable, text: `${error.message}${keyHint}`, ...(wait === undefined ? {} : { retryAfterMs: wait }) };
  }
  return { retryable: false, text: errorFields(error)?.message ?? 'unknown error' };
}

function backoffMs(retry: number, policy: RetryPolicy): number {
  const exponential = Math.min(policy.initialDelayMs * 2 ** (retry - 1), policy.maxDelayMs);
  // Up to 25% jitter so concurrent runs that were rate-limited together do not retry together.
  return exponential * (1 - Math.random() * 0.25);
}

/** Resolves true after `ms`, or false as soon as `signal` fires. */
function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve(false);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * One chat completion with bounded retries on 408/409/429/5xx, connection failures and timeouts. Never throws:
 * every way it can fail comes back as words.
 */
export async function requestChatCompletion(
  client: OpenAI,
  body: ChatCompletionCreateParamsNonStreaming,
  options: ModelCallOptions,
): Promise<ModelCallResult> {
  for (let attempt = 1; ; attempt++) {
    if (options.signal.aborted) return { ok: false, error: abortText(options.signal), attempts: attempt - 1 };
    // Our own per-attempt timer, so a timeout is told apart from the step's abort by which signal fired.
    const attemptTimeout = AbortSignal.timeout(options.timeoutMs);
    try {
      const completion: unknown = await client.chat.completions.create(body, {
        signal: AbortSignal.any([options.signal, attemptTimeout]),
        // The SDK's own timer is only a backstop behind ours.
        timeout: options.timeoutMs + SDK_TIMEOUT_MARGIN_MS,
        maxRetries: 0,
      });
      return { ok: true, body: completion, attempts: attempt };
    } catch (error) {
      if (options.signal.aborted) return { ok: false, error: abortText(options.signal), attempts: attempt };
      const failure: Failure =
        (error instanceof APIUserAbortError && attemptTimeout.aborted) || error instanceof APIConnectionTimeoutError
          ? { retryable: true, text: `no answer within ${options.timeoutMs} ms` }
          : classify(error, options);
      const tried = attempt > 1 ? ` after ${attempt} attempts` : '';
      if (!failure.retryable || attempt > options.retry.maxRetries) {
        return { ok: false, error: `model request to ${options.description} failed${tried}: ${failure.text}`, attempts: attempt };
      }
      if (failure.retryAfterMs !== undefined && failure.retryAfterMs > options.retry.maxDelayMs) {
        return {
          ok: false,
          error:
            `model request to ${options.description} failed${tried}: ${failure.text}; the server asked to retry after ` +
            `${Math.ceil(failure.retryAfterMs)} ms, more than the longest allowed wait of ${options.retry.maxDelayMs} ms`,
          attempts: attempt,
        };
      }
      const waited = await sleep(failure.retryAfterMs ?? backoffMs(attempt, options.retry), options.signal);
      if (!waited) return { ok: false, error: abortText(options.signal), attempts: attempt };
    }
  }
}
