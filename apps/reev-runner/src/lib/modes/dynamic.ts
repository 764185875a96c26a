import { toAscii } from '@reev/flow';
import { colorsFor, EXIT_BELOW_MIN_SCORE, EXIT_OK, type CliIo } from '../cli-io';
import { withRunnerGraph, type ContainerOverrides } from '../composition';
import { renderDynamicJson, renderFlowSummary, renderPlan, renderStepLine } from '../dynamic-report';
import type { RunnerOptions } from '../program';
import { loadStateFile } from '../state-file';
import { storedFlow } from './stored-flow';

const ATOMIC_MODES = { strict: 'Strict', lenient: 'Lenient', conditional: 'Conditional' } as const;

/** `--dynamic --prompt`: plans the request, prints the plan, runs it step by step and prints the flow; exit 1 when it fails. */
export async function runDynamic(prompt: string, options: RunnerOptions, io: CliIo, overrides?: ContainerOverrides): Promise<number> {
  const initialState = options.state !== undefined ? await loadStateFile(options.state) : undefined;
  return withRunnerGraph(options, overrides, async ({ gateway, reader }) => {
    const agent = gateway.resolveAgent(options.agent);
    const request = { seed: options.seed, ...(initialState ? { initialState } : {}) };
    const plan = await gateway.processUserRequest(prompt, options.wallet, request);
    const atomicMode = options.atomicMode ? ATOMIC_MODES[options.atomicMode] : undefined;
    if (!options.json) io.stdout.write(renderPlan(atomicMode ? { ...plan, atomic_mode: atomicMode } : plan, colorsFor(io.stdout)));
    const result = await gateway.executeFlowPlan(atomicMode ? { ...plan, atomic_mode: atomicMode } : plan, agent, {
      ...request,
      wallet: options.wallet,
      interfaceKind: 'cli',
      events: {
        emit: (event) => {
          if (!options.json && event.type === 'step_finished') io.stdout.write(renderStepLine(event.result, colorsFor(io.stdout)));
        },
      },
    });
    if (options.json) {
      io.stdout.write(renderDynamicJson(result));
    } else {
      const flow = result.consolidated_session_id ? await storedFlow(reader, result.consolidated_session_id) : undefined;
      if (flow) io.stdout.write(`\n${toAscii(flow, { color: colorsFor(io.stdout).isColorSupported })}\n`);
      io.stdout.write(renderFlowSummary(result, options.db, colorsFor(io.stdout)));
    }
    return result.success ? EXIT_OK : EXIT_BELOW_MIN_SCORE;
  });
}
