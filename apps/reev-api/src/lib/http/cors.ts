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

/** What a preflight from a permitted page is told it may send; a page caches the answer for PREFLIGHT_MAX_AGE. */
const ALLOWED_METHODS = 'GET, HEAD, POST, OPTIONS';
const ALLOWED_HEADERS = 'content-type, authorization, last-event-id, accept';
const PREFLIGHT_MAX_AGE = '600';

/**
 * CORS, as one synchronous hook registered before any other: preflights are answered (204) before auth, and every
 * answer, 401s included, carries the allow headers a permitted page needs to read it. A mutating request from a
 * page that is not permitted is refused (403) instead of run: the browser would hide the answer, not stop the
 * request. The answers are those @fastify/cors gave with the same options; its per-request option objects cost
 * a third of a cached GET's time (docs/performance.md, section 7).
 */
export function registerCors(app: FastifyInstance, extraOrigins: readonly string[]): void {
  const extra = new Set(extraOrigins.map(normaliseOrigin));
  app.addHook('onRequest', (request, reply, done) => {
    // Every answer depends on the Origin it was asked with: caches must keep them apart.
    void reply.header('vary', 'Origin');
    const origin = request.headers.origin;
    if (origin === undefined) return done();
    const allowed = originAllowed(origin, request, extra);
    if (allowed) void reply.header('access-control-allow-origin', origin);
    if (request.method === 'OPTIONS') {
      // A preflight from a page that is not permitted falls through to the 404 of an unrouted OPTIONS.
      if (!allowed) return done();
      if (!request.headers['access-control-request-method']) {
        void reply.status(400).type('text/plain').send('Invalid Preflight Request');
        return;
      }
      void reply
        .header('access-control-allow-methods', ALLOWED_METHODS)
        .header('access-control-allow-headers', ALLOWED_HEADERS)
        .header('access-control-max-age', PREFLIGHT_MAX_AGE)
        .status(204)
        .header('content-length', '0')
        .send();
      return;
    }
    if (allowed || READ_ONLY_METHODS.has(request.method)) return done();
    void reply
      .status(403)
      .send(errorBody('forbidden_origin', `pages from ${origin} may not call this API; start reev-api with --cors-origin ${origin} to allow them`));
  });
}
