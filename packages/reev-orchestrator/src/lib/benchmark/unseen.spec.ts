import { USDC_MINT } from '@reev/types';
import { benchmarkFromYaml, createTestReev, type TestReev } from '../test-support/test-reev';

const SYSTEM = '11111111111111111111111111111111';
const TOKEN = 'TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA';

/** Benchmarks the deterministic agent has never seen: other amounts, tokens and phrasings. */
const wallet = (lamports: number) => `
  - pubkey: USER_WALLET_PUBKEY
    owner: "${SYSTEM}"
    lamports: ${lamports}`;
const usdcAccount = (name: string, owner: string, amount: number) => `
  - pubkey: ${name}
    owner: ${TOKEN}
    lamports: 2039280
    data: { mint: ${USDC_MINT}, owner: ${owner}, amount: "${amount}" }`;

describe('benchmarks the deterministic agent has not seen', () => {
  let reev: TestReev;
  beforeAll(() => {
    reev = createTestReev();
  });
  afterAll(() => reev.close());

  it('transfers 0.25 SOL phrased differently', async () => {
    const result = await reev.gateway.executeBenchmark(
      benchmarkFromYaml(`
id: unseen-sol
initial_state:${wallet(2_000_000_000)}
  - { pubkey: FRIEND_WALLET_PUBKEY, owner: "${SYSTEM}", lamports: 5000000 }
prompt: "Could you transfer 0.25 sol over to my friend at FRIEND_WALLET_PUBKEY, please?"
ground_truth:
  final_state_assertions:
    - { type: SolBalance, pubkey: FRIEND_WALLET_PUBKEY, expected: 255000000 }
    - { type: SolBalanceChange, pubkey: USER_WALLET_PUBKEY, expected_change: -250005000 }
`),
      'deterministic',
    );
    expect(result.score).toBe(1);
  });

  it('sends 7.5 USDC to a wallet without a token account (the ATA is created)', async () => {
    const result = await reev.gateway.executeBenchmark(
      benchmarkFromYaml(`
id: unseen-spl-new-ata
initial_state:${wallet(1_000_000_000)}${usdcAccount('USER_USDC_ATA', 'USER_WALLET_PUBKEY', 20_000_000)}
  - { pubkey: SHOP_WALLET_PUBKEY, owner: "${SYSTEM}", lamports: 0 }
prompt: "Pay 7.5 USDC to SHOP_WALLET_PUBKEY."
ground_truth:
  final_state_assertions:
    - type: TokenAccountBalance
      pubkey: SHOP_USDC
      address_derivation: { type: AssociatedTokenAccount, owner: SHOP_WALLET_PUBKEY, mint: ${USDC_MINT} }
      expected: 7500000
    - { type: TokenAccountBalance, pubkey: USER_USDC_ATA, expected: 12500000 }
`),
      'deterministic',
    );
    expect(result.breakdown.assertionChecks.map((check) => check.matched)).toEqual([true, true]);
    expect(result.score).toBe(1);
  });

  it('converts USDC back to SOL at an overridden market price', async () => {
    const result = await reev.gateway.executeBenchmark(
      benchmarkFromYaml(`
id: unseen-swap-usdc-sol
market: { prices_usd: { SOL: 200 } }
initial_state:${wallet(1_000_000_000)}${usdcAccount('USER_USDC_ATA', 'USER_WALLET_PUBKEY', 1_000_000_000)}
prompt: "Exchange 1,000 USDC into SOL on Jupiter."
ground_truth:
  final_state_assertions:
    - { type: SolBalanceChange, pubkey: USER_WALLET_PUBKEY, expected_change: 5000000000 }
    - { type: TokenAccountBalance, pubkey: USER_USDC_ATA, expected: 0 }
`),
      'deterministic',
    );
    expect(result.score).toBe(1);
  });

  it('a prompt it cannot understand fails the benchmark without any tool call', async () => {
    const result = await reev.gateway.executeBenchmark(
      benchmarkFromYaml(`
id: unseen-nonsense
initial_state:${wallet(1_000_000_000)}
prompt: "Write me a poem about the blockchain."
ground_truth:
  expected_tool_calls: [{ tool_name: sol_transfer }]
`),
      'deterministic',
    );
    expect(result.steps[0].result.tool_calls).toEqual([]);
    expect(result.steps[0].result.error_message).toMatch(/could not understand/);
    expect(result.passed).toBe(false);
  });

  it('a transfer from an account that does not exist fails on chain with a readable error', async () => {
    const result = await reev.gateway.executeBenchmark(
      benchmarkFromYaml(`
id: unseen-missing-account
initial_state:${wallet(1_000_000_000)}
  - { pubkey: RECIPIENT_WALLET_PUBKEY, owner: "${SYSTEM}", lamports: 0 }
prompt: "Send 5 USDC to RECIPIENT_WALLET_PUBKEY."
ground_truth:
  expected_tool_calls: [{ tool_name: spl_transfer }]
`),
      'deterministic',
    );
    const [call] = result.steps[0].result.tool_calls;
    expect(call?.status).toBe('error');
    expect(call?.error).toMatch(/account|exist|not found|insufficient/i);
    expect(result.score).toBeLessThan(1);
  });
});
