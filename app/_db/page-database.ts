import 'server-only';
import { getDb, getReadDb } from '@/db/client';
import type { Database } from '@/db/client';
import { readAdminSession } from '@/app/_auth/session';

/**
 * The database a page reads: a replica for readers, the primary for a signed-in admin, whose page
 * after an action (a refresh, a track added) must show what that action has just written.
 */
export async function pageDatabase(): Promise<Database> {
  return (await readAdminSession()) ? getDb() : getReadDb();
}
