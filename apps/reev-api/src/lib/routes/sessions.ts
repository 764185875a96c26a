import { notFound } from '../http/errors';
import { defineRoute } from '../http/route';
import { isActive } from '../runs/live-run';
import { ConsolidatedParamsSchema, ExecutionParamsSchema } from '../request-schemas';
import { ConsolidatedSessionResponseSchema, ConsolidationStatusSchema, ErrorResponseSchema } from '../response-schemas';
import { consolidatedSessionResponse, consolidationSummary } from '../views/views';
import { API_PREFIX, requireExecution, type FoundExecution, type RouteContext } from './context';

const notFoundResponse = { 404: { description: 'unknown id', schema: ErrorResponseSchema } };

function consolidationErrorOf(found: FoundExecution): string | undefined {
  const result = found.stored?.result;
  if (typeof result === 'object' && result !== null && 'consolidation_error' in result) {
    const error = result.consolidation_error;
    if (typeof error === 'string') return error;
  }
  return found.stored?.error ?? found.live?.error;
}

function stillRunning(found: FoundExecution): boolean {
  if (found.live) return isActive(found.live);
  return found.stored?.status === 'running' || found.stored?.status === 'queued';
}

export function registerSessionRoutes(context: RouteContext): void {
  const { app, table, reader } = context;

  defineRoute(app, table, {
    method: 'GET',
    url: `${API_PREFIX}/sessions/consolidated/:id`,
    summary: 'One consolidated session: every step of a run in one record',
    tag: 'sessions',
    params: ConsolidatedParamsSchema,
    responses: { 200: { description: 'the consolidated session', schema: ConsolidatedSessionResponseSchema }, ...notFoundResponse },
    handler: async ({ params }) => {
      const session = await reader.getConsolidatedSession(params.id);
      if (!session) throw notFound(`no consolidated session ${params.id}`);
      return consolidatedSessionResponse(session);
    },
  });

  defineRoute(app, table, {
    method: 'GET',
    url: `${API_PREFIX}/executions/:execution_id/consolidated`,
    summary: "The execution's newest consolidated session",
    tag: 'sessions',
    params: ExecutionParamsSchema,
    responses: { 200: { description: 'the consolidated session', schema: ConsolidatedSessionResponseSchema }, ...notFoundResponse },
    handler: async ({ params }) => {
      const [newest] = await reader.getConsolidatedSessionsByExecution(params.execution_id);
      if (!newest) throw notFound(`execution ${params.execution_id} has no consolidated session`);
      return consolidatedSessionResponse(newest);
    },
  });

  defineRoute(app, table, {
    method: 'GET',
    url: `${API_PREFIX}/consolidation/:execution_id/status`,
    summary: 'Whether the execution has been consolidated (pending, in_progress, completed, failed)',
    tag: 'sessions',
    params: ExecutionParamsSchema,
    responses: { 200: { description: 'consolidation status', schema: ConsolidationStatusSchema }, ...notFoundResponse },
    handler: async ({ params }) => {
      const found = await requireExecution(context, params.execution_id);
      const [newest] = await reader.getConsolidatedSessionsByExecution(params.execution_id);
      const base = { execution_id: params.execution_id };
      if (newest) {
        return {
          ...base,
          complete: true,
          consolidated_session_id: newest.consolidatedSessionId,
          status: 'completed' as const,
          message: `consolidated ${newest.originalSessionIds.length} step session(s)`,
          updated_at: newest.createdAt,
          metadata: consolidationSummary(newest),
        };
      }
      const updatedAt = found.stored?.updatedAt ?? found.live?.updatedAt ?? new Date().toISOString();
      const stepCount = found.stored?.steps.length ?? 0;
      if (!stillRunning(found)) {
        return {
          ...base,
          complete: false,
          consolidated_session_id: null,
          status: 'failed' as const,
          message: `the execution ended without a consolidated session: ${consolidationErrorOf(found) ?? 'no reason stored'}`,
          updated_at: updatedAt,
          metadata: null,
        };
      }
      return {
        ...base,
        complete: false,
        consolidated_session_id: null,
        status: stepCount > 0 ? ('in_progress' as const) : ('pending' as const),
        message:
          stepCount > 0
            ? `${stepCount} step session(s) stored; consolidation follows the last step`
            : 'no step session stored yet',
        updated_at: updatedAt,
        metadata: null,
      };
    },
  });
}
