import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { findPackageRoot, registerWebPage } from './index';

const packageRoot = path.resolve(__dirname, '../../..');

/** Served over real HTTP: Fastify's inject() needs the ESM-only `cookie` package, which Jest cannot load. */
async function get(baseUrl: string, url: string) {
  const response = await fetch(`${baseUrl}${url}`);
  return { statusCode: response.status, headers: response.headers, body: Buffer.from(await response.arrayBuffer()) };
}

describe('registerWebPage', () => {
  let app: FastifyInstance;
  let baseUrl: string;

  beforeAll(async () => {
    app = Fastify();
    await registerWebPage(app);
    baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
  });

  afterAll(async () => {
    await app.close();
  });

  it('serves the page at / with a policy that allows scripts only from this server', async () => {
    const response = await get(baseUrl, '/');
    expect(response.statusCode).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(response.headers.get('content-security-policy')).not.toMatch(/script-src[^;]*unsafe/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.body.equals(readFileSync(path.join(packageRoot, 'public/index.html')))).toBe(true);
  });

  it('serves its script modules and styles from public/', async () => {
    const modules = readdirSync(path.join(packageRoot, 'public')).filter((file) => file.endsWith('.js'));
    expect(modules).toContain('app.js');
    for (const file of modules) {
      const script = await get(baseUrl, `/web/${file}`);
      expect({ file, status: script.statusCode }).toEqual({ file, status: 200 });
      expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      expect(script.body.equals(readFileSync(path.join(packageRoot, 'public', file)))).toBe(true);
    }

    const styles = await get(baseUrl, '/web/style.css');
    expect(styles.statusCode).toBe(200);
    expect(styles.headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it('serves the installed mermaid.min.js, byte for byte', async () => {
    const response = await get(baseUrl, '/assets/mermaid.min.js');
    expect(response.statusCode).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(response.body.equals(readFileSync(require.resolve('mermaid/dist/mermaid.min.js')))).toBe(true);
  });

  it('serves only its own files: no other path reaches the public folder', async () => {
    for (const url of ['/web/index.html', '/web/../package.json', '/web/%2e%2e/package.json', '/web/', '/assets/mermaid.js']) {
      const response = await get(baseUrl, url);
      expect({ url, status: response.statusCode }).toEqual({ url, status: 404 });
    }
  });
});

describe('registerWebPage with a broken installation', () => {
  let scratch: string;

  beforeEach(() => {
    scratch = mkdtempSync(path.join(os.tmpdir(), 'reev-web-'));
  });

  afterEach(() => {
    rmSync(scratch, { recursive: true, force: true });
  });

  it('fails at registration naming the missing page file', async () => {
    // Only app.js missing: the files are read at once, so with two missing either could be named first.
    for (const file of readdirSync(path.join(packageRoot, 'public')).filter((name) => name !== 'app.js')) {
      writeFileSync(path.join(scratch, file), readFileSync(path.join(packageRoot, 'public', file)));
    }
    const app = Fastify();
    await expect(registerWebPage(app, { publicDir: scratch })).rejects.toThrow(
      `registerWebPage: cannot read page file ${path.join(scratch, 'app.js')}`,
    );
    await app.close();
  });

  it('fails at registration naming a Mermaid script that is not there', async () => {
    const missing = path.join(scratch, 'mermaid.min.js');
    const app = Fastify();
    await expect(registerWebPage(app, { mermaidScriptPath: missing })).rejects.toThrow(
      `registerWebPage: Mermaid script ${missing} is not a file`,
    );
    await app.close();
  });
});

describe('findPackageRoot', () => {
  it('finds the reev-api package from the sources and from the built output alike', () => {
    expect(findPackageRoot(__dirname)).toBe(packageRoot);
    expect(findPackageRoot(path.join(packageRoot, 'dist/lib/web'))).toBe(packageRoot);
  });

  it('says where it looked when there is no reev-api package above', () => {
    const scratch = mkdtempSync(path.join(os.tmpdir(), 'reev-web-root-'));
    try {
      mkdirSync(path.join(scratch, 'lib'));
      writeFileSync(path.join(scratch, 'package.json'), JSON.stringify({ name: 'something-else' }));
      expect(() => findPackageRoot(path.join(scratch, 'lib'))).toThrow(
        `registerWebPage: no package.json named "reev-api" in ${path.join(scratch, 'lib')} or any folder above it`,
      );
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});
