import type { DatabaseReader } from '@reev/db';
import { toAscii, type FlowInput } from '@reev/flow';
import { colorsFor, EXIT_OK, UsageError, type CliIo } from '../cli-io';
import { withRunnerGraph, type ContainerOverrides } from '../composition';
import type { RunnerOptions } from '../program';

/** A stored run as flow input: a consolidated session by its id or its execution's, else one session's log. */
export async function storedFlow(reader: DatabaseReader, id: string): Promise<FlowInput | undefined> {
  const consolidated = (await reader.getConsolidatedSession(id)) ?? (await reader.getConsolidatedSessionsByExecution(id))[0];
  if (consolidated) return consolidated.content;
  return reader.getSessionLog(id);
}

/** `--render-flow <id>`: prints a stored run's flow as ASCII. */
export function renderStoredFlow(id: string, options: RunnerOptions, io: CliIo, overrides?: ContainerOverrides): Promise<number> {
  return withRunnerGraph(options, overrides, async ({ reader }) => {
    const flow = await storedFlow(reader, id);
    if (!flow) throw new UsageError(`no consolidated session, execution or session "${id}" in ${options.db}`);
    io.stdout.write(`${toAscii(flow, { color: colorsFor(io.stdout).isColorSupported })}\n`);
    return EXIT_OK;
  });
}
