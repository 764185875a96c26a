import { wireExecutionStatus } from '@reev/types';
import { defineRoute } from '../http/route';
import { isActive } from '../runs/live-run';
import { ExecutionLogsQuerySchema, FlowLogsQuerySchema, LogsParamsSchema, TransactionLogsQuerySchema } from '../request-schemas';
import { ErrorResponseSchema, ExecutionLogsResponseSchema, FlowLogsResponseSchema, TransactionLogsResponseSchema } from '../response-schemas';
import { executionTrace, renderTransactionLogs, stepTransactions } from '../views/run-logs';
import { API_PREFIX, executionFor, requireKnownBenchmark, type FoundExecution, type RouteContext } from './context';

const errors = {
  400: { description: 'invalid benchmark or execution id', schema: ErrorResponseSchema },
  404: { description: 'unknown benchmark, or it has no such execution', schema: ErrorResponseSchema },
};

function isRunning(found: FoundExecution): boolean {
  if (found.live) return isActive(found.live);
  return found.stored?.status === 'running' || found.stored?.status === 'queued';
}

function statusOf(found: FoundExecution) {
  return wireExecutionStatus(
    found.live && isActive(found.live) ? found.live.status : (found.stored?.status ?? found.live?.status ?? 'queued'),
  );
}

export function registerLogRoutes(context: RouteContext): void {
  const { app, table, reader } = context;

  defineRoute(app, table, {
    method: 'GET',
    url: `${API_PREFIX}/flow-logs/:benchmark_id`,
    summary: "Session logs of the benchmark's recent executions, newest execution first",
    tag: 'logs',
    params: LogsParamsSchema,
    query: FlowLogsQuerySchema,
    responses: { 200: { description: 'sessions with their logs', schema: FlowLogsResponseSchema }, ...errors },
    handler: async ({ params, query }) => {
      await requireKnownBenchmark(context, params.benchmark_id);
      const { executions } = await reader.listExecutions({ benchmarkId: params.benchmark_id, limit: query.limit });
      const sessions = [];
      for (const execution of executions) {
        const detail = await reader.getExecution(execution.executionId);
        for (const session of detail?.sessions ?? []) {
          sessions.push({
            session_id: session.sessionId,
            execution_id: session.executionId,
            agent_type: session.agent,
            interface: session.interface,
            status: wireExecutionStatus(session.status),
            score: session.score ?? null,
            started_at: session.startedAt,
            ended_at: session.endedAt ?? null,
            is_running: session.status === 'running',
            log_content: (await reader.getSessionLog(session.sessionId)) ?? null,
          });
        }
      }
      return { benchmark_id: params.benchmark_id, sessions };
    },
  });

  defineRoute(app, table, {
    method: 'GET',
    url: `${API_PREFIX}/execution-logs/:benchmark_id`,
    summary: 'An execution (default: the latest) as an ASCII tree, with its stored result',
    tag: 'logs',
    params: LogsParamsSchema,
    query: ExecutionLogsQuerySchema,
    responses: { 200: { description: 'trace and result', schema: ExecutionLogsResponseSchema }, ...errors },
    handler: async ({ params, query }) => {
      const found = await executionFor(context, params.benchmark_id, query.execution_id);
      const status = statusOf(found);
      return {
        benchmark_id: params.benchmark_id,
        execution_id: found.executionId,
        agent_type: found.stored?.agent ?? found.live?.agent ?? '',
        interface: found.stored?.sessions[0]?.interface ?? (found.live ? 'api' : 'unknown'),
        status,
        final_status: status,
        trace: found.stored ? await executionTrace(reader, found.stored) : '',
        is_running: isRunning(found),
        progress: found.stored?.progress ?? 0,
        result: found.stored?.result ?? null,
      };
    },
  });

  defineRoute(app, table, {
    method: 'GET',
    url: `${API_PREFIX}/transaction-logs/:benchmark_id`,
    summary: "Program logs of every transaction an execution (default: the latest) sent, per step",
    tag: 'logs',
    params: LogsParamsSchema,
    query: TransactionLogsQuerySchema,
    responses: { 200: { description: 'transaction logs', schema: TransactionLogsResponseSchema }, ...errors },
    handler: async ({ params, query }) => {
      const found = await executionFor(context, params.benchmark_id, query.execution_id);
      const transactions = found.stored ? await stepTransactions(reader, found.stored) : [];
      const running = isRunning(found);
      return {
        benchmark_id: params.benchmark_id,
        execution_id: found.executionId,
        format: query.format,
        show_cu: query.show_cu,
        is_running: running,
        message: `${transactions.length} transaction(s)${running ? ' so far; the execution is still running' : ''}`,
        transaction_logs: renderTransactionLogs(transactions, query.format, query.show_cu),
        transactions,
      };
    },
  });
}
