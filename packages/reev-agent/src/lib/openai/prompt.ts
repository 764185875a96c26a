import type { AgentContext, Observation } from '@reev/types';
import { canonicalJson } from './canonical-json';

function baseUnitsPerToken(decimals: number): string {
  return (10n ** BigInt(decimals)).toString();
}

/** The system message: who the agent is, whose wallet it acts for, the addresses and tokens it may use, the rules. */
export function systemMessage(context: AgentContext): string {
  const addresses = Object.entries(context.keyMap)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, address]) => `- ${name}: ${address}`);
  const tokens = [...context.tokens]
    .sort((a, b) => a.symbol.localeCompare(b.symbol))
    .map((token) => `- ${token.symbol}: mint ${token.mint}, ${token.decimals} decimals (1 ${token.symbol} = ${baseUnitsPerToken(token.decimals)} base units)`);
  return [
    'You are an agent that acts on the Solana blockchain for one wallet, only through the tools you are given.',
    'Every tool that changes state builds, signs and executes a real transaction.',
    '',
    `Your wallet (signer and fee payer; use it as user_pubkey): ${context.wallet}`,
    '',
    'Named addresses (the task may refer to them by name):',
    ...(addresses.length > 0 ? addresses : ['- (none)']),
    '',
    'Known tokens:',
    ...(tokens.length > 0 ? tokens : ['- (none)']),
    '',
    'Rules:',
    '- Amounts in tool arguments are integers in base units: lamports for SOL (1 SOL = 1000000000 lamports),',
    '  the smallest unit of the token for SPL tokens (convert with the decimals above). Never send decimals.',
    '- Use the addresses above exactly as written; never invent an address.',
    '- Call tools to carry out the task. When the task is done, or cannot be done, reply with a short summary',
    '  and no tool calls.',
  ].join('\n');
}

/**
 * The step prompt and the on-chain context in one user message: several chat templates of local models reject two
 * user messages in a row.
 */
export function stepMessage(prompt: string, observation: Observation): string {
  return [
    'Task:',
    prompt,
    '',
    'On-chain context (SOL balances in lamports, token accounts with amounts in base units):',
    canonicalJson(observation, 2),
  ].join('\n');
}
