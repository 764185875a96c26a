import { inject, injectable } from 'tsyringe';
import type { Agent } from '@reev/agent';
import { DATABASE_WRITER, type DatabaseWriterPort } from '@reev/db';
import type { LoadedBenchmark } from '@reev/lib';
import type { ToolRegistry } from '@reev/tools';
import { AgentRegistry } from './agents/agent-registry';
import { BenchmarkExecutor, type BenchmarkRunOptions, type BenchmarkRunResult } from './benchmark/benchmark-executor';
import { AGENT_REGISTRY, ENV_FACTORY, TOOL_REGISTRY, type EnvFactory } from './tokens';

/** The one entry point for running anything: benchmarks (static or dynamic) and free requests. */
@injectable()
export class OrchestratorGateway {
  private readonly benchmarks: BenchmarkExecutor;

  constructor(
    @inject(DATABASE_WRITER) private readonly writer: DatabaseWriterPort,
    @inject(TOOL_REGISTRY) private readonly tools: ToolRegistry,
    @inject(ENV_FACTORY) private readonly createEnv: EnvFactory,
    @inject(AGENT_REGISTRY) private readonly agents: AgentRegistry,
  ) {
    this.benchmarks = new BenchmarkExecutor({ writer, tools, createEnv });
  }

  agentNames(): string[] {
    return this.agents.names();
  }

  resolveAgent(agent: Agent | string): Agent {
    return typeof agent === 'string' ? this.agents.create(agent) : agent;
  }

  async executeBenchmark(
    benchmark: LoadedBenchmark,
    agent: Agent | string,
    options: BenchmarkRunOptions = {},
  ): Promise<BenchmarkRunResult> {
    return this.benchmarks.run(benchmark, this.resolveAgent(agent), options);
  }
}
