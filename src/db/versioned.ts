import type { Updateable } from 'kysely';
import { conflict } from '../core/errors.js';
import type { Executor } from '../db/database.js';
import type { Database } from './schema.js';

type VersionedTable = { [T in keyof Database]: Database[T] extends { id: string; version: number } ? T : never }[keyof Database];

/**
 * Optimistic-concurrency update shared by every editable record: the row changes only when its stored
 * version equals `expectedVersion`; otherwise a CONFLICT (HTTP 409) says so and nothing is written.
 */
export async function updateVersioned<T extends VersionedTable>(
  db: Executor,
  table: T,
  id: string,
  expectedVersion: number,
  patch: Updateable<Database[T]>,
): Promise<void> {
  // Kysely cannot narrow a generic table name, so the builder is used untyped here; callers stay typed.
  const res = await db
    .updateTable(table as 'incidents')
    .set({ ...(patch as object), version: expectedVersion + 1 })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) {
    const current = await db
      .selectFrom(table as 'incidents')
      .select('version')
      .where('id', '=', id)
      .executeTakeFirst();
    throw conflict('This record was changed by someone else since you loaded it; reload and apply your change again', {
      expected_version: expectedVersion,
      current_version: current?.version ?? null,
    });
  }
}

/** Next value of a named counter (incident numbers), atomic on both dialects. */
export async function nextCounter(db: Executor, name: string): Promise<number> {
  const row = await db
    .insertInto('counters')
    .values({ name, value: 1 })
    .onConflict((oc) => oc.column('name').doUpdateSet((eb) => ({ value: eb('counters.value', '+', 1) })))
    .returning('value')
    .executeTakeFirstOrThrow();
  return Number(row.value);
}
