import { KNOWN_TOKENS, isNativeSol } from '@reev/types';
import type { LiteSVM } from 'litesvm';
import { MINT_ACCOUNT_SIZE, writeAccount, writeMint, writeSystemAccount, writeTokenAccount } from './accounts';
import type { PlannedAccount } from './initial-state';
import type { MarketAccounts } from './market';

/** Mints (supply = every token account of the mint), the market's accounts, then initial_state's accounts. */
export function writeInitialAccounts(
  vm: LiteSVM,
  benchmarkId: string,
  marketAccounts: MarketAccounts,
  planned: readonly PlannedAccount[],
  tokenAccountRent: number,
): void {
  const tokenAccounts = [
    ...marketAccounts.tokenAccounts.map((account) => ({ ...account, lamports: tokenAccountRent, source: 'jupiter-sim market' })),
    ...planned.filter((account) => account.kind === 'token'),
  ];
  const supplies = new Map<string, bigint>(marketAccounts.market.lendPools.map((pool) => [pool.share.mint, 0n]));
  for (const account of tokenAccounts) {
    supplies.set(account.mint, (supplies.get(account.mint) ?? 0n) + BigInt(account.amount));
  }
  const mintRent = vm.minimumBalanceForRentExemption(BigInt(MINT_ACCOUNT_SIZE));
  for (const [mint, supply] of supplies) {
    const token = KNOWN_TOKENS.find((candidate) => candidate.mint === mint);
    if (!token || isNativeSol(token)) {
      const user = tokenAccounts.find((account) => account.mint === mint);
      const supported = KNOWN_TOKENS.filter((candidate) => !isNativeSol(candidate)).map((t) => `${t.symbol} (${t.mint})`);
      throw new Error(
        `benchmark ${benchmarkId}: ${user?.source ?? 'a token account'} uses mint ${mint}, which the embedded ` +
          `environment cannot create; supported mints: ${supported.join(', ')} (native SOL is lamports)`,
      );
    }
    writeMint(vm, { address: mint, lamports: mintRent, decimals: token.decimals, supply, mintAuthority: marketAccounts.market.authority });
  }
  for (const account of marketAccounts.systemAccounts) writeSystemAccount(vm, account.address, account.lamports);
  for (const account of tokenAccounts) writeTokenAccount(vm, account);
  for (const account of planned) {
    if (account.kind === 'plain') writeAccount(vm, account);
  }
}
