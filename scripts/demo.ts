import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { count } from 'drizzle-orm';
import { closeDatabase, configuredTarget, getDb } from '@/db/client';
import { migratePostgres } from '@/db/migrate';
import { tracks } from '@/db/schema';
import { seedDemoCatalogue } from '@/lib/demo-seed';
import { ensureBuild } from './next-build';

const port = Number(process.env.PORT ?? 3000);
const distDir = process.env.NEXT_DIST_DIR || '.next';

ensureBuild(distDir);

const target = configuredTarget();
if (target.kind === 'postgres') await migratePostgres(target);
const db = await getDb();
const [{ value: existing } = { value: 0 }] = await db.select({ value: count() }).from(tracks);
if (existing === 0) {
  console.log('Loading the demo catalogue...');
  const seeded = await seedDemoCatalogue(db);
  console.log(`Loaded ${seeded.tracks} tracks and ${seeded.points.toLocaleString('en-US')} daily points.`);
} else {
  console.log(`The database already holds ${existing} tracks; keeping them.`);
}
await closeDatabase();

const adminToken = process.env.ADMIN_TOKEN || randomBytes(18).toString('base64url');
const app = spawn(process.execPath, [path.join('node_modules', 'next', 'dist', 'bin', 'next'), 'start', '-p', String(port)], {
  stdio: 'inherit',
  env: { ...process.env, NEXT_DIST_DIR: distDir, NODE_ENV: 'production', ADMIN_TOKEN: adminToken },
});
console.log(`\nAudience is running at http://localhost:${port}`);
console.log(`Try: curl http://localhost:${port}/soundcharts/audience/chart/7d534228-5165-11e9-9375-549f35161576/spotify/?limit=3`);
if (!process.env.ADMIN_TOKEN) console.log(`Admin token for this run: ${adminToken}`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.kill(signal));
app.on('exit', (code) => process.exit(code ?? 0));
