// The reev web page: plain DOM code, no framework, no build step. Every text from the API is inserted with
// textContent / text nodes, never parsed as HTML.

const API = '/api/v1';
const TOKEN_KEY = 'reev.apiToken';
const TERMINAL_STATUSES = new Set(['completed', 'failed', 'stopped', 'timeout', 'interrupted', 'needs_input']);
const EVENT_TYPES = ['execution_started', 'step_started', 'step_finished', 'consolidated', 'done'];
const POLL_INTERVAL_MS = 1000;
/** Polls of a consolidation still pending before giving up (consolidation itself times out at 60 s). */
const CONSOLIDATION_POLLS = 90;
/** Consecutive failed status polls after which the page stops watching and says why. */
const MAX_POLL_FAILURES = 5;
/** Attempts to attach to the event stream of a dynamic request that the server may not have registered yet. */
const EVENT_STREAM_ATTEMPTS = 20;
/** How long a finished dynamic request waits for the rest of its event stream before showing the results. */
const EVENT_DRAIN_MS = 10_000;

/** Tokens whose amounts the page shows in whole units; anything else stays in base units. */
const KNOWN_TOKENS = {
  So11111111111111111111111111111111111111112: { symbol: 'SOL', decimals: 9 },
  EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v: { symbol: 'USDC', decimals: 6 },
};
const SOL = KNOWN_TOKENS.So11111111111111111111111111111111111111112;

const $ = (id) => {
  const found = document.getElementById(id);
  if (!found) throw new Error(`reev page: element #${id} is missing from index.html`);
  return found;
};

// ---------------------------------------------------------------- DOM helpers

/** An element with attributes and children; strings become text nodes (so they are never parsed as HTML). */
function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'className') node.className = value;
    else if (name.startsWith('on')) node.addEventListener(name.slice(2).toLowerCase(), value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  node.append(...children.flat().filter((child) => child !== undefined && child !== null).map(toNode));
  return node;
}

function toNode(child) {
  return child instanceof Node ? child : document.createTextNode(String(child));
}

function setStatus(message) {
  $('page-status').textContent = message;
}

function errorText(error) {
  return error instanceof Error ? error.message : String(error);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------- API access

class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

function apiToken() {
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

async function api(path, { method = 'GET', body } = {}) {
  const headers = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const token = apiToken();
  if (method !== 'GET' && token) headers.authorization = `Bearer ${token}`;
  let response;
  try {
    response = await fetch(`${API}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (error) {
    throw new ApiError(0, `${method} ${API}${path}: the server did not answer (${errorText(error)})`);
  }
  const text = await response.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      throw new ApiError(response.status, `${method} ${API}${path}: the answer is not JSON (HTTP ${response.status})`);
    }
  }
  if (!response.ok) {
    const reason = data && typeof data === 'object' ? data.message ?? data.error : undefined;
    const hint = response.status === 401 ? ' — enter the API token above' : '';
    throw new ApiError(response.status, `${method} ${API}${path}: HTTP ${response.status}${reason ? `: ${reason}` : ''}${hint}`);
  }
  return data;
}

/** One path segment of an API URL (ids are validated by the server; this keeps them from changing the path). */
const urlPart = (value) => encodeURIComponent(value);

// ---------------------------------------------------------------- formatting

function formatScore(score) {
  return typeof score === 'number' && Number.isFinite(score) ? score.toFixed(2) : '—';
}

/**
 * Score as symbol + number + class, so it reads the same with or without colour. `passed` is the server's
 * verdict (the pass rule of the benchmark, or a step's success); the page never judges a score itself.
 */
function scoreBadge(score, detail, passed) {
  if (typeof score !== 'number' || !Number.isFinite(score)) {
    return el('span', { className: 'score score-none', title: detail ?? 'not run yet' }, '— not run');
  }
  const [symbol, band] = passed === true ? ['✓', 'high'] : score > 0 ? ['◐', 'partial'] : ['✗', 'zero'];
  return el('span', { className: `score score-${band}`, title: detail }, `${symbol} ${formatScore(score)}`);
}

/** Base units as whole units, exactly (BigInt digits, no floating point): 1500000 with 6 decimals → "1.5". */
function formatUnits(baseUnits, decimals) {
  const digits = BigInt(baseUnits).toString().padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals);
  const fraction = digits.slice(digits.length - decimals).replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : whole;
}

function isBaseUnits(value) {
  return (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) || (typeof value === 'string' && /^\d+$/.test(value));
}

function shortAddress(value) {
  return typeof value === 'string' && /^[1-9A-HJ-NP-Za-km-z]{32,44}$/.test(value) ? `${value.slice(0, 4)}…${value.slice(-4)}` : String(value);
}

/** A transaction signature (88 base58 characters) as its first and last 6. */
function shortSignature(signature) {
  return signature.length > 16 ? `${signature.slice(0, 6)}…${signature.slice(-6)}` : signature;
}

function amountWithUnit(amount, mint) {
  const token = typeof mint === 'string' ? KNOWN_TOKENS[mint] : undefined;
  if (token) return `${formatUnits(amount, token.decimals)} ${token.symbol}`;
  return `${amount} base units${mint ? ` of ${shortAddress(mint)}` : ''}`;
}

/** A token amount as the tools report it ({symbol, ui_amount}), in words. */
function reportedAmount(value) {
  return value && typeof value === 'object' && typeof value.ui_amount === 'string' && typeof value.symbol === 'string'
    ? `${value.ui_amount} ${value.symbol}`
    : undefined;
}

/** A pass verdict ({passed, failed_conditions}) in words. */
function describeVerdict(pass) {
  if (!pass || typeof pass !== 'object' || typeof pass.passed !== 'boolean') return undefined;
  if (pass.passed) return 'passed';
  const conditions = Array.isArray(pass.failed_conditions) ? pass.failed_conditions : [];
  return conditions.length === 0 ? 'not passed' : `not passed: ${conditions.join('; ')}`;
}

/** The amount a tool call moves, in words: what the tool reported, else its input (the tools' parameter names). */
function describeAmount(call) {
  const input = call && typeof call.input === 'object' && call.input !== null ? call.input : {};
  const output = call && typeof call.output === 'object' && call.output !== null ? call.output : {};
  const sent = reportedAmount(output.input);
  const received = reportedAmount(output.output);
  if (sent && received) return `${sent} → ${received}`;
  if (isBaseUnits(input.amount)) {
    if (call.tool_name === 'sol_transfer') return `${formatUnits(input.amount, SOL.decimals)} SOL`;
    return amountWithUnit(input.amount, input.mint_address ?? input.input_mint ?? input.asset_mint ?? input.token_mint);
  }
  if (isBaseUnits(input.shares)) return `${input.shares} share base units`;
  return undefined;
}

/** An LLM step's (or run's) token accounting in words; undefined for agents without a model. */
function describeUsage(usage) {
  if (!usage || typeof usage !== 'object' || !Number.isInteger(usage.llm_calls) || usage.llm_calls === 0) return undefined;
  const cost = typeof usage.cost_usd === 'number' ? ` · $${usage.cost_usd.toFixed(4)}` : '';
  return `${usage.input_tokens} in / ${usage.output_tokens} out · ${usage.llm_calls} model call${usage.llm_calls === 1 ? '' : 's'}${cost}`;
}

function succeeded(transaction) {
  return String(transaction.status).toLowerCase() === 'success';
}

/** Transactions a tool reported: any object in its output carrying a signature and a status. */
function transactionsOf(value, found = [], depth = 0) {
  if (depth > 4 || value === null || typeof value !== 'object') return found;
  if (typeof value.signature === 'string' && typeof value.status === 'string') {
    found.push(value);
    return found;
  }
  for (const child of Array.isArray(value) ? value : Object.values(value)) transactionsOf(child, found, depth + 1);
  return found;
}

function parseJson(value) {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

// ---------------------------------------------------------------- benchmarks × agents

const state = {
  agents: [],
  benchmarks: [],
  /** The execution on screen; replaced (and its watchers stopped) when another one starts. */
  view: null,
};

/**
 * The agents to show: every name the server lists that can be run as it is (not a pattern such as `gpt-*`
 * or `openai-compatible:<model>`), then any other agent that has results.
 */
function agentColumns(names, performance) {
  if (!Array.isArray(names)) throw new Error(`GET ${API}/agents: expected a list of agent names`);
  const runnable = names.filter((name) => typeof name === 'string' && !/[*<>]/.test(name));
  const withResults = (Array.isArray(performance) ? performance : []).map((agent) => agent.agent_type);
  return [...new Set([...runnable, ...withResults])];
}

/** Latest result per agent and benchmark, from /agent-performance. */
function latestResults(performance) {
  const latest = new Map();
  for (const agent of Array.isArray(performance) ? performance : []) {
    for (const result of agent.results ?? []) {
      const key = `${agent.agent_type}\u0000${result.benchmark_id}`;
      const known = latest.get(key);
      if (!known || String(result.timestamp) > String(known.timestamp)) latest.set(key, result);
    }
  }
  return latest;
}

async function loadMatrix() {
  setStatus('Loading benchmarks and agents…');
  const [benchmarks, agents, performance] = await Promise.all([
    api('/benchmarks'),
    api('/agents'),
    api('/agent-performance'),
  ]);
  state.benchmarks = Array.isArray(benchmarks) ? benchmarks : [];
  state.agents = agentColumns(agents, performance);
  renderMatrix(latestResults(performance));
  renderAgentChoice();
  setStatus(`${state.benchmarks.length} benchmarks, ${state.agents.length} agents.`);
}

function renderMatrix(latest) {
  const table = $('matrix');
  table.tHead.replaceChildren(
    el('tr', {}, el('th', { scope: 'col' }, 'Benchmark'), state.agents.map((agent) => el('th', { scope: 'col' }, agent))),
  );
  const rows = state.benchmarks.map((benchmark) =>
    el(
      'tr',
      { 'data-benchmark': benchmark.id },
      el(
        'th',
        { scope: 'row' },
        el('span', { className: 'benchmark-id' }, benchmark.id),
        benchmark.description ? el('span', { className: 'benchmark-description' }, benchmark.description) : null,
      ),
      state.agents.map((agent) => matrixCell(benchmark, agent, latest.get(`${agent}\u0000${benchmark.id}`))),
    ),
  );
  table.tBodies[0].replaceChildren(...rows);
}

function matrixCell(benchmark, agent, result) {
  const detail = result
    ? `${agent} on ${benchmark.id}: score ${formatScore(result.score)} (pass mark ${benchmark.min_score}), ${result.passed ? 'passed' : 'not passed'}, ${result.final_status}, ${result.timestamp}`
    : `${agent} has not run ${benchmark.id}`;
  return el(
    'td',
    { 'data-agent': agent },
    el(
      'div',
      { className: 'cell' },
      scoreBadge(result?.score, detail, result?.passed),
      el(
        'button',
        { type: 'button', 'aria-label': `Run ${benchmark.id} with ${agent}`, onclick: () => runBenchmark(benchmark.id, agent) },
        'Run',
      ),
    ),
  );
}

function renderAgentChoice() {
  const select = $('direct-agent');
  const chosen = select.value || (state.agents.includes('deterministic') ? 'deterministic' : state.agents[0]);
  select.replaceChildren(...state.agents.map((agent) => el('option', { value: agent, selected: agent === chosen }, agent)));
}

// ---------------------------------------------------------------- execution view

function showExecution(details) {
  state.view?.stop();
  const view = {
    ...details,
    facts: {},
    stopped: false,
    cleanups: [],
    /** Stops watching for good (another execution takes the screen). */
    stop() {
      this.stopped = true;
      this.closeEvents();
    },
    closeEvents() {
      for (const cleanup of this.cleanups.splice(0)) cleanup();
    },
  };
  state.view = view;
  $('execution-section').hidden = false;
  $('execution-progress').replaceChildren();
  $('step-table').tBodies[0].replaceChildren();
  $('flow-diagram').replaceChildren();
  $('flow-caption').textContent = 'The diagram appears when the execution is consolidated.';
  $('flow-source').textContent = '';
  showError(undefined);
  setPhase('watching');
  renderSummary(view, { status: details.status ?? 'queued' });
  $('execution-section').scrollIntoView({ block: 'start' });
  return view;
}

function renderSummary(view, facts) {
  Object.assign(view.facts, facts);
  const entries = [
    ['Execution', view.executionId],
    ['Benchmark', view.benchmarkId],
    ['Request', view.prompt],
    ['Agent', view.agent],
    ['Status', view.facts.status],
    ['Score', view.facts.score === undefined ? undefined : formatScore(view.facts.score)],
    ['Pass mark', view.passMark === undefined ? undefined : `score ≥ ${view.passMark}`],
    ['Verdict', describeVerdict(view.facts.pass)],
    ['Flow', view.facts.flowId],
    ['Tokens', describeUsage(view.facts.usage)],
    ['Consolidated session', view.facts.consolidatedSessionId],
  ].filter(([, value]) => value !== undefined && value !== null && value !== '');
  $('execution-summary').replaceChildren(
    ...entries.flatMap(([term, value]) => [
      el('dt', {}, term),
      el('dd', { 'data-field': term, title: term === 'Verdict' || term === 'Pass mark' ? view.passRule : undefined }, String(value)),
    ]),
  );
  $('execution-section').setAttribute('data-status', view.facts.status ?? '');
  $('stop-execution').hidden = !(view.benchmarkId && !TERMINAL_STATUSES.has(view.facts.status));
}

/** What the page is doing with the execution on screen: watching it, finished showing it, or stopped by an error. */
function setPhase(phase) {
  $('execution-section').setAttribute('data-phase', phase);
}

function showError(message) {
  const box = $('execution-error');
  box.hidden = !message;
  box.textContent = message ?? '';
}

function addProgress(text) {
  $('execution-progress').append(el('li', {}, text));
}

function progressText(type, event) {
  const step = event.step_index === undefined ? '' : `Step ${Number(event.step_index) + 1}`;
  const stepId = event.step_id ? ` (${event.step_id})` : '';
  switch (type) {
    case 'execution_started':
      return 'Execution started';
    case 'step_started':
      return `${step}${stepId} started`;
    case 'step_finished': {
      const result = event.result ?? event;
      const tools = Array.isArray(result.tool_calls) ? `, ${result.tool_calls.length} tool call${result.tool_calls.length === 1 ? '' : 's'}` : '';
      const error = result.error_message ? ` — ${result.error_message}` : '';
      return `${step}${stepId} ${result.status ?? (result.success ? 'completed' : 'failed')}, score ${formatScore(result.score)}${tools}${error}`;
    }
    case 'consolidated':
      if (event.consolidated_session_id) return `Consolidated as ${event.consolidated_session_id}`;
      return `Consolidation failed${event.error ? `: ${event.error}` : ''}`;
    case 'done':
      return `Done: ${event.status}, score ${formatScore(event.score)}${event.error ? ` — ${event.error}` : ''}`;
    default:
      return type;
  }
}

/**
 * Follows the execution's server-sent events. Resolves with the `done` event, or with null when the stream
 * is lost before it (the caller then polls). A stream closed by the server is not reopened, since a new
 * subscriber would be sent every event again.
 */
function followEvents(view, { attempts = 1 } = {}) {
  if (typeof EventSource === 'undefined') return Promise.resolve(null);
  return new Promise((resolve) => {
    let receivedAny = false;
    let attempt = 0;
    let source;
    const finish = (result) => {
      source?.close();
      resolve(result);
    };
    view.cleanups.push(() => finish(null));
    const open = () => {
      attempt += 1;
      source = new EventSource(`${API}/executions/${urlPart(view.executionId)}/events`);
      const handle = (type, raw) => {
        if (view.stopped) return;
        const event = parseJson(raw) ?? {};
        receivedAny = true;
        addProgress(progressText(type, event));
        if (type === 'step_finished' || type === 'step_started') renderSummary(view, { status: 'running' });
        if (type === 'consolidated' && event.consolidated_session_id) {
          renderSummary(view, { consolidatedSessionId: event.consolidated_session_id });
        }
        if (type === 'done') {
          renderSummary(view, { status: event.status, score: event.score });
          finish(event);
        }
      };
      for (const type of EVENT_TYPES) source.addEventListener(type, (message) => handle(type, message.data));
      source.onmessage = (message) => {
        const event = parseJson(message.data);
        if (event && typeof event.type === 'string') handle(event.type, message.data);
      };
      source.onerror = () => {
        source.close();
        if (view.stopped) return;
        if (!receivedAny && attempt < attempts) setTimeout(() => view.stopped || open(), 300);
        else resolve(null);
      };
    };
    open();
  });
}

async function pollStatus(view) {
  let failures = 0;
  while (!view.stopped) {
    try {
      const status = await api(`/benchmarks/${urlPart(view.benchmarkId)}/status/${urlPart(view.executionId)}`);
      failures = 0;
      renderSummary(view, statusFacts(status));
      if (TERMINAL_STATUSES.has(status.status)) return status;
    } catch (error) {
      failures += 1;
      if (failures >= MAX_POLL_FAILURES) throw error;
    }
    await sleep(POLL_INTERVAL_MS);
  }
  return null;
}

/** The facts the summary shows, from GET /benchmarks/{id}/status/{execution_id}. */
function statusFacts(status) {
  const result = parseJson(status.result_data) ?? {};
  return {
    status: status.status,
    score: typeof status.score === 'number' ? status.score : result.score,
    consolidatedSessionId: status.consolidated_session_id ?? result.consolidated_session_id ?? undefined,
    flowId: result.flow_id,
    pass: status.pass ?? result.pass ?? undefined,
    error: status.error_message ?? result.error_message ?? undefined,
  };
}

async function runBenchmark(benchmarkId, agent) {
  setStatus(`Starting ${benchmarkId} with ${agent}…`);
  let started;
  try {
    started = await api(`/benchmarks/${urlPart(benchmarkId)}/run`, { method: 'POST', body: { agent } });
  } catch (error) {
    setStatus(errorText(error));
    return;
  }
  const benchmark = state.benchmarks.find((candidate) => candidate.id === benchmarkId);
  const view = showExecution({
    executionId: started.execution_id,
    benchmarkId,
    agent,
    status: started.status,
    passMark: benchmark?.min_score,
    passRule: benchmark?.pass_rule,
  });
  setStatus(`Running ${benchmarkId} with ${agent}.`);
  try {
    const done = await followEvents(view);
    if (view.stopped) return;
    if (!done) addProgress('Live progress unavailable; checking the status every second.');
    const status = await pollStatus(view);
    if (view.stopped || !status) return;
    const facts = statusFacts(status);
    renderSummary(view, facts);
    if (facts.error) showError(facts.error);
    await showResults(view, facts.consolidatedSessionId);
    if (view.stopped) return;
    setPhase('finished');
    setStatus(`${benchmarkId} with ${agent}: ${status.status}, score ${formatScore(view.facts.score)}.`);
  } catch (error) {
    if (!view.stopped) {
      showError(errorText(error));
      $('flow-caption').textContent = 'No flow diagram: the results could not be shown.';
      setPhase('error');
    }
  }
  await refreshMatrix();
}

async function runDynamicRequest(prompt, wallet, agent) {
  const executionId = newExecutionId();
  const view = showExecution({ executionId, prompt, agent, status: 'submitted' });
  setStatus('Running the request…');
  const body = { prompt, agent, execution_id: executionId };
  if (wallet) body.wallet = wallet;
  // The request answers when the flow has ended; the event stream shows its steps meanwhile.
  const events = followEvents(view, { attempts: EVENT_STREAM_ATTEMPTS });
  try {
    const response = await api('/benchmarks/execute-direct', { method: 'POST', body });
    if (view.stopped) return;
    const result = parseJson(response.result);
    const facts = {
      status: response.status,
      score: typeof response.score === 'number' ? response.score : result?.score,
      flowId: response.flow_id ?? result?.flow_id,
      consolidatedSessionId: response.consolidated_session_id ?? result?.consolidated_session_id,
      pass: result?.pass,
    };
    renderSummary(view, facts);
    const error = response.error ?? result?.error_message;
    if (error) showError(error);
    // Let the stream deliver its last events (it ends with `done`) before the results; never wait on it for long.
    await Promise.race([events, sleep(EVENT_DRAIN_MS)]);
    await showResults(view, facts.consolidatedSessionId);
    if (view.stopped) return;
    setPhase('finished');
    setStatus(`Request finished: ${response.status}, score ${formatScore(view.facts.score)}.`);
  } catch (error) {
    if (!view.stopped) {
      if (view.facts.status === 'submitted') renderSummary(view, { status: 'rejected' });
      $('flow-caption').textContent = 'No flow diagram: the request did not run to the end.';
      showError(errorText(error));
      setPhase('error');
      setStatus('The request failed.');
    }
  } finally {
    // Its events were all shown or are no longer needed; a later view must not receive them.
    view.closeEvents();
  }
  await refreshMatrix();
}

function newExecutionId() {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The consolidated session of an execution, waiting while its consolidation is still running. */
async function consolidatedSession(view, knownSessionId) {
  for (let poll = 0; poll < CONSOLIDATION_POLLS && !view.stopped; poll++) {
    try {
      return knownSessionId
        ? await api(`/sessions/consolidated/${urlPart(knownSessionId)}`)
        : await api(`/executions/${urlPart(view.executionId)}/consolidated`);
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 404) throw error;
    }
    const progress = await api(`/consolidation/${urlPart(view.executionId)}/status`).catch(() => null);
    if (progress && progress.complete && !progress.consolidated_session_id) {
      throw new Error(`Consolidation of ${view.executionId} ended without a session${progress.message ? `: ${progress.message}` : ''}`);
    }
    await sleep(POLL_INTERVAL_MS / 2);
  }
  return null;
}

async function showResults(view, knownSessionId) {
  const session = await consolidatedSession(view, knownSessionId);
  if (view.stopped) return;
  if (!session) {
    $('flow-caption').textContent = 'No consolidated session for this execution.';
    return;
  }
  const content = parseJson(session.content) ?? {};
  const sessionId = session.session_id ?? content.consolidated_session_id;
  renderSummary(view, {
    consolidatedSessionId: sessionId,
    score: view.facts.score ?? session.metadata?.avg_score,
    usage: session.metadata?.usage ?? content.metadata?.usage,
  });
  renderSteps(Array.isArray(content.steps) ? content.steps : []);
  const flow = await api(`/flows/${urlPart(sessionId)}?format=json`);
  if (view.stopped) return;
  await renderDiagram(flow);
}

function renderSteps(steps) {
  const rows = steps.map((step) => {
    const calls = Array.isArray(step.tool_calls) ? step.tool_calls : [];
    const transactions = calls.flatMap((call) => transactionsOf(call.output));
    // A step's error usually quotes its failed tool call's; show each reason once.
    const toolErrors = calls
      .filter((call) => call.error && !(step.error ?? '').includes(call.error))
      .map((call) => `${call.tool_name}: ${call.error}`);
    const errors = [step.error, ...toolErrors].filter(Boolean);
    return el(
      'tr',
      { 'data-step': step.step_id },
      el('td', {}, String(Number(step.step_index) + 1)),
      el('td', { className: 'mono' }, step.step_id ?? ''),
      el('td', {}, `${step.success ? '✓' : step.status === 'skipped' ? '⊘' : '✗'} ${step.status}`),
      el('td', {}, scoreBadge(step.score, `score of step ${step.step_id}`, step.success === true)),
      el('td', {}, listOrDash(calls.map((call) => `${call.tool_name} (${call.status})`))),
      el('td', {}, listOrDash(calls.map(describeAmount).filter(Boolean))),
      el(
        'td',
        {},
        listOrDash(
          transactions.map((tx) =>
            el('span', { className: succeeded(tx) ? 'mono' : 'mono tx-failed', title: tx.signature }, `${succeeded(tx) ? '✓' : '✗'} ${tx.status} · ${shortSignature(tx.signature)}${tx.error ? ` · ${tx.error}` : ''}`),
          ),
        ),
      ),
      el('td', {}, describeUsage(step.usage) ?? '—'),
      el('td', {}, listOrDash(errors)),
    );
  });
  $('step-table').tBodies[0].replaceChildren(...rows);
}

function listOrDash(items) {
  return items.length === 0 ? '—' : el('ul', {}, items.map((item) => el('li', {}, item)));
}

// ---------------------------------------------------------------- Mermaid

let mermaidLoading;
let diagramCount = 0;

/** Mermaid (3.5 MB) is loaded on the first diagram, from this server. */
function loadMermaid() {
  mermaidLoading ??= new Promise((resolve, reject) => {
    const script = el('script', { src: '/assets/mermaid.min.js' });
    script.addEventListener('load', () => {
      window.mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme: 'default' });
      resolve(window.mermaid);
    });
    script.addEventListener('error', () => reject(new Error('Could not load /assets/mermaid.min.js from the server')));
    document.head.append(script);
  });
  return mermaidLoading;
}

async function renderDiagram(flow) {
  const source = typeof flow?.diagram === 'string' ? flow.diagram : '';
  $('flow-source').textContent = source;
  if (!source) {
    $('flow-caption').textContent = 'The server returned no diagram.';
    return;
  }
  const mermaid = await loadMermaid();
  diagramCount += 1;
  const { svg } = await mermaid.render(`flow-svg-${diagramCount}`, source);
  // Mermaid returns sanitised SVG markup; parsing it in an inert document and adopting the element keeps
  // the page free of innerHTML.
  const parsed = new DOMParser().parseFromString(svg, 'text/html').querySelector('svg');
  if (!parsed) throw new Error('Mermaid produced no SVG for the flow diagram');
  $('flow-diagram').replaceChildren(document.adoptNode(parsed));
  const meta = flow.metadata ?? {};
  $('flow-caption').textContent = `Session ${flow.session_id}: ${meta.state_count ?? '?'} states, ${meta.tool_count ?? '?'} tool calls${
    typeof meta.execution_time_ms === 'number' ? `, ${Math.round(meta.execution_time_ms)} ms` : ''
  }.`;
}

// ---------------------------------------------------------------- wiring

async function refreshMatrix() {
  try {
    await loadMatrix();
  } catch (error) {
    setStatus(`Could not load benchmarks: ${errorText(error)}`);
  }
}

function wire() {
  const tokenInput = $('api-token');
  tokenInput.value = apiToken();
  $('token-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const token = tokenInput.value.trim();
    if (token) sessionStorage.setItem(TOKEN_KEY, token);
    else sessionStorage.removeItem(TOKEN_KEY);
    setStatus(token ? 'API token saved for this tab.' : 'API token cleared.');
  });

  $('refresh-matrix').addEventListener('click', () => void refreshMatrix());

  $('direct-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const prompt = $('direct-prompt').value.trim();
    const wallet = $('direct-wallet').value.trim();
    const agent = $('direct-agent').value;
    if (!prompt) {
      setStatus('Write a request first.');
      return;
    }
    const submit = $('direct-submit');
    submit.disabled = true;
    runDynamicRequest(prompt, wallet, agent).finally(() => {
      submit.disabled = false;
    });
  });

  $('stop-execution').addEventListener('click', async () => {
    const view = state.view;
    if (!view?.benchmarkId) return;
    const button = $('stop-execution');
    button.disabled = true;
    addProgress('Stop requested');
    try {
      await api(`/benchmarks/${urlPart(view.benchmarkId)}/stop/${urlPart(view.executionId)}`, { method: 'POST' });
    } catch (error) {
      showError(errorText(error));
    } finally {
      button.disabled = false;
    }
  });
}

wire();
void refreshMatrix();
