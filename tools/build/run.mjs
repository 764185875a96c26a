#!/usr/bin/env node
// Builds with TypeScript project references (`tsc -b`): one process compiles every project the given tsconfig
// references, in dependency order, skipping those that are up to date. Prints one progress line per project.
// Usage: node tools/build/run.mjs [tsconfig]   (default: tsconfig.build.json, every project)
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const config = process.argv[2] ?? 'tsconfig.build.json';
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const started = Date.now();
const seconds = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
// A solution file (no sources of its own, only references) is listed by tsc but builds nothing.
const isSolution = JSON.parse(readFileSync(path.resolve(root, config), 'utf8')).files?.length === 0;
const projectName = (tsconfig) => path.relative(root, path.dirname(path.resolve(root, tsconfig)));

const child = spawn(process.execPath, [tsc, '-b', config, '--verbose'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
let projects = 0;
let built = 0;
let listing = false;
readline.createInterface({ input: child.stdout }).on('line', (line) => {
  // tsc -b --verbose prefixes its own messages with a time of day; everything else (diagnostics) passes through.
  const message = line.replace(/^\d{1,2}:\d{2}:\d{2}( [AP]M)? - /, '');
  if (message.startsWith('Projects in this build:')) {
    listing = true;
  } else if (listing && /^\s+\* /.test(message)) {
    if (!(isSolution && path.resolve(root, message.replace(/^\s+\* /, '')) === path.resolve(root, config))) projects += 1;
  } else if (/^Building project '(.+)'\.\.\.$/.test(message)) {
    listing = false;
    built += 1;
    console.log(`build: ${projectName(message.slice("Building project '".length, -"'...".length))} (${built} of at most ${projects}, after ${seconds()})`);
  } else if (/^Project '.+' is (up to date|out of date)/.test(message) || /^Updating (unchanged )?output timestamps/.test(message) || message.trim() === '') {
    listing = false;
  } else {
    listing = false;
    console.log(line);
  }
});
child.on('exit', (code) => {
  if (code === 0) console.log(`build: ${built === 0 ? 'everything up to date' : `${built} project(s) built`} in ${seconds()}`);
  else console.error(`build: failed (tsc exit ${code}) after ${seconds()}`);
  process.exitCode = code ?? 1;
});
