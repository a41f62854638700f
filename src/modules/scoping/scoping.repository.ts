import { sql } from 'kysely';
import type { ScopingFilesTable, ScopingReviewsTable, ScopingRunsTable, ScopingUnmatchedTable } from '../../db/schema.js';
import type { DialectName } from '../../db/database.js';
import type { Executor } from '../../db/database.js';

/** Rows per multi-row INSERT: well under SQLite's 32,766 and PostgreSQL's 65,535 bound parameters. */
const BATCH = 2000;

async function insertBatched<T>(rows: readonly T[], insert: (batch: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += BATCH) await insert(rows.slice(i, i + BATCH));
}

export const insertRun = (db: Executor, row: ScopingRunsTable) => db.insertInto('scoping_runs').values(row).execute();

export const findRun = (db: Executor, id: string) => db.selectFrom('scoping_runs').selectAll().where('id', '=', id).executeTakeFirst();

export const listRuns = (db: Executor, incidentId: string, limit = 20) =>
  db.selectFrom('scoping_runs').selectAll().where('incident_id', '=', incidentId).orderBy('id', 'desc').limit(limit).execute();

export const updateRun = (db: Executor, id: string, patch: Partial<Omit<ScopingRunsTable, 'id' | 'incident_id'>>) =>
  db.updateTable('scoping_runs').set(patch).where('id', '=', id).execute();

/** Runs still queued or running for an incident (a new run waits for them through the job queue). */
export const listActiveRuns = (db: Executor, incidentId: string) =>
  db
    .selectFrom('scoping_runs')
    .select(['id', 'status'])
    .where('incident_id', '=', incidentId)
    .where('status', 'in', ['queued', 'running'])
    .execute();

export const insertFile = (db: Executor, row: ScopingFilesTable) => db.insertInto('scoping_files').values(row).execute();

export const findFile = (db: Executor, id: string) => db.selectFrom('scoping_files').selectAll().where('id', '=', id).executeTakeFirst();

export const listFiles = (db: Executor, incidentId: string) =>
  db.selectFrom('scoping_files').selectAll().where('incident_id', '=', incidentId).orderBy('id').execute();

export const listRunFiles = (db: Executor, runId: string) =>
  db.selectFrom('scoping_files').selectAll().where('run_id', '=', runId).orderBy('id').execute();

/** A file of the incident already scanned (or about to be) with the same content: adding it again changes nothing. */
export const findFileByHash = (db: Executor, incidentId: string, sha256: string) =>
  db
    .selectFrom('scoping_files')
    .select(['id', 'name', 'status'])
    .where('incident_id', '=', incidentId)
    .where('sha256', '=', sha256)
    .where('status', 'in', ['queued', 'running', 'done', 'failed'])
    .orderBy('id')
    .executeTakeFirst();

export const updateFile = (db: Executor, id: string, patch: Partial<Omit<ScopingFilesTable, 'id' | 'incident_id'>>) =>
  db.updateTable('scoping_files').set(patch).where('id', '=', id).execute();

/** Customers a file showed, before it is replaced: their register rows must be recomputed. */
export async function listFileCustomerIds(db: Executor, fileId: string): Promise<string[]> {
  const rows = await db.selectFrom('scoping_file_exposures').select('customer_id').where('file_id', '=', fileId).execute();
  return rows.map((r) => r.customer_id);
}

/** Removes what a file contributed (before a re-scan writes it again). Reviews are kept: their decisions carry over. */
export async function clearFileResults(db: Executor, fileId: string) {
  await db.deleteFrom('scoping_file_exposures').where('file_id', '=', fileId).execute();
  await db.deleteFrom('scoping_unmatched').where('file_id', '=', fileId).execute();
}

/** Rows per bulk insert: one JSON parameter, so neither the SQL text nor the parameter count grows with it. */
const JSON_BATCH = 20_000;

/**
 * What one file showed about its customers. Rows go in as one JSON array per batch, unpacked by the database
 * (`json_each` on SQLite, `jsonb_array_elements` on PostgreSQL): several times faster than multi-row VALUES
 * lists for the hundreds of thousands of rows a big leak file gives.
 */
export async function insertExposures(
  db: Executor,
  dialect: DialectName,
  target: { fileId: string; incidentId: string },
  rows: ReadonlyArray<{ customer_id: string; type_mask: number; records: number; rule: string }>,
) {
  for (let i = 0; i < rows.length; i += JSON_BATCH) {
    const json = JSON.stringify(rows.slice(i, i + JSON_BATCH).map((r) => [r.customer_id, r.type_mask, r.records, r.rule]));
    const { fileId, incidentId } = target;
    if (dialect === 'postgres')
      await sql`insert into scoping_file_exposures (file_id, customer_id, incident_id, type_mask, records, rule)
        select ${fileId}, x->>0, ${incidentId}, (x->>1)::integer, (x->>2)::bigint, x->>3
        from jsonb_array_elements(${json}::jsonb) as x`.execute(db);
    else
      await sql`insert into scoping_file_exposures (file_id, customer_id, incident_id, type_mask, records, rule)
        select ${fileId}, value->>0, ${incidentId}, value->>1, value->>2, value->>3 from json_each(${json})`.execute(db);
  }
}

export const insertUnmatched = (db: Executor, rows: readonly ScopingUnmatchedTable[]) =>
  insertBatched(rows, (b) => db.insertInto('scoping_unmatched').values(b).execute());

export const listFileReviews = (db: Executor, fileId: string) =>
  db.selectFrom('scoping_reviews').selectAll().where('file_id', '=', fileId).execute();

export const deleteReviews = (db: Executor, ids: readonly string[]) =>
  insertBatched(ids, (b) => db.deleteFrom('scoping_reviews').where('id', 'in', b).execute());

export const insertReviews = (db: Executor, rows: readonly ScopingReviewsTable[]) =>
  insertBatched(rows, (b) => db.insertInto('scoping_reviews').values(b).execute());

export const findReview = (db: Executor, id: string) =>
  db.selectFrom('scoping_reviews').selectAll().where('id', '=', id).executeTakeFirst();

export const updateReview = (db: Executor, id: string, patch: Partial<Omit<ScopingReviewsTable, 'id' | 'incident_id'>>) =>
  db.updateTable('scoping_reviews').set(patch).where('id', '=', id).execute();

export const listReviews = (db: Executor, incidentId: string, status: string | null, limit: number, afterId: string | null) => {
  let q = db.selectFrom('scoping_reviews').selectAll().where('incident_id', '=', incidentId);
  if (status) q = q.where('status', '=', status);
  if (afterId) q = q.where('id', '>', afterId);
  return q.orderBy('id').limit(limit).execute();
};

export async function countReviews(db: Executor, incidentId: string) {
  const rows = await db
    .selectFrom('scoping_reviews')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('incident_id', '=', incidentId)
    .groupBy('status')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)])) as Record<string, number>;
}

/**
 * What the files and the review decisions say about some customers of an incident: one row per
 * (source, customer). Resolved reviews count as a source of their file.
 */
export async function listEvidenceFor(db: Executor, incidentId: string, customerIds: readonly string[]) {
  const out: Array<{ customer_id: string; file_id: string; type_mask: number; records: number; rule: string }> = [];
  for (let i = 0; i < customerIds.length; i += BATCH) {
    const ids = customerIds.slice(i, i + BATCH);
    const exposures = await db
      .selectFrom('scoping_file_exposures')
      .select(['customer_id', 'file_id', 'type_mask', 'records', 'rule'])
      .where('incident_id', '=', incidentId)
      .where('customer_id', 'in', ids)
      .execute();
    const reviews = await db
      .selectFrom('scoping_reviews')
      .select(['resolved_customer_id', 'file_id', 'type_mask', 'rule'])
      .where('incident_id', '=', incidentId)
      .where('status', '=', 'matched')
      .where('resolved_customer_id', 'in', ids)
      .execute();
    for (const e of exposures) out.push({ ...e, type_mask: Number(e.type_mask), records: Number(e.records) });
    for (const r of reviews)
      out.push({ customer_id: r.resolved_customer_id!, file_id: r.file_id, type_mask: Number(r.type_mask), records: 1, rule: r.rule });
  }
  return out;
}

export async function deleteRegisterRows(db: Executor, incidentId: string, customerIds: readonly string[]) {
  await insertBatched(customerIds, (b) =>
    db.deleteFrom('scoping_register').where('incident_id', '=', incidentId).where('customer_id', 'in', b).execute(),
  );
}

export const insertRegisterRows = (
  db: Executor,
  rows: ReadonlyArray<{
    incident_id: string;
    customer_id: string;
    type_mask: number;
    records: number;
    files: number;
    rule: string;
    jurisdiction: string;
    updated_at: string;
  }>,
) => insertBatched(rows, (b) => db.insertInto('scoping_register').values(b).execute());

/** Jurisdiction of customers by id. */
export async function customerJurisdictions(db: Executor, ids: readonly string[]): Promise<Map<string, string>> {
  const map = new Map<string, string>();
  for (let i = 0; i < ids.length; i += BATCH) {
    const rows = await db
      .selectFrom('customers')
      .select(['id', 'jurisdiction'])
      .where('id', 'in', ids.slice(i, i + BATCH))
      .execute();
    for (const r of rows) map.set(r.id, r.jurisdiction);
  }
  return map;
}

/** The register of an incident, one page, with the shop's customer reference; filters are exact. */
export function listRegister(
  db: Executor,
  incidentId: string,
  opts: { jurisdiction?: string; typeBit?: number; customerRef?: string; afterId?: string | null; limit: number },
) {
  let q = db
    .selectFrom('scoping_register as r')
    .innerJoin('customers as c', 'c.id', 'r.customer_id')
    .select(['r.customer_id', 'c.customer_ref', 'r.type_mask', 'r.records', 'r.files', 'r.rule', 'r.jurisdiction', 'r.updated_at'])
    .where('r.incident_id', '=', incidentId);
  if (opts.jurisdiction) q = q.where('r.jurisdiction', '=', opts.jurisdiction);
  if (opts.typeBit) q = q.where(sql<number>`(r.type_mask & ${opts.typeBit})`, '!=', 0);
  if (opts.customerRef) q = q.where('c.customer_ref', '=', opts.customerRef);
  if (opts.afterId) q = q.where('r.customer_id', '>', opts.afterId);
  return q.orderBy('r.customer_id').limit(opts.limit).execute();
}

/** Affected people grouped by jurisdiction and exact set of data types: the input the obligations engine needs. */
export async function registerGroups(db: Executor, incidentId: string) {
  const rows = await db
    .selectFrom('scoping_register')
    .select(['jurisdiction', 'type_mask', (eb) => eb.fn.countAll<number>().as('n')])
    .where('incident_id', '=', incidentId)
    .groupBy(['jurisdiction', 'type_mask'])
    .execute();
  return rows.map((r) => ({ jurisdiction: r.jurisdiction, type_mask: Number(r.type_mask), count: Number(r.n) }));
}

/** Sources of one customer in an incident, with file names. */
export const listCustomerSources = (db: Executor, incidentId: string, customerId: string) =>
  db
    .selectFrom('scoping_file_exposures as e')
    .innerJoin('scoping_files as f', 'f.id', 'e.file_id')
    .select(['f.id as file_id', 'f.name', 'e.records', 'e.type_mask', 'e.rule'])
    .where('e.incident_id', '=', incidentId)
    .where('e.customer_id', '=', customerId)
    .orderBy('f.id')
    .execute();

/** Unmatched individuals of an incident, one row per (file, person key): merged by key in the service. */
export function listUnmatched(db: Executor, incidentId: string, opts: { keys?: readonly string[]; limit: number }) {
  let q = db
    .selectFrom('scoping_unmatched as u')
    .innerJoin('scoping_files as f', 'f.id', 'u.file_id')
    .select(['u.key_bidx', 'u.contact_enc', 'u.type_mask', 'u.records', 'f.name as file_name'])
    .where('u.incident_id', '=', incidentId);
  if (opts.keys) q = q.where('u.key_bidx', 'in', [...opts.keys, '']);
  return q.orderBy('u.key_bidx').orderBy('u.file_id').limit(opts.limit).execute();
}

export async function countUnmatchedPeople(db: Executor, incidentId: string): Promise<number> {
  const row = await db
    .selectFrom('scoping_unmatched')
    .select(sql<number>`count(distinct key_bidx)`.as('n'))
    .where('incident_id', '=', incidentId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Register rows of an incident in customer order, for the CSV export (streamed page by page). */
export const registerPage = (db: Executor, incidentId: string, afterId: string | null, limit: number) =>
  listRegister(db, incidentId, { afterId, limit });

/** Bits of the data-type mask (the vocabulary has 21 types; 24 leaves room to add some). */
const MASK_BITS = 24;

/**
 * Rebuilds, in the database, the register rows of every customer a file showed: the union of all files'
 * exposures and matched review decisions of the incident. The bitwise OR of the masks is written as the sum
 * over bits of max(mask & bit), which both SQLite and PostgreSQL can aggregate. One statement pair however many
 * customers the file holds, instead of a round trip per batch.
 */
export async function rebuildRegisterForFile(db: Executor, incidentId: string, fileId: string, at: string) {
  const touched = sql`(select customer_id from scoping_file_exposures where file_id = ${fileId})`;
  await sql`delete from scoping_register where incident_id = ${incidentId} and customer_id in ${touched}`.execute(db);
  const orOfMasks = sql.join(
    Array.from({ length: MASK_BITS }, (_v, i) => sql`max(s.type_mask & ${sql.lit(1 << i)})`),
    sql` + `,
  );
  await sql`
    insert into scoping_register (incident_id, customer_id, type_mask, records, files, rule, jurisdiction, updated_at)
    select ${incidentId}, g.customer_id, g.type_mask, g.records, g.files,
           case g.rank when 3 then 'email' when 2 then 'phone_last_name' else 'name_postal_code' end,
           c.jurisdiction, ${at}
    from (
      select s.customer_id, ${orOfMasks} as type_mask, sum(s.records) as records, count(distinct s.file_id) as files,
             max(case s.rule when 'email' then 3 when 'phone_last_name' then 2 else 1 end) as rank
      from (
        select customer_id, file_id, type_mask, records, rule from scoping_file_exposures
          where incident_id = ${incidentId} and customer_id in ${touched}
        union all
        select resolved_customer_id as customer_id, file_id, type_mask, 1 as records, rule from scoping_reviews
          where incident_id = ${incidentId} and status = 'matched' and resolved_customer_id in ${touched}
      ) s
      group by s.customer_id
    ) g
    join customers c on c.id = g.customer_id`.execute(db);
}
