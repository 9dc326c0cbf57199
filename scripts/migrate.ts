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
