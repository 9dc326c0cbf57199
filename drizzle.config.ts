import { defineConfig } from 'drizzle-kit';
import { loadEnvFiles } from './scripts/env-files';

// drizzle-kit studio and check connect to the database the app uses: DATABASE_URL from the
// environment or the .env files, as the other scripts read it. Without it, generate still works
// (it needs no database), and studio says there is nothing to connect to.
loadEnvFiles(process.cwd(), process.env.NODE_ENV !== 'production');
const url = process.env.DATABASE_URL || undefined;

export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema.ts',
  out: './db/migrations',
  ...(url ? { dbCredentials: { url } } : {}),
});
