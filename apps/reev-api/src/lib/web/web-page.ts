import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';

export interface WebPageOptions {
  /** Folder holding the page's files (index.html, its script modules, style.css). Default: `<reev-api package>/public`. */
  publicDir?: string;
  /** mermaid.min.js to serve at /assets/mermaid.min.js. Default: the installed `mermaid` package's. */
  mermaidScriptPath?: string;
}

/** The page's own files: URL → file name in the public folder and its media type. A fixed list, so no path from a request ever reaches the file system. */
const PAGE_FILES = [
  { url: '/', file: 'index.html', type: 'text/html; charset=utf-8' },
  { url: '/web/app.js', file: 'app.js', type: 'text/javascript; charset=utf-8' },
  { url: '/web/api.js', file: 'api.js', type: 'text/javascript; charset=utf-8' },
  { url: '/web/diagram.js', file: 'diagram.js', type: 'text/javascript; charset=utf-8' },
  { url: '/web/dom.js', file: 'dom.js', type: 'text/javascript; charset=utf-8' },
  { url: '/web/execution.js', file: 'execution.js', type: 'text/javascript; charset=utf-8' },
  { url: '/web/format.js', file: 'format.js', type: 'text/javascript; charset=utf-8' },
  { url: '/web/matrix.js', file: 'matrix.js', type: 'text/javascript; charset=utf-8' },
  { url: '/web/state.js', file: 'state.js', type: 'text/javascript; charset=utf-8' },
  { url: '/web/style.css', file: 'style.css', type: 'text/css; charset=utf-8' },
] as const;

export const MERMAID_SCRIPT_URL = '/assets/mermaid.min.js';

const PACKAGE_NAME = 'reev-api';

/**
 * Scripts only from this server, data only from its API. Mermaid writes <style> elements into the SVGs it
 * renders, hence 'unsafe-inline' for styles (never for scripts).
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The folder of the reev-api package: the nearest parent holding its package.json. The same from
 * src/lib/web (tests, tsx) and dist/lib/web (the built app).
 */
export function findPackageRoot(start: string = __dirname): string {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && readPackageName(manifest) === PACKAGE_NAME) return dir;
    if (path.dirname(dir) === dir) {
      throw new Error(`registerWebPage: no package.json named "${PACKAGE_NAME}" in ${start} or any folder above it`);
    }
  }
}

function readPackageName(manifest: string): unknown {
  const parsed: unknown = JSON.parse(readFileSync(manifest, 'utf8'));
  return typeof parsed === 'object' && parsed !== null ? (parsed as { name?: unknown }).name : undefined;
}

function resolveMermaidScript(): string {
  try {
    return require.resolve('mermaid/dist/mermaid.min.js');
  } catch (error) {
    throw new Error(
      `registerWebPage: cannot find mermaid/dist/mermaid.min.js (${(error as Error).message}); install the "mermaid" package (npm install mermaid@^11)`,
      { cause: error },
    );
  }
}

async function readPageFile(publicDir: string, file: string): Promise<Buffer> {
  const filePath = path.join(publicDir, file);
  try {
    return await readFile(filePath);
  } catch (error) {
    throw new Error(`registerWebPage: cannot read page file ${filePath} (${(error as Error).message})`, { cause: error });
  }
}

async function requireFile(filePath: string, what: string): Promise<void> {
  const found = await stat(filePath).catch(() => undefined);
  if (!found?.isFile()) throw new Error(`registerWebPage: ${what} ${filePath} is not a file`);
}

function securityHeaders(reply: FastifyReply): FastifyReply {
  return reply
    .header('content-security-policy', CONTENT_SECURITY_POLICY)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer');
}

/**
 * Serves the reev web page at `/`, its script and styles under `/web/`, and Mermaid at
 * /assets/mermaid.min.js (from node_modules; nothing is fetched from the internet). Usable as
 * `await registerWebPage(app)` or `app.register(registerWebPage, options)`. The page's files are read once,
 * here, so a missing file fails at start, naming the path.
 */
export async function registerWebPage(app: FastifyInstance, options: WebPageOptions = {}): Promise<void> {
  const publicDir = options.publicDir ?? path.join(findPackageRoot(), 'public');
  const mermaidScript = options.mermaidScriptPath ?? resolveMermaidScript();
  await requireFile(mermaidScript, 'Mermaid script');
  const bodies = await Promise.all(PAGE_FILES.map((page) => readPageFile(publicDir, page.file)));

  PAGE_FILES.forEach((page, index) => {
    const body = bodies[index];
    app.get(page.url, (_request, reply) =>
      securityHeaders(reply).header('cache-control', 'no-cache').type(page.type).send(body),
    );
  });

  app.get(MERMAID_SCRIPT_URL, (_request, reply) =>
    securityHeaders(reply)
      .header('cache-control', 'public, max-age=86400')
      .type('text/javascript; charset=utf-8')
      .send(createReadStream(mermaidScript)),
  );
}
