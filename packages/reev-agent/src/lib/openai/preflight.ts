import { AgentConfigurationError, errorFields } from './errors';
import type { ModelRoute } from './model-route';

export interface ModelRouteCheck {
  /** The URL that answered. */
  endpoint: string;
  /** HTTP status of the answer (a server without a models list, 404, still counts as reachable). */
  status: number;
  /** Model ids the server listed, when it listed any. */
  models: string[];
}

export interface CheckModelRouteOptions {
  /** How long to wait for the endpoint (default 3000 ms). */
  timeoutMs?: number;
}

function listedModels(body: unknown): string[] {
  if (typeof body !== 'object' || body === null || !('data' in body) || !Array.isArray(body.data)) return [];
  return body.data.flatMap((entry: unknown) =>
    typeof entry === 'object' && entry !== null && 'id' in entry && typeof entry.id === 'string' ? [entry.id] : [],
  );
}

function causeText(error: unknown): string {
  const fields = errorFields(error);
  if (!fields) return String(error);
  const cause = errorFields(fields.cause);
  return cause ? `${fields.message}: ${cause.message}` : fields.message;
}

/**
 * Preflight before a run: GET {baseUrl}/models with a short timeout. Throws AgentConfigurationError naming the endpoint
 * when it cannot be reached or rejects the key, so the CLI can stop before the first benchmark instead of failing every
 * step. An abort through `signal` is rethrown as it came.
 */
export async function checkModelRoute(
  route: ModelRoute,
  signal: AbortSignal,
  options: CheckModelRouteOptions = {},
): Promise<ModelRouteCheck> {
  const timeoutMs = options.timeoutMs ?? 3000;
  const endpoint = `${route.baseUrl}/models`;
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (route.apiKey !== undefined) headers['Authorization'] = `Bearer ${route.apiKey}`;
  let status: number;
  let text: string;
  try {
    const response = await fetch(endpoint, { headers, signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]) });
    status = response.status;
    text = await response.text();
  } catch (error) {
    if (signal.aborted) throw error;
    const reason = errorFields(error)?.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : causeText(error);
    throw new AgentConfigurationError(`agent "${route.agentName}": model endpoint ${endpoint} is unreachable (${reason})`, {
      endpoint,
    });
  }
  if (status === 401 || status === 403) {
    throw new AgentConfigurationError(
      `agent "${route.agentName}": model endpoint ${endpoint} rejected the API key (HTTP ${status}); check ${route.apiKeyVariable}`,
      { endpoint, variable: route.apiKeyVariable },
    );
  }
  return { endpoint, status, models: status >= 200 && status < 300 ? listedModels(parseJson(text)) : [] };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
