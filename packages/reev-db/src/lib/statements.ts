// Every statement the writer runs, and the reads the executor makes while it runs, as SQL written once. drizzle
// would rebuild each of them on every call; as constants they are also prepared once per connection
// (StatementExecutor.run/rows). Arguments are positional: `?N` is args[N - 1]. The column names are those
// of schema.ts; the contract suite runs every statement against the migrated schema, and statements.spec.ts checks
// every column they name, every column an INSERT leaves out, and rows.ts's positional decoders against schema.ts.
import type { ExecutionStatus } from '@reev/types';

/** Unfinished executions: what markInterruptedExecutions looks at. */
const UNFINISHED_STATUSES: readonly ExecutionStatus[] = ['running', 'queued'];
const UNFINISHED_SQL = UNFINISHED_STATUSES.map((status) => `'${status}'`).join(', ');

/** ?1 id, ?2 name, ?3 prompt, ?4 content, ?5 content_hash, ?6 now. An upsert keeps created_at. */
export const UPSERT_BENCHMARK = `INSERT INTO benchmarks (id, name, prompt, content, content_hash, created_at, updated_at)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)
ON CONFLICT (id) DO UPDATE SET name = excluded.name, prompt = excluded.prompt, content = excluded.content,
  content_hash = excluded.content_hash, updated_at = excluded.updated_at`;

/**
 * ?1 execution_id, ?2 benchmark_id, ?3 agent, ?4 mode, ?5 status, ?6 metadata, ?7 owner_pid, ?8 owner_host, ?9 now.
 * An existing row stays as it is, except a `queued` one (a queue wrote it before the run started), which the run
 * claims: its status, this process as owner, and the run's metadata merged over the queued request's.
 */
export const INSERT_EXECUTION = `INSERT INTO execution_states
  (execution_id, benchmark_id, agent, mode, status, metadata, owner_pid, owner_host, created_at, updated_at)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)
ON CONFLICT (execution_id) DO UPDATE SET status = excluded.status,
  metadata = CASE WHEN excluded.metadata IS NULL THEN metadata WHEN metadata IS NULL THEN excluded.metadata
    ELSE json_patch(metadata, excluded.metadata) END,
  owner_pid = excluded.owner_pid, owner_host = excluded.owner_host, updated_at = excluded.updated_at
WHERE execution_states.status = 'queued' AND excluded.status <> 'queued'`;

/**
 * ?1 status, ?2 now, ?3 whether to set progress, ?4 progress, ?5 whether to set error, ?6 error,
 * ?7 execution_id. The flags let one statement serve every combination of the optional fields.
 */
export const UPDATE_EXECUTION_STATUS = `UPDATE execution_states SET status = ?1, updated_at = ?2,
  progress = CASE WHEN ?3 THEN ?4 ELSE progress END,
  error = CASE WHEN ?5 THEN ?6 ELSE error END
WHERE execution_id = ?7`;

/** ?1 status, ?2 score, ?3 result, ?4 error, ?5 now, ?6 execution_id. Completed means all progress made. */
export const COMPLETE_EXECUTION = `UPDATE execution_states SET status = ?1, score = ?2, result = ?3, error = ?4,
  progress = CASE WHEN ?1 = 'completed' THEN 1 ELSE progress END, completed_at = ?5, updated_at = ?5
WHERE execution_id = ?6`;

export const SELECT_UNFINISHED_EXECUTIONS = `SELECT execution_id, owner_pid, owner_host FROM execution_states
WHERE status IN (${UNFINISHED_SQL})`;

/** Queued executions, oldest first: what claimQueuedExecutions looks at. */
export const SELECT_QUEUED_EXECUTIONS = `SELECT execution_id, benchmark_id, agent, mode, metadata, owner_pid, owner_host, created_at
FROM execution_states WHERE status = 'queued' ORDER BY created_at, execution_id`;

/** ?1 owner_pid, ?2 owner_host, ?3 now, ?4 execution_id; only while it is still queued. */
export const CLAIM_QUEUED_EXECUTION = `UPDATE execution_states SET owner_pid = ?1, owner_host = ?2, updated_at = ?3
WHERE execution_id = ?4 AND status = 'queued'`;

/** ?1 probed_by, ?2 now: the health probe's one-row write. */
export const UPSERT_WRITE_PROBE = `INSERT INTO write_probes (id, probed_by, probed_at) VALUES (1, ?1, ?2)
ON CONFLICT (id) DO UPDATE SET probed_by = excluded.probed_by, probed_at = excluded.probed_at`;

/** ?1 error, ?2 now, ?3 execution_id; only while the execution is still unfinished. */
export const MARK_INTERRUPTED = `UPDATE execution_states SET status = 'interrupted', error = ?1, updated_at = ?2, completed_at = ?2
WHERE execution_id = ?3 AND status IN (${UNFINISHED_SQL})`;

/** ?1 session_id, ?2 execution_id, ?3 benchmark_id, ?4 agent, ?5 interface, ?6 prompt, ?7 status, ?8 now. */
export const INSERT_SESSION = `INSERT INTO execution_sessions
  (session_id, execution_id, benchmark_id, agent, interface, prompt, status, started_at, updated_at)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)
ON CONFLICT DO NOTHING`;

/** ?1 session_id. */
export const SELECT_SESSION_EXECUTION = 'SELECT execution_id FROM execution_sessions WHERE session_id = ?1';

/** ?1 status, ?2 whether to set score, ?3 score, ?4 whether to set content, ?5 content, ?6 now, ?7 session_id. */
export const COMPLETE_SESSION = `UPDATE execution_sessions SET status = ?1,
  score = CASE WHEN ?2 THEN ?3 ELSE score END,
  content = CASE WHEN ?4 THEN ?5 ELSE content END,
  ended_at = ?6, updated_at = ?6
WHERE session_id = ?7`;

/** ?1 session_id, ?2 content, ?3 now. */
export const UPSERT_SESSION_LOG = `INSERT INTO session_logs (session_id, content, created_at, updated_at)
VALUES (?1, ?2, ?3, ?3)
ON CONFLICT (session_id) DO UPDATE SET content = excluded.content, updated_at = excluded.updated_at`;

/**
 * ?1 session_id, ?2 call_id, ?3 tool_name, ?4 started_at, ?5 duration_ms, ?6 input, ?7 output, ?8 status,
 * ?9 error, ?10 now. Replacing a call keeps its created_at.
 */
export const UPSERT_TOOL_CALL = `INSERT INTO session_tool_calls
  (session_id, call_id, tool_name, started_at, duration_ms, input, output, status, error, created_at)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
ON CONFLICT (session_id, call_id) DO UPDATE SET tool_name = excluded.tool_name, started_at = excluded.started_at,
  duration_ms = excluded.duration_ms, input = excluded.input, output = excluded.output, status = excluded.status,
  error = excluded.error`;

/**
 * ?1 session_id, ?2 execution_id, ?3 benchmark_id, ?4 agent, ?5 score, ?6 final_status, ?7 passed,
 * ?8 execution_time_ms, ?9 now.
 */
export const INSERT_AGENT_PERFORMANCE = `INSERT INTO agent_performance
  (session_id, execution_id, benchmark_id, agent, score, final_status, passed, execution_time_ms, created_at)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
ON CONFLICT DO NOTHING`;

/**
 * ?1 execution_id, ?2 step_index, ?3 step_id, ?4 session_id, ?5 content, ?6 success, ?7 error, ?8 tool_count,
 * ?9 score, ?10 started_at, ?11 duration_ms, ?12 now. Replacing a step keeps its created_at.
 */
export const UPSERT_STEP_SESSION = `INSERT INTO step_sessions
  (execution_id, step_index, step_id, session_id, content, success, error, tool_count, score, started_at, duration_ms,
   created_at, updated_at)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)
ON CONFLICT (execution_id, step_index) DO UPDATE SET step_id = excluded.step_id, session_id = excluded.session_id,
  content = excluded.content, success = excluded.success, error = excluded.error, tool_count = excluded.tool_count,
  score = excluded.score, started_at = excluded.started_at, duration_ms = excluded.duration_ms,
  updated_at = excluded.updated_at`;

/** The columns rows.ts decodes a step session from, in this order. */
const STEP_SESSION_COLUMNS = `execution_id, step_index, step_id, session_id, content, success, error, tool_count, score,
  started_at, duration_ms, created_at, updated_at`;

/** ?1 execution_id. In step order (the unique index on (execution_id, step_index) serves it). */
export const SELECT_STEP_SESSIONS = `SELECT ${STEP_SESSION_COLUMNS} FROM step_sessions WHERE execution_id = ?1
ORDER BY step_index`;

/**
 * ?1 consolidated_session_id, ?2 execution_id, ?3 consolidated_content, ?4 metadata, ?5 original_session_ids,
 * ?6 avg_score, ?7 total_tools, ?8 success_rate, ?9 execution_duration_ms, ?10 now. Re-storing replaces the
 * record (keeping its created_at) but never moves it to another execution: then nothing changes.
 */
export const UPSERT_CONSOLIDATED_SESSION = `INSERT INTO consolidated_sessions
  (consolidated_session_id, execution_id, consolidated_content, metadata, original_session_ids, avg_score, total_tools,
   success_rate, execution_duration_ms, created_at)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
ON CONFLICT (consolidated_session_id) DO UPDATE SET execution_id = excluded.execution_id,
  consolidated_content = excluded.consolidated_content, metadata = excluded.metadata,
  original_session_ids = excluded.original_session_ids, avg_score = excluded.avg_score,
  total_tools = excluded.total_tools, success_rate = excluded.success_rate,
  execution_duration_ms = excluded.execution_duration_ms
WHERE consolidated_sessions.execution_id = excluded.execution_id`;

/** The columns rows.ts decodes a consolidated session from, in this order. */
const CONSOLIDATED_COLUMNS = `consolidated_session_id, execution_id, consolidated_content, metadata, original_session_ids,
  avg_score, total_tools, success_rate, execution_duration_ms, created_at`;

/** ?1 consolidated_session_id. */
export const SELECT_CONSOLIDATED_SESSION = `SELECT ${CONSOLIDATED_COLUMNS} FROM consolidated_sessions
WHERE consolidated_session_id = ?1`;

/**
 * ?1 execution_id. Newest first; rows stored in the same millisecond keep their insertion order, reversed
 * (id is the rowid, so the index on (execution_id, created_at) serves this order too).
 */
export const SELECT_CONSOLIDATED_SESSIONS_OF_EXECUTION = `SELECT ${CONSOLIDATED_COLUMNS} FROM consolidated_sessions
WHERE execution_id = ?1 ORDER BY created_at DESC, id DESC`;

/** ?1 cache_key, ?2 model, ?3 base_url, ?4 turn, ?5 entry, ?6 now. Recording a key again replaces the whole row. */
export const UPSERT_LLM_RESPONSE = `INSERT INTO llm_responses (cache_key, model, base_url, turn, entry, created_at)
VALUES (?1, ?2, ?3, ?4, ?5, ?6)
ON CONFLICT (cache_key) DO UPDATE SET model = excluded.model, base_url = excluded.base_url, turn = excluded.turn,
  entry = excluded.entry, created_at = excluded.created_at`;
