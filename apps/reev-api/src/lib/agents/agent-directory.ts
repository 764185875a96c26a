import { inject, injectable, type InjectionToken } from 'tsyringe';
import {
  AgentConfigurationError,
  checkModelRoute,
  isModelRouteName,
  OpenAiCompatibleAgent,
  resolveModelRoute,
  type Agent,
  type ModelRoute,
  type ResponseCacheMode,
  type ResponseCacheSettings,
} from '@reev/agent';
import { DATABASE_WRITER, type DatabaseWriterPort } from '@reev/db';
import { AGENT_REGISTRY, databaseCacheSettings, type AgentRegistry } from '@reev/orchestrator';
import { ApiError } from '../http/errors';
import type { AgentConfig } from '../schemas';
import { API_SETTINGS, type ApiSettings } from '../settings';

/** Providers whose hosted APIs refuse requests without a key. */
const KEYED_PROVIDERS: ReadonlySet<ModelRoute['provider']> = new Set(['zai', 'zai-coding', 'openai']);

/** The server's agent registry (deterministic, the LLM routes, the composition's agents) with LLM agents on `cache`. */
export type AgentRegistryFactory = (cache: ResponseCacheSettings) => AgentRegistry;
export const AGENT_REGISTRY_FACTORY: InjectionToken<AgentRegistryFactory> = Symbol('reev.api.AgentRegistryFactory');

/** The preflight is bounded by checkModelRoute's own timeout; nothing else cancels it. */
const NOT_CANCELLED = new AbortController().signal;

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
    this.configs.set(agentName, config);
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
    const config = choice.config ?? this.configs.get(name);
    if (config !== undefined && isModelRouteName(name)) {
      const route = this.route(name, config, choice.llmCache);
      if (choice.llmCache !== 'replay') await this.preflight(route, config.api_key ? 'config' : 'environment');
      return new OpenAiCompatibleAgent({ route, cache });
    }
    const agent = this.registryWith(cache).create(name);
    if (agent instanceof OpenAiCompatibleAgent && choice.llmCache !== 'replay') {
      await this.preflight(resolveModelRoute(name, this.settings.environment), 'environment');
    }
    return agent;
  }

  private route(name: string, config: AgentConfig, llmCache: ResponseCacheMode): ModelRoute {
    const url = config.api_url ?? undefined;
    // Each route reads its own URL variable; the config's URL stands in for whichever that is.
    const environment = {
      ...this.settings.environment,
      ...(url !== undefined ? { LOCAL_MODEL_URL: url, OPENAI_BASE_URL: url, REEV_OPENAI_COMPATIBLE_URL: url } : {}),
      ...(config.model ? { LOCAL_MODEL_NAME: config.model } : {}),
    };
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

  private async preflight(route: ModelRoute, keyFrom: 'config' | 'environment'): Promise<void> {
    try {
      await checkModelRoute(route, NOT_CANCELLED);
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
