import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { originalBenchmarksDir } from '@reev/testing';
import { type TestCase, TestCaseSchema } from '@reev/types';
import { parse } from 'yaml';
import { addressFor, DEFAULT_MARKET, FakeToolEdge } from './fake-tool-edge';

const SYSTEM_PROGRAM = '11111111111111111111111111111111';
const TOKEN_PROGRAM = 'TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA';

export function loadOriginalBenchmark(id: string): TestCase {
  const directory = originalBenchmarksDir();
  const file = readdirSync(directory).find((name) => name.startsWith(`${id}-`) && name.endsWith('.yml'));
  if (file === undefined) throw new Error(`no original benchmark ${id}-*.yml in ${directory}`);
  return TestCaseSchema.parse(parse(readFileSync(join(directory, file), 'utf8')));
}

/** A fake tool edge holding the benchmark's initial_state (wallets first, then token accounts). */
export function edgeForBenchmark(testCase: TestCase, market = DEFAULT_MARKET): FakeToolEdge {
  const edge = new FakeToolEdge(addressFor(`${testCase.id}|USER_WALLET_PUBKEY`), market);
  for (const item of testCase.initial_state) {
    if (item.owner === SYSTEM_PROGRAM) edge.fundWallet(item.pubkey, BigInt(item.lamports ?? 0), item.pubkey === 'USER_WALLET_PUBKEY' ? edge.wallet : addressFor(`${testCase.id}|${item.pubkey}`));
  }
  for (const item of testCase.initial_state) {
    if (item.owner !== TOKEN_PROGRAM || item.data === undefined || !('mint' in item.data)) continue;
    const { mint, owner, amount } = item.data as { mint: string; owner: string; amount: number };
    const ownerAddress = edge.keyMap[owner];
    if (ownerAddress === undefined) throw new Error(`${testCase.id}: token account ${item.pubkey} has unknown owner ${owner}`);
    edge.fundTokenAccount(item.pubkey, ownerAddress, mint, BigInt(amount));
  }
  return edge;
}
