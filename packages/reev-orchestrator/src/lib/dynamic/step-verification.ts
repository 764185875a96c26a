import { WSOL_MINT, type DynamicStep, type KnownToken } from '@reev/types';
import type { ContextResolver, WalletBalances } from './context-resolver';
import type { StepDeltas } from './step-template';

export interface StepCheck {
  description: string;
  passed: boolean;
}

/** Balances of accounts other than the acting wallet that a step's effects name (a transfer's recipient), by "owner|mint". */
export type OtherHoldings = ReadonlyMap<string, number>;

const holdingKey = (owner: string, mint: string): string => `${owner}|${mint}`;
const effectMint = (mint: string): string => (mint === 'SOL' ? WSOL_MINT : mint);

/** The acting wallet, by its address or by the owner the plan was made for. */
export interface ActingWallet {
  address: string;
  planOwner: string;
}

const isActing = (owner: string, acting: ActingWallet): boolean => owner === acting.address || owner === acting.planOwner;

/** Reads, on chain, every balance a step's effects expect to change outside the acting wallet. */
export async function holdingsOfOthers(resolver: ContextResolver, step: DynamicStep, acting: ActingWallet): Promise<OtherHoldings> {
  const holdings = new Map<string, number>();
  for (const effect of step.expected_effects) {
    if (isActing(effect.account_owner, acting)) continue;
    const mint = effectMint(effect.mint);
    holdings.set(holdingKey(effect.account_owner, mint), await resolver.holding(effect.account_owner, mint));
  }
  return holdings;
}

export interface StepObservation {
  toolCalls: { tool_name: string; status: string }[];
  transactionStatuses: string[];
  agentStatus: string;
  acting: ActingWallet;
  wallet: { before: WalletBalances; after: WalletBalances };
  others: { before: OtherHoldings; after: OtherHoldings };
}

/**
 * A step succeeded when the agent finished, every transaction executed, each required tool succeeded and
 * every expected effect is visible on chain, for whichever account it names: a transfer is verified on the
 * recipient's balance as well as the sender's.
 */
export function verifyStep(step: DynamicStep, observed: StepObservation): StepCheck[] {
  const { agentStatus, transactionStatuses, toolCalls, acting, wallet, others } = observed;
  const checks: StepCheck[] = [
    { description: `agent finished the step (${agentStatus})`, passed: agentStatus === 'completed' },
    {
      description: `every transaction executed (${transactionStatuses.filter((s) => s !== 'Success').length} failed)`,
      passed: transactionStatuses.every((status) => status === 'Success'),
    },
  ];
  for (const tool of step.required_tools) {
    checks.push({
      description: `${tool} called successfully`,
      passed: toolCalls.some((call) => call.tool_name === tool && call.status === 'success'),
    });
  }
  for (const effect of step.expected_effects) {
    const mint = effectMint(effect.mint);
    const ownWallet = isActing(effect.account_owner, acting);
    const key = holdingKey(effect.account_owner, mint);
    const delta = ownWallet
      ? (wallet.after.byMint.get(mint) ?? 0) - (wallet.before.byMint.get(mint) ?? 0)
      : (others.after.get(key) ?? 0) - (others.before.get(key) ?? 0);
    const moved = effect.direction === 'increase' ? delta : -delta;
    const whose = ownWallet ? '' : ` of ${effect.account_owner}`;
    checks.push({
      description: `on chain: ${effect.mint === WSOL_MINT ? 'SOL' : effect.mint} balance${whose} ${effect.direction}d by ≥ ${effect.min_delta} (changed by ${delta})`,
      passed: moved >= effect.min_delta,
    });
  }
  return checks;
}

/** What a step changed in the acting wallet, by token symbol. */
export function deltasOf(before: WalletBalances, after: WalletBalances, tokens: readonly KnownToken[]): StepDeltas {
  const bySymbol: Record<string, number> = {};
  const mints = new Set([...before.byMint.keys(), ...after.byMint.keys()]);
  for (const mint of mints) {
    const delta = (after.byMint.get(mint) ?? 0) - (before.byMint.get(mint) ?? 0);
    if (delta === 0) continue;
    const symbol = mint === WSOL_MINT ? 'SOL' : (tokens.find((token) => token.mint === mint)?.symbol ?? mint);
    bySymbol[symbol] = delta;
  }
  return { bySymbol };
}
