import { DeterministicAgent, type Agent } from '@reev/agent';

export type AgentFactory = (name: string) => Agent;

export class UnknownAgentError extends Error {
  constructor(name: string, known: string[]) {
    super(`unknown agent "${name}" (known agents: ${known.join(', ')})`);
    this.name = 'UnknownAgentError';
  }
}

/** Agents by name. Exact names win over prefixes such as `openai-compatible:`. */
export class AgentRegistry {
  private readonly exact = new Map<string, AgentFactory>();
  private readonly prefixes = new Map<string, AgentFactory>();

  register(name: string, factory: AgentFactory): this {
    this.exact.set(name, factory);
    return this;
  }

  registerPrefix(prefix: string, factory: AgentFactory): this {
    this.prefixes.set(prefix, factory);
    return this;
  }

  names(): string[] {
    return [...this.exact.keys(), ...[...this.prefixes.keys()].map((prefix) => `${prefix}<model>`)];
  }

  has(name: string): boolean {
    return this.exact.has(name) || [...this.prefixes.keys()].some((prefix) => name.startsWith(prefix));
  }

  create(name: string): Agent {
    const factory =
      this.exact.get(name) ?? [...this.prefixes.entries()].find(([prefix]) => name.startsWith(prefix))?.[1];
    if (!factory) throw new UnknownAgentError(name, this.names());
    return factory(name);
  }
}

export function createDefaultAgentRegistry(): AgentRegistry {
  return new AgentRegistry().register('deterministic', () => new DeterministicAgent());
}
