import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { ApiError } from './errors';

export type RequestPart = 'params' | 'query' | 'body';

export interface ResponseSpec {
  description: string;
  /** Documents the body; absent for bodies that are not JSON (see contentType). */
  schema?: z.ZodType;
  /** Default application/json. */
  contentType?: string;
}

export interface RouteInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  request: FastifyRequest;
  reply: FastifyReply;
}

export interface RouteSpec<P = unknown, Q = unknown, B = unknown> {
  method: 'GET' | 'POST';
  /** Fastify syntax: `/api/v1/benchmarks/:id`. */
  url: string;
  summary: string;
  tag: string;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  responses: Record<number, ResponseSpec>;
  /** The JSON answer, or the reply after sending something else. */
  handler(input: RouteInput<P, Q, B>): unknown;
}

/** The routes as declared, for the OpenAPI document. */
export type RouteTable = RouteSpec[];

export interface ValidationIssue {
  location: string;
  message: string;
}

/** `body.config.api_url: Invalid URL` for every issue, so the client sees which field is wrong. */
function validationError(part: RequestPart, error: z.ZodError): ApiError {
  const issues: ValidationIssue[] = error.issues.map((issue) => ({
    location: [part, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
  const message = issues.map((issue) => `${issue.location}: ${issue.message}`).join('; ');
  return new ApiError(400, 'invalid_request', message, { issues });
}

/**
 * Where `value` has a key that could reach an object's prototype (`__proto__`, or `constructor` holding
 * `prototype`), as a field path; JSON.parse keeps such keys as plain own properties, so they are found here
 * and refused by name instead of being dropped or reported as broken JSON.
 */
function prototypeKeyPath(value: unknown, path: string, depth = 0): string | undefined {
  if (typeof value !== 'object' || value === null || depth > 64) return undefined;
  for (const key of Object.keys(value)) {
    const child = (value as Record<string, unknown>)[key];
    if (key === '__proto__') return `${path}.__proto__`;
    if (key === 'constructor' && typeof child === 'object' && child !== null && Object.hasOwn(child, 'prototype')) {
      return `${path}.constructor.prototype`;
    }
    const found = prototypeKeyPath(child, Array.isArray(value) ? `${path}[${key}]` : `${path}.${key}`, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

function parsePart<T>(part: RequestPart, schema: z.ZodType<T> | undefined, value: unknown): T {
  if (!schema) return undefined as T;
  const forbidden = part === 'body' ? prototypeKeyPath(value, 'body') : undefined;
  if (forbidden !== undefined) {
    const message = `the key ${forbidden.slice(forbidden.lastIndexOf('.') + 1) === 'prototype' ? 'constructor.prototype' : '__proto__'} is not accepted (it could change object prototypes)`;
    throw new ApiError(400, 'invalid_request', `${forbidden}: ${message}`, { issues: [{ location: forbidden, message }] });
  }
  // A JSON `null` is a body, and not an object: refused, not taken for a missing body.
  if (part === 'body' && value === null) {
    throw new ApiError(400, 'invalid_request', 'body: expected a JSON object, got null', {
      issues: [{ location: 'body', message: 'expected a JSON object, got null' }],
    });
  }
  // A POST without a body is checked as `{}`, so the message names the missing fields.
  const parsed = schema.safeParse(value ?? (part === 'body' ? {} : value));
  if (!parsed.success) throw validationError(part, parsed.error);
  return parsed.data;
}

/** Registers a route whose params, query and body are validated by its zod schemas, and records it in `table`. */
export function defineRoute<P, Q, B>(app: FastifyInstance, table: RouteTable, spec: RouteSpec<P, Q, B>): void {
  table.push(spec);
  app.route({
    method: spec.method,
    url: spec.url,
    handler: async (request, reply) => {
      const params = parsePart('params', spec.params, request.params);
      const query = parsePart('query', spec.query, request.query);
      const body = parsePart('body', spec.body, request.body);
      return await spec.handler({ params, query, body, request, reply });
    },
  });
}
