import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Clock } from '../../core/clock.js';
import { type Cipher, cipherSecret } from '../../core/crypto.js';
import { AppError, invalid } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import type { Db } from '../../db/database.js';
import type { Executor } from '../../db/database.js';
import type { AuditService } from '../audit/audit.service.js';
import { type Actor, actorId, authorize } from '../auth/auth.permissions.js';
import { buildCustomerIndex, type CustomerIndex, CustomerIndexBuilder, type CustomerRow } from '../../scan/index.js';
import { customerBlindKeyForms, customerIndexKeys, matchRowOf, type StoredContact } from './customers.contact.js';
import { type DecryptReply, type DecryptRequest, MATCH_FIELDS } from './customers.decrypt.js';
import { type ImportInput, type ImportResult, runImport, startWorker } from './customers.import.js';
import * as repo from './customers.repository.js';
import { customerQuery, type CustomerQuery, importOptions, type ImportOptions } from './customers.schemas.js';

export type CustomerService = ReturnType<typeof createCustomerService>;

/** Rows decrypted per page when reading the whole master (index building). */
export const CUSTOMER_PAGE = 5000;

/** Pages being decrypted ahead of the one being yielded (worker path). */
const PAGES_AHEAD = 3;

type StoredPage = Array<{ id: string; contact_enc: string; country: string | null; region: string | null }>;

/**
 * Every stored customer as the scoping matcher reads it, with id = customers.id (not the shop's reference).
 * Pages of `pageSize` rows in id order (keyset), so memory holds a few pages of plaintext beyond what the
 * caller keeps. When the master fills more than one page and the cipher comes from `createCipher`, a worker
 * thread decrypts while this thread reads the next pages; the rows and their order are the same either way.
 */
export async function* iterateCustomerRows(db: Executor, cipher: Cipher, pageSize = CUSTOMER_PAGE): AsyncGenerator<CustomerRow> {
  const first = await repo.customerPage(db, '', pageSize);
  if (first.length < pageSize || !cipherSecret(cipher)) {
    yield* decryptInThread(db, cipher, pageSize, first);
    return;
  }
  const w = MATCH_FIELDS.length;
  for await (const { page, reply } of decryptedPages(db, cipher, pageSize, first, false)) {
    if (!('fields' in reply)) throw new Error('customer decryption: unexpected reply');
    const f = reply.fields;
    for (let i = 0; i < page.length; i++) {
      const row = page[i]!;
      const o = i * w;
      yield {
        id: row.id,
        email: f[o]!,
        phone: f[o + 1]!,
        first_name: f[o + 2]!,
        last_name: f[o + 3]!,
        full_name: f[o + 4]!,
        postal_code: f[o + 5]!,
        country: row.country,
        region: row.region,
      };
    }
  }
}

/**
 * The scoping match index of every stored customer (`CustomerDirectory.loadIndex`). With a master of more
 * than one page the worker thread decrypts and also encodes each page (normalization and hashing), so this
 * thread only reads pages and appends the chunks; the index equals `buildCustomerIndex(iterateCustomerRows())`.
 */
export async function buildStoredCustomerIndex(db: Executor, cipher: Cipher, pageSize = CUSTOMER_PAGE): Promise<CustomerIndex> {
  const first = await repo.customerPage(db, '', pageSize);
  if (first.length < pageSize || !cipherSecret(cipher)) return buildCustomerIndex(decryptInThread(db, cipher, pageSize, first));
  const builder = new CustomerIndexBuilder();
  for await (const { reply } of decryptedPages(db, cipher, pageSize, first, true)) {
    if (!('chunk' in reply)) throw new Error('customer decryption: unexpected reply');
    builder.addChunk(reply.chunk);
  }
  return builder.build();
}

/** Pages of stored customers with their decryption (fields, or encoded chunks) done ahead by a worker thread. */
async function* decryptedPages(
  db: Executor,
  cipher: Cipher,
  pageSize: number,
  first: StoredPage,
  encode: boolean,
): AsyncGenerator<{ page: StoredPage; reply: Exclude<DecryptReply, { error: string }> }> {
  // Two threads when encoding too (the heavier work), one per core at most; pages alternate between them.
  const count = encode ? Math.min(2, availableParallelism()) : 1;
  const workers = Array.from({ length: count }, () =>
    startWorker(new URL('./customers.decrypt.ts', import.meta.url), { secret: cipherSecret(cipher) }),
  );
  const waiting = new Map<number, (reply: DecryptReply) => void>();
  let failure: Error | null = null;
  const fail = (err: Error) => {
    failure ??= err;
    for (const resolve of waiting.values()) resolve({ seq: -1, error: err.message });
    waiting.clear();
  };
  for (const worker of workers) {
    worker.on('message', (reply: DecryptReply) => {
      const resolve = waiting.get(reply.seq);
      waiting.delete(reply.seq);
      resolve?.(reply);
    });
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the customer decryption thread stopped (exit code ${code})`)));
  }
  let seq = 0;
  const submit = (page: StoredPage) => {
    const n = seq++;
    const reply = new Promise<DecryptReply>((resolve) => {
      if (failure) resolve({ seq: n, error: failure.message });
      else waiting.set(n, resolve);
    });
    const sealed = page.map((r) => r.contact_enc);
    const request: DecryptRequest = encode
      ? { seq: n, sealed, encode: { ids: page.map((r) => r.id), country: page.map((r) => r.country), region: page.map((r) => r.region) } }
      : { seq: n, sealed };
    workers[n % count]!.postMessage(request);
    return { page, reply };
  };
  try {
    const ahead = [submit(first)];
    let last = first;
    while (ahead.length) {
      // Keep the worker busy: read and send the next pages before waiting for the oldest.
      while (ahead.length < PAGES_AHEAD * count && last.length === pageSize) {
        last = await repo.customerPage(db, last[last.length - 1]!.id, pageSize);
        if (last.length) ahead.push(submit(last));
      }
      const { page, reply } = ahead.shift()!;
      const r = await reply;
      if ('error' in r) throw new Error(r.error);
      yield { page, reply: r };
    }
  } finally {
    for (const worker of workers) worker.removeAllListeners('exit');
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

async function* decryptInThread(
  db: Executor,
  cipher: Cipher,
  pageSize: number,
  first: Array<{ id: string; contact_enc: string; country: string | null; region: string | null }>,
): AsyncGenerator<CustomerRow> {
  let page = first;
  for (;;) {
    if (page.length === 0) return;
    for (const r of page) {
      yield matchRowOf(r.id, JSON.parse(cipher.decrypt(r.contact_enc)) as StoredContact, r.country, r.region);
    }
    if (page.length < pageSize) return;
    page = await repo.customerPage(db, page[page.length - 1]!.id, pageSize);
  }
}

/** customers.id ↔ customer_ref and jurisdiction in bulk (no personal data, no authorization: for other modules' services). */
export const lookupCustomerRefs = repo.refsOf;

class TooLarge extends Error {}

const badOptions = (issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>) =>
  invalid(
    `Invalid import options: ${issues.map((i) => i.message).join('; ')}`,
    issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
  );

/**
 * The customer master: import (file or upload) into the `customers` table with contact data encrypted
 * and blind indexes for lookups, import history, a summary by jurisdiction, and person search.
 */
export function createCustomerService(deps: {
  db: Db;
  clock: Clock;
  cipher: Cipher;
  audit: AuditService;
  /** Uploaded files are kept here while they are imported, then removed. */
  uploadDir: string;
  maxUploadBytes: number;
}) {
  const { db, clock, cipher, audit, uploadDir, maxUploadBytes } = deps;

  /** Imports (or with dry_run previews) a customer master file on the server. */
  async function importFile(
    actor: Actor,
    input: { path: string; fileName?: string } & Partial<ImportOptions>,
    onProgress?: ImportInput['onProgress'],
  ): Promise<ImportResult> {
    authorize(actor, 'customer.import');
    const opts = importOptions.safeParse({ map: input.map, id_column: input.id_column, dry_run: input.dry_run });
    if (!opts.success) throw badOptions(opts.error.issues);
    const fileName = input.fileName ?? path.basename(input.path);
    return runImport(
      {
        db,
        clock,
        cipher,
        begin: async (mapping, sha256) => {
          const id = newId();
          await db.transaction().execute((trx) =>
            repo.insertImport(trx, {
              id,
              file_name: fileName,
              sha256,
              mapping_json: JSON.stringify(mapping.fields),
              rows_read: 0,
              inserted: 0,
              updated: 0,
              skipped: 0,
              errors_json: '[]',
              status: 'running',
              imported_by: actorId(actor),
              started_at: clock.now().toISOString(),
              finished_at: null,
            }),
          );
          return id;
        },
        finish: async (result, error) => {
          const status = error ? 'failed' : 'done';
          await db.transaction().execute(async (trx) => {
            await repo.finishImport(trx, result.import_id!, {
              rows_read: result.rows,
              inserted: result.inserted,
              updated: result.updated,
              skipped: result.skipped.total,
              errors_json: JSON.stringify({ bad_rows: result.bad_rows, error: error ? error.message : null }),
              status,
              finished_at: clock.now().toISOString(),
              sha256: result.sha256,
            });
            // Counts, file name and hash only: no customer data in the audit log.
            await audit.record(trx, actor, {
              action: error ? 'customer.import_failed' : 'customer.import',
              entityType: 'customer_import',
              entityId: result.import_id,
              details: {
                file_name: result.file,
                sha256: result.sha256,
                format: result.format,
                fields: result.fields,
                rows: result.rows,
                inserted: result.inserted,
                updated: result.updated,
                skipped: result.skipped,
                jurisdictions: Object.keys(result.jurisdictions).length,
                ...(error ? { error: error instanceof AppError ? error.message : 'internal error' } : {}),
              },
            });
          });
        },
      },
      {
        path: input.path,
        fileName,
        map: opts.data.map,
        idColumn: opts.data.id_column,
        dryRun: opts.data.dry_run,
        onProgress,
      },
    );
  }

  /** Imports an uploaded file: streamed to a private temporary file (size-limited like evidence uploads), imported, removed. */
  async function importUpload(actor: Actor, upload: { stream: Readable; filename: string; options: unknown }): Promise<ImportResult> {
    authorize(actor, 'customer.import');
    const opts = importOptions.safeParse(upload.options);
    if (!opts.success) throw badOptions(opts.error.issues);
    await mkdir(uploadDir, { recursive: true, mode: 0o700 });
    // Keep the extension: the reader uses it to tell CSV from JSON Lines.
    const ext = path
      .extname(upload.filename)
      .replace(/[^.\w]/g, '')
      .slice(0, 10);
    const tmp = path.join(uploadDir, `${newId()}${ext}`);
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        if (size > maxUploadBytes) return done(new TooLarge());
        done(null, chunk);
      },
    });
    try {
      try {
        await pipeline(upload.stream, meter, createWriteStream(tmp, { flags: 'wx', mode: 0o600 }));
        // @fastify/multipart truncates instead of failing when its own limit is hit.
        if ((upload.stream as Readable & { truncated?: boolean }).truncated) throw new TooLarge();
      } catch (err) {
        if (err instanceof TooLarge)
          throw new AppError('PAYLOAD_TOO_LARGE', `File is larger than the ${Math.round(maxUploadBytes / 1048576)} MiB limit`);
        throw err;
      }
      return await importFile(actor, { path: tmp, fileName: path.basename(upload.filename) || 'upload', ...opts.data });
    } finally {
      await rm(tmp, { force: true });
    }
  }

  /** Import history, newest first (file names and counts; no customer data). */
  async function listImports(actor: Actor, limit = 50) {
    authorize(actor, 'scoping.read');
    const rows = await repo.listImports(db, limit);
    return rows.map((r) => ({
      id: r.id,
      file_name: r.file_name,
      sha256: r.sha256,
      status: r.status,
      rows_read: Number(r.rows_read),
      inserted: Number(r.inserted),
      updated: Number(r.updated),
      skipped: Number(r.skipped),
      imported_by: r.imported_by,
      started_at: r.started_at,
      finished_at: r.finished_at,
    }));
  }

  /** How many customers are stored, per jurisdiction (no personal data). */
  async function summary(actor: Actor) {
    authorize(actor, 'scoping.read');
    const rows = await repo.jurisdictionCounts(db);
    const jurisdictions = rows.map((r) => ({ jurisdiction: r.jurisdiction, count: Number(r.count) }));
    return { total: jurisdictions.reduce((n, r) => n + r.count, 0), jurisdictions };
  }

  /** Customers matching an email, phone, name + postal code or reference, with decrypted contact. Each search is audited (customer ids only). */
  async function search(actor: Actor, query: CustomerQuery) {
    authorize(actor, 'customer.read');
    const q = customerQuery.safeParse(query);
    if (!q.success)
      throw invalid(
        'Invalid search',
        q.error.issues.map((i) => ({ path: i.path.join('.') || 'query', message: i.message })),
      );
    const unusable = unusableSearchFields(q.data);
    if (unusable.length) throw invalid('Invalid search', unusable);
    const found = await findByContact(q.data);
    await audit.recordRead(actor, {
      action: 'customer.read',
      entityType: 'customer',
      entityId: null,
      details: { purpose: 'customer search', by: Object.keys(q.data).sort(), customers: found.map((c) => c.id) },
    });
    return found;
  }

  /** Fields given that normalize to no key (a "phone" without digits, a name with no letters): 400 naming them, not an empty answer. */
  function unusableSearchFields(q: CustomerQuery) {
    const keys = customerIndexKeys({ email: q.email, phone: q.phone, full_name: q.name, postal_code: q.postal_code });
    const issues: Array<{ path: string; message: string }> = [];
    if (q.email && !keys.email) issues.push({ path: 'email', message: 'not an email address' });
    if (q.phone && !keys.phone) issues.push({ path: 'phone', message: 'not a phone number (digits, optionally +country code)' });
    if (q.name && q.postal_code && !keys.name)
      issues.push({ path: 'name', message: 'name + postal_code must hold a person name and a postal code' });
    return issues;
  }

  /** A stored customer's contact data, decrypted in memory only (the callers authorize and audit the read). */
  const decryptContact = (enc: string) => JSON.parse(cipher.decrypt(enc)) as Record<string, string | null>;

  /** Lookup by blind index, decrypted; no authorization or audit (the scoping service's directory: its caller does both). */
  async function findByContact(q: CustomerQuery) {
    const keys = customerBlindKeyForms(cipher, { email: q.email, phone: q.phone, full_name: q.name, postal_code: q.postal_code });
    const rows = await repo.findByKeys(db, { ...keys, name: q.name && q.postal_code ? keys.name : [], customerRef: q.customer_ref }, 100);
    return rows.map((r) => ({
      id: r.id,
      customer_ref: r.customer_ref,
      jurisdiction: r.jurisdiction,
      country: r.country,
      region: r.region,
      contact: decryptContact(r.contact_enc),
      updated_at: r.updated_at,
    }));
  }

  /** Reference, jurisdiction and decrypted contact of customers by id; no authorization or audit (the scoping directory: its caller does both). */
  async function describeByIds(ids: readonly string[]) {
    const rows = await repo.customersByIds(db, ids);
    return new Map(
      rows.map((r) => [
        r.id,
        {
          customer_ref: r.customer_ref,
          jurisdiction: r.jurisdiction,
          contact: decryptContact(r.contact_enc),
        },
      ]),
    );
  }

  return { importFile, importUpload, listImports, summary, search, findByContact, describeByIds };
}
