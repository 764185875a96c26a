/**
 * Hand-built outcomes for scoring tests: the placeholder convention of the embedded environment, instructions
 * built with the real System/SPL Token clients, transactions and observations described by placeholder name.
 */
import { createHash } from 'node:crypto';
import {
  address,
  createKeyPairFromPrivateKeyBytes,
  createNoopSigner,
  getAddressFromPublicKey,
  getBase58Decoder,
  isAddress,
  isSignerRole,
  isWritableRole,
  type Instruction,
} from '@solana/kit';
import { getTransferSolInstruction } from '@solana-program/system';
import { findAssociatedTokenPda, getBurnInstruction, getMintToInstruction, getTransferInstruction, TOKEN_PROGRAM_ADDRESS } from '@solana-program/token';
import { USDC_MINT, type AccountData, type AddressRef, type InitialStateItem, type InstructionRecord, type Observation, type TestCase, type TransactionResult } from '@reev/types';
import type { AddressResolver } from '../types';

export const USDC = USDC_MINT;
export const JL_USDC = '9BEcn9aPEmhSPbPQeFGjidRiEKki46fVQDyPpSQXPA2D';
export const JL_SOL = '2uQsyo1fXXQkDtcpXnLofWy88PxcvnfH2L8FPSE62FVU';
export const SYSTEM_PROGRAM = '11111111111111111111111111111111';
export const TOKEN_PROGRAM: string = TOKEN_PROGRAM_ADDRESS;
/** Per signature, paid by the user when the user alone signs. */
export const SIGNATURE_FEE = 5000;

/** A placeholder name (USER_WALLET_PUBKEY), a base58 address, or a derivation. */
export type Ref = string | AddressRef;

const MINT_BY_SYMBOL: Record<string, string> = {
  USDC,
  L_USDC: JL_USDC,
  JUSDC: JL_USDC,
  JLUSDC: JL_USDC,
  L_SOL: JL_SOL,
  JSOL: JL_SOL,
  JLSOL: JL_SOL,
};
const ATA_NAME = /_ATA(_PLACEHOLDER)?$/;

/** The embedded environment's placeholder convention (seed 0), written out for tests. */
export function conventionResolver(testCase: TestCase, seed = 0): AddressResolver {
  const keys = new Map<string, Promise<string>>();
  const wallet = (name: string): Promise<string> => {
    let derived = keys.get(name);
    if (derived === undefined) {
      const secret = createHash('sha256').update(`reev|${testCase.id}|${name}|${seed}`, 'utf8').digest();
      derived = createKeyPairFromPrivateKeyBytes(new Uint8Array(secret)).then((pair) => getAddressFromPublicKey(pair.publicKey));
      keys.set(name, derived);
    }
    return derived;
  };
  const ata = async (owner: string, mint: string): Promise<string> => {
    const [derived] = await findAssociatedTokenPda({
      owner: address(await resolveName(owner)),
      mint: address(await resolveName(mint)),
      tokenProgram: TOKEN_PROGRAM_ADDRESS,
    });
    return derived;
  };
  const resolveName = async (name: string, mint?: string): Promise<string> => {
    if (isAddress(name)) return name;
    if (!ATA_NAME.test(name)) return wallet(name);
    const data = testCase.initial_state.find((candidate) => candidate.pubkey === name && isTokenAccountData(candidate.data))?.data;
    if (isTokenAccountData(data)) return ata(data.owner, data.mint);
    const symbol = name.replace(/^USER_/, '').replace(ATA_NAME, '');
    const symbolMint = mint ?? MINT_BY_SYMBOL[symbol];
    if (symbolMint === undefined) throw new Error(`test resolver: no mint for ${name} (symbol ${symbol})`);
    return ata('USER_WALLET_PUBKEY', symbolMint);
  };
  return (ref) => (ref.type === 'Key' ? resolveName(ref.name, ref.mint) : ata(ref.owner, ref.mint));
}

function isTokenAccountData(data: InitialStateItem['data']): data is AccountData {
  return data !== undefined && typeof data['mint'] === 'string';
}

export function ata(owner: string, mint: string): AddressRef {
  return { type: 'AssociatedTokenAccount', owner, mint };
}

function toRef(ref: Ref): AddressRef {
  return typeof ref === 'string' ? { type: 'Key', name: ref } : ref;
}

type Resolve = (ref: Ref) => Promise<string>;

/** An instruction written with placeholder names, resolved when the outcome is built. */
export type NamedInstruction = (resolve: Resolve) => Promise<InstructionRecord>;

function record(instruction: Instruction): InstructionRecord {
  return {
    programId: instruction.programAddress,
    accounts: (instruction.accounts ?? []).map((meta) => ({
      pubkey: meta.address,
      isSigner: isSignerRole(meta.role),
      isWritable: isWritableRole(meta.role),
    })),
    data: getBase58Decoder().decode(instruction.data ?? new Uint8Array()),
  };
}

async function resolved(resolve: Resolve, ref: Ref) {
  return address(await resolve(ref));
}

export function systemTransfer(from: Ref, to: Ref, lamports: number): NamedInstruction {
  return async (resolve) =>
    record(
      getTransferSolInstruction({
        source: createNoopSigner(await resolved(resolve, from)),
        destination: await resolved(resolve, to),
        amount: BigInt(lamports),
      }),
    );
}

/** SPL Token Transfer (discriminator 3): [source (writable), destination (writable), owner (signer)]. */
export function splTransfer(source: Ref, destination: Ref, owner: Ref, amount: number): NamedInstruction {
  return async (resolve) =>
    record(
      getTransferInstruction({
        source: await resolved(resolve, source),
        destination: await resolved(resolve, destination),
        authority: createNoopSigner(await resolved(resolve, owner)),
        amount: BigInt(amount),
      }),
    );
}

export function mintTo(mint: Ref, destination: Ref, mintAuthority: Ref, amount: number): NamedInstruction {
  return async (resolve) =>
    record(
      getMintToInstruction({
        mint: await resolved(resolve, mint),
        token: await resolved(resolve, destination),
        mintAuthority: createNoopSigner(await resolved(resolve, mintAuthority)),
        amount: BigInt(amount),
      }),
    );
}

export function burn(account: Ref, mint: Ref, owner: Ref, amount: number): NamedInstruction {
  return async (resolve) =>
    record(
      getBurnInstruction({
        account: await resolved(resolve, account),
        mint: await resolved(resolve, mint),
        authority: createNoopSigner(await resolved(resolve, owner)),
        amount: BigInt(amount),
      }),
    );
}

export interface NamedTransaction {
  instructions: NamedInstruction[];
  status?: 'Success' | 'Failure';
  error?: string;
  feeLamports?: number;
}

/** A token account's change: `amount` is added; mint and owner describe an account the run creates. */
export interface TokenChange {
  account: Ref;
  amount: number;
  mint?: string;
  owner?: string;
}

export interface Outcome {
  toolCalls: { name: string; ok: boolean; input?: unknown }[];
  transactions: NamedTransaction[];
  solChanges?: { account: Ref; lamports: number }[];
  tokenChanges?: TokenChange[];
}

export function ok(name: string): { name: string; ok: boolean } {
  return { name, ok: true };
}

/** The balances initial_state describes: the SOL of every wallet and the balance of every token account. */
export async function initialObservation(testCase: TestCase, resolve: Resolve): Promise<Observation> {
  const observation: Observation = { solBalances: {}, tokenAccounts: {} };
  for (const item of testCase.initial_state) {
    const data = item.data;
    if (data !== undefined && !isTokenAccountData(data)) throw new Error(`test fixtures do not model lending-position items (${item.pubkey})`);
    const key = await resolve(item.pubkey);
    // As the environment reports them: SOL balances for wallets, token balances for token accounts.
    if (data === undefined) observation.solBalances[key] = item.lamports ?? 0;
    else observation.tokenAccounts[key] = { mint: data.mint, owner: await resolve(data.owner), amount: data.amount };
  }
  return observation;
}

/** Everything scoreOutcome needs for a hand-built outcome of `testCase`. */
export async function buildOutcome(testCase: TestCase, outcome: Outcome) {
  const resolveAddress = conventionResolver(testCase);
  const resolve: Resolve = (ref) => resolveAddress(toRef(ref));
  const initial = await initialObservation(testCase, resolve);
  const final: Observation = { solBalances: { ...initial.solBalances }, tokenAccounts: { ...initial.tokenAccounts } };
  for (const change of outcome.solChanges ?? []) {
    const key = await resolve(change.account);
    final.solBalances[key] = (final.solBalances[key] ?? 0) + change.lamports;
  }
  for (const change of outcome.tokenChanges ?? []) {
    const key = await resolve(change.account);
    const existing = final.tokenAccounts[key];
    if (existing !== undefined) {
      final.tokenAccounts[key] = { ...existing, amount: existing.amount + change.amount };
    } else if (change.mint !== undefined && change.owner !== undefined) {
      final.tokenAccounts[key] = { mint: change.mint, owner: await resolve(change.owner), amount: change.amount };
    } else {
      throw new Error(`token account ${key} does not exist; give mint and owner to create it`);
    }
  }
  const transactions: TransactionResult[] = await Promise.all(
    outcome.transactions.map(async (transaction, index) => ({
      status: transaction.status ?? 'Success',
      signature: `fixture-signature-${index}`,
      ...(transaction.error === undefined ? {} : { error: transaction.error }),
      logs: [],
      computeUnits: 0,
      feeLamports: transaction.feeLamports ?? SIGNATURE_FEE,
      instructions: await Promise.all(transaction.instructions.map((instruction) => instruction(resolve))),
      balanceChanges: [],
    })),
  );
  return {
    groundTruth: testCase.ground_truth,
    isFlow: (testCase.flow?.length ?? 0) > 1,
    resolveAddress,
    transactions,
    toolCalls: outcome.toolCalls,
    initial,
    final,
  };
}
