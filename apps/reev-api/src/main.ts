#!/usr/bin/env node
import 'reflect-metadata';
import { oneLine, runApiCli } from './lib/cli';

const shutdown = new Promise<string>((resolve) => {
  process.once('SIGINT', () => resolve('SIGINT'));
  process.once('SIGTERM', () => resolve('SIGTERM'));
});

runApiCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, shutdown }).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`reev-api: ${oneLine(error, process.argv.includes('--verbose'))}\n`);
    process.exitCode = 1;
  },
);
