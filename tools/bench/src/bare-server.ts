// A bare Fastify server answering {} on GET /: the ceiling any Fastify route on this machine can reach.
// Run as a child process by the bench; prints {"port": n} once listening.
import Fastify from 'fastify';

async function main(): Promise<void> {
  const app = Fastify({ logger: false });
  app.get('/', () => Promise.resolve({}));
  await app.listen({ host: '127.0.0.1', port: 0 });
  const listening = app.server.address();
  if (listening === null || typeof listening === 'string') throw new Error(`bare server: unexpected address ${String(listening)}`);
  process.stdout.write(`${JSON.stringify({ port: listening.port })}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
