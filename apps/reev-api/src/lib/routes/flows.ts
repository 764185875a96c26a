import { flowMetadata, toMermaid, type FlowInput } from '@reev/flow';
import type { ToolCallRecord } from '@reev/types';
import { notFound } from '../http/errors';
import { defineRoute } from '../http/route';
import { FlowQuerySchema, SessionParamsSchema } from '../request-schemas';
import { ErrorResponseSchema, FlowResponseSchema } from '../response-schemas';
import { FLOW_PAGE_CSP, flowPage } from '../views/flow-page';
import { toolCallSummary } from '../views/views';
import { API_PREFIX, type RouteContext } from './context';

interface FlowSource {
  source: 'consolidated' | 'session';
  /** The consolidated session, or the single session, the diagram is drawn from. */
  sessionId: string;
  executionId: string;
  input: FlowInput;
  toolCalls: ToolCallRecord[];
}

/**
 * A consolidated session by its id, or the newest of an execution by the execution's id (or by the flow id of its
 * plan, as execute-direct answers it in `result.flow_id`), else one session's log.
 */
async function findFlow(context: RouteContext, id: string): Promise<FlowSource | undefined> {
  const { reader } = context;
  const byFlowId = async () => {
    const executionId = await reader.findExecutionIdByFlowId(id);
    return executionId === undefined ? undefined : (await reader.getConsolidatedSessionsByExecution(executionId))[0];
  };
  const consolidated =
    (await reader.getConsolidatedSession(id)) ?? (await reader.getConsolidatedSessionsByExecution(id))[0] ?? (await byFlowId());
  if (consolidated) {
    return {
      source: 'consolidated',
      sessionId: consolidated.consolidatedSessionId,
      executionId: consolidated.executionId,
      input: consolidated.content,
      toolCalls: consolidated.content.steps.flatMap((step) => step.tool_calls),
    };
  }
  const log = await context.reader.getSessionLog(id);
  if (log) return { source: 'session', sessionId: id, executionId: log.execution_id, input: log, toolCalls: log.tool_calls };
  return undefined;
}

/** The diagram's metadata in the original's shape (integer milliseconds, session and benchmark ids), plus the flow id. */
async function diagramMetadata(context: RouteContext, flow: FlowSource) {
  const computed = flowMetadata(flow.input);
  const execution = await context.reader.getExecution(flow.executionId);
  const metadata = execution?.metadata;
  const planFlowId = typeof metadata === 'object' && metadata !== null && 'flow_id' in metadata ? metadata.flow_id : undefined;
  const flowId = typeof planFlowId === 'string' ? planFlowId : null;
  return {
    state_count: computed.state_count,
    tool_count: computed.tool_count,
    execution_time_ms: Math.round(computed.execution_time_ms),
    // A free request has no benchmark; its plan's id stands in, so the field stays a string as in the original.
    benchmark_id: computed.benchmark_id ?? execution?.benchmarkId ?? flowId ?? flow.executionId,
    session_id: flow.sessionId,
    flow_id: flowId,
  };
}

interface RenderedFlow {
  flow: FlowSource;
  diagram: string;
  metadata: Awaited<ReturnType<typeof diagramMetadata>>;
  /** The JSON answer, serialised and UTF-8 encoded once (set for cached, immutable flows). */
  json?: Buffer;
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
  const rendered: RenderedFlow = { flow, diagram: toMermaid(flow.input), metadata: await diagramMetadata(context, flow) };
  // Only a consolidated session asked for by its own id is immutable; an execution's newest one may change.
  const immutable = flow.source === 'consolidated' && (flow.input as { consolidated_session_id?: string }).consolidated_session_id === id;
  if (immutable) {
    rendered.json = Buffer.from(JSON.stringify(flowAnswer(id, rendered)));
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
    summary: 'Flow diagram (Mermaid stateDiagram) of a consolidated session, an execution (by id or by its flow id), or one session log',
    tag: 'flows',
    params: SessionParamsSchema,
    query: FlowQuerySchema,
    responses: {
      200: { description: 'the diagram as JSON (format=json) or a page rendering it (format=html)', schema: FlowResponseSchema },
      400: { description: 'invalid id or format', schema: ErrorResponseSchema },
      404: { description: 'no consolidated session, execution, flow or session with this id', schema: ErrorResponseSchema },
    },
    handler: async ({ params, query, reply }) => {
      const found = await renderedFlow(context, params.session_id, rendered);
      if (!found) throw notFound(`no consolidated session, execution, flow or session log with id ${params.session_id}`);
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
