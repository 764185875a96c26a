import type { SolanaEnv } from '@reev/lib';
import { SOL, WSOL_MINT, type KnownToken, type Observation, type TokenBalance, type WalletContext } from '@reev/types';

const SOL_DECIMALS = SOL.decimals;

export class WalletContextError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WalletContextError';
  }
}

/** The wallet's balances by mint (SOL under WSOL_MINT, in lamports), read from chain. */
export interface WalletBalances {
  owner: string;
  /** mint → base units, summed over the owner's token accounts; WSOL_MINT → lamports. */
  byMint: Map<string, number>;
  /** mint → the token account holding it (the first found). */
  accounts: Map<string, string>;
}

export function walletBalancesOf(owner: string, observation: Observation): WalletBalances {
  const byMint = new Map<string, number>([[WSOL_MINT, observation.solBalances[owner] ?? 0]]);
  const accounts = new Map<string, string>();
  for (const [address, account] of Object.entries(observation.tokenAccounts)) {
    if (account.owner !== owner) continue;
    byMint.set(account.mint, (byMint.get(account.mint) ?? 0) + account.amount);
    if (!accounts.has(account.mint)) accounts.set(account.mint, address);
  }
  return { owner, byMint, accounts };
}

/**
 * Resolves a wallet's context from the environment: its real SOL and token balances and the environment's
 * prices. Cached per instance; create one resolver per execution.
 */
export class ContextResolver {
  private readonly cache = new Map<string, Promise<WalletContext>>();

  constructor(
    private readonly env: SolanaEnv,
    private readonly priceUsd: (mint: string) => number | undefined,
  ) {}

  resolveWalletContext(wallet: string): Promise<WalletContext> {
    let context = this.cache.get(wallet);
    if (!context) {
      context = this.load(wallet);
      this.cache.set(wallet, context);
      context.catch(() => this.cache.delete(wallet));
    }
    return context;
  }

  /** Uncached balances, for verifying a step's effect on chain. */
  async balances(wallet: string): Promise<WalletBalances> {
    return walletBalancesOf(wallet, await this.env.observe([wallet]));
  }

  /**
   * Base units of `mint` (WSOL_MINT: lamports) that `holder` owns: a wallet's SOL or its token accounts of the
   * mint (its associated account included even when unknown to the environment), or, when `holder` is
   * itself a token account of the mint, that account's balance. Missing accounts count as 0.
   */
  async holding(holder: string, mint: string): Promise<number> {
    if (mint === WSOL_MINT) return (await this.env.observe([holder])).solBalances[holder] ?? 0;
    const associated = await this.env.resolveAddress({ type: 'AssociatedTokenAccount', owner: holder, mint });
    const observation = await this.env.observe([holder, associated]);
    const direct = observation.tokenAccounts[holder];
    if (direct !== undefined) return direct.mint === mint ? direct.amount : 0;
    return Object.values(observation.tokenAccounts)
      .filter((account) => account.owner === holder && account.mint === mint)
      .reduce((sum, account) => sum + account.amount, 0);
  }

  private async load(wallet: string): Promise<WalletContext> {
    const agentContext = await this.env.agentContext();
    const owner = agentContext.keyMap[wallet] ?? wallet;
    if (!/^[1-9A-HJ-NP-Za-km-z]{32,44}$/.test(owner)) {
      throw new WalletContextError(`unknown wallet "${wallet}": not a base58 address and not a placeholder of this environment`);
    }
    const balances = await this.balances(owner);
    const tokensByMint = new Map<string, KnownToken>(agentContext.tokens.map((token) => [token.mint, token]));
    const lamports = balances.byMint.get(WSOL_MINT) ?? 0;
    const tokenBalances: Record<string, TokenBalance> = {};
    const prices: Record<string, number> = {};
    let totalValueUsd = 0;

    const solPrice = this.priceUsd(WSOL_MINT);
    if (solPrice !== undefined) {
      prices[WSOL_MINT] = solPrice;
      totalValueUsd += (lamports / 10 ** SOL_DECIMALS) * solPrice;
    }
    for (const [mint, amount] of balances.byMint) {
      if (mint === WSOL_MINT) continue;
      const token = tokensByMint.get(mint);
      const decimals = token?.decimals ?? 0;
      const account = balances.accounts.get(mint);
      tokenBalances[mint] = {
        balance: amount,
        decimals,
        ...(token ? { symbol: token.symbol } : {}),
        ...(account ? { account } : {}),
      };
      const price = this.priceUsd(mint);
      if (price !== undefined) {
        prices[mint] = price;
        totalValueUsd += (amount / 10 ** decimals) * price;
      }
    }
    const holdsTokens = Object.values(tokenBalances).some((balance) => balance.balance > 0);
    if (lamports === 0 && !holdsTokens) {
      throw new WalletContextError(`wallet ${owner} is empty in this environment (no SOL and no tokens)`);
    }
    return { owner, sol_balance: lamports, token_balances: tokenBalances, token_prices: prices, total_value_usd: totalValueUsd };
  }
}
