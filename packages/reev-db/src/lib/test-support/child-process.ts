import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

/** The package root: children run there so tsx finds packages/reev-db/tsconfig.json (and its @reev/* paths). */
const PACKAGE_ROOT = path.join(__dirname, '..', '..', '..');

/**
 * Starts a TypeScript file of this folder under tsx with `args`. tsx's CommonJS hook (`--require
 * tsx/cjs`) rather than `--import tsx`: the sources compile to CommonJS anyway, and it skips the ESM
 * loader thread, which costs each child more than a second to start.
 */
export function startScript(script: string, args: string[]): ChildProcess {
  return spawn(process.execPath, ['--require', require.resolve('tsx/cjs'), path.join(__dirname, script), ...args], {
    cwd: PACKAGE_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Resolves when the child has exited (and been reaped), with everything it printed. */
export function exitOf(child: ChildProcess): Promise<ChildExit> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** Resolves when the child prints a line equal to `line` on stdout; rejects if it exits first. */
export function lineFrom(child: ChildProcess, line: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      if (buffered.split('\n').includes(line)) resolve();
    });
    child.on('exit', (code, signal) =>
      reject(new Error(`child exited (code ${code}, signal ${signal}) before printing ${line}: ${stderr}`)),
    );
  });
}
