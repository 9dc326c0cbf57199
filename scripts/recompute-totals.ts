import { closeDatabase, configuredTarget, getDb, migratePostgres } from '@/db/client';
import { recomputeStoredTotals } from '@/lib/ingest/recompute-totals';

// Recomputes every stored total from the raw plots kept in api_data, spending no SoundCharts call.
const target = configuredTarget();
if (target.kind === 'postgres') await migratePostgres(target);
try {
  const summary = await recomputeStoredTotals(await getDb(), (done, total) => {
    if (process.stdout.isTTY) process.stdout.write(`\r  ${done}/${total} track-platform series`);
  });
  if (process.stdout.isTTY) process.stdout.write('\n');
  console.log(
    `Recomputed ${summary.pairs} series from their kept raw plots: ${summary.identifierValues} identifier values, ` +
      `${summary.daysChanged} daily totals changed.`,
  );
} finally {
  await closeDatabase();
}
