import { defineRoute } from '../http/route';
import { openApiDocument } from '../http/openapi';
import { ErrorResponseSchema, HealthResponseSchema } from '../response-schemas';
import { API_PREFIX, type RouteContext } from './context';

export function registerSystemRoutes(context: RouteContext): void {
  const { app, table } = context;

  defineRoute(app, table, {
    method: 'GET',
    url: `${API_PREFIX}/health`,
    summary: "Service health: the database's real state (write probe, free space, integrity, lock waits); runs in progress",
    tag: 'system',
    responses: {
      200: { description: 'healthy or degraded (writes succeed; reasons say what needs attention)', schema: HealthResponseSchema },
      503: { description: 'unhealthy: writes cannot succeed (damaged file, full disk, read-only, …)', schema: HealthResponseSchema },
    },
    handler: async ({ reply }) => {
      const report = await context.health.check();
      return reply.status(report.status === 'unhealthy' ? 503 : 200).send({
        status: report.status,
        timestamp: new Date().toISOString(),
        version: context.version,
        database: report.reasons.length === 0 ? 'ok' : report.reasons.join('; '),
        reasons: report.reasons,
        checks: {
          write: report.write
            ? { ok: report.write.ok, at: report.write.at, latency_ms: report.write.latencyMs, error: report.write.error ?? null }
            : null,
          free_bytes: report.freeBytes ?? null,
          integrity: report.integrity.state,
          lock_wait_ms: report.lockWaitMs,
        },
        runs: context.runs.counts(),
      });
    },
  });

  defineRoute(app, table, {
    method: 'GET',
    url: `${API_PREFIX}/openapi.json`,
    summary: 'This OpenAPI document, generated from the schemas that validate the requests',
    tag: 'system',
    responses: { 200: { description: 'OpenAPI 3.1 document' }, 500: { description: 'error', schema: ErrorResponseSchema } },
    handler: () => openApiDocument(table, context.version, context.settings.apiToken !== undefined),
  });
}
