import { z } from 'zod';

/** Tool names exactly as the original reev exposes them to agents. */
export const TOOL_NAMES = [
  'get_account_balance',
  'sol_transfer',
  'spl_transfer',
  'jupiter_swap',
  'jupiter_lend_earn_deposit',
  'jupiter_lend_earn_withdraw',
  'jupiter_lend_earn_mint',
  'jupiter_lend_earn_redeem',
  'get_jupiter_lend_earn_position',
  'get_jupiter_lend_earn_tokens',
] as const;

export const ToolNameSchema = z.enum(TOOL_NAMES);
export type ToolName = z.infer<typeof ToolNameSchema>;
