/**
 * A model route cannot be used as configured: a missing environment variable, an unknown agent name, or an
 * endpoint that does not answer. The CLI reports it and exits with code 2 before any run starts.
 */
export class AgentConfigurationError extends Error {
  /** The environment variable that is missing or wrong, when one is to blame. */
  readonly variable?: string;
  /** The endpoint that failed the preflight, when one is to blame. */
  readonly endpoint?: string;

  constructor(message: string, details: { variable?: string; endpoint?: string } = {}) {
    super(message);
    this.name = 'AgentConfigurationError';
    if (details.variable !== undefined) this.variable = details.variable;
    if (details.endpoint !== undefined) this.endpoint = details.endpoint;
  }
}

/**
 * Name and message of an error-like value. Duck-typed, because errors from fetch may come from another realm (Jest's
 * VM context) where `instanceof Error` is false.
 */
export function errorFields(value: unknown): { name: string; message: string; cause?: unknown } | undefined {
  if (typeof value !== 'object' || value === null || !('message' in value) || typeof value.message !== 'string') return undefined;
  return {
    name: 'name' in value && typeof value.name === 'string' ? value.name : 'Error',
    message: value.message,
    ...('cause' in value ? { cause: value.cause } : {}),
  };
}
