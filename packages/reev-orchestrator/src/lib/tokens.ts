import type { InjectionToken } from 'tsyringe';
import type { SolanaEnvFactory } from '@reev/lib';
import type { AgentRegistry } from './agents/agent-registry';
import type { Planner } from './dynamic/planner';

/** Makes the environment one run acts on (registered under @reev/lib's SOLANA_ENV_FACTORY). */
export type EnvFactory = SolanaEnvFactory;

export const AGENT_REGISTRY: InjectionToken<AgentRegistry> = Symbol('reev.AgentRegistry');
export const PLANNER: InjectionToken<Planner> = Symbol('reev.Planner');
