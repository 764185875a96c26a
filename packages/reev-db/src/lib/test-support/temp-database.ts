import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A fresh directory for file databases; `remove` deletes it with everything in it. */
export function tempDirectory(prefix = 'reev-db-'): { dir: string; fileUrl: (name?: string) => string; remove: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return {
    dir,
    fileUrl: (name = 'reev.db') => `file:${path.join(dir, name)}`,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
