// The reev web page: plain DOM code, no framework, no build step. Every text from the API is inserted with
// textContent / text nodes, never parsed as HTML.

import { api, apiToken, TOKEN_KEY, urlPart } from './api.js';
import { $, errorText, setStatus, sleep } from './dom.js';
import { addProgress, followEvents, pollStatus, renderSummary, setPhase, showError, showExecution, showResults, statusFacts } from './execution.js';
import { formatScore, parseJson } from './format.js';
import { loadMatrix } from './matrix.js';
import { state } from './state.js';

/** Attempts to attach to the event stream of a dynamic request that the server may not have registered yet. */
const EVENT_STREAM_ATTEMPTS = 20;
/** How long a finished dynamic request waits for the rest of its event stream before showing the results. */
const EVENT_DRAIN_MS = 10_000;

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

async function refreshMatrix() {
  try {
    await loadMatrix(runBenchmark);
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
