import 'reflect-metadata';
import { CommanderError } from 'commander';
import { EXIT_BAD_INPUT, EXIT_OK, UsageError, type CliIo } from './cli-io';
import type { ContainerOverrides } from './composition';
import { runBenchmarks } from './modes/benchmarks';
import { runDynamic } from './modes/dynamic';
import { exportLlmCache, importLlmCache } from './modes/llm-cache';
import { renderStoredFlow } from './modes/stored-flow';
import { buildProgram, type RunnerOptions } from './program';

export { EXIT_BAD_INPUT, EXIT_BELOW_MIN_SCORE, EXIT_OK, type CliIo } from './cli-io';
export type { ContainerOverrides } from './composition';

/** The error in one line; with --verbose or DEBUG set, its stack follows. */
function oneLine(error: unknown, verbose: boolean): string {
  const message = (error instanceof Error ? error.message : String(error)).replace(/\s*\n\s*/g, ' ');
  const stack = verbose || process.env['DEBUG'] ? (error instanceof Error ? error.stack : undefined) : undefined;
  return stack === undefined ? message : `${message}\n${stack}`;
}

/** Picks the mode the flags ask for: render a stored flow, export or import LLM answers, a free request, or benchmark files. */
function runMode(options: RunnerOptions, paths: string[], io: CliIo, overrides: ContainerOverrides | undefined): Promise<number> {
  if (options.renderFlow !== undefined) return renderStoredFlow(options.renderFlow, options, io, overrides);
  if (options.exportLlmCache !== undefined) return exportLlmCache(options.exportLlmCache, options, io, overrides);
  if (options.importLlmCache !== undefined && !options.dynamic && paths.length === 0) return importLlmCache(options, io, overrides);
  if (options.dynamic) {
    if (options.prompt === undefined) throw new UsageError('--dynamic needs --prompt "<request>"');
    if (paths.length > 0) throw new UsageError('--dynamic runs a request, not files: drop the paths or --dynamic');
    return runDynamic(options.prompt, options, io, overrides);
  }
  if (paths.length === 0) throw new UsageError('no benchmark files or directories given (e.g. reev-runner benchmarks/)');
  return runBenchmarks(paths, options, io, overrides);
}

/**
 * Runs the CLI and returns its exit code: 0 all passed, 1 some below min_score, 2 bad input (any error: bad
 * flags, a bad file, an unknown agent, an unplannable request, an unusable database, …). `overrides` re-registers
 * tokens of the runner's container (composition.ts) before anything is resolved.
 */
export async function runCli(argv: string[], io: CliIo, overrides?: ContainerOverrides): Promise<number> {
  const program = buildProgram(io);
  try {
    program.parse(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT_OK : EXIT_BAD_INPUT;
    }
    throw error;
  }
  const options = program.opts<RunnerOptions>();
  try {
    return await runMode(options, program.args, io, overrides);
  } catch (error) {
    io.stderr.write(`reev-runner: ${oneLine(error, options.verbose)}\n`);
    return EXIT_BAD_INPUT;
  }
}
