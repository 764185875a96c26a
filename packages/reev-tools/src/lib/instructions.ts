import type { InstructionRecord } from '@reev/types';
// The Instruction type from @solana/instructions, not @solana/kit, for the published declarations (see addresses.ts).
import type { Instruction } from '@solana/instructions';
import { createNoopSigner, getBase58Decoder, isSignerRole, isWritableRole } from '@solana/kit';
import { getTransferSolInstruction } from '@solana-program/system';
import {
  getBurnInstruction,
  getCreateAssociatedTokenIdempotentInstruction,
  getMintToInstruction,
  getTransferInstruction,
} from '@solana-program/token';
import { checkedAddress } from './addresses';

const base58 = getBase58Decoder();

/** A @solana/kit instruction as plain data (base58 instruction data). */
export function toInstructionRecord(instruction: Instruction): InstructionRecord {
  return {
    programId: instruction.programAddress,
    accounts: (instruction.accounts ?? []).map((account) => ({
      pubkey: account.address,
      isSigner: isSignerRole(account.role),
      isWritable: isWritableRole(account.role),
    })),
    data: base58.decode(instruction.data ?? new Uint8Array()),
  };
}

/** Marks an account as a signer without holding its key: the environment signs on submission. */
function signer(account: string) {
  return createNoopSigner(checkedAddress(account));
}

/** System program Transfer of `lamports` from `source` (signer) to `destination`. */
export function systemTransfer(source: string, destination: string, lamports: bigint): InstructionRecord {
  return toInstructionRecord(
    getTransferSolInstruction({ source: signer(source), destination: checkedAddress(destination), amount: lamports }),
  );
}

/** SPL Token Transfer (discriminator 3): accounts [source (writable), destination (writable), owner (signer)]. */
export function tokenTransfer(source: string, destination: string, owner: string, amount: bigint): InstructionRecord {
  return toInstructionRecord(
    getTransferInstruction({ source: checkedAddress(source), destination: checkedAddress(destination), authority: signer(owner), amount }),
  );
}

/** Associated Token CreateIdempotent: creates `ata` for (owner, mint) unless it exists; `payer` pays the rent. */
export function createAssociatedTokenAccountIdempotent(
  payer: string,
  ata: string,
  owner: string,
  mint: string,
): InstructionRecord {
  return toInstructionRecord(
    getCreateAssociatedTokenIdempotentInstruction({
      payer: signer(payer),
      ata: checkedAddress(ata),
      owner: checkedAddress(owner),
      mint: checkedAddress(mint),
    }),
  );
}

/** SPL Token MintTo of `amount` into `destination`, signed by the mint authority. */
export function tokenMintTo(mint: string, destination: string, mintAuthority: string, amount: bigint): InstructionRecord {
  return toInstructionRecord(
    getMintToInstruction({ mint: checkedAddress(mint), token: checkedAddress(destination), mintAuthority: signer(mintAuthority), amount }),
  );
}

/** SPL Token Burn of `amount` from `account`, signed by its owner. */
export function tokenBurn(account: string, mint: string, owner: string, amount: bigint): InstructionRecord {
  return toInstructionRecord(
    getBurnInstruction({ account: checkedAddress(account), mint: checkedAddress(mint), authority: signer(owner), amount }),
  );
}
