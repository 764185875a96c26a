import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AgentConfigurationError } from '@reev/agent';
import { ConstraintError, NotFoundError as DatabaseNotFoundError, ValidationError as DatabaseValidationError } from '@reev/db';
import { BenchmarkLoadError } from '@reev/lib';
import { PlanningError, UnknownAgentError, WalletContextError } from '@reev/orchestrator';

/** The JSON body of every error response. */
export interface ErrorBody {
  error: string;
  message: string;
  timestamp: string;
  [detail: string]: unknown;
}

/** An error a client caused or can act on; the handler answers it with `statusCode` and `{error, message}`. */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'ApiError';
  }
}

export const badRequest = (message: string, details?: Record<string, unknown>) => new ApiError(400, 'bad_request', message, details);
export const notFound = (message: string, details?: Record<string, unknown>) => new ApiError(404, 'not_found', message, details);
export const conflict = (message: string, details?: Record<string, unknown>) => new ApiError(409, 'conflict', message, details);

/** Errors of the layers below that a client's input can cause, as HTTP answers. */
function knownError(error: unknown): ApiError | undefined {
  if (error instanceof ApiError) return error;
  if (error instanceof UnknownAgentError) return new ApiError(400, 'unknown_agent', error.message);
  if (error instanceof AgentConfigurationError) {
    return new ApiError(400, 'agent_configuration', error.message, error.variable ? { variable: error.variable } : {});
  }
  if (error instanceof WalletContextError) return new ApiError(400, 'invalid_wallet', `body.wallet: ${error.message}`);
  if (error instanceof PlanningError) {
    // An empty or over-long prompt is malformed input; the other reasons are a well-formed request no plan fits.
    return error.reason === 'empty' || error.reason === 'too_long'
      ? new ApiError(400, 'bad_request', `body.prompt: ${error.message}`)
      : new ApiError(422, 'planning_failed', error.message, { reason: error.reason });
  }
  if (error instanceof BenchmarkLoadError) {
    return new ApiError(400, 'invalid_benchmark', error.message, {
      issues: error.issues.map((issue) => ({ line: issue.line ?? null, column: issue.column ?? null, field: issue.path, reason: issue.reason })),
    });
  }
  if (error instanceof DatabaseValidationError) return new ApiError(400, 'bad_request', error.message);
  if (error instanceof DatabaseNotFoundError) return new ApiError(404, 'not_found', error.message);
  if (error instanceof ConstraintError && error.constraint === 'unique') return new ApiError(409, 'conflict', error.message);
  return undefined;
}

function isFastifyClientError(error: unknown): error is FastifyError & { statusCode: number } {
  const status = (error as Partial<FastifyError> | null)?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500;
}

/** Fastify's own 4xx codes (FST_ERR_CTP_BODY_TOO_LARGE, …) as short names. */
function fastifyErrorName(error: FastifyError & { statusCode: number }): string {
  if (error.statusCode === 413) return 'payload_too_large';
  if (error.statusCode === 415) return 'unsupported_media_type';
  if (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError) return 'invalid_json';
  return 'bad_request';
}

export function errorBody(code: string, message: string, details: Record<string, unknown> = {}): ErrorBody {
  return { error: code, message, ...details, timestamp: new Date().toISOString() };
}

export const MAX_PATH_SEGMENT_LENGTH = 256;

/**
 * Fastify's `frameworkErrors`: URLs the router refuses before any route (malformed encoding, an over-long
 * segment) get the same error body as everything else.
 */
export function frameworkErrorAnswer(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    void reply.status(414).send(errorBody('uri_too_long', `a path segment is longer than ${MAX_PATH_SEGMENT_LENGTH} characters`));
    return;
  }
  void reply.status(error.statusCode ?? 400).send(errorBody('bad_request', error.message));
}

/** Maps known errors to 4xx answers; anything else is logged and answered 500 without internals. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const known = knownError(error);
    if (known) return reply.status(known.statusCode).send(errorBody(known.code, known.message, known.details));
    if (isFastifyClientError(error)) {
      return reply.status(error.statusCode).send(errorBody(fastifyErrorName(error), error.message));
    }
    request.log.error({ err: error }, 'request failed');
    return reply
      .status(500)
      .send(errorBody('internal_error', `internal error while handling ${request.method} ${request.url}; see the server log`));
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send(errorBody('not_found', `no route ${request.method} ${request.url.split('?')[0] ?? ''}`)),
  );
}
