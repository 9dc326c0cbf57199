import { desc } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { adminAudit } from '@/db/schema';

export type AuditEntry = { admin: string; action: string; target: string; summary: string; detail: Record<string, unknown> };
export type AuditRecord = AuditEntry & { id: number; at: Date };

/** Records a change in the transaction that makes it, so that no change lands unrecorded. */
export async function recordAudit(tx: Database, entry: AuditEntry, at: Date = new Date()): Promise<void> {
  await tx.insert(adminAudit).values({ ...entry, at });
}

/** The latest changes, newest first. */
export async function listAudit(db: Database, limit: number): Promise<AuditRecord[]> {
  const rows = await db.select().from(adminAudit).orderBy(desc(adminAudit.at), desc(adminAudit.id)).limit(limit);
  return rows.map((row) => ({ ...row, detail: (row.detail ?? {}) as Record<string, unknown> }));
}
