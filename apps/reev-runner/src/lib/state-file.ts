import { readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { documentToData, yamlDocumentLimitBroken, yamlTextLimitBroken } from '@reev/lib';
import { InitialStateItemSchema, type InitialStateItem } from '@reev/types';

export class StateFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StateFileError';
  }
}

const StateFileSchema = z.union([
  z.object({ initial_state: z.array(InitialStateItemSchema).min(1) }),
  z.array(InitialStateItemSchema).min(1),
]);

/** Reads `--state`: a YAML list of initial_state items, or a mapping with an `initial_state:` list. */
export async function loadStateFile(path: string): Promise<InitialStateItem[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new StateFileError(`${path}: cannot read the state file (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  const tooLarge = yamlTextLimitBroken(text);
  if (tooLarge !== undefined) throw new StateFileError(`${path}: ${tooLarge}`);
  const document = parseDocument(text);
  const syntax = document.errors[0];
  if (syntax) throw new StateFileError(`${path}: ${syntax.message.split('\n')[0] ?? 'invalid YAML'}`);
  const tooDeep = yamlDocumentLimitBroken(document);
  if (tooDeep !== undefined) throw new StateFileError(`${path}: ${tooDeep}`);
  const converted = documentToData(document);
  if ('broken' in converted) throw new StateFileError(`${path}: ${converted.broken}`);
  const parsed = StateFileSchema.safeParse(converted.data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new StateFileError(`${path}: ${issue?.path.join('.') || '(top level)'}: ${issue?.message ?? 'invalid state'}`);
  }
  return Array.isArray(parsed.data) ? parsed.data : parsed.data.initial_state;
}
