import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DatabaseWriter } from '@reev/db';
import { ApiError } from '../http/errors';
import { resolveSettings } from '../settings';
import { BenchmarkCatalog } from './benchmark-catalog';

describe('BenchmarkCatalog paths', () => {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'reev-api-catalog-'));
  const writer = new DatabaseWriter({ url: ':memory:' });
  const catalog = new BenchmarkCatalog(resolveSettings({ benchmarksDir: directory }), writer);
  beforeAll(() => catalog.load());
  afterAll(async () => {
    await writer.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('maps a plain id to <dir>/<id>.yml', () => {
    expect(catalog.fileFor('001-sol-transfer')).toBe(path.join(realpathSync(directory), '001-sol-transfer.yml'));
    expect(catalog.fileFor('a.b_c-1')).toBe(path.join(realpathSync(directory), 'a.b_c-1.yml'));
  });

  it('refuses ids that are not plain names, whatever the encoding', () => {
    for (const id of ['../x', '..', '/etc/passwd', 'a/b', 'a\\b', '.hidden', '', '%2e%2e%2fx', 'x\u0000y']) {
      expect(() => catalog.fileFor(id)).toThrow(ApiError);
    }
  });
});
