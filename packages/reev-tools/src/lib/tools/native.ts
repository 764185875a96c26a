import { z } from 'zod';
import { formatUnits } from '@reev/types';
import {
  createAssociatedTokenAccountIdempotent,
  systemTransfer,
  tokenTransfer,
} from '../instructions';
import { baseUnitsField, pubkeyField } from '../schemas';
import { SOL } from '@reev/types';
import { defineTool, noTransaction } from '../tool';
import { describeTokenAccount, describeTokenAmount, describeTransaction } from './describe';

export const getAccountBalanceTool = defineTool({
  name: 'get_account_balance',
  description:
    'Read the balances of a wallet or a token account. For a wallet: its SOL balance (in lamports; 1 SOL = 1,000,000,000 lamports) ' +
    'and every token account it owns, with amounts in token base units (USDC has 6 decimals: 1 USDC = 1,000,000 base units) ' +
    'and the same amount in whole tokens (ui_amount). Give token_mint to report only the token account of that mint. ' +
    'For a token account: its mint, owner and amount. Read-only: no transaction, no fee.',
  parameters: z.strictObject({
    pubkey: pubkeyField('Wallet address or token account address (base58).'),
    token_mint: pubkeyField('Optional mint address (base58): only report token accounts of this mint.').optional(),
  }),
  async execute(context, args) {
    const lamports = await context.getSolBalance(args.pubkey);
    const sol = { lamports, sol: formatUnits(lamports, SOL.decimals) };
    const tokenAccount = await context.getTokenAccount(args.pubkey);
    if (tokenAccount) {
      const output = {
        pubkey: args.pubkey,
        account_type: 'token_account',
        ...sol,
        token_accounts: [describeTokenAccount({ address: args.pubkey, ...tokenAccount })],
      };
      if (args.token_mint !== undefined && args.token_mint !== tokenAccount.mint) {
        return noTransaction(
          output,
          `token_mint: ${args.pubkey} is a token account of mint ${tokenAccount.mint}, not of ${args.token_mint}`,
        );
      }
      return noTransaction(output);
    }
    const owned = await context.listTokenAccounts(args.pubkey);
    const selected = args.token_mint === undefined ? owned : owned.filter((entry) => entry.mint === args.token_mint);
    return noTransaction({
      pubkey: args.pubkey,
      account_type: 'wallet',
      ...sol,
      token_accounts: selected.map(describeTokenAccount),
    });
  },
});

export const solTransferTool = defineTool({
  name: 'sol_transfer',
  description:
    'Send native SOL from user_pubkey to recipient_pubkey with one System program Transfer instruction signed by user_pubkey. ' +
    'amount is in lamports (1 SOL = 1,000,000,000 lamports; 0.1 SOL = 100,000,000). ' +
    'The sender also pays the network fee of 5,000 lamports per signature.',
  parameters: z.strictObject({
    user_pubkey: pubkeyField('Sender wallet address (base58); signs and pays the fee.'),
    recipient_pubkey: pubkeyField('Recipient wallet address (base58).'),
    amount: baseUnitsField('lamports', 'SOL to send.'),
  }),
  async execute(context, args) {
    const transaction = await context.submit(
      [systemTransfer(args.user_pubkey, args.recipient_pubkey, BigInt(args.amount))],
      { signers: [args.user_pubkey] },
    );
    return {
      output: {
        ...describeTransaction(transaction),
        from: args.user_pubkey,
        to: args.recipient_pubkey,
        lamports: args.amount,
        sol: formatUnits(args.amount, SOL.decimals),
      },
      transactions: [transaction],
    };
  },
});

export const splTransferTool = defineTool({
  name: 'spl_transfer',
  description:
    'Send SPL tokens (e.g. USDC) with one SPL Token Transfer instruction from the associated token account of user_pubkey ' +
    '(the owner, who signs and pays the fee of 5,000 lamports per signature). recipient_pubkey is either an existing token ' +
    "account (tokens go into it; its mint is used when mint_address is omitted) or a wallet (tokens go into the wallet's " +
    'associated token account, created first when missing, with the sender paying its rent of 2,039,280 lamports). ' +
    'amount is in token base units (USDC has 6 decimals: 15 USDC = 15,000,000 base units).',
  parameters: z.strictObject({
    user_pubkey: pubkeyField('Owner wallet of the source token account (base58); signs.'),
    recipient_pubkey: pubkeyField('Recipient token account or recipient wallet (base58).'),
    amount: baseUnitsField('token base units', 'Tokens to send.'),
    mint_address: pubkeyField('Mint of the token to send (base58); required when recipient_pubkey is a wallet.').optional(),
  }),
  async execute(context, args) {
    const recipientAccount = await context.getTokenAccount(args.recipient_pubkey);
    if (recipientAccount && args.mint_address !== undefined && recipientAccount.mint !== args.mint_address) {
      return noTransaction(
        null,
        `mint_address: recipient_pubkey ${args.recipient_pubkey} is a token account of mint ${recipientAccount.mint}, not of ${args.mint_address}`,
      );
    }
    const mint = args.mint_address ?? recipientAccount?.mint;
    if (mint === undefined) {
      return noTransaction(
        null,
        `mint_address: required because recipient_pubkey ${args.recipient_pubkey} is a wallet, not a token account`,
      );
    }
    const source = await context.associatedTokenAddress(args.user_pubkey, mint);
    const instructions = [];
    let destination: string = args.recipient_pubkey;
    let createdRecipientAccount = false;
    if (!recipientAccount) {
      destination = await context.associatedTokenAddress(args.recipient_pubkey, mint);
      if (!(await context.getTokenAccount(destination))) {
        instructions.push(createAssociatedTokenAccountIdempotent(args.user_pubkey, destination, args.recipient_pubkey, mint));
        createdRecipientAccount = true;
      }
    }
    instructions.push(tokenTransfer(source, destination, args.user_pubkey, BigInt(args.amount)));
    const transaction = await context.submit(instructions, { signers: [args.user_pubkey] });
    return {
      output: {
        ...describeTransaction(transaction),
        owner: args.user_pubkey,
        source,
        destination,
        recipient_token_account_created: createdRecipientAccount && transaction.status === 'Success',
        ...describeTokenAmount(mint, args.amount),
      },
      transactions: [transaction],
    };
  },
});
