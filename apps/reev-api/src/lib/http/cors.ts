import cors from '@fastify/cors';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { SettingsError } from '../settings';
import { errorBody } from './errors';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
const READ_ONLY_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** `http://host:port` as browsers send it in Origin (no path, no trailing slash); throws naming a malformed one. */
export function normaliseOrigin(origin: string): string {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    throw new SettingsError(`--cors-origin "${origin}" is not an origin such as http://example.com:8080`);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.pathname !== '/' || url.search !== '' || url.hash !== '') {
    throw new SettingsError(`--cors-origin "${origin}" is not an origin: http(s)://host[:port], without a path`);
  }
  return url.origin;
}

/**
 * Which browser pages may call the API: pages served from localhost/127.0.0.1/[::1] on any port (the original web
 * client runs on its own port), the API's own origin, and the `extra` origins. The original allowed every origin;
 * that would let any web site a user visits start runs on the user's machine.
 */
export function originAllowed(origin: string, request: Pick<FastifyRequest, 'headers'>, extra: ReadonlySet<string>): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  if (LOOPBACK_HOSTS.has(url.hostname)) return true;
  if (extra.has(url.origin)) return true;
  // The API's own page, served from whatever name the server is reached by.
  return request.headers.host !== undefined && url.host === request.headers.host;
}

/**
 * CORS through @fastify/cors, registered before any other hook: preflights are answered (204) before auth, and
 * every answer, 401s included, carries the allow headers a permitted page needs to read it. A mutating request
 * from a page that is not permitted is refused (403) instead of run: the browser would hide the answer, not stop
 * the request.
 */
export async function registerCors(app: FastifyInstance, extraOrigins: readonly string[]): Promise<void> {
  const extra = new Set(extraOrigins.map(normaliseOrigin));
  await app.register(cors, {
    hook: 'onRequest',
    delegator: (request, callback) => {
      const origin = request.headers.origin;
      callback(null, {
        origin: origin !== undefined && originAllowed(origin, request, extra),
        methods: ['GET', 'HEAD', 'POST', 'OPTIONS'],
        allowedHeaders: ['content-type', 'authorization', 'last-event-id', 'accept'],
        maxAge: 600,
      });
    },
  });
  app.addHook('onRequest', async (request, reply) => {
    const origin = request.headers.origin;
    if (origin === undefined || READ_ONLY_METHODS.has(request.method) || originAllowed(origin, request, extra)) return;
    await reply
      .status(403)
      .send(errorBody('forbidden_origin', `pages from ${origin} may not call this API; start reev-api with --cors-origin ${origin} to allow them`));
  });
}
