import {
  createOpenAiCompatibleAgent,
  DeterministicAgent,
  isModelRouteName,
  MODEL_ROUTE_NAMES,
  type Agent,
  type CreateOpenAiCompatibleAgentOptions,
} from '@reev/agent';

export type AgentFactory = (name: string) => Agent;

export class UnknownAgentError extends Error {
  constructor(name: string, known: string[]) {
    super(`unknown agent "${name}" (known agents: ${known.join(', ')})`);
    this.name = 'UnknownAgentError';
  }
}

interface AgentFamily {
  /** How the family's names look, for messages: e.g. `gpt-*`. */
  labels: readonly string[];
  matches(name: string): boolean;
  create: AgentFactory;
}

/** Agents by name: exact names first, then families of names (LLM model routes). */
export class AgentRegistry {
  private readonly exact = new Map<string, AgentFactory>();
  private readonly families: AgentFamily[] = [];

  register(name: string, factory: AgentFactory): this {
    this.exact.set(name, factory);
    return this;
  }

  registerFamily(family: AgentFamily): this {
    this.families.push(family);
    return this;
  }

  names(): string[] {
    return [...this.exact.keys(), ...this.families.flatMap((family) => family.labels)];
  }

  has(name: string): boolean {
    return this.exact.has(name) || this.families.some((family) => family.matches(name));
  }

  create(name: string): Agent {
    const factory = this.exact.get(name) ?? this.families.find((family) => family.matches(name))?.create;
    if (!factory) throw new UnknownAgentError(name, this.names());
    return factory(name);
  }
}

export interface DefaultAgentOptions {
  /** Options for every LLM agent (record/replay cache, sampling, prices, environment variables). */
  llm?: CreateOpenAiCompatibleAgentOptions;
}

/** `deterministic` plus the LLM model routes of docs/agents.md (glm-4.6, local, gpt-*, openai-compatible:<model>, …). */
export function createDefaultAgentRegistry(options: DefaultAgentOptions = {}): AgentRegistry {
  return new AgentRegistry().register('deterministic', () => new DeterministicAgent()).registerFamily({
    labels: MODEL_ROUTE_NAMES,
    matches: isModelRouteName,
    create: (name) => createOpenAiCompatibleAgent(name, options.llm ?? {}),
  });
}
