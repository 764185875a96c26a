import type { InjectionToken } from 'tsyringe';
import type { SolanaEnv } from '@reev/lib';
import type { AgentRegistry } from './agents/agent-registry';
import type { Planner } from './dynamic/planner';

export type EnvFactory = () => SolanaEnv;

export const AGENT_REGISTRY: InjectionToken<AgentRegistry> = Symbol('reev.AgentRegistry');
export const ENV_FACTORY: InjectionToken<EnvFactory> = Symbol('reev.EnvFactory');
export const PLANNER: InjectionToken<Planner> = Symbol('reev.Planner');
