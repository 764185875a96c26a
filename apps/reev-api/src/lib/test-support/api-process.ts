import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { WORKSPACE_ROOT } from './api-test-server';

const APP_DIR = path.join(WORKSPACE_ROOT, 'apps/reev-api');

export interface Child {
  process: ChildProcess;
  url: string;
  output(): string;
  exit: Promise<number | null>;
}

/** The `reev-api` bin in its own process, run from the sources with tsx (which emits no decorator metadata). */
export async function startBin(args: string[], env: Record<string, string> = {}): Promise<Child> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', '--port', '0', '--log-level', 'warn', ...args], {
    cwd: APP_DIR,
    env: { ...process.env, TSX_TSCONFIG_PATH: path.join(WORKSPACE_ROOT, 'tsconfig.base.json'), REEV_API_TOKEN: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const check = (): void => {
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    };
    child.stdout.on('data', check);
    void exit.then((code) => reject(new Error(`reev-api exited with ${code} before listening:\n${output}`)));
  });
  return { process: child, url, output: () => output, exit };
}
