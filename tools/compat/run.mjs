#!/usr/bin/env node
// npm run test:compat — runs every project's *.compat.spec.ts: specs that read the original system's benchmark
// files, which live outside the repository. The folder comes from REEV_ORIGINAL_BENCHMARKS (default:
// ../shared/reference/original-benchmarks next to the repository); it is exported as an absolute path.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const VARIABLE = 'REEV_ORIGINAL_BENCHMARKS';
const given = process.env[VARIABLE];
const folder = path.resolve(root, given || '../shared/reference/original-benchmarks');

if (!existsSync(folder) || !statSync(folder).isDirectory()) {
  console.error(
    `test:compat: ${VARIABLE} ${given ? `is ${given}` : 'is not set'}, and ${folder} is not a folder. ` +
      `Set ${VARIABLE} to the folder holding the original benchmark YAML files.`,
  );
  process.exit(2);
}

// Every Jest project of the workspace, so a *.compat.spec.ts added anywhere is picked up.
const projects = ['packages', 'apps', 'tools']
  .flatMap((group) => readdirSync(path.join(root, group)).map((name) => path.join(group, name)))
  .filter((project) => existsSync(path.join(root, project, 'jest.config.cjs')))
  .sort();

const jest = path.join(root, 'node_modules', 'jest', 'bin', 'jest.js');
const failed = [];
for (const project of projects) {
  console.log(`test:compat: ${project}`);
  const run = spawnSync(
    process.execPath,
    [jest, '--testMatch', '<rootDir>/src/**/*.compat.spec.ts', '--testPathIgnorePatterns', '/node_modules/', '--passWithNoTests', ...process.argv.slice(2)],
    { cwd: path.join(root, project), stdio: 'inherit', env: { ...process.env, [VARIABLE]: folder } },
  );
  if (run.status !== 0) failed.push(project);
}
if (failed.length > 0) {
  console.error(`test:compat: failed in ${failed.join(', ')}`);
  process.exit(1);
}
console.log(`test:compat: ${projects.length} projects passed against ${folder}`);
