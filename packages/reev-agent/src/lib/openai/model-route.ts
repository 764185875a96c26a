import { AgentConfigurationError } from './errors';

export type ModelProvider = 'zai' | 'zai-coding' | 'local' | 'openai' | 'openai-compatible';

/** Where an LLM agent name sends its requests, and with which model and key. */
export interface ModelRoute {
  /** The agent name the route was resolved from, e.g. `glm-4.6` or `openai-compatible:qwen3-8b`. */
  agentName: string;
  provider: ModelProvider;
  /** The model id sent in each request. */
  model: string;
  /** Base URL of the OpenAI-compatible API, without a trailing slash (requests go to `{baseUrl}/chat/completions`). */
  baseUrl: string;
  /** Absent for keyless local servers (and when resolving for replay without credentials). */
  apiKey?: string;
  /** The environment variable the key comes from, named in error messages. */
  apiKeyVariable: string;
  /** OpenAI's current models reject `max_tokens`; ZAI and local servers expect it. */
  outputTokenLimitParameter: 'max_tokens' | 'max_completion_tokens';
}

export interface ResolveModelRouteOptions {
  /**
   * When false, a missing API key is not an error (the route then has no key). Replay never touches the network,
   * so a CI job replaying recorded responses needs no secrets.
   */
  requireApiKey?: boolean;
}

export type ModelRouteEnvironment = Readonly<Record<string, string | undefined>>;

const ZAI_GENERAL_URL = 'https://api.z.ai/api/paas/v4';
const ZAI_CODING_URL = 'https://api.z.ai/api/coding/paas/v4';
const OPENAI_DEFAULT_URL = 'https://api.openai.com/v1';
const OPENAI_COMPATIBLE_PREFIX = 'openai-compatible:';

/** The agent names `resolveModelRoute` understands, in words (for error messages and `--help`). */
export const MODEL_ROUTE_NAMES = ['glm-4.6', 'glm-4.6-coding', 'local', 'gpt-*', 'o1*', 'o3*', 'o4*', 'openai-compatible:<model>'] as const;

function isOpenAiModelName(name: string): boolean {
  return /^(gpt-.+|o1.*|o3.*|o4.*)$/.test(name);
}

/** True when `name` is an LLM agent name that `resolveModelRoute` routes (it may still lack its variables). */
export function isModelRouteName(name: string): boolean {
  return (
    name === 'glm-4.6' ||
    name === 'glm-4.6-coding' ||
    name === 'local' ||
    isOpenAiModelName(name) ||
    name.startsWith(OPENAI_COMPATIBLE_PREFIX)
  );
}

function variable(env: ModelRouteEnvironment, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function requiredVariable(env: ModelRouteEnvironment, name: string, agentName: string, purpose: string): string {
  const value = variable(env, name);
  if (value === undefined) {
    throw new AgentConfigurationError(`agent "${agentName}" needs ${name} (${purpose}), which is not set`, { variable: name });
  }
  return value;
}

function baseUrlOf(raw: string, variableName: string, agentName: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AgentConfigurationError(`agent "${agentName}": ${variableName}="${raw}" is not a URL`, { variable: variableName });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new AgentConfigurationError(`agent "${agentName}": ${variableName}="${raw}" must be an http:// or https:// URL`, {
      variable: variableName,
    });
  }
  return raw.replace(/\/+$/, '');
}

/**
 * Resolves an agent name to its endpoint, model and key from environment variables. Throws AgentConfigurationError
 * naming the variable that is missing.
 */
export function resolveModelRoute(
  name: string,
  env: ModelRouteEnvironment = process.env,
  options: ResolveModelRouteOptions = {},
): ModelRoute {
  const requireApiKey = options.requireApiKey ?? true;
  const key = (keyVariable: string): { apiKey?: string } => {
    const apiKey = requireApiKey
      ? requiredVariable(env, keyVariable, name, 'the API key')
      : variable(env, keyVariable);
    return apiKey === undefined ? {} : { apiKey };
  };
  const optionalKey = (keyVariable: string): { apiKey?: string } => {
    const apiKey = variable(env, keyVariable);
    return apiKey === undefined ? {} : { apiKey };
  };

  if (name === 'glm-4.6' || name === 'glm-4.6-coding') {
    const coding = name === 'glm-4.6-coding';
    return {
      agentName: name,
      provider: coding ? 'zai-coding' : 'zai',
      model: 'glm-4.6',
      baseUrl: coding ? ZAI_CODING_URL : ZAI_GENERAL_URL,
      ...key('ZAI_API_KEY'),
      apiKeyVariable: 'ZAI_API_KEY',
      outputTokenLimitParameter: 'max_tokens',
    };
  }
  if (name === 'local') {
    const url = requiredVariable(env, 'LOCAL_MODEL_URL', name, 'the base URL of the local server, e.g. http://127.0.0.1:1234/v1');
    return {
      agentName: name,
      provider: 'local',
      model: requiredVariable(env, 'LOCAL_MODEL_NAME', name, 'the model id the local server serves'),
      baseUrl: baseUrlOf(url, 'LOCAL_MODEL_URL', name),
      ...optionalKey('LOCAL_MODEL_API_KEY'),
      apiKeyVariable: 'LOCAL_MODEL_API_KEY',
      outputTokenLimitParameter: 'max_tokens',
    };
  }
  if (isOpenAiModelName(name)) {
    const url = variable(env, 'OPENAI_BASE_URL');
    return {
      agentName: name,
      provider: 'openai',
      model: name,
      baseUrl: url === undefined ? OPENAI_DEFAULT_URL : baseUrlOf(url, 'OPENAI_BASE_URL', name),
      ...key('OPENAI_API_KEY'),
      apiKeyVariable: 'OPENAI_API_KEY',
      outputTokenLimitParameter: 'max_completion_tokens',
    };
  }
  if (name.startsWith(OPENAI_COMPATIBLE_PREFIX)) {
    const model = name.slice(OPENAI_COMPATIBLE_PREFIX.length).trim();
    if (model === '') {
      throw new AgentConfigurationError(`agent "${name}" names no model: write ${OPENAI_COMPATIBLE_PREFIX}<model>`);
    }
    const url = requiredVariable(env, 'REEV_OPENAI_COMPATIBLE_URL', name, 'the base URL of the OpenAI-compatible server');
    return {
      agentName: name,
      provider: 'openai-compatible',
      model,
      baseUrl: baseUrlOf(url, 'REEV_OPENAI_COMPATIBLE_URL', name),
      ...optionalKey('REEV_OPENAI_COMPATIBLE_KEY'),
      apiKeyVariable: 'REEV_OPENAI_COMPATIBLE_KEY',
      outputTokenLimitParameter: 'max_tokens',
    };
  }
  throw new AgentConfigurationError(`"${name}" is not an LLM agent name (known: ${MODEL_ROUTE_NAMES.join(', ')})`);
}
