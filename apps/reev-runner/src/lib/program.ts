import { Command, InvalidArgumentError, Option } from 'commander';
import type { ResponseCacheMode } from '@reev/agent';
import { DEFAULT_DATABASE_URL } from '@reev/db';
import type { CliIo } from './cli-io';

/** The parsed flags; which mode runs is decided in runCli. */
export interface RunnerOptions {
  agent: string;
  db: string;
  concurrency: number;
  json: boolean;
  seed: number;
  dynamic: boolean;
  prompt?: string;
  wallet: string;
  atomicMode?: 'strict' | 'lenient' | 'conditional';
  state?: string;
  runs: number;
  planner: 'rules' | 'llm';
  plannerModel?: string;
  renderFlow?: string;
  llmCache: ResponseCacheMode;
  importLlmCache?: string;
  exportLlmCache?: string;
  verbose: boolean;
}

function positiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError('expected a positive integer');
  return parsed;
}

function nonNegativeInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new InvalidArgumentError('expected a non-negative integer');
  return parsed;
}

export function buildProgram(io: CliIo): Command {
  return new Command()
    .name('reev-runner')
    .description('Run reev benchmarks (YAML files or directories) against an agent and store every result.')
    .argument('[paths...]', 'benchmark files or directories (every .yml/.yaml in name order)')
    .option('-a, --agent <name>', 'agent to evaluate', 'deterministic')
    .option('--db <url>', 'database: file:path, :memory:, or a libSQL server URL', process.env['REEV_DB_URL'] ?? DEFAULT_DATABASE_URL)
    .option('-c, --concurrency <n>', 'benchmarks run at once', positiveInteger, 1)
    .option('--json', 'print one machine-readable JSON report instead of the tree', false)
    .option('--seed <n>', 'seed for placeholder key derivation', nonNegativeInteger, 0)
    .addOption(new Option('--planner <kind>', 'planner for dynamic requests and benchmarks').choices(['rules', 'llm']).default('rules'))
    .option('--planner-model <agent>', 'LLM route for --planner llm (default: --agent when it is an LLM)')
    .option('--runs <k>', 'run each benchmark k times (distinct run indexes) and report mean, std, pass@k, pass^k', positiveInteger, 1)
    .option('--dynamic', 'run a free request (--prompt) instead of benchmark files', false)
    .option('-p, --prompt <request>', 'the request for --dynamic, e.g. "swap 2 SOL to USDC then lend it"')
    .option('-w, --wallet <pubkey>', 'acting wallet for --dynamic: a placeholder of the initial state or its address', 'USER_WALLET_PUBKEY')
    .addOption(
      new Option('--atomic-mode <mode>', 'how --dynamic handles a failed step').choices(['strict', 'lenient', 'conditional']),
    )
    .option('--render-flow <id>', 'print the flow of a stored run: a consolidated session, execution or session id')
    .option('--state <file>', 'YAML with initial_state for --dynamic (default: 10 SOL and 100 USDC)')
    .addOption(
      new Option('--llm-cache <mode>', 'record/replay of LLM answers in --db: off, record, replay (offline, no preflight), auto')
        .choices(['off', 'record', 'replay', 'auto'])
        .default('off'),
    )
    .option('--import-llm-cache <file>', 'store the recorded LLM answers of a file (--export-llm-cache) in --db first')
    .option('--export-llm-cache <file>', 'write every recorded LLM answer in --db to a file and exit')
    .option('--verbose', 'print the stack trace of a failure (also with DEBUG set)', false)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    });
}
