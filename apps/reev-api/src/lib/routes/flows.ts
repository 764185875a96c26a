import { flowMetadata, toMermaid, type FlowInput } from '@reev/flow';
import type { ToolCallRecord } from '@reev/types';
import { notFound } from '../http/errors';
import { defineRoute } from '../http/route';
import { ErrorResponseSchema, FlowQuerySchema, FlowResponseSchema, SessionParamsSchema } from '../schemas';
import { FLOW_PAGE_CSP, flowPage } from '../views/flow-page';
import { toolCallSummary } from '../views/views';
import { API_PREFIX, type RouteContext } from './context';

interface FlowSource {
  source: 'consolidated' | 'session';
  executionId: string;
  input: FlowInput;
  toolCalls: ToolCallRecord[];
}

/** A consolidated session by its id, or the newest of an execution by the execution's id, else one session's log. */
async function findFlow(context: RouteContext, id: string): Promise<FlowSource | undefined> {
  const consolidated =
    (await context.reader.getConsolidatedSession(id)) ?? (await context.reader.getConsolidatedSessionsByExecution(id))[0];
  if (consolidated) {
    return {
      source: 'consolidated',
      executionId: consolidated.executionId,
      input: consolidated.content,
      toolCalls: consolidated.content.steps.flatMap((step) => step.tool_calls),
    };
  }
  const log = await context.reader.getSessionLog(id);
  if (log) return { source: 'session', executionId: log.execution_id, input: log, toolCalls: log.tool_calls };
  return undefined;
}

interface RenderedFlow {
  flow: FlowSource;
  diagram: string;
  metadata: ReturnType<typeof flowMetadata>;
  /** The JSON answer, serialised once (set for cached, immutable flows). */
  json?: string;
}

/** How many rendered consolidated flows a server keeps; a consolidated session never changes once stored. */
const RENDERED_FLOW_CACHE_SIZE = 512;

async function renderedFlow(context: RouteContext, id: string, cache: Map<string, RenderedFlow>): Promise<RenderedFlow | undefined> {
  const cached = cache.get(id);
  if (cached) {
    // Re-insert: the Map's order is the eviction order, least recently used first.
    cache.delete(id);
    cache.set(id, cached);
    return cached;
  }
  const flow = await findFlow(context, id);
  if (!flow) return undefined;
  const rendered: RenderedFlow = { flow, diagram: toMermaid(flow.input), metadata: flowMetadata(flow.input) };
  // Only a consolidated session asked for by its own id is immutable; an execution's newest one may change.
  const immutable = flow.source === 'consolidated' && (flow.input as { consolidated_session_id?: string }).consolidated_session_id === id;
  if (immutable) {
    rendered.json = JSON.stringify(flowAnswer(id, rendered));
    cache.set(id, rendered);
    if (cache.size > RENDERED_FLOW_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  }
  return rendered;
}

/** The JSON answer of GET /flows/{id}, in the original API's shape. */
function flowAnswer(sessionId: string, { flow, diagram, metadata }: RenderedFlow) {
  return {
    session_id: sessionId,
    source: flow.source,
    execution_id: flow.executionId,
    diagram,
    metadata,
    tool_calls: flow.toolCalls.map(toolCallSummary),
    // The original API's field, kept for its clients; the diagram replaces what it listed.
    sessions: [],
  };
}

export function registerFlowRoutes(context: RouteContext): void {
  const { app, table } = context;
  const rendered = new Map<string, RenderedFlow>();

  defineRoute(app, table, {
    method: 'GET',
    url: `${API_PREFIX}/flows/:session_id`,
    summary: 'Flow diagram (Mermaid stateDiagram) of a consolidated session, an execution, or one session log',
    tag: 'flows',
    params: SessionParamsSchema,
    query: FlowQuerySchema,
    responses: {
      200: { description: 'the diagram as JSON (format=json) or a page rendering it (format=html)', schema: FlowResponseSchema },
      400: { description: 'invalid id or format', schema: ErrorResponseSchema },
      404: { description: 'no consolidated session, execution or session with this id', schema: ErrorResponseSchema },
    },
    handler: async ({ params, query, reply }) => {
      const found = await renderedFlow(context, params.session_id, rendered);
      if (!found) throw notFound(`no consolidated session, execution or session log with id ${params.session_id}`);
      const { flow, diagram, metadata } = found;
      if (query.format === 'html') {
        return reply
          .type('text/html; charset=utf-8')
          .header('content-security-policy', FLOW_PAGE_CSP)
          .send(flowPage({ sessionId: params.session_id, executionId: flow.executionId, source: flow.source, diagram, metadata }));
      }
      if (found.json !== undefined) return reply.type('application/json; charset=utf-8').send(found.json);
      return flowAnswer(params.session_id, found);
    },
  });
}
