import { defineRoute } from '../http/route';
import { isActive } from '../runs/live-run';
import { ExecutionParamsSchema } from '../request-schemas';
import { ErrorResponseSchema, ExecutionStateSchema, LowerCaseExecutionStatusSchema } from '../response-schemas';
import { executionTrace } from '../views/run-logs';
import { executionState } from '../views/views';
import { API_PREFIX, requireExecutionOrFlow, type RouteContext } from './context';

const errors = {
  400: { description: 'invalid id', schema: ErrorResponseSchema },
  404: { description: 'no execution with this id or flow id', schema: ErrorResponseSchema },
};

/**
 * Routes the original's CURL.md documents but its server never had: the execution and its trace. Its polling loop compares `status` with "completed" and "failed", so on GET /executions/{id}, unlike every
 * other route, the status stays as stored, in lower case.
 */
export function registerExecutionRoutes(context: RouteContext): void {
  const { app, table, reader } = context;

  defineRoute(app, table, {
    method: 'GET',
    url: `${API_PREFIX}/executions/:execution_id`,
    summary: 'Execution state by execution id or flow id; `status` in lower case (completed, failed, …) as the original CURL.md polls it',
    tag: 'runs',
    params: ExecutionParamsSchema,
    responses: {
      200: {
        description: 'execution state',
        schema: ExecutionStateSchema.extend({ status: LowerCaseExecutionStatusSchema, wire_status: ExecutionStateSchema.shape.status }),
      },
      ...errors,
    },
    handler: async ({ params }) => {
      const found = await requireExecutionOrFlow(context, params.execution_id);
      const state = executionState(found.stored, found.live);
      const status = found.live && isActive(found.live) ? found.live.status : (found.stored?.status ?? found.live?.status ?? 'queued');
      return { ...state, status, wire_status: state.status };
    },
  });

  defineRoute(app, table, {
    method: 'GET',
    url: `${API_PREFIX}/executions/:execution_id/trace`,
    summary: 'The execution (by execution id or flow id) as an ASCII tree, in plain text',
    tag: 'runs',
    params: ExecutionParamsSchema,
    responses: { 200: { description: 'the tree; empty while no step has ended', contentType: 'text/plain' }, ...errors },
    handler: async ({ params, reply }) => {
      const found = await requireExecutionOrFlow(context, params.execution_id);
      const trace = found.stored ? await executionTrace(reader, found.stored) : '';
      return reply.type('text/plain; charset=utf-8').send(trace === '' ? '' : `${trace}\n`);
    },
  });
}
