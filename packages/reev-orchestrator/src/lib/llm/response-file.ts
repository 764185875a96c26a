import { readFile, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import type { DatabaseReader, DatabaseWriterPort } from '@reev/db';
import { issuesText, ResponseCacheEntrySchema } from './database-response-cache';

/** The `format` of an exported response cache file. */
export const LLM_RESPONSE_FILE_FORMAT = 'reev-llm-responses';

const LlmResponseRowSchema = z
  .object({
    cache_key: z.string().regex(/^[0-9a-f]{64}$/, 'expected a sha256 hex key'),
    model: z.string().min(1),
    base_url: z.string().min(1),
    turn: z.number().int().min(1),
    entry: ResponseCacheEntrySchema,
    created_at: z.string().optional(),
  })
  .refine((row) => row.entry.model === row.model && row.entry.baseUrl === row.base_url && row.entry.turn === row.turn, {
    message: 'model, base_url and turn must be those of the entry',
  });

/** llm_responses rows as a JSON file: what `--export-llm-cache` writes and `--import-llm-cache` reads. */
export const LlmResponseFileSchema = z.object({
  format: z.literal(LLM_RESPONSE_FILE_FORMAT),
  version: z.literal(1),
  description: z.string().optional(),
  /** Scores of the run the responses were recorded from, by benchmark id: what a replay must reproduce. */
  scores: z.record(z.string(), z.number().min(0).max(1)).optional(),
  responses: z.array(LlmResponseRowSchema),
});

export type LlmResponseFile = z.infer<typeof LlmResponseFileSchema>;

/** An error's message; fs errors do not pass `instanceof Error` in every realm (Jest's among them). */
function messageOf(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string') return error.message;
  return String(error);
}

/** A response cache file that cannot be read or does not hold llm_responses rows; the message names the file. */
export class LlmResponseFileError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LlmResponseFileError';
  }
}

export interface ExportLlmResponsesOptions {
  /** Only this model's answers. */
  model?: string;
  description?: string;
  scores?: Record<string, number>;
}

/** Every stored answer (of one model, if given) as a response cache file. */
export async function exportLlmResponses(reader: DatabaseReader, options: ExportLlmResponsesOptions = {}): Promise<LlmResponseFile> {
  const rows = await reader.listLlmResponses(options.model === undefined ? {} : { model: options.model });
  return LlmResponseFileSchema.parse({
    format: LLM_RESPONSE_FILE_FORMAT,
    version: 1,
    ...(options.description === undefined ? {} : { description: options.description }),
    ...(options.scores === undefined ? {} : { scores: options.scores }),
    responses: rows.map((row) => ({
      cache_key: row.cacheKey,
      model: row.model,
      base_url: row.baseUrl,
      turn: row.turn,
      entry: row.entry,
      created_at: row.createdAt,
    })),
  });
}

/** Checks a response cache file's text; `source` (its path) starts every error message. */
export function parseLlmResponseFile(text: string, source: string): LlmResponseFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new LlmResponseFileError(`${source}: not JSON (${messageOf(error)})`, { cause: error });
  }
  const parsed = LlmResponseFileSchema.safeParse(json);
  if (!parsed.success) throw new LlmResponseFileError(`${source}: not a ${LLM_RESPONSE_FILE_FORMAT} file: ${issuesText(parsed.error)}`);
  return parsed.data;
}

export async function readLlmResponseFile(path: string): Promise<LlmResponseFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new LlmResponseFileError(`cannot read ${path}: ${messageOf(error)}`, { cause: error });
  }
  return parseLlmResponseFile(text, path);
}

export async function writeLlmResponseFile(path: string, file: LlmResponseFile): Promise<void> {
  await writeFile(path, `${JSON.stringify(file, null, 1)}\n`);
}

/** Stores every row of the file (an upsert per key, so importing twice changes nothing); returns how many. */
export async function importLlmResponses(writer: DatabaseWriterPort, file: LlmResponseFile): Promise<number> {
  for (const row of file.responses) await writer.putLlmResponse(row.cache_key, row.entry);
  return file.responses.length;
}
