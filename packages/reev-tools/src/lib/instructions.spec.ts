import { getBase58Encoder } from '@solana/kit';
import { getTransferSolInstructionDataDecoder } from '@solana-program/system';
import { getBurnInstructionDataDecoder, getMintToInstructionDataDecoder, getTransferInstructionDataDecoder } from '@solana-program/token';
import {
  createAssociatedTokenAccountIdempotent,
  systemTransfer,
  tokenBurn,
  tokenMintTo,
  tokenTransfer,
} from './instructions';
import { ASSOCIATED_TOKEN_PROGRAM_ID, SYSTEM_PROGRAM_ID, TOKEN_PROGRAM_ID, USDC_MINT } from '@reev/types';

const bytes = (data: string) => getBase58Encoder().encode(data);
const ALICE = '8qbHbw2BbbTHBW1sbeqakYXVKRQM8Ne7pLK7m6CVfeR';
const BOB = 'Hozo7TadHq6PMMiGLGNvgk79Hvj5VTAM7Ybvp2HbGd1c';
const TOKEN_ACCOUNT = 'BQ72nSv9f3PRyRKCBnHLVrerrv37CYTHm5h3s9VSGQDV';

describe('instruction records', () => {
  it('System Transfer: discriminator 2, lamports as u64, [source signer writable, destination writable]', () => {
    const record = systemTransfer(ALICE, BOB, 100_000_000n);
    expect(record.programId).toBe(SYSTEM_PROGRAM_ID);
    expect(record.accounts).toEqual([
      { pubkey: ALICE, isSigner: true, isWritable: true },
      { pubkey: BOB, isSigner: false, isWritable: true },
    ]);
    expect(getTransferSolInstructionDataDecoder().decode(bytes(record.data))).toEqual({ discriminator: 2, amount: 100_000_000n });
  });

  it('SPL Token Transfer: discriminator 3, [source writable, destination writable, owner signer]', () => {
    const record = tokenTransfer(TOKEN_ACCOUNT, BOB, ALICE, 15_000_000n);
    expect(record.programId).toBe(TOKEN_PROGRAM_ID);
    expect(record.accounts).toEqual([
      { pubkey: TOKEN_ACCOUNT, isSigner: false, isWritable: true },
      { pubkey: BOB, isSigner: false, isWritable: true },
      { pubkey: ALICE, isSigner: true, isWritable: false },
    ]);
    expect(bytes(record.data)[0]).toBe(3);
    expect(getTransferInstructionDataDecoder().decode(bytes(record.data))).toEqual({ discriminator: 3, amount: 15_000_000n });
  });

  it('CreateIdempotent: discriminator 1 with the payer signing and the ATA writable', () => {
    const record = createAssociatedTokenAccountIdempotent(ALICE, TOKEN_ACCOUNT, BOB, USDC_MINT);
    expect(record.programId).toBe(ASSOCIATED_TOKEN_PROGRAM_ID);
    expect(Array.from(bytes(record.data))).toEqual([1]);
    expect(record.accounts.slice(0, 4)).toEqual([
      { pubkey: ALICE, isSigner: true, isWritable: true },
      { pubkey: TOKEN_ACCOUNT, isSigner: false, isWritable: true },
      { pubkey: BOB, isSigner: false, isWritable: false },
      { pubkey: USDC_MINT, isSigner: false, isWritable: false },
    ]);
  });

  it('MintTo and Burn carry their amounts and signers', () => {
    const mint = tokenMintTo(USDC_MINT, TOKEN_ACCOUNT, ALICE, 7n);
    expect(getMintToInstructionDataDecoder().decode(bytes(mint.data))).toEqual({ discriminator: 7, amount: 7n });
    expect(mint.accounts[2]).toEqual({ pubkey: ALICE, isSigner: true, isWritable: false });
    const burn = tokenBurn(TOKEN_ACCOUNT, USDC_MINT, BOB, 9n);
    expect(getBurnInstructionDataDecoder().decode(bytes(burn.data))).toEqual({ discriminator: 8, amount: 9n });
    expect(burn.accounts).toEqual([
      { pubkey: TOKEN_ACCOUNT, isSigner: false, isWritable: true },
      { pubkey: USDC_MINT, isSigner: false, isWritable: true },
      { pubkey: BOB, isSigner: true, isWritable: false },
    ]);
  });
});
