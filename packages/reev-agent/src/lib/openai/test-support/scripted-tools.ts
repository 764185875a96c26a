import { type AgentContext, type ToolInvocation, type ToolOutcome, type ToolSpec, type TransactionResult, USDC_MINT } from '@reev/types';
import { z } from 'zod';

export const USER_WALLET = 'E4aHe6CGTTt5Wz6pBRKsR3qmqDbyPTUZcH4pKkZPsmMd';
export const RECIPIENT_WALLET = '9B5XszUGdMaxCZ7uSQhPzdks5ZQSmWxrmzCSvtJ6Ns6g';
export const FEE_LAMPORTS = 5000;

const pubkey = z.string().regex(/^[1-9A-HJ-NP-Za-km-z]{32,44}$/, 'expected a base58 public key');
const lamports = z.number().int('expected a positive integer number of lamports').positive('expected a positive integer number of lamports');

const schemas = {
  get_account_balance: z.strictObject({ pubkey, token_mint: pubkey.optional() }),
  sol_transfer: z.strictObject({ user_pubkey: pubkey, recipient_pubkey: pubkey, amount: lamports }),
} as const;

type ScriptedToolName = keyof typeof schemas;

/** The two tools as the executor hands them to an agent: JSON-schema parameters generated from zod. */
export function scriptedToolSpecs(): ToolSpec[] {
  return (Object.keys(schemas) as ScriptedToolName[]).map((name) => {
    const { $schema: _dialect, ...parameters } = z.toJSONSchema(schemas[name]) as Record<string, unknown>;
    return {
      name,
      description: name === 'sol_transfer' ? 'Send native SOL; amount in lamports.' : 'Read the SOL balance of a wallet (lamports).',
      parameters,
    };
  });
}

export function scriptedContext(): AgentContext {
  return {
    wallet: USER_WALLET,
    keyMap: { USER_WALLET_PUBKEY: USER_WALLET, RECIPIENT_WALLET_PUBKEY: RECIPIENT_WALLET },
    observation: { solBalances: { [USER_WALLET]: 1_000_000_000, [RECIPIENT_WALLET]: 0 }, tokenAccounts: {} },
    tokens: [{ symbol: 'USDC', mint: USDC_MINT, decimals: 6 }],
  };
}

/**
 * The callTool edge of the agent tests: a small ledger of SOL balances behind the two tools, validating arguments
 * with zod and answering with outcomes shaped like the real tool registry's (errors in words, transactions listed).
 */
export class ScriptedToolEdge {
  readonly invocations: ToolInvocation[] = [];
  private readonly balances = new Map<string, number>();
  private transactionCount = 0;

  constructor(balances: Record<string, number> = scriptedContext().observation.solBalances) {
    for (const [address, amount] of Object.entries(balances)) this.balances.set(address, amount);
  }

  balance(address: string): number {
    return this.balances.get(address) ?? 0;
  }

  readonly callTool = (invocation: ToolInvocation): Promise<ToolOutcome> => {
    this.invocations.push(invocation);
    return Promise.resolve(this.execute(invocation));
  };

  private execute(invocation: ToolInvocation): ToolOutcome {
    if (!(invocation.name in schemas)) {
      return { ok: false, output: null, error: `unknown tool "${invocation.name}"`, transactions: [] };
    }
    const name = invocation.name as ScriptedToolName;
    if (name === 'get_account_balance') {
      const parsed = schemas.get_account_balance.safeParse(invocation.arguments);
      if (!parsed.success) return invalid(name, parsed.error);
      const lamportsHeld = this.balance(parsed.data.pubkey);
      return {
        ok: true,
        output: { pubkey: parsed.data.pubkey, account_type: 'wallet', lamports: lamportsHeld, sol: String(lamportsHeld / 1e9), token_accounts: [] },
        transactions: [],
      };
    }
    const parsed = schemas.sol_transfer.safeParse(invocation.arguments);
    if (!parsed.success) return invalid(name, parsed.error);
    const { user_pubkey: from, recipient_pubkey: to, amount } = parsed.data;
    this.transactionCount += 1;
    const signature = `5scripted${this.transactionCount}`;
    const before = this.balance(from);
    const enough = before >= amount + FEE_LAMPORTS;
    const transaction: TransactionResult = {
      status: enough ? 'Success' : 'Failure',
      signature,
      ...(enough ? {} : { error: 'System program: insufficient lamports' }),
      logs: [],
      computeUnits: 150,
      feeLamports: FEE_LAMPORTS,
      instructions: [
        {
          programId: '11111111111111111111111111111111',
          accounts: [
            { pubkey: from, isSigner: true, isWritable: true },
            { pubkey: to, isSigner: false, isWritable: true },
          ],
          data: '3Bxs4Bc3VYuGVB19',
        },
      ],
      balanceChanges: enough
        ? [
            { pubkey: from, before, after: before - amount - FEE_LAMPORTS },
            { pubkey: to, before: this.balance(to), after: this.balance(to) + amount },
          ]
        : [],
    };
    if (enough) {
      this.balances.set(from, before - amount - FEE_LAMPORTS);
      this.balances.set(to, this.balance(to) + amount);
    }
    const output = { signature, status: transaction.status, fee_lamports: FEE_LAMPORTS, from, to, lamports: amount };
    return enough
      ? { ok: true, output, transactions: [transaction] }
      : { ok: false, output, error: `transaction ${signature} failed: System program: insufficient lamports`, transactions: [transaction] };
  }
}

function invalid(name: string, error: z.ZodError): ToolOutcome {
  const parts = error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    return path === '' ? issue.message : `${path}: ${issue.message}`;
  });
  return { ok: false, output: null, error: `invalid arguments for ${name}: ${parts.join('; ')}`, transactions: [] };
}
