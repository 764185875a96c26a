import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createReev } from '../create-reev';

// Real work (starts a child process under tsx and kills it): sized for a machine whose cores are busy with other processes.
jest.setTimeout(120_000);

const CHILD = path.join(__dirname, '..', 'test-support', 'crash-flow.ts');
const CHILD_TSCONFIG = path.join(__dirname, '..', 'test-support', 'tsconfig.child.json');

describe('crash safety (a real child process killed with SIGKILL)', () => {
  let directory: string;
  beforeAll(() => {
    directory = mkdtempSync(path.join(tmpdir(), 'reev-crash-'));
  });
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('keeps the steps stored before the kill and marks the execution interrupted on the next open', async () => {
    const url = `file:${path.join(directory, 'reev.db')}`;
    const executionId = 'crash-execution';
    const child = spawn(process.execPath, ['--import', pathToFileURL(require.resolve('tsx')).href, CHILD, url, executionId], {
      env: { ...process.env, TSX_TSCONFIG_PATH: CHILD_TSCONFIG },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => (chunk.toString().includes('STEP2_STORED') ? resolve() : undefined));
      child.on('exit', (code) => reject(new Error(`child exited (${code}) before step 2: ${stderr}`)));
    });
    const exited = new Promise((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    const reev = createReev({ databaseUrl: url });
    try {
      expect(await reev.gateway.recoverInterruptedExecutions()).toEqual([executionId]);
      const execution = await reev.reader.getExecution(executionId);
      expect(execution?.status).toBe('interrupted');
      expect(execution?.steps.map((step) => [step.stepIndex, step.success])).toEqual([
        [0, true],
        [1, true],
      ]);
    } finally {
      await reev.close();
    }
  });
});
