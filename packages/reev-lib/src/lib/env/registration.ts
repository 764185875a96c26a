import type { DependencyContainer, InjectionToken } from 'tsyringe';
import { FreshChainPool } from './chain-pool';
import { KeyDerivationCache } from './keys';
import { LiteSvmEnv } from './litesvm-env';
import type { LiteSvmEnvOptions, SolanaEnv } from './solana-env';

/** Makes a fresh environment; each concurrent run needs its own, because an environment holds one chain. */
export type SolanaEnvFactory = () => SolanaEnv;

export const SOLANA_ENV_FACTORY: InjectionToken<SolanaEnvFactory> = 'reev.lib.SolanaEnvFactory';

/**
 * Registers a factory of embedded LiteSVM environments sharing `options`, one key/address derivation cache and one
 * pool of fresh chains built ahead.
 */
export function registerLiteSvmEnv(container: DependencyContainer, options: LiteSvmEnvOptions = {}): void {
  const shared: LiteSvmEnvOptions = {
    ...options,
    derivations: options.derivations ?? new KeyDerivationCache(),
    chains: options.chains ?? new FreshChainPool(),
  };
  container.register(SOLANA_ENV_FACTORY, { useValue: () => new LiteSvmEnv(shared) });
}
