import { systemTransfer, tokenTransfer } from '@reev/tools';
import { USDC_MINT } from '@reev/types';
import {
  AccountRole,
  address,
  appendTransactionMessageInstructions,
  compileTransactionMessage,
  createTransactionMessage,
  getBase58Encoder,
  getCompiledTransactionMessageEncoder,
  pipe,
  setTransactionMessageFeePayer,
  setTransactionMessageLifetimeUsingBlockhash,
  type Blockhash,
} from '@solana/kit';
import { deriveKeyPairFromLabel } from './keys';
import { encodeMessageV0, signEd25519 } from './transaction-wire';

const PAYER = 'Ga6tAn7ydtcd4vYk5bpsofTqXaNUvJmAvHMJqbfA7sLt';
const OTHER = '9xQeWvG816bUx9EPjHmaT23yvVM2ZWbrrpZb9PusVFin';
const BLOCKHASH = 'CmpNeggWJ4JaWJeJ8YKN1Zypmk7uvQq3PECGUCAEMbky' as Blockhash;

function compiled(instructions: ReturnType<typeof systemTransfer>[]) {
  const kitInstructions = instructions.map((record) => ({
    programAddress: address(record.programId),
    accounts: record.accounts.map((account) => ({
      address: address(account.pubkey),
      role: account.isSigner
        ? account.isWritable ? AccountRole.WRITABLE_SIGNER : AccountRole.READONLY_SIGNER
        : account.isWritable ? AccountRole.WRITABLE : AccountRole.READONLY,
    })),
    data: getBase58Encoder().encode(record.data),
  }));
  return compileTransactionMessage(
    pipe(
      createTransactionMessage({ version: 0 }),
      (m) => setTransactionMessageFeePayer(address(PAYER), m),
      (m) => setTransactionMessageLifetimeUsingBlockhash({ blockhash: BLOCKHASH, lastValidBlockHeight: 0n }, m),
      (m) => appendTransactionMessageInstructions(kitInstructions, m),
    ),
  );
}

describe('encodeMessageV0', () => {
  it('writes the bytes kit writes, for one and for several instructions', () => {
    const encoder = getCompiledTransactionMessageEncoder();
    const one = compiled([systemTransfer(PAYER, OTHER, 5n)]);
    const several = compiled([systemTransfer(PAYER, OTHER, 5n), tokenTransfer(OTHER, PAYER, PAYER, 7n), systemTransfer(PAYER, USDC_MINT, 1n)]);
    expect(encodeMessageV0(one)).toEqual(new Uint8Array(encoder.encode(one)));
    expect(encodeMessageV0(several)).toEqual(new Uint8Array(encoder.encode(several)));
  });

  it('refuses a message with address table lookups', () => {
    const message = { ...compiled([systemTransfer(PAYER, OTHER, 5n)]), addressTableLookups: [{ lookupTableAddress: address(OTHER), writableIndexes: [1], readonlyIndexes: [] }] };
    expect(() => encodeMessageV0(message)).toThrow('encodeMessageV0: address table lookups are not supported by the embedded environment');
  });
});

describe('signEd25519', () => {
  it('gives the signature WebCrypto gives for the same key and message', async () => {
    const keyPair = await deriveKeyPairFromLabel('transaction-wire-spec');
    const message = encodeMessageV0(compiled([systemTransfer(PAYER, OTHER, 5n)]));
    const webCrypto = new Uint8Array(await crypto.subtle.sign('Ed25519', keyPair.privateKey, message));
    expect(signEd25519(keyPair.privateKey, message)).toEqual(webCrypto);
    expect(signEd25519(keyPair.privateKey, message)).toHaveLength(64);
  });
});
