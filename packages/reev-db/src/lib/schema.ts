import { sql } from 'drizzle-orm';
import { check, index, integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import {
  EXECUTION_STATUSES,
  ExecutionModeSchema,
  InterfaceKindSchema,
  SESSION_STATUSES,
  TOOL_CALL_STATUSES,
  type ExecutionMode,
  type InterfaceKind,
} from '@reev/types';

// zod types `options` as a plain array; drizzle's enum columns want a non-empty tuple. Same values.
const EXECUTION_MODES = ExecutionModeSchema.options as [ExecutionMode, ...ExecutionMode[]];
const INTERFACE_KINDS = InterfaceKindSchema.options as [InterfaceKind, ...InterfaceKind[]];

/**
 * One CHECK constraint: its SQL and, for error messages, what it demands in words. The values in the
 * lists come from @reev/types, so the database accepts exactly the statuses the types declare.
 */
interface CheckRule {
  name: string;
  expression: string;
  description: string;
}

function oneOf(table: string, column: string, values: readonly string[]): CheckRule {
  return {
    name: `${table}_${column}_check`,
    expression: `"${column}" IN (${values.map((value) => `'${value}'`).join(', ')})`,
    description: `${column} must be one of ${values.join('|')}`,
  };
}

function unitInterval(table: string, column: string): CheckRule {
  return {
    name: `${table}_${column}_check`,
    expression: `"${column}" BETWEEN 0 AND 1`,
    description: `${column} must be between 0 and 1`,
  };
}

function nonNegative(table: string, column: string): CheckRule {
  return {
    name: `${table}_${column}_check`,
    expression: `"${column}" >= 0`,
    description: `${column} must not be negative`,
  };
}

/** JSON columns hold JSON text only; json_valid(NULL) is NULL, which a CHECK lets through for nullable columns. */
function jsonText(table: string, column: string): CheckRule {
  return {
    name: `${table}_${column}_json_check`,
    expression: `json_valid("${column}")`,
    description: `${column} must be valid JSON`,
  };
}

function jsonArray(table: string, column: string): CheckRule {
  return {
    name: `${table}_${column}_json_check`,
    expression: `json_valid("${column}") AND json_type("${column}") = 'array'`,
    description: `${column} must be a JSON array`,
  };
}

const toCheck = (rule: CheckRule) => check(rule.name, sql.raw(rule.expression));

/** ISO-8601 UTC with milliseconds, the same format the writer produces with Date#toISOString. */
const nowIso = sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`;

export const benchmarks = sqliteTable('benchmarks', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  prompt: text('prompt').notNull(),
  /** The benchmark YAML exactly as read. */
  content: text('content').notNull(),
  /** sha256 (hex) of `content`: tells whether a stored benchmark changed. */
  contentHash: text('content_hash').notNull(),
  createdAt: text('created_at').notNull().default(nowIso),
  updatedAt: text('updated_at').notNull().default(nowIso),
});

const executionRules = [
  oneOf('execution_states', 'mode', EXECUTION_MODES),
  oneOf('execution_states', 'status', EXECUTION_STATUSES),
  unitInterval('execution_states', 'progress'),
  unitInterval('execution_states', 'score'),
  jsonText('execution_states', 'result'),
  jsonText('execution_states', 'metadata'),
];

export const executionStates = sqliteTable(
  'execution_states',
  {
    executionId: text('execution_id').primaryKey(),
    /** Not a foreign key: a dynamic flow from a free prompt has no benchmark row. */
    benchmarkId: text('benchmark_id'),
    agent: text('agent').notNull(),
    mode: text('mode', { enum: EXECUTION_MODES }).notNull(),
    status: text('status', { enum: EXECUTION_STATUSES }).notNull(),
    /** Fraction of planned steps done, 0..1. */
    progress: real('progress').notNull().default(0),
    score: real('score'),
    error: text('error'),
    result: text('result', { mode: 'json' }).$type<unknown>(),
    metadata: text('metadata', { mode: 'json' }).$type<unknown>(),
    /** The process that created the row; markInterruptedExecutions uses it after a crash. */
    ownerPid: integer('owner_pid'),
    ownerHost: text('owner_host'),
    createdAt: text('created_at').notNull().default(nowIso),
    updatedAt: text('updated_at').notNull().default(nowIso),
    completedAt: text('completed_at'),
  },
  (table) => [
    index('execution_states_benchmark_created_idx').on(table.benchmarkId, table.createdAt),
    index('execution_states_agent_created_idx').on(table.agent, table.createdAt),
    index('execution_states_status_created_idx').on(table.status, table.createdAt),
    index('execution_states_created_idx').on(table.createdAt),
    ...executionRules.map(toCheck),
  ],
);

const sessionRules = [
  oneOf('execution_sessions', 'interface', INTERFACE_KINDS),
  oneOf('execution_sessions', 'status', SESSION_STATUSES),
  unitInterval('execution_sessions', 'score'),
  jsonText('execution_sessions', 'content'),
];

export const executionSessions = sqliteTable(
  'execution_sessions',
  {
    sessionId: text('session_id').primaryKey(),
    executionId: text('execution_id')
      .notNull()
      .references(() => executionStates.executionId, { onDelete: 'cascade' }),
    benchmarkId: text('benchmark_id'),
    agent: text('agent').notNull(),
    interface: text('interface', { enum: INTERFACE_KINDS }).notNull(),
    prompt: text('prompt'),
    status: text('status', { enum: SESSION_STATUSES }).notNull(),
    score: real('score'),
    content: text('content', { mode: 'json' }).$type<unknown>(),
    startedAt: text('started_at').notNull().default(nowIso),
    endedAt: text('ended_at'),
    updatedAt: text('updated_at').notNull().default(nowIso),
  },
  (table) => [index('execution_sessions_execution_idx').on(table.executionId), ...sessionRules.map(toCheck)],
);

const sessionLogRules = [jsonText('session_logs', 'content')];

export const sessionLogs = sqliteTable(
  'session_logs',
  {
    sessionId: text('session_id')
      .primaryKey()
      .references(() => executionSessions.sessionId, { onDelete: 'cascade' }),
    /** The SessionLog (@reev/types) as JSON. */
    content: text('content', { mode: 'json' }).$type<unknown>().notNull(),
    createdAt: text('created_at').notNull().default(nowIso),
    updatedAt: text('updated_at').notNull().default(nowIso),
  },
  () => sessionLogRules.map(toCheck),
);

const stepRules = [
  nonNegative('step_sessions', 'step_index'),
  nonNegative('step_sessions', 'tool_count'),
  unitInterval('step_sessions', 'score'),
  nonNegative('step_sessions', 'duration_ms'),
  jsonText('step_sessions', 'content'),
];

export const stepSessions = sqliteTable(
  'step_sessions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    executionId: text('execution_id')
      .notNull()
      .references(() => executionStates.executionId, { onDelete: 'cascade' }),
    stepIndex: integer('step_index').notNull(),
    stepId: text('step_id').notNull(),
    /** The agent session that ran the step (not a foreign key: a step may be stored without a session row). */
    sessionId: text('session_id').notNull(),
    content: text('content', { mode: 'json' }).$type<unknown>().notNull(),
    success: integer('success', { mode: 'boolean' }).notNull(),
    error: text('error'),
    toolCount: integer('tool_count').notNull(),
    score: real('score').notNull(),
    startedAt: text('started_at').notNull(),
    durationMs: real('duration_ms').notNull(),
    createdAt: text('created_at').notNull().default(nowIso),
    updatedAt: text('updated_at').notNull().default(nowIso),
  },
  (table) => [
    // Also the "steps of one execution" index: execution_id is its leading column.
    uniqueIndex('step_sessions_execution_step_uq').on(table.executionId, table.stepIndex),
    ...stepRules.map(toCheck),
  ],
);

const toolCallRules = [
  oneOf('session_tool_calls', 'status', TOOL_CALL_STATUSES),
  nonNegative('session_tool_calls', 'duration_ms'),
  jsonText('session_tool_calls', 'input'),
  jsonText('session_tool_calls', 'output'),
];

export const sessionToolCalls = sqliteTable(
  'session_tool_calls',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    sessionId: text('session_id')
      .notNull()
      .references(() => executionSessions.sessionId, { onDelete: 'cascade' }),
    callId: text('call_id').notNull(),
    toolName: text('tool_name').notNull(),
    startedAt: text('started_at').notNull(),
    durationMs: real('duration_ms').notNull(),
    input: text('input', { mode: 'json' }).$type<unknown>(),
    output: text('output', { mode: 'json' }).$type<unknown>(),
    status: text('status', { enum: TOOL_CALL_STATUSES }).notNull(),
    error: text('error'),
    createdAt: text('created_at').notNull().default(nowIso),
  },
  (table) => [
    // Also the "tool calls of one session" index: session_id is its leading column.
    uniqueIndex('session_tool_calls_session_call_uq').on(table.sessionId, table.callId),
    ...toolCallRules.map(toCheck),
  ],
);

const consolidatedRules = [
  unitInterval('consolidated_sessions', 'avg_score'),
  unitInterval('consolidated_sessions', 'success_rate'),
  nonNegative('consolidated_sessions', 'total_tools'),
  nonNegative('consolidated_sessions', 'execution_duration_ms'),
  jsonText('consolidated_sessions', 'consolidated_content'),
  jsonText('consolidated_sessions', 'metadata'),
  jsonArray('consolidated_sessions', 'original_session_ids'),
];

export const consolidatedSessions = sqliteTable(
  'consolidated_sessions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    consolidatedSessionId: text('consolidated_session_id').notNull().unique('consolidated_sessions_id_uq'),
    executionId: text('execution_id')
      .notNull()
      .references(() => executionStates.executionId, { onDelete: 'cascade' }),
    consolidatedContent: text('consolidated_content', { mode: 'json' }).$type<unknown>().notNull(),
    metadata: text('metadata', { mode: 'json' }).$type<unknown>().notNull(),
    originalSessionIds: text('original_session_ids', { mode: 'json' }).$type<string[]>().notNull(),
    avgScore: real('avg_score').notNull(),
    totalTools: integer('total_tools').notNull(),
    successRate: real('success_rate').notNull(),
    executionDurationMs: real('execution_duration_ms').notNull(),
    createdAt: text('created_at').notNull().default(nowIso),
  },
  (table) => [
    index('consolidated_sessions_execution_created_idx').on(table.executionId, table.createdAt),
    ...consolidatedRules.map(toCheck),
  ],
);

const performanceRules = [
  oneOf('agent_performance', 'final_status', EXECUTION_STATUSES),
  unitInterval('agent_performance', 'score'),
  nonNegative('agent_performance', 'execution_time_ms'),
];

export const agentPerformance = sqliteTable(
  'agent_performance',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** One row per agent session: re-inserting the same session is a no-op. */
    sessionId: text('session_id').notNull().unique('agent_performance_session_uq'),
    executionId: text('execution_id').references(() => executionStates.executionId, { onDelete: 'cascade' }),
    benchmarkId: text('benchmark_id').notNull(),
    agent: text('agent').notNull(),
    score: real('score').notNull(),
    finalStatus: text('final_status', { enum: EXECUTION_STATUSES }).notNull(),
    /** Whether the run reached its benchmark's min_score; decided by the caller, who knows the threshold. */
    passed: integer('passed', { mode: 'boolean' }).notNull(),
    executionTimeMs: real('execution_time_ms').notNull(),
    createdAt: text('created_at').notNull().default(nowIso),
  },
  (table) => [
    index('agent_performance_agent_created_idx').on(table.agent, table.createdAt),
    index('agent_performance_benchmark_idx').on(table.benchmarkId),
    ...performanceRules.map(toCheck),
  ],
);

function atLeastOne(table: string, column: string): CheckRule {
  return {
    name: `${table}_${column}_check`,
    expression: `"${column}" >= 1`,
    description: `${column} must be at least 1`,
  };
}

const llmResponseRules = [atLeastOne('llm_responses', 'turn'), jsonText('llm_responses', 'entry')];

/**
 * Recorded model answers of LLM agents (record/replay, docs/agents.md). The key is the agent's response-cache key
 * (sha256 of the request); model, base_url and turn are copies from the entry, for people and queries.
 */
export const llmResponses = sqliteTable(
  'llm_responses',
  {
    cacheKey: text('cache_key').primaryKey(),
    model: text('model').notNull(),
    baseUrl: text('base_url').notNull(),
    turn: integer('turn').notNull(),
    /** The whole cache entry (model, base URL, turn, reply, recordedAt) as JSON. */
    entry: text('entry', { mode: 'json' }).$type<unknown>().notNull(),
    /** When this entry was stored; recording the key again replaces the entry and this time. */
    createdAt: text('created_at').notNull().default(nowIso),
  },
  (table) => [index('llm_responses_model_created_idx').on(table.model, table.createdAt), ...llmResponseRules.map(toCheck)],
);

/**
 * One row that the health probe (DatabaseHealth) rewrites: a real committed write, so a full disk, a read-only
 * file or a damaged page shows before a run's write meets it. `probed_by` is `<host>:<pid>`.
 */
export const writeProbes = sqliteTable('write_probes', {
  id: integer('id').primaryKey(),
  probedBy: text('probed_by').notNull(),
  probedAt: text('probed_at').notNull(),
});

/** CHECK constraint name → what it demands, for error messages (SQLite reports only the name). */
export const CHECK_DESCRIPTIONS: Readonly<Record<string, string>> = Object.fromEntries(
  [
    ...executionRules,
    ...sessionRules,
    ...sessionLogRules,
    ...stepRules,
    ...toolCallRules,
    ...consolidatedRules,
    ...performanceRules,
    ...llmResponseRules,
  ].map((rule) => [rule.name, rule.description]),
);

export const TABLES = {
  benchmarks,
  executionStates,
  executionSessions,
  sessionLogs,
  stepSessions,
  sessionToolCalls,
  consolidatedSessions,
  agentPerformance,
  llmResponses,
  writeProbes,
};
