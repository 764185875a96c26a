import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { errorBody } from './errors';

const READ_ONLY_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** True when `header` is `Bearer <token>`; compared in constant time (over digests, so lengths leak nothing). */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer[ ]+(.+)$/i.exec(header ?? '');
  return match?.[1] !== undefined && timingSafeEqual(digest(match[1].trim()), digest(token));
}

/** Every mutating request (any method but GET/HEAD/OPTIONS) must carry the token; reads stay open. */
export function requireTokenForMutations(app: FastifyInstance, token: string): void {
  app.addHook('onRequest', async (request, reply) => {
    if (READ_ONLY_METHODS.has(request.method)) return;
    if (bearerMatches(request.headers.authorization, token)) return;
    const message =
      request.headers.authorization === undefined
        ? `${request.method} needs an API token: send "Authorization: Bearer <token>"`
        : 'the API token in the Authorization header is wrong';
    await reply.status(401).header('www-authenticate', 'Bearer realm="reev"').send(errorBody('unauthorized', message));
  });
}

/** Query parameters that carry secrets some clients put in URLs (EventSource cannot send headers). */
const SECRET_QUERY_PARAMETER = /([?&](?:token|access_token|api_key|apikey|key)=)[^&#]*/gi;

/** `url` with the values of secret-bearing query parameters replaced, for logs. */
export function redactUrlSecrets(url: string): string {
  return url.replace(SECRET_QUERY_PARAMETER, '$1[redacted]');
}

/** pino's request serializer as Fastify's, with secrets in the query string redacted. */
export function loggedRequest(request: { method: string; url: string; hostname?: string; ip?: string; socket?: { remotePort?: number } }) {
  return {
    method: request.method,
    url: redactUrlSecrets(request.url),
    host: request.hostname,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}
