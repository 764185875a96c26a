// The benchmarks × agents matrix: the latest score of every agent on every benchmark, with a Run button each.

import { API, api } from './api.js';
import { $, el, setStatus } from './dom.js';
import { formatScore, scoreBadge } from './format.js';
import { state } from './state.js';

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

/** Loads benchmarks, agents and results and draws the matrix; `onRun(benchmarkId, agent)` runs a cell. */
export async function loadMatrix(onRun) {
  setStatus('Loading benchmarks and agents…');
  const [benchmarks, agents, performance] = await Promise.all([
    api('/benchmarks'),
    api('/agents'),
    api('/agent-performance'),
  ]);
  state.benchmarks = Array.isArray(benchmarks) ? benchmarks : [];
  state.agents = agentColumns(agents, performance);
  renderMatrix(latestResults(performance), onRun);
  renderAgentChoice();
  setStatus(`${state.benchmarks.length} benchmarks, ${state.agents.length} agents.`);
}

function renderMatrix(latest, onRun) {
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
      state.agents.map((agent) => matrixCell(benchmark, agent, latest.get(`${agent}\u0000${benchmark.id}`), onRun)),
    ),
  );
  table.tBodies[0].replaceChildren(...rows);
}

function matrixCell(benchmark, agent, result, onRun) {
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
        { type: 'button', 'aria-label': `Run ${benchmark.id} with ${agent}`, onclick: () => onRun(benchmark.id, agent) },
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
