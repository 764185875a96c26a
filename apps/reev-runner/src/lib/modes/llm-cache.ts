import { exportLlmResponses, writeLlmResponseFile } from '@reev/orchestrator';
import { EXIT_OK, type CliIo } from '../cli-io';
import { withRunnerGraph, type ContainerOverrides } from '../composition';
import type { RunnerOptions } from '../program';

/** `--import-llm-cache <file>` alone: stores the file's recorded answers in --db (the composition imports them) and says so. */
export function importLlmCache(options: RunnerOptions, io: CliIo, overrides?: ContainerOverrides): Promise<number> {
  return withRunnerGraph(options, overrides, async ({ reader, imported }) => {
    const stored = (await reader.listLlmResponses()).length;
    io.stdout.write(`imported ${imported} recorded LLM answers from ${options.importLlmCache ?? ''} into ${options.db} (${stored} stored in all)\n`);
    return EXIT_OK;
  });
}

/** `--export-llm-cache <file>`: writes every recorded LLM answer in --db to the file. */
export function exportLlmCache(file: string, options: RunnerOptions, io: CliIo, overrides?: ContainerOverrides): Promise<number> {
  return withRunnerGraph(options, overrides, async ({ reader }) => {
    const exported = await exportLlmResponses(reader);
    await writeLlmResponseFile(file, exported);
    io.stdout.write(`wrote ${exported.responses.length} recorded LLM answers from ${options.db} to ${file}\n`);
    return EXIT_OK;
  });
}
