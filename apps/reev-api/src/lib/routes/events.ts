import type { ServerResponse } from 'node:http';
import { errorBody, notFound } from '../http/errors';
import { defineRoute } from '../http/route';
import type { StreamEvent } from '../runs/event-log';
import { followStoredExecution } from '../runs/stored-events';
import { ExecutionParamsSchema } from '../request-schemas';
import { ErrorResponseSchema } from '../response-schemas';
import { API_PREFIX, type RouteContext } from './context';

/** Comment lines keep proxies and browsers from dropping a quiet stream. */
const HEARTBEAT_MS = 15_000;

function lastEventId(header: string | string[] | undefined): number {
  const value = Number(Array.isArray(header) ? header[0] : header);
  return Number.isSafeInteger(value) && value > 0 ? value : 0;
}

function writeEvent(response: ServerResponse, event: StreamEvent): void {
  response.write(`id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(event.data)}\n\n`);
}

/**
 * GET …/executions/{id}/events as Server-Sent Events. Open streams are ended when the server closes, so
 * shutting down never waits on a client.
 */
export function registerEventRoutes(context: RouteContext): void {
  const { app, table } = context;
  const openStreams = new Set<() => void>();
  app.addHook('preClose', (done) => {
    for (const end of [...openStreams]) end();
    done();
  });

  defineRoute(app, table, {
    method: 'GET',
    url: `${API_PREFIX}/executions/:execution_id/events`,
    summary:
      'Server-Sent Events of an execution: step_started, step_finished, consolidated, done. A late subscriber gets the events so far first; Last-Event-ID resumes.',
    tag: 'runs',
    params: ExecutionParamsSchema,
    responses: {
      200: { description: 'event stream (ends after `done`)', contentType: 'text/event-stream' },
      404: { description: 'unknown execution', schema: ErrorResponseSchema },
    },
    handler: async ({ params, request, reply }) => {
      const live = context.runs.get(params.execution_id);
      if (!live && !(await context.reader.getExecution(params.execution_id))) throw notFound(`no execution ${params.execution_id}`);

      reply.hijack();
      const response = reply.raw;
      response.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      response.write(': reev execution events\n\n');

      let stopSource: () => void = () => undefined;
      const heartbeat = setInterval(() => response.write(': keep-alive\n\n'), HEARTBEAT_MS);
      heartbeat.unref();
      let ended = false;
      const end = (): void => {
        if (ended) return;
        ended = true;
        clearInterval(heartbeat);
        stopSource();
        openStreams.delete(end);
        response.end();
      };
      openStreams.add(end);
      // The response closes when the client goes away (or once it has ended).
      response.on('close', end);

      const afterId = lastEventId(request.headers['last-event-id']);
      const listener = (event: StreamEvent): void => {
        if (ended) return;
        writeEvent(response, event);
        if (event.type === 'done') end();
      };
      if (live) {
        stopSource = live.events.subscribe(listener, afterId);
      } else {
        const follower = followStoredExecution(context.reader, params.execution_id, listener, {
          intervalMs: context.settings.eventPollIntervalMs,
          afterId,
          onEnd: end,
          onError: (error) => {
            request.log.error({ err: error, executionId: params.execution_id }, 'event stream failed');
            response.write(`event: error\ndata: ${JSON.stringify(errorBody('internal_error', 'reading the execution failed; see the server log'))}\n\n`);
            end();
          },
        });
        stopSource = () => follower.stop();
      }
      if (ended) stopSource();
    },
  });
}
