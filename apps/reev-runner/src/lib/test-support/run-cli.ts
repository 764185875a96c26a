import { PassThrough } from 'node:stream';
import { runCli, type ContainerOverrides } from '../cli';

export interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in this process with captured output, as `reev-runner <args>` would. */
export async function runCaptured(args: string[], overrides?: ContainerOverrides): Promise<Captured> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const code = await runCli(args, { stdout, stderr }, overrides);
  return { code, stdout: out, stderr: err };
}
