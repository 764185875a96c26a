import { inject, injectable } from 'tsyringe';
import {
  AgentConfigurationError,
  isModelRouteName,
  OpenAiCompatibleAgent,
  resolveModelRoute,
  type Agent,
  type ModelRoute,
} from '@reev/agent';
import { AGENT_REGISTRY, type AgentRegistry } from '@reev/orchestrator';
import type { AgentConfig } from '../schemas';
import { API_SETTINGS, type ApiSettings } from '../settings';

/** Providers whose hosted APIs refuse requests without a key. */
const KEYED_PROVIDERS: ReadonlySet<ModelRoute['provider']> = new Set(['zai', 'zai-coding', 'openai']);

export interface MaskedAgentConfig {
  agent_type: string;
  api_url: string | null;
  api_key: string | null;
  model: string | null;
}

/** Shows only the last 4 characters; a key that short is hidden entirely. */
export function maskApiKey(key: string): string {
  return key.length > 4 ? `***${key.slice(-4)}` : '***';
}

/**
 * The agents the API can run: the registry's (deterministic, the LLM model routes configured by environment
 * variables, any registered by the composition). An LLM agent with a config (given with a run or saved through
 * the API, kept in memory only) talks to the config's endpoint with its key and model instead; the key is never
 * returned or logged in full.
 */
@injectable()
export class AgentDirectory {
  private readonly configs = new Map<string, AgentConfig>();

  constructor(
    @inject(AGENT_REGISTRY) private readonly registry: AgentRegistry,
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

  /** The agent for `name`; `config` (or the one saved for `name`) points an LLM agent at its server. */
  resolve(name: string, config?: AgentConfig | null): Agent {
    const effective = config ?? this.configs.get(name);
    if (effective === undefined || !isModelRouteName(name)) return this.registry.create(name);
    return new OpenAiCompatibleAgent({ route: this.route(name, effective) });
  }

  private route(name: string, config: AgentConfig): ModelRoute {
    const url = config.api_url ?? undefined;
    // Each route reads its own URL variable; the config's URL stands in for whichever that is.
    const environment = {
      ...this.settings.environment,
      ...(url !== undefined ? { LOCAL_MODEL_URL: url, OPENAI_BASE_URL: url, REEV_OPENAI_COMPATIBLE_URL: url } : {}),
      ...(config.model ? { LOCAL_MODEL_NAME: config.model } : {}),
    };
    const route = resolveModelRoute(name, environment, { requireApiKey: false });
    const apiKey = config.api_key ?? route.apiKey;
    if (apiKey === undefined && KEYED_PROVIDERS.has(route.provider)) {
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
}
