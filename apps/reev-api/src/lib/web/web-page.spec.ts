import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { type Agent, DeterministicAgent } from '@reev/agent';
import { type ModelServer, startPolicyModelServer } from '@reev/testing';
import { buildServer, type ReevServer } from '../server';
import { launchDebianChromium } from '../test-support/chromium';

// The page in a real headless Chromium against the real API server (in-memory database, the repository's
// benchmark suite, the deterministic agent). Chromium comes from Debian; this test never downloads one.

const REPO_ROOT = path.resolve(__dirname, '../../../../..');
const ARTIFACTS_DIR = path.join(REPO_ROOT, 'test-artifacts');
const API_TOKEN = 'web-page-test-token';
const DYNAMIC_REQUEST = 'use 50% of my SOL to multiply my USDC 1.5x on Jupiter';
/** An agent that acts only when told to stop: keeps a run going until the page's Stop button ends it. */
const WAITING_AGENT = 'waits-for-stop';
function waitingAgent(): Agent {
  return {
    name: WAITING_AGENT,
    runStep: (request) =>
      new Promise((_resolve, reject) => {
        request.signal.addEventListener('abort', () => reject(new Error('the run was stopped')), { once: true });
      }),
  };
}

const WRONG_GROUND_TRUTH = '101-swap-graded-as-0.2-sol';

/** Generous: a run takes well under a second here, but CI machines may be slow and busy. */
const RUN_TIMEOUT_MS = 60_000;

jest.setTimeout(180_000);

/** Waits until the page has finished with the execution on screen, then says how it ended (with its error). */
async function waitForExecutionEnd(page: Page): Promise<{ phase: string | null; error: string }> {
  const section = page.locator('#execution-section');
  await page
    .locator('#execution-section:is([data-phase="finished"], [data-phase="error"])')
    .waitFor({ state: 'attached', timeout: RUN_TIMEOUT_MS });
  return { phase: await section.getAttribute('data-phase'), error: (await page.locator('#execution-error').textContent()) ?? '' };
}

/**
 * Clicks a Run button and waits for the end of the execution it starts. The page keeps showing the previous
 * execution (phase "finished") until the server has accepted the new one, so the wait starts only once the
 * summary names another execution.
 */
async function runAndWaitForEnd(page: Page, run: Locator): Promise<{ phase: string | null; error: string }> {
  const executionField = page.locator('#execution-summary dd[data-field="Execution"]');
  const previous = (await executionField.count()) > 0 ? await executionField.textContent() : null;
  await run.click();
  const another = previous ? page.locator('#execution-summary dd[data-field="Execution"]', { hasNotText: previous }) : executionField;
  await another.waitFor({ state: 'attached', timeout: RUN_TIMEOUT_MS });
  return await waitForExecutionEnd(page);
}

async function summaryField(page: Page, term: string): Promise<string> {
  return (await page.locator(`#execution-summary dd[data-field="${term}"]`).textContent()) ?? '';
}

async function attributeOfEach(elements: Locator, name: string): Promise<(string | null)[]> {
  return await Promise.all((await elements.all()).map((element) => element.getAttribute(name)));
}

async function columnTexts(rows: Locator, column: number): Promise<string[]> {
  return await rows.locator(`td:nth-child(${column})`).allInnerTexts();
}

describe('the reev web page in headless Chromium', () => {
  let server: ReevServer;
  /** The `local` LLM agent's model: a scripted policy over HTTP. */
  let model: ModelServer;
  let baseUrl: string;
  let scratch: string;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];
  const consoleErrors: string[] = [];
  const failedResponses: string[] = [];
  const foreignRequests: string[] = [];

  beforeAll(async () => {
    scratch = mkdtempSync(path.join(os.tmpdir(), 'reev-web-page-'));
    const benchmarksDir = path.join(scratch, 'benchmarks');
    cpSync(path.join(REPO_ROOT, 'benchmarks'), benchmarksDir, { recursive: true });
    // 100 with a ground truth that wants 0.2 SOL swapped: the deterministic agent's 0.1 SOL swap must fail it.
    const swap = readFileSync(path.join(benchmarksDir, '100-jup-swap-sol-usdc.yml'), 'utf8');
    writeFileSync(
      path.join(benchmarksDir, `${WRONG_GROUND_TRUTH}.yml`),
      swap
        .replace('id: 100-jup-swap-sol-usdc', `id: ${WRONG_GROUND_TRUTH}`)
        .replace('amount: 100000000', 'amount: 200000000')
        .replace('expected_change: -100000000', 'expected_change: -200000000')
        .replace('expected: 15000000', 'expected: 30000000'),
    );
    model = await startPolicyModelServer({ agent: new DeterministicAgent() });
    server = await buildServer({
      databaseUrl: ':memory:',
      benchmarksDir,
      apiToken: API_TOKEN,
      agents: { [WAITING_AGENT]: waitingAgent },
      environment: model.env,
    });
    baseUrl = await server.app.listen({ host: '127.0.0.1', port: 0 });

    context = await launchDebianChromium(path.join(scratch, 'chromium-profile'), { width: 1400, height: 1000 });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('response', (response) => {
      if (response.status() >= 400) failedResponses.push(`${response.status()} ${response.request().method()} ${response.url().slice(baseUrl.length)}`);
    });
    page.on('request', (request) => {
      if (!request.url().startsWith(`${baseUrl}/`)) foreignRequests.push(request.url());
    });
  });

  afterAll(async () => {
    await context?.close();
    await server?.close();
    await model?.stop();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('shows every benchmark against every agent that can run as named, none run yet', async () => {
    await page.goto(`${baseUrl}/`);
    const firstRow = page.locator('#matrix tbody tr[data-benchmark="001-sol-transfer"]');
    await firstRow.waitFor();

    const agents = (await (await fetch(`${baseUrl}/api/v1/agents`)).json()) as string[];
    const benchmarks = (await (await fetch(`${baseUrl}/api/v1/benchmarks`)).json()) as { id: string }[];
    expect(agents).toContain('deterministic');
    // Name patterns (gpt-*, openai-compatible:<model>) are not agents one can run as they are.
    expect(agents.some((name) => name.includes('*'))).toBe(true);
    expect(await page.locator('#matrix thead th').allInnerTexts()).toEqual([
      'Benchmark',
      ...agents.filter((name) => !/[*<>]/.test(name)),
    ]);
    expect(await attributeOfEach(page.locator('#matrix tbody tr'), 'data-benchmark')).toEqual(
      benchmarks.map((benchmark) => benchmark.id),
    );
    expect(await firstRow.locator('td[data-agent="deterministic"] .score').innerText()).toBe('— not run');
    await expect(page.getByRole('button', { name: 'Run 001-sol-transfer with deterministic' }).isVisible()).resolves.toBe(true);
    expect(await page.getByLabel('Agent', { exact: true }).inputValue()).toBe('deterministic');
  });

  it('says that a run needs the API token when the server requires one', async () => {
    await page.getByRole('button', { name: 'Run 001-sol-transfer with deterministic' }).click();
    await page.locator('#page-status', { hasText: 'HTTP 401' }).waitFor({ timeout: RUN_TIMEOUT_MS });
    expect(await page.locator('#page-status').innerText()).toContain('enter the API token above');
    expect(await page.locator('#execution-section').isHidden()).toBe(true);
  });

  it('runs benchmark 001 with the deterministic agent from its button and shows its steps and flow', async () => {
    await page.getByLabel('API token', { exact: true }).fill(API_TOKEN);
    await page.getByRole('button', { name: 'Save token' }).click();
    expect(await page.evaluate<string | null>("sessionStorage.getItem('reev.apiToken')")).toBe(API_TOKEN);

    const end = await runAndWaitForEnd(page, page.getByRole('button', { name: 'Run 001-sol-transfer with deterministic' }));
    expect(end).toEqual({ phase: 'finished', error: '' });

    const executionId = await summaryField(page, 'Execution');
    const status = (await (await fetch(`${baseUrl}/api/v1/benchmarks/001-sol-transfer/status/${executionId}`)).json()) as {
      status: string;
      score: number;
      consolidated_session_id: string;
    };
    expect(status.status).toBe('Completed');
    expect(await summaryField(page, 'Status')).toBe('Completed');
    expect(await summaryField(page, 'Score')).toBe(status.score.toFixed(2));
    expect(await summaryField(page, 'Pass mark')).toBe('score ≥ 0.75');
    expect(await summaryField(page, 'Verdict')).toBe('passed');
    expect(await summaryField(page, 'Consolidated session')).toBe(status.consolidated_session_id);
    expect(await page.locator('#execution-progress li').last().innerText()).toBe(`Done: Completed, score ${status.score.toFixed(2)}`);

    const steps = page.locator('#step-table tbody tr');
    expect(await steps.count()).toBe(1);
    expect(await columnTexts(steps, 5)).toEqual(['sol_transfer (success)']);
    expect(await columnTexts(steps, 6)).toEqual(['0.1 SOL']);
    expect((await columnTexts(steps, 7))[0]).toMatch(/^✓ success · \S+…\S+$/i);
    // The deterministic agent uses no model: no tokens.
    expect(await columnTexts(steps, 8)).toEqual(['—']);
    expect(await columnTexts(steps, 9)).toEqual(['—']);
    expect(await page.locator('#execution-summary dd[data-field="Tokens"]').count()).toBe(0);

    const diagram = page.locator('#flow-diagram svg');
    await diagram.waitFor();
    const diagramText = await diagram.textContent();
    expect(diagramText).toContain('sol_transfer');
    expect(diagramText).toContain('Step 1');
    expect(await page.locator('#flow-source').textContent()).toMatch(/^stateDiagram-v2\n/);

    // The grid now shows the run's score for 001 × deterministic.
    const cell = page.locator('#matrix tbody tr[data-benchmark="001-sol-transfer"] td[data-agent="deterministic"] .score', {
      hasText: `✓ ${status.score.toFixed(2)}`,
    });
    await cell.waitFor({ timeout: RUN_TIMEOUT_MS });
    expect(await cell.getAttribute('class')).toBe('score score-high');
  });

  it('shows why a run whose outcome differs from its ground truth did not pass', async () => {
    expect(await runAndWaitForEnd(page, page.getByRole('button', { name: `Run ${WRONG_GROUND_TRUTH} with deterministic` }))).toEqual({
      phase: 'finished',
      error: '',
    });
    const executionId = await summaryField(page, 'Execution');
    const status = (await (await fetch(`${baseUrl}/api/v1/benchmarks/${WRONG_GROUND_TRUTH}/status/${executionId}`)).json()) as {
      pass: { passed: boolean; failed_conditions: string[] };
    };
    expect(status.pass.passed).toBe(false);
    expect(status.pass.failed_conditions[0]).toBe('score 0.000 is below min_score 0.75');
    expect(await summaryField(page, 'Verdict')).toBe(`not passed: ${status.pass.failed_conditions.join('; ')}`);
    expect(await summaryField(page, 'Verdict')).toMatch(/final-state assertion 1 \(TokenAccountBalance\) not met: .* is 15000000 base units, expected = 30000000/);
    expect(await page.locator('#execution-summary dd[data-field="Verdict"]').getAttribute('title')).toMatch(/^passed = score ≥ min_score AND/);

    const cell = page.locator(`#matrix tbody tr[data-benchmark="${WRONG_GROUND_TRUTH}"] td[data-agent="deterministic"] .score`, { hasText: '✗ 0.00' });
    await cell.waitFor({ timeout: RUN_TIMEOUT_MS });
    expect(await cell.getAttribute('class')).toBe('score score-zero');
  });

  it("shows an LLM agent's tokens per step and for the run", async () => {
    expect(await runAndWaitForEnd(page, page.getByRole('button', { name: 'Run 001-sol-transfer with local' }))).toEqual({
      phase: 'finished',
      error: '',
    });
    const executionId = await summaryField(page, 'Execution');
    const status = (await (await fetch(`${baseUrl}/api/v1/benchmarks/001-sol-transfer/status/${executionId}`)).json()) as {
      status: string;
      steps: { usage: { input_tokens: number; output_tokens: number; llm_calls: number } | null }[];
    };
    expect(status.status).toBe('Completed');
    const usage = status.steps[0]?.usage;
    if (!usage) throw new Error(`the local agent's step has no usage: ${JSON.stringify(status.steps)}`);
    expect(usage.llm_calls).toBe(2);
    const tokens = `${usage.input_tokens} in / ${usage.output_tokens} out · 2 model calls`;

    const steps = page.locator('#step-table tbody tr');
    expect(await columnTexts(steps, 5)).toEqual(['sol_transfer (success)']);
    expect(await columnTexts(steps, 8)).toEqual([tokens]);
    // One step: the run's total is the step's.
    expect(await summaryField(page, 'Tokens')).toBe(tokens);
    expect(model.chatBodies()).toHaveLength(2);
  });

  it('runs a dynamic request and renders its flow diagram with every tool of the plan', async () => {
    await page.getByLabel('Request', { exact: true }).fill(DYNAMIC_REQUEST);
    await page.getByRole('button', { name: 'Run request' }).click();
    const end = await waitForExecutionEnd(page);
    expect(end).toEqual({ phase: 'finished', error: '' });
    expect(await summaryField(page, 'Request')).toBe(DYNAMIC_REQUEST);
    expect(await summaryField(page, 'Status')).toBe('Completed');

    const sessionId = await summaryField(page, 'Consolidated session');
    const session = (await (await fetch(`${baseUrl}/api/v1/sessions/consolidated/${sessionId}`)).json()) as {
      content: { steps: { step_id: string; tool_calls: { tool_name: string }[] }[] };
    };
    const toolNames = session.content.steps.flatMap((step) => step.tool_calls.map((call) => call.tool_name));
    expect(toolNames).toEqual(expect.arrayContaining(['get_account_balance', 'jupiter_swap', 'jupiter_lend_earn_deposit']));

    const steps = page.locator('#step-table tbody tr');
    expect(await attributeOfEach(steps, 'data-step')).toEqual(
      session.content.steps.map((step) => step.step_id),
    );
    const amounts = await columnTexts(steps, 6);
    expect(amounts.some((text) => /^[\d.]+ SOL → [\d.]+ USDC$/.test(text))).toBe(true);
    expect(amounts).toContain('50 USDC');

    const diagram = page.locator('#flow-diagram svg');
    await diagram.waitFor();
    const diagramText = (await diagram.textContent()) ?? '';
    for (const tool of new Set(toolNames)) expect(diagramText).toContain(tool);
    for (const step of session.content.steps) expect(diagramText).toContain(step.step_id);
    expect(await page.locator('#execution-progress li').last().innerText()).toMatch(/^Done: Completed, score \d\.\d\d$/);

    mkdirSync(ARTIFACTS_DIR, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'reev-api-web-page.png'), fullPage: true });
  });

  it('falls back to polling the status when the event stream cannot be opened', async () => {
    const tab = await context.newPage();
    try {
      tab.on('pageerror', (error) => pageErrors.push(error.message));
      const refusedStreams: string[] = [];
      await tab.route('**/api/v1/executions/*/events', async (route) => {
        refusedStreams.push(route.request().url());
        await route.abort('connectionrefused');
      });
      await tab.goto(`${baseUrl}/`);
      await tab.getByLabel('API token', { exact: true }).fill(API_TOKEN);
      await tab.getByRole('button', { name: 'Save token' }).click();
      await tab.getByRole('button', { name: 'Run 002-spl-transfer with deterministic' }).click();

      expect(await waitForExecutionEnd(tab)).toEqual({ phase: 'finished', error: '' });
      expect(refusedStreams).toHaveLength(1);
      expect(await tab.locator('#execution-progress li').allInnerTexts()).toEqual([
        'Live progress unavailable; checking the status every second.',
      ]);
      expect(await summaryField(tab, 'Status')).toBe('Completed');
      expect(await columnTexts(tab.locator('#step-table tbody tr'), 5)).toEqual(['spl_transfer (success)']);
      await tab.locator('#flow-diagram svg').waitFor();
      expect(await tab.locator('#flow-diagram svg').textContent()).toContain('spl_transfer');
    } finally {
      await tab.close();
    }
  });

  it('stops a running benchmark with the Stop button', async () => {
    await page.getByRole('button', { name: `Run 001-sol-transfer with ${WAITING_AGENT}` }).click();
    await page.locator('#execution-progress li', { hasText: 'Step 1 (001-sol-transfer) started' }).waitFor({ timeout: RUN_TIMEOUT_MS });
    await page.getByRole('button', { name: 'Stop', exact: true }).click();

    const end = await waitForExecutionEnd(page);
    expect(end.phase).toBe('finished');
    expect(await summaryField(page, 'Status')).toBe('Stopped');
    expect(await page.locator('#execution-progress li').allInnerTexts()).toEqual(
      expect.arrayContaining(['Stop requested', expect.stringMatching(/^Done: Stopped/)]),
    );
    expect(await page.getByRole('button', { name: 'Stop', exact: true }).isHidden()).toBe(true);
    const executionId = await summaryField(page, 'Execution');
    const status = (await (await fetch(`${baseUrl}/api/v1/benchmarks/001-sol-transfer/status/${executionId}`)).json()) as { status: string };
    expect(status.status).toBe('Stopped');
  });

  it('loaded everything from the server itself, without script errors', () => {
    expect(foreignRequests).toEqual([]);
    expect(pageErrors).toEqual([]);
    // The one expected failure: the run refused without the token (the browser logs it as a console error).
    expect(failedResponses).toEqual(['401 POST /api/v1/benchmarks/001-sol-transfer/run']);
    expect(consoleErrors).toEqual(['Failed to load resource: the server responded with a status of 401 (Unauthorized)']);
  });
});
