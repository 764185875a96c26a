export * from './solana-env';
export { LiteSvmEnv } from './litesvm-env';
export { FreshChainPool } from './chain-pool';
export {
  derivePlaceholderAddress,
  derivePlaceholderKeyPair,
  deriveKeyPairFromLabel,
  isBase58Address,
  KeyDerivationCache,
  placeholderKeyLabel,
} from './keys';
export { isAssociatedTokenAccountName, mintFromAccountName, USER_WALLET_PLACEHOLDER } from './placeholders';
export { MARKET_SOL_RESERVE_LAMPORTS, MARKET_USDC_RESERVE_BASE_UNITS } from './market';
export { SOLANA_ENV_FACTORY, registerLiteSvmEnv, type SolanaEnvFactory } from './registration';
