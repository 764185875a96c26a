import pino from 'pino';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { DatabaseError } from '@reev/db';
import { BenchmarkLoadError } from '@reev/lib';
import { loggedRequest } from './http/auth';
import { buildServer, type ReevServer } from './server';
import { DEFAULT_DATABASE_URL } from '@reev/db';
import { DEFAULT_BODY_LIMIT_BYTES, DEFAULT_MAX_CONCURRENT_RUNS, SettingsError } from './settings';

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 3001;
/** Longest time a request log line waits in the buffer before it is written to stderr. */
const LOG_FLUSH_INTERVAL_MS = 250;

export interface ApiCliIo {
  stdout: NodeJS.WritableStream;
  /** Request and error logs (JSON lines). */
  stderr: NodeJS.WritableStream;
  /** Resolves when the server should shut down; the bin passes SIGINT/SIGTERM. */
  shutdown: Promise<string>;
  /** Called once the server listens, with its URL. */
  onListening?(url: string, server: ReevServer): void;
}

interface ApiCliOptions {
  host: string;
  port: number;
  db: string;
  benchmarks?: string;
  maxConcurrentRuns: number;
  bodyLimit: number;
  logLevel: string;
  corsOrigin: string[];
  queuedRuns: 'resume' | 'interrupt';
  verbose: boolean;
}

const EXIT_OK = 0;
const EXIT_BAD_INPUT = 2;

function integerIn(min: number, max: number) {
  return (value: string): number => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
      throw new InvalidArgumentError(`expected an integer from ${min} to ${max}`);
    }
    return parsed;
  };
}

/** Repeatable, and each value may be a comma-separated list. */
function collectOrigins(value: string, previous: string[]): string[] {
  return [...previous, ...value.split(',').map((origin) => origin.trim()).filter((origin) => origin !== '')];
}

function buildProgram(io: ApiCliIo): Command {
  return new Command()
    .name('reev-api')
    .description('Serve the reev HTTP API (/api/v1) and web page. POST routes need "Authorization: Bearer $REEV_API_TOKEN" when that variable is set.')
    .option('--host <host>', 'interface to bind; anything but 127.0.0.1/localhost exposes the API to the network', DEFAULT_HOST)
    .option('--port <port>', 'TCP port (0 picks a free one)', integerIn(0, 65535), DEFAULT_PORT)
    .option('--db <url>', 'database: file:path, :memory:, or a libSQL server URL', process.env['REEV_DB_URL'] ?? DEFAULT_DATABASE_URL)
    .option('--benchmarks <dir>', 'benchmark YAML directory (default: ./benchmarks)')
    .option('--max-concurrent-runs <n>', 'runs executing at once; more wait in order', integerIn(1, 1000), DEFAULT_MAX_CONCURRENT_RUNS)
    .option('--body-limit <bytes>', 'largest request body accepted', integerIn(1024, 1024 * 1024 * 1024), DEFAULT_BODY_LIMIT_BYTES)
    .option(
      '--cors-origin <origins>',
      'browser origins allowed to call the API besides localhost/127.0.0.1 on any port (repeatable, or comma-separated)',
      collectOrigins,
      [],
    )
    .addOption(
      new Option('--queued-runs <what>', 'at start, runs a crashed process left queued: resume them, or mark them interrupted')
        .choices(['resume', 'interrupt'])
        .default(process.env['REEV_QUEUED_RUNS'] ?? 'resume'),
    )
    .option('--verbose', 'print the stack trace of a start-up failure (also with DEBUG set)', false)
    .addOption(
      new Option('--log-level <level>', 'request log level (on stderr)')
        .choices(['fatal', 'error', 'warn', 'info', 'debug', 'silent'])
        .default('info'),
    )
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) });
}

/** The error in one line; with --verbose or DEBUG set, its stack follows. */
export function oneLine(error: unknown, verbose: boolean): string {
  const message = (error instanceof Error ? error.message : String(error)).replace(/\s*\n\s*/g, ' ');
  const stack = verbose || process.env['DEBUG'] ? (error instanceof Error ? error.stack : undefined) : undefined;
  return stack === undefined ? message : `${message}\n${stack}`;
}

/** Starts the server and serves until `io.shutdown` resolves; returns the exit code (2: bad options or start failure). */
export async function runApiCli(argv: string[], io: ApiCliIo): Promise<number> {
  const program = buildProgram(io);
  try {
    program.parse(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_OK : EXIT_BAD_INPUT;
    throw error;
  }
  const options = program.opts<ApiCliOptions>();

  // On the process's own stderr, request logs go through an asynchronous buffer: a synchronous write per request
  // (stderr is synchronous on pipes) costs more than answering many requests. The buffer is written out every
  // LOG_FLUSH_INTERVAL_MS, so a log line reaches stderr within that time, and synchronously at shutdown.
  const bufferedLog = io.stderr === process.stderr ? pino.destination({ dest: 2, sync: false, minLength: 4096 }) : undefined;
  const logStream = bufferedLog ?? io.stderr;
  const flushTimer = bufferedLog ? setInterval(() => bufferedLog.flush(), LOG_FLUSH_INTERVAL_MS).unref() : undefined;
  const flushLogs = (): void => {
    clearInterval(flushTimer);
    bufferedLog?.flushSync();
  };
  let server: ReevServer;
  try {
    server = await buildServer({
      databaseUrl: options.db,
      ...(options.benchmarks !== undefined ? { benchmarksDir: options.benchmarks } : {}),
      maxConcurrentRuns: options.maxConcurrentRuns,
      bodyLimitBytes: options.bodyLimit,
      corsOrigins: options.corsOrigin,
      queuedRuns: options.queuedRuns,
      // Silent: no logger at all, so Fastify creates no child logger per request.
      logger: options.logLevel === 'silent' ? false : {
        level: options.logLevel,
        stream: logStream,
        redact: ['req.headers.authorization'],
        serializers: { req: loggedRequest },
      },
    });
  } catch (error) {
    // Bad settings, a bad database (cannot be opened, damaged, read-only, full) or an unexpected failure: one line.
    const known = error instanceof SettingsError || error instanceof BenchmarkLoadError || error instanceof DatabaseError;
    flushLogs();
    io.stderr.write(`reev-api: ${known ? '' : 'cannot start: '}${oneLine(error, options.verbose)}\n`);
    return EXIT_BAD_INPUT;
  }

  for (const warning of server.benchmarkWarnings) io.stderr.write(`warning: ${warning}\n`);
  let url: string;
  try {
    url = await server.app.listen({ host: options.host, port: options.port });
  } catch (error) {
    await server.close();
    flushLogs();
    io.stderr.write(`reev-api: cannot listen on ${options.host}:${options.port}: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_BAD_INPUT;
  }
  const auth = server.settings.apiToken !== undefined ? 'POST routes need the API token' : 'no API token set: POST routes are open';
  io.stdout.write(
    `reev-api listening on ${url} (database ${options.db}, benchmarks ${server.settings.benchmarksDir}, ${auth})\n`,
  );
  io.onListening?.(url, server);

  const signal = await io.shutdown;
  io.stdout.write(`reev-api: ${signal}, stopping runs and closing\n`);
  await server.close();
  flushLogs();
  return EXIT_OK;
}
