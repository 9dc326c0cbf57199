// First: the .env files must be in process.env before any module reads it.
import './load-env';
import { closeDatabase, configuredTarget, getDatabase, migratePostgres } from '@/db/client';

const target = configuredTarget();
if (target.kind === 'postgres') {
  await migratePostgres(target);
  console.log('Migrations applied to the PostgreSQL database in DATABASE_URL.');
} else {
  await getDatabase();
  await closeDatabase();
  console.log(`Migrations applied to the embedded database in ${target.dir}.`);
}
