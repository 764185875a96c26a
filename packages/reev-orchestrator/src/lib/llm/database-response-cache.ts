import { z } from 'zod';
import { RESPONSE_CACHE_MODES, type ResponseCache, type ResponseCacheEntry, type ResponseCacheMode, type ResponseCacheSettings } from '@reev/agent';
import type { DatabaseWriterPort } from '@reev/db';

/** A ModelReply as the agent stores it (docs/agents.md); checked on the way out, since a row may come from an imported file. */
const ModelReplySchema = z.object({
  model: z.string().nullable(),
  content: z.string().nullable(),
  reasoningContent: z.string().nullable(),
  toolCalls: z.array(z.object({ id: z.string(), name: z.string(), arguments: z.string() })),
  finishReason: z.string().nullable(),
  usage: z.object({ inputTokens: z.number().int().nonnegative(), outputTokens: z.number().int().nonnegative() }).nullable(),
});

export const ResponseCacheEntrySchema = z.object({
  model: z.string().min(1),
  baseUrl: z.string().min(1),
  turn: z.number().int().min(1),
  reply: ModelReplySchema,
  recordedAt: z.string(),
});

/** The issues of a failed parse in one line: `reply.toolCalls.0.id: expected string, …`. */
export function issuesText(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
}

/** The agents' response cache in the database (`llm_responses`), through the writer's queue. */
export class DatabaseResponseCache implements ResponseCache {
  constructor(private readonly writer: DatabaseWriterPort) {}

  async get(key: string): Promise<ResponseCacheEntry | undefined> {
    const stored = await this.writer.getLlmResponse(key);
    if (stored === undefined) return undefined;
    const parsed = ResponseCacheEntrySchema.safeParse(stored.entry);
    if (!parsed.success) {
      throw new Error(`llm_responses (cache_key=${key}): the stored entry is not a recorded model answer: ${issuesText(parsed.error)}`);
    }
    return parsed.data;
  }

  put(key: string, entry: ResponseCacheEntry): Promise<void> {
    return this.writer.putLlmResponse(key, entry);
  }
}

/** The cache settings of LLM agents and planners for a mode: `off`, or the mode over the database's llm_responses. */
export function databaseCacheSettings(mode: ResponseCacheMode, writer: DatabaseWriterPort): ResponseCacheSettings {
  if (!RESPONSE_CACHE_MODES.includes(mode)) {
    throw new Error(`unknown LLM cache mode "${String(mode)}" (known: ${RESPONSE_CACHE_MODES.join(', ')})`);
  }
  return mode === 'off' ? { mode } : { mode, store: new DatabaseResponseCache(writer) };
}
