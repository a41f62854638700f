import { CompiledQuery, sql } from 'kysely';
import type { CustomerImportsTable, CustomersTable } from '../../db/schema.js';
import type { Executor } from '../../db/database.js';

/** Rows per upsert statement: 12 parameters a row stays under SQLite's 32,766 and PostgreSQL's 65,535 bound parameters. */
export const UPSERT_BATCH = 2000;

export const insertImport = (db: Executor, row: CustomerImportsTable) => db.insertInto('customer_imports').values(row).execute();

export const finishImport = (
  db: Executor,
  id: string,
  patch: Pick<CustomerImportsTable, 'rows_read' | 'inserted' | 'updated' | 'skipped' | 'errors_json' | 'status' | 'finished_at' | 'sha256'>,
) => db.updateTable('customer_imports').set(patch).where('id', '=', id).execute();

/** Import history, newest first. */
export const listImports = (db: Executor, limit: number) =>
  db.selectFrom('customer_imports').selectAll().orderBy('started_at', 'desc').orderBy('id', 'desc').limit(limit).execute();

/** Which of these customer references are stored, and by which import they were last written. */
export const existingRefs = (db: Executor, refs: readonly string[]) =>
  refs.length === 0
    ? Promise.resolve([])
    : db.selectFrom('customers').select(['customer_ref', 'import_id']).where('customer_ref', 'in', refs).execute();

export const customerColumns = [
  'id',
  'customer_ref',
  'contact_enc',
  'email_bidx',
  'phone_bidx',
  'name_bidx',
  'country',
  'region',
  'jurisdiction',
  'import_id',
  'created_at',
  'updated_at',
] as const satisfies ReadonlyArray<keyof CustomersTable>;
// On conflict everything but the id and the creation time is replaced.
const updatedColumns = customerColumns.filter((c) => c !== 'id' && c !== 'customer_ref' && c !== 'created_at');

const placeholderStyle = new WeakMap<Executor, boolean>();
/** Whether the executor speaks PostgreSQL ($1 placeholders) rather than SQLite (?). */
function usesNumberedParams(db: Executor): boolean {
  let pg = placeholderStyle.get(db);
  if (pg === undefined) {
    pg = db.selectFrom('customers').select('id').where('id', '=', '').compile().sql.includes('$1');
    placeholderStyle.set(db, pg);
  }
  return pg;
}

const upsertText = new Map<string, string>();
/**
 * The upsert statement for `n` rows, built once per size and dialect. A batch of thousands of rows
 * through the query builder costs more in building and compiling the statement than in running it.
 */
function upsertStatement(n: number, pg: boolean): string {
  const key = `${pg ? 'pg' : 'sqlite'}:${n}`;
  let text = upsertText.get(key);
  if (text) return text;
  const width = customerColumns.length;
  const tuples: string[] = [];
  for (let i = 0; i < n; i++) {
    const ps: string[] = [];
    for (let c = 0; c < width; c++) ps.push(pg ? `$${i * width + c + 1}` : '?');
    tuples.push(`(${ps.join(', ')})`);
  }
  text =
    `insert into "customers" (${customerColumns.map((c) => `"${c}"`).join(', ')}) values ${tuples.join(', ')} ` +
    `on conflict ("customer_ref") do update set ${updatedColumns.map((c) => `"${c}" = excluded."${c}"`).join(', ')} ` +
    // A row this import already wrote (a repeated id in the file) is left alone and not returned.
    `where "customers"."import_id" is distinct from excluded."import_id" returning "id", "customer_ref"`;
  upsertText.set(key, text);
  return text;
}

/**
 * Inserts new customers and updates the stored ones by customer_ref (id and created_at of a stored customer are
 * kept), except those the same import wrote already. Returns id and reference of every row written: an inserted
 * row has the id that was passed in, an updated one its stored id; a row not returned was skipped.
 */
export async function upsertCustomers(db: Executor, rows: readonly CustomersTable[]) {
  const params: unknown[] = [];
  for (const r of rows) for (const c of customerColumns) params.push(r[c]);
  return upsertCustomerParams(db, params);
}

/** `upsertCustomers` with the values already flat: `customerColumns.length` per row, in that order. */
export async function upsertCustomerParams(db: Executor, params: unknown[]): Promise<Array<{ id: string; customer_ref: string }>> {
  if (params.length === 0) return [];
  const n = params.length / customerColumns.length;
  if (!Number.isInteger(n)) throw new Error('upsert parameters are not whole rows');
  if (params.length > 32_766) throw new Error(`upsert batch of ${n} rows exceeds the bound-parameter limit`);
  const r = await db.executeQuery<{ id: string; customer_ref: string }>(
    CompiledQuery.raw(upsertStatement(n, usesNumberedParams(db)), params),
  );
  return r.rows;
}

/**
 * SQLite page cache of the connection in KiB (SQLite's default is 2 MiB). A large import touches pages all
 * over three hash indexes; a bigger cache for its duration avoids re-reading them. No-op on PostgreSQL.
 */
export async function setSqliteCacheKiB(db: Executor, kib: number): Promise<void> {
  if (usesNumberedParams(db)) return;
  await sql.raw(`pragma cache_size = -${Math.floor(kib)}`).execute(db);
}

/**
 * The blind-index indexes of `customers` (as migration 0003 creates them). A first import into an empty table
 * drops them and builds them once at the end: one sort per index instead of millions of inserts at random
 * places, which is what limits a large import. Re-imports keep them (lookups stay fast during the import).
 */
const bidxIndexes = [
  ['customers_email_bidx', 'email_bidx'],
  ['customers_phone_bidx', 'phone_bidx'],
  ['customers_name_bidx', 'name_bidx'],
] as const;

export const hasCustomers = async (db: Executor) => (await db.selectFrom('customers').select('id').limit(1).execute()).length > 0;

export async function dropBlindIndexIndexes(db: Executor): Promise<void> {
  for (const [name] of bidxIndexes) await db.schema.dropIndex(name).ifExists().execute();
}

/** Creates the blind-index indexes that are missing (after a first import, or one that was interrupted). */
export async function ensureBlindIndexIndexes(db: Executor): Promise<void> {
  for (const [name, column] of bidxIndexes) await db.schema.createIndex(name).ifNotExists().on('customers').column(column).execute();
}

const publicColumns = ['id', 'customer_ref', 'contact_enc', 'jurisdiction', 'country', 'region', 'created_at', 'updated_at'] as const;

/** Customers whose blind indexes (any of the given stored forms) or reference equal the given ones. */
export function findByKeys(
  db: Executor,
  q: { email?: readonly string[]; phone?: readonly string[]; name?: readonly string[]; customerRef?: string | null },
  limit: number,
) {
  return db
    .selectFrom('customers')
    .select(publicColumns)
    .where((eb) => {
      const ors = [];
      if (q.email?.length) ors.push(eb('email_bidx', 'in', q.email));
      if (q.phone?.length) ors.push(eb('phone_bidx', 'in', q.phone));
      if (q.name?.length) ors.push(eb('name_bidx', 'in', q.name));
      if (q.customerRef) ors.push(eb('customer_ref', '=', q.customerRef));
      // No usable key matches nothing; a literal comparison, because SQLite cannot bind a boolean.
      return ors.length ? eb.or(ors) : sql<boolean>`1 = 0`;
    })
    .orderBy('customer_ref')
    .limit(limit)
    .execute();
}

/** Customers by id (customers.id), any order; in batches so a long list stays under the drivers' parameter limits. */
export async function customersByIds(db: Executor, ids: readonly string[]) {
  const out = [];
  for (let i = 0; i < ids.length; i += UPSERT_BATCH)
    out.push(
      ...(await db
        .selectFrom('customers')
        .select(publicColumns)
        .where('id', 'in', ids.slice(i, i + UPSERT_BATCH))
        .execute()),
    );
  return out;
}

/** One page of customers in id order after `after` (keyset pagination: flat cost per page however large the table). */
export const customerPage = (db: Executor, after: string, limit: number) =>
  db
    .selectFrom('customers')
    .select(['id', 'contact_enc', 'country', 'region'])
    .where('id', '>', after)
    .orderBy('id')
    .limit(limit)
    .execute();

/** customers.id ↔ customer_ref and jurisdiction, for ids or for references. */
export function refsOf(db: Executor, by: { ids?: readonly string[]; refs?: readonly string[] }) {
  const q = db.selectFrom('customers').select(['id', 'customer_ref', 'jurisdiction']);
  if (by.ids) return by.ids.length ? q.where('id', 'in', by.ids).execute() : Promise.resolve([]);
  return by.refs?.length ? q.where('customer_ref', 'in', by.refs).execute() : Promise.resolve([]);
}

/** Customers per jurisdiction (no personal data). */
export const jurisdictionCounts = (db: Executor) =>
  db
    .selectFrom('customers')
    .select(['jurisdiction', sql<number>`count(*)`.as('count')])
    .groupBy('jurisdiction')
    .orderBy('jurisdiction')
    .execute();
