import { formatUnits } from '@reev/types';
import type { KnownToken } from '@reev/types';

/** What a finished step changed in the wallet, by token symbol, in base units (negative = spent). */
export interface StepDeltas {
  bySymbol: Record<string, number>;
}

export class TemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateError';
  }
}

/** `{{step.received.SYMBOL}}`, optionally a share of it: `{{step.received.SYMBOL * 1/2}}`. */
export const STEP_REFERENCE = /\{\{\s*([A-Za-z0-9_-]+)\.(received|spent)\.([A-Za-z0-9]+)(?:\s*\*\s*(\d+)\s*\/\s*(\d+))?\s*\}\}/g;

/**
 * Fills `{{<step_id>.received.<SYMBOL>}}` / `{{<step_id>.spent.<SYMBOL>}}` with what that earlier step
 * really moved on chain (times `n/d` when the reference carries a share, rounded down). A reference to a
 * step that has not run, or to a token it did not move, is an error.
 */
export function renderStepPrompt(
  template: string,
  results: ReadonlyMap<string, StepDeltas>,
  tokens: readonly KnownToken[],
): string {
  return template.replace(STEP_REFERENCE, (_match, stepId: string, kind: string, symbol: string, numerator?: string, denominator?: string) => {
    const deltas = results.get(stepId);
    if (!deltas) throw new TemplateError(`prompt references step "${stepId}", which has no result`);
    const token = tokens.find((candidate) => candidate.symbol.toUpperCase() === symbol.toUpperCase());
    if (!token) throw new TemplateError(`prompt references unknown token "${symbol}"`);
    const delta = deltas.bySymbol[token.symbol] ?? 0;
    const amount = kind === 'received' ? delta : -delta;
    if (amount <= 0) {
      throw new TemplateError(`step "${stepId}" ${kind} no ${token.symbol} (change ${formatUnits(delta, token.decimals)})`);
    }
    if (numerator === undefined || denominator === undefined) return formatUnits(amount, token.decimals);
    const part = Math.floor((amount * Number(numerator)) / Number(denominator));
    if (!(part > 0)) throw new TemplateError(`${numerator}/${denominator} of what step "${stepId}" ${kind} is less than one ${token.symbol} base unit`);
    return formatUnits(part, token.decimals);
  });
}
