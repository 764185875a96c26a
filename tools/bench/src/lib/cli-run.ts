import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { median } from './stats';
import { RUNNER_MAIN, SUITE_DIR, WORKSPACE_ROOT } from './paths';

export interface CliFigures {
  medianMs: number;
  samplesMs: number[];
  command: string;
  /** True when the bench had to build apps/reev-runner/dist first. */
  built: boolean;
}

/** Builds the runner (and, through Nx, every package it uses) when its dist is missing. */
export function ensureRunnerBuilt(): boolean {
  if (existsSync(RUNNER_MAIN)) return false;
  execFileSync('npx', ['nx', 'run', 'reev-runner:build', '--output-style=stream'], {
    cwd: WORKSPACE_ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, NX_DAEMON: 'false' },
  });
  if (!existsSync(RUNNER_MAIN)) throw new Error(`building reev-runner did not produce ${RUNNER_MAIN}`);
  return true;
}

function runOnce(databaseUrl: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [RUNNER_MAIN, path.relative(WORKSPACE_ROOT, SUITE_DIR) + '/', '--agent', 'deterministic', '--db', databaseUrl], {
      cwd: WORKSPACE_ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const elapsed = performance.now() - started;
      if (code !== 0) reject(new Error(`reev-runner exited with ${code} on the suite: ${stderr.trim()}`));
      else resolve(elapsed);
    });
  });
}

/** Wall time of the whole suite through the CLI, as a new process each time with a fresh database file. */
export async function measureCli(runs: number): Promise<CliFigures> {
  const built = ensureRunnerBuilt();
  const directory = mkdtempSync(path.join(tmpdir(), 'reev-bench-cli-'));
  try {
    const samplesMs: number[] = [];
    for (let run = 0; run < runs; run += 1) samplesMs.push(await runOnce(`file:${path.join(directory, `cli-${run}.db`)}`));
    return {
      medianMs: median(samplesMs),
      samplesMs,
      command: 'node apps/reev-runner/dist/main.js benchmarks/ --agent deterministic --db file:<fresh>',
      built,
    };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
