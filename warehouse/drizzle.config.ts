import { defineConfig } from 'drizzle-kit';

// `npm run gen:migrations` writes a new SQL migration from changes to the schema.
export default defineConfig({
  dialect: 'postgresql',
  schema: './warehouse/src/db/schema.ts',
  out: './warehouse/migrations',
});
