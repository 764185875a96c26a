import type { AccountData, InitialStateItem, TestCase } from '@reev/types';
import { type JupiterSimMarket } from '@reev/tools';
import { findKnownToken, JUPITER_LEND_PROGRAM_ID, TOKEN_PROGRAM_ID } from '@reev/types';
import { isBase58Address } from './keys';
import { isAssociatedTokenAccountName, type PlaceholderResolver } from './placeholders';

/** Token-account data ({mint, owner, amount}) as opposed to a lending position ({jUSDC_balance: …}). */
function isTokenAccountData(data: NonNullable<InitialStateItem['data']>): data is AccountData {
  return typeof data.mint === 'string' && typeof data.owner === 'string';
}

export type PlannedAccount =
  | { kind: 'plain'; address: string; owner: string; lamports: number; source: string }
  | { kind: 'token'; address: string; lamports: number; mint: string; owner: string; amount: number; source: string };

/**
 * The accounts initial_state describes, with every placeholder resolved: wallets and other plain accounts, token
 * accounts, and lending positions ({owner: Jupiter lend, data: {jUSDC_balance}}) as share-token accounts.
 */
export async function planInitialState(
  testCase: TestCase,
  resolver: PlaceholderResolver,
  market: JupiterSimMarket,
  tokenAccountRent: number,
): Promise<PlannedAccount[]> {
  for (const item of testCase.initial_state) {
    if (item.data && isTokenAccountData(item.data) && isAssociatedTokenAccountName(item.pubkey) && !isBase58Address(item.pubkey)) {
      resolver.defineAssociatedTokenAccount(item.pubkey, item.data.owner, item.data.mint);
    }
  }
  const planned: PlannedAccount[] = [];
  for (const [index, item] of testCase.initial_state.entries()) {
    const source = `initial_state[${index}] (${item.pubkey})`;
    if (!isBase58Address(item.owner)) {
      throw new Error(`${source}: owner must be a program id (base58), got "${item.owner}"`);
    }
    const data = item.data;
    if (data && !isTokenAccountData(data)) {
      if (item.owner !== JUPITER_LEND_PROGRAM_ID) {
        throw new Error(`${source}: a lending position must be owned by the Jupiter lend program ${JUPITER_LEND_PROGRAM_ID}`);
      }
      const holder = await resolver.resolve(item.pubkey);
      for (const [key, amount] of Object.entries(data)) {
        const share = findKnownToken(key.replace(/_balance$/, ''));
        const pool = share && market.lendPools.find((candidate) => candidate.share.mint === share.mint);
        if (!pool) {
          const known = market.lendPools.map((p) => `${p.share.symbol}_balance`).join(', ');
          throw new Error(`${source}: data.${key} names no lending share token of the market; expected one of ${known}`);
        }
        planned.push({
          kind: 'token',
          address: await resolver.resolve({ type: 'AssociatedTokenAccount', owner: holder, mint: pool.share.mint }),
          lamports: tokenAccountRent,
          mint: pool.share.mint,
          owner: holder,
          amount,
          source: `${source}.data.${key}`,
        });
      }
    } else if (data) {
      if (item.owner !== TOKEN_PROGRAM_ID) {
        throw new Error(`${source}: an account with token data must be owned by the Token program ${TOKEN_PROGRAM_ID}`);
      }
      planned.push({
        kind: 'token',
        address: await resolver.resolve(item.pubkey),
        lamports: item.lamports ?? tokenAccountRent,
        mint: await resolver.resolve(data.mint),
        owner: await resolver.resolve(data.owner),
        amount: data.amount,
        source,
      });
    } else {
      planned.push({
        kind: 'plain',
        address: await resolver.resolve(item.pubkey),
        owner: item.owner,
        lamports: item.lamports ?? 0,
        source,
      });
    }
  }
  const byAddress = new Map<string, PlannedAccount>();
  for (const account of planned) {
    const earlier = byAddress.get(account.address);
    if (earlier) throw new Error(`${account.source} and ${earlier.source} both describe account ${account.address}`);
    byAddress.set(account.address, account);
  }
  return planned;
}

const PLACEHOLDER_IN_TEXT = /\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*_(?:PUBKEY|ATA|PLACEHOLDER)\b/g;

/** Resolves the placeholders the ground truth and the prompts name, so the key map holds all of them. */
export async function resolveReferencedPlaceholders(testCase: TestCase, resolver: PlaceholderResolver): Promise<void> {
  for (const assertion of testCase.ground_truth.final_state_assertions) {
    if (assertion.type === 'TokenAccountBalance' || assertion.type === 'TokenAccountBalanceChange') {
      if (assertion.address_derivation) await resolver.resolve(assertion.address_derivation);
      else await resolver.resolve(assertion.pubkey, assertion.mint);
    } else if (typeof assertion.pubkey === 'string') {
      await resolver.resolve(assertion.pubkey);
    }
  }
  for (const instruction of testCase.ground_truth.expected_instructions) {
    for (const account of instruction.accounts) await resolver.resolve(account.pubkey);
  }
  const prompts = [testCase.prompt, ...(testCase.flow ?? []).map((step) => step.prompt)];
  for (const prompt of prompts) {
    for (const name of prompt.match(PLACEHOLDER_IN_TEXT) ?? []) await resolver.resolve(name);
  }
}
