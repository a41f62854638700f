import { sql } from 'kysely';
import type { Executor, Trx } from '../../db/database.js';
import type { AuditEntriesTable } from '../../db/schema.js';

/**
 * Reserves the next sequence number by incrementing the head row first. The UPDATE takes a row lock
 * on PostgreSQL and the write lock on SQLite, so two writers can never get the same seq (no forks).
 * Returns the reserved seq and the hash of the entry before it.
 */
export async function reserveNextSeq(trx: Trx): Promise<{ seq: number; prevHash: string }> {
  const row = await trx
    .updateTable('audit_head')
    .set({ entry_count: sql`entry_count + 1` })
    .where('id', '=', 1)
    .returning(['entry_count', 'last_hash'])
    .executeTakeFirstOrThrow();
  return { seq: Number(row.entry_count), prevHash: row.last_hash };
}

export async function insertEntry(trx: Trx, entry: AuditEntriesTable): Promise<void> {
  await trx.insertInto('audit_entries').values(entry).execute();
  await trx.updateTable('audit_head').set({ last_hash: entry.hash }).where('id', '=', 1).execute();
}

export async function findHash(db: Executor, seq: number): Promise<string | undefined> {
  const row = await db.selectFrom('audit_entries').select('hash').where('seq', '=', seq).executeTakeFirst();
  return row?.hash;
}

export async function getHead(db: Executor) {
  const row = await db.selectFrom('audit_head').select(['entry_count', 'last_hash']).where('id', '=', 1).executeTakeFirstOrThrow();
  return { entry_count: Number(row.entry_count), last_hash: row.last_hash };
}

/** Entries in seq order, in pages, so verifying a long chain keeps memory flat. */
export async function* iterateEntries(db: Executor, pageSize = 5000) {
  let after = 0;
  for (;;) {
    const rows = await db.selectFrom('audit_entries').selectAll().where('seq', '>', after).orderBy('seq').limit(pageSize).execute();
    for (const row of rows) yield { ...row, seq: Number(row.seq) };
    if (rows.length < pageSize) return;
    after = Number(rows[rows.length - 1]!.seq);
  }
}

export async function listEntries(
  db: Executor,
  filter: { incidentId?: string; beforeSeq?: number; limit: number },
): Promise<AuditEntriesTable[]> {
  let q = db.selectFrom('audit_entries').selectAll().orderBy('seq', 'desc').limit(filter.limit);
  if (filter.incidentId) q = q.where('incident_id', '=', filter.incidentId);
  if (filter.beforeSeq) q = q.where('seq', '<', filter.beforeSeq);
  const rows = await q.execute();
  return rows.map((r) => ({ ...r, seq: Number(r.seq) }));
}
