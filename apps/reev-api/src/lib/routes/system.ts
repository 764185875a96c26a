import { defineRoute } from '../http/route';
import { openApiDocument } from '../http/openapi';
import { ErrorResponseSchema, HealthResponseSchema } from '../schemas';
import { API_PREFIX, type RouteContext } from './context';

export function registerSystemRoutes(context: RouteContext): void {
  const { app, table } = context;

  defineRoute(app, table, {
    method: 'GET',
    url: `${API_PREFIX}/health`,
    summary: 'Service health: the database is readable; runs in progress',
    tag: 'system',
    responses: {
      200: { description: 'healthy', schema: HealthResponseSchema },
      503: { description: 'the database cannot be read', schema: HealthResponseSchema },
    },
    handler: async ({ reply }) => {
      let database = 'ok';
      try {
        await context.reader.listExecutions({ limit: 1 });
      } catch (error) {
        database = error instanceof Error ? error.message : String(error);
      }
      const healthy = database === 'ok';
      return reply.status(healthy ? 200 : 503).send({
        status: healthy ? 'healthy' : 'unhealthy',
        timestamp: new Date().toISOString(),
        version: context.version,
        database,
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
