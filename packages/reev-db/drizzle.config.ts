import { defineConfig } from 'drizzle-kit';

// Regenerate with `npm run db:generate` (or `npx nx run reev-db:db:generate`) after changing the schema.
export default defineConfig({
  dialect: 'sqlite',
  schema: './src/lib/schema.ts',
  out: './drizzle',
});
