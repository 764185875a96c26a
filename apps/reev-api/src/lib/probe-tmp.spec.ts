import { startTestServer } from './test-support/api-test-server';
it('probe', async () => {
  const api = await startTestServer();
  try {
    const show = async (label: string, p: Promise<{ status: number; json: unknown }>) => { const a = await p; console.log(label, a.status, JSON.stringify(a.json).slice(0, 300)); };
    await show('proto', api.post('/api/v1/benchmarks/001-sol-transfer/run', JSON.parse('{"agent":"deterministic","__proto__":{"x":1}}')));
    await show('null', api.post('/api/v1/benchmarks/001-sol-transfer/run', null));
    await show('limit', api.get('/api/v1/benchmarks/001-sol-transfer?limit=0x10'));
    await show('init', api.post('/api/v1/benchmarks/execute-direct', { prompt: 'send 1 SOL to RECIPIENT_WALLET_PUBKEY', initial_state: [{ pubkey: 'not-a-key!!', owner: '11111111111111111111111111111111', lamports: 1000000000 }] }));
    await show('init2', api.post('/api/v1/benchmarks/execute-direct', { prompt: 'send 1 SOL to RECIPIENT_WALLET_PUBKEY', initial_state: [{ pubkey: 'OTHER_WALLET', owner: '11111111111111111111111111111111', lamports: 1000000000 }] }));
    await show('health', api.get('/api/v1/health'));
  } finally { await api.close(); }
}, 60000);
