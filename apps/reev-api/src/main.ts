#!/usr/bin/env node
import 'reflect-metadata';
import { runApiCli } from './lib/cli';

const shutdown = new Promise<string>((resolve) => {
  process.once('SIGINT', () => resolve('SIGINT'));
  process.once('SIGTERM', () => resolve('SIGTERM'));
});

runApiCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, shutdown }).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`reev-api: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
