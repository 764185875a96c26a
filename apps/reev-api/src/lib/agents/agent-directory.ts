import { inject, injectable, type InjectionToken } from 'tsyringe';
import {
  AgentConfigurationError,
  checkModelRoute,
  isModelRouteName,
  OpenAiCompatibleAgent,
  resolveModelRoute,
  type Agent,
  type ModelRoute,
  type ModelRouteCheck,
  type ResponseCacheMode,
  type ResponseCacheSettings,
} from '@reev/agent';
import { DATABASE_WRITER, type DatabaseWriterPort } from '@reev/db';
import { AGENT_REGISTRY, databaseCacheSettings, type AgentRegistry } from '@reev/orchestrator';
import { ApiError } from '../http/errors';
import type { AgentConfig } from '../request-schemas';
import { API_SETTINGS, type ApiSettings } from '../settings';

/** Providers whose hosted APIs refuse requests without a key. */
const KEYED_PROVIDERS: ReadonlySet<ModelRoute['provider']> = new Set(['zai', 'zai-coding', 'openai']);

/** The server's agent registry (deterministic, the LLM routes, the composition's agents) with LLM agents on `cache`. */
export type AgentRegistryFactory = (cache: ResponseCacheSettings) => AgentRegistry;
export const AGENT_REGISTRY_FACTORY: InjectionToken<AgentRegistryFactory> = Symbol('reev.api.AgentRegistryFactory');

/** The preflight is bounded by checkModelRoute's own timeout; nothing else cancels it. */
const NOT_CANCELLED = new AbortController().signal;

/** What POST /agents/test answers: the original's ConnectionTestResult, with the URL asked and the models listed. */
export interface ConnectionTest {
  status: 'success' | 'error';
  message: string;
  endpoint: string | null;
  models: string[];
}

export interface MaskedAgentConfig {
  agent_type: string;
  api_url: string | null;
  api_key: string | null;
  model: string | null;
}

export interface AgentChoice {
  /** A config for this run (else the one saved for the agent, if any). */
  config?: AgentConfig | null | undefined;
  /** Record/replay of the LLM agent's answers in the server's database. */
  llmCache: ResponseCacheMode;
}

/** Shows only the last 4 characters; a key that short is hidden entirely. */
export function maskApiKey(key: string): string {
  return key.length > 4 ? `***${key.slice(-4)}` : '***';
}

/**
 * The agents the API can run: the registry's (deterministic, the LLM model routes configured by environment
 * variables, any registered by the composition). An LLM agent with a config (given with a run or saved through
 * the API, kept in memory only) talks to the config's endpoint with its key and model instead; the key is never
 * returned or logged in full. Each run's LLM agent is built for that run, on the response cache mode it asks for.
 */
@injectable()
export class AgentDirectory {
  private readonly configs = new Map<string, AgentConfig>();

  constructor(
    @inject(AGENT_REGISTRY) private readonly registry: AgentRegistry,
    @inject(AGENT_REGISTRY_FACTORY) private readonly registryWith: AgentRegistryFactory,
    @inject(DATABASE_WRITER) private readonly writer: DatabaseWriterPort,
    @inject(API_SETTINGS) private readonly settings: ApiSettings,
  ) {}

  /** Exact names, then the LLM name patterns (gpt-*, openai-compatible:<model>, …). */
  names(): string[] {
    return this.registry.names();
  }

  /** Saved under `agentName` (default: its agent_type), as the original did for a run's config. */
  saveConfig(config: AgentConfig, agentName: string = config.agent_type): void {
    this.configs.set(agentName, this.withSavedKey(config, agentName));
  }

  /**
   * The original web client shows a saved config as GET returns it (key masked) and sends it back as it is on
   * Save and Test Connection; a key equal to the saved key's mask means "the saved key".
   */
  private withSavedKey(config: AgentConfig, agentName: string = config.agent_type): AgentConfig {
    const saved = this.configs.get(agentName)?.api_key;
    return saved && config.api_key === maskApiKey(saved) ? { ...config, api_key: saved } : config;
  }

  maskedConfig(agentType: string): MaskedAgentConfig | undefined {
    const config = this.configs.get(agentType);
    if (!config) return undefined;
    return {
      agent_type: config.agent_type,
      api_url: config.api_url ?? null,
      api_key: config.api_key ? maskApiKey(config.api_key) : null,
      model: config.model ?? null,
    };
  }

  /**
   * The agent for `name`, ready to run: the config (or the one saved for `name`) points an LLM agent at its server.
   * Unless it replays, an LLM agent's endpoint is checked first (GET {baseUrl}/models), so a run that could only fail
   * is refused instead of started: 400 naming a missing variable, 502 naming an endpoint that does not answer or
   * rejects the key. Replay needs no key and touches no network.
   */
  async resolve(name: string, choice: AgentChoice): Promise<Agent> {
    const cache = databaseCacheSettings(choice.llmCache, this.writer);
    const config = this.configFor(name, choice.config);
    if (config !== undefined && (isModelRouteName(name) || !this.registry.has(name))) {
      const route = await this.route(name, config, choice.llmCache);
      if (choice.llmCache !== 'replay') await this.preflight(route, config.api_key ? 'config' : 'environment');
      return new OpenAiCompatibleAgent({ route, cache });
    }
    if (!this.registry.has(name) && !isModelRouteName(name)) throw unroutedAgent(name, this.names());
    const agent = this.registryWith(cache).create(name);
    if (agent instanceof OpenAiCompatibleAgent && choice.llmCache !== 'replay') {
      await this.preflight(resolveModelRoute(name, this.settings.environment), 'environment');
    }
    return agent;
  }

  /**
   * The config a run of `name` uses: the run's, else the saved one. `local` always goes through a config, so that
   * its model can come from the endpoint's models list when neither the config nor LOCAL_MODEL_NAME names one.
   */
  private configFor(name: string, given: AgentConfig | null | undefined): AgentConfig | undefined {
    const config = given ? this.withSavedKey(given, name) : this.configs.get(name);
    return config ?? (name === 'local' ? { agent_type: name } : undefined);
  }

  /**
   * POST /agents/test: asks the endpoint the agent would use (GET {api_url}/models) and reports what it answered.
   * Fields of `config` override the saved config, which overrides the environment.
   */
  async test(config: AgentConfig): Promise<ConnectionTest> {
    const name = config.agent_type;
    if (!isModelRouteName(name) && this.registry.has(name)) {
      return { status: 'success', message: `agent "${name}" runs in this process and needs no model endpoint`, endpoint: null, models: [] };
    }
    const saved = this.configs.get(name);
    const merged = this.withSavedKey({ ...saved, ...definedFields(config), agent_type: name }, name);
    let route: ModelRoute;
    try {
      route = await this.route(name, merged, 'off', { discoverModel: false });
    } catch (error) {
      if (error instanceof AgentConfigurationError || error instanceof ApiError) {
        return { status: 'error', message: error.message, endpoint: null, models: [] };
      }
      throw error;
    }
    try {
      const check = await checkModelRoute(route, NOT_CANCELLED);
      const listed = check.models.length > 0 ? `; models: ${check.models.slice(0, 10).join(', ')}${check.models.length > 10 ? ', …' : ''}` : '';
      const answer = check.status >= 200 && check.status < 300 ? `answered HTTP ${check.status}` : `is reachable (HTTP ${check.status}, no models list)`;
      return { status: 'success', message: `${check.endpoint} ${answer}${listed}`, endpoint: check.endpoint, models: check.models };
    } catch (error) {
      if (!(error instanceof AgentConfigurationError)) throw error;
      return { status: 'error', message: error.message, endpoint: error.endpoint ?? `${route.baseUrl}/models`, models: [] };
    }
  }

  private async route(
    name: string,
    config: AgentConfig,
    llmCache: ResponseCacheMode,
    options: { discoverModel: boolean } = { discoverModel: true },
  ): Promise<ModelRoute> {
    if (!isModelRouteName(name)) return unlistedRoute(name, config, this.names());
    const url = config.api_url ?? undefined;
    // Each route reads its own URL variable; the config's URL stands in for whichever that is.
    const environment: Record<string, string | undefined> = {
      ...this.settings.environment,
      ...(url !== undefined ? { LOCAL_MODEL_URL: url, OPENAI_BASE_URL: url, REEV_OPENAI_COMPATIBLE_URL: url } : {}),
      ...(config.model ? { LOCAL_MODEL_NAME: config.model } : {}),
    };
    if (name === 'local' && !environment['LOCAL_MODEL_NAME']?.trim() && llmCache !== 'replay') {
      // The original's Local tab has no model field: ask the server which model it serves (LM Studio lists the loaded one).
      environment['LOCAL_MODEL_NAME'] = options.discoverModel ? await this.servedModel(name, environment, config) : 'listed-by-server';
    }
    const route = resolveModelRoute(name, environment, { requireApiKey: false });
    const apiKey = config.api_key ?? route.apiKey;
    if (apiKey === undefined && KEYED_PROVIDERS.has(route.provider) && llmCache !== 'replay') {
      throw new AgentConfigurationError(
        `agent "${name}" needs an API key: set ${route.apiKeyVariable} or save one with POST /api/v1/agents/config`,
        { variable: route.apiKeyVariable },
      );
    }
    return {
      ...route,
      ...(url !== undefined ? { baseUrl: url.replace(/\/+$/, '') } : {}),
      ...(apiKey !== undefined ? { apiKey } : {}),
    };
  }

  /** The first model the local server lists; a clear error naming what to configure when it lists none. */
  private async servedModel(name: string, environment: Record<string, string | undefined>, config: AgentConfig): Promise<string> {
    const route = resolveModelRoute(name, { ...environment, LOCAL_MODEL_NAME: 'unknown' }, { requireApiKey: false });
    const apiKey = config.api_key ?? route.apiKey;
    const keyed: ModelRoute = { ...route, ...(apiKey !== undefined ? { apiKey } : {}) };
    const { models, endpoint } = await this.preflight(keyed, config.api_key ? 'config' : 'environment');
    const [first] = models;
    if (first === undefined) {
      throw new AgentConfigurationError(
        `agent "${name}" has no model: ${endpoint} lists none; save one with POST /api/v1/agents/config {"agent_type":"${name}","model":…} or set LOCAL_MODEL_NAME`,
        { variable: 'LOCAL_MODEL_NAME' },
      );
    }
    return first;
  }

  private async preflight(route: ModelRoute, keyFrom: 'config' | 'environment'): Promise<ModelRouteCheck> {
    try {
      return await checkModelRoute(route, NOT_CANCELLED);
    } catch (error) {
      if (!(error instanceof AgentConfigurationError) || error.endpoint === undefined) throw error;
      const endpoint = error.endpoint;
      // checkModelRoute names the key's variable exactly when the endpoint answered 401/403.
      if (error.variable === undefined) throw new ApiError(502, 'model_unreachable', error.message, { endpoint });
      if (keyFrom === 'environment') {
        throw new ApiError(502, 'model_key_rejected', error.message, { endpoint, variable: error.variable });
      }
      throw new ApiError(
        502,
        'model_key_rejected',
        `agent "${route.agentName}": model endpoint ${endpoint} rejected the API key of the agent's config; check config.api_key`,
        { endpoint, field: 'config.api_key' },
      );
    }
  }
}

/** The config's fields that are set, so they override a saved config without erasing what they leave out. */
function definedFields(config: AgentConfig): Partial<AgentConfig> {
  return Object.fromEntries(Object.entries(config).filter(([, value]) => value !== undefined && value !== null));
}

const UNROUTED_HINT =
  'save its OpenAI-compatible endpoint with POST /api/v1/agents/config {"agent_type", "api_url", "api_key", "model"?} ' +
  '(Gemini: api_url https://generativelanguage.googleapis.com/v1beta/openai)';

/** An agent name with no route of its own (e.g. a Gemini model the original web client lists). */
function unroutedAgent(name: string, known: string[]): ApiError {
  return new ApiError(400, 'unknown_agent', `unknown agent "${name}": it has no built-in route; ${UNROUTED_HINT}, or use one of ${known.join(', ')}`, {
    field: 'config.api_url',
  });
}

/** An unlisted agent name with a saved endpoint: an OpenAI-compatible server asked for the config's model (else the name). */
function unlistedRoute(name: string, config: AgentConfig, known: string[]): ModelRoute {
  if (!config.api_url) throw unroutedAgent(name, known);
  return {
    agentName: name,
    provider: 'openai-compatible',
    model: config.model ?? name,
    baseUrl: config.api_url.replace(/\/+$/, ''),
    ...(config.api_key ? { apiKey: config.api_key } : {}),
    apiKeyVariable: 'config.api_key',
    outputTokenLimitParameter: 'max_tokens',
  };
}
