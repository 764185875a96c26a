// The execution on screen: its summary, live progress (server-sent events, else polling) and its results.

import { API, api, ApiError, urlPart } from './api.js';
import { renderDiagram } from './diagram.js';
import { $, el, sleep } from './dom.js';
import { describeAmount, describeUsage, describeVerdict, formatScore, parseJson, scoreBadge, shortSignature, succeeded, transactionsOf } from './format.js';
import { state } from './state.js';

/** Execution statuses as the API sends them (the original's ExecutionStatus names). */
const TERMINAL_STATUSES = new Set(['Completed', 'Failed', 'Stopped', 'Timeout', 'Interrupted', 'NeedsInput']);
const EVENT_TYPES = ['execution_started', 'step_started', 'step_finished', 'consolidated', 'done'];
const POLL_INTERVAL_MS = 1000;
/** Polls of a consolidation still pending before giving up (consolidation itself times out at 60 s). */
const CONSOLIDATION_POLLS = 90;
/** Consecutive failed status polls after which the page stops watching and says why. */
const MAX_POLL_FAILURES = 5;

export function showExecution(details) {
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
  renderSummary(view, { status: details.status ?? 'Queued' });
  $('execution-section').scrollIntoView({ block: 'start' });
  return view;
}

export function renderSummary(view, facts) {
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
export function setPhase(phase) {
  $('execution-section').setAttribute('data-phase', phase);
}

export function showError(message) {
  const box = $('execution-error');
  box.hidden = !message;
  box.textContent = message ?? '';
}

export function addProgress(text) {
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
export function followEvents(view, { attempts = 1 } = {}) {
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
        if (type === 'step_finished' || type === 'step_started') renderSummary(view, { status: 'Running' });
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

export async function pollStatus(view) {
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
export function statusFacts(status) {
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

export async function showResults(view, knownSessionId) {
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
