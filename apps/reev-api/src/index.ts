import 'reflect-metadata';

export { buildServer, type ReevServer } from './lib/server';
export {
  DEFAULT_BODY_LIMIT_BYTES,
  DEFAULT_MAX_CONCURRENT_RUNS,
  SettingsError,
  type ApiSettings,
  type ServerOptions,
} from './lib/settings';
export { RunQueue } from './lib/runs/run-queue';
export { isActive, type LiveRun, type RunOutcome, type RunKind, type StopResult } from './lib/runs/live-run';
export type { StreamEvent } from './lib/runs/event-log';
export { ApiError, type ErrorBody } from './lib/http/errors';
export { openApiDocument, type OpenApiDocument } from './lib/http/openapi';
export { maskApiKey } from './lib/agents/agent-directory';
export { runApiCli, oneLine, DEFAULT_HOST, DEFAULT_PORT, type ApiCliIo } from './lib/cli';
