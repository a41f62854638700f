/**
 * The customer import pipeline. A worker thread reads and maps the file (customers.worker.ts); this
 * thread encrypts, computes the blind indexes and upserts by customer_ref in batches, each batch in its
 * own short transaction, so the database stays usable during a long import and memory stays flat.
 *
 * A real import reads the file twice: first only to parse it, so that a malformed file (bad quoting, a
 * broken JSON line, a truncated gzip) is refused with its line or offset before anything is written;
 * then to write. Rows without an id and repeated ids (the first row of an id wins; a repeat is found by
 * the import id already on the stored row) are skipped and listed with their line numbers.
 */
import { createHash } from 'node:crypto';
import { createReadStream, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Clock } from '../../core/clock.js';
import { type Cipher, cipherSecret } from '../../core/crypto.js';
import { invalid } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import type { Db } from '../../db/database.js';
import type { FileError } from '../../scan/index.js';
import { type CustomerField, customerFields, maskValue, SEALED_WIDTH, type SealedBatch, sealRows } from './customers.contact.js';
import type { ColumnMapping, FileMapping, PreparedRow, ReadOptions, ReadSummary } from './customers.reader.js';
import * as repo from './customers.repository.js';
import type { WorkerInput } from './customers.worker.js';

export type BadRowReason = 'missing_id' | 'duplicate_id';

export interface ImportResult {
  import_id: string | null;
  dry_run: boolean;
  file: string;
  sha256: string;
  format: string;
  mapping: ColumnMapping[];
  fields: Record<CustomerField, string | null>;
  rows: number;
  /** Customers inserted (or, in a dry run, that would be). */
  inserted: number;
  /** Stored customers updated (or that would be). */
  updated: number;
  skipped: { total: number; missing_id: number; duplicate_id: number };
  /** The first 100 skipped rows. */
  bad_rows: Array<{ line: number; reason: BadRowReason }>;
  jurisdictions: Record<string, number>;
  /** A few rows with masked values (dry run only). */
  samples: Array<Partial<Record<CustomerField, string>>>;
}

export interface ImportInput {
  path: string;
  /** The name recorded and shown (the uploaded or given file name). */
  fileName: string;
  map?: Partial<Record<CustomerField, string>>;
  idColumn?: string;
  dryRun?: boolean;
  onProgress?: (p: { phase: 'check' | 'write'; rows: number; inserted: number; updated: number }) => void;
}

export type ReaderMessage =
  | { type: 'mapping'; mapping: FileMapping }
  | { type: 'rows'; rows: PreparedRow[] }
  | { type: 'sealed'; batch: SealedBatch }
  | { type: 'done'; summary: ReadSummary }
  | { type: 'fail'; mapping: boolean; message: string };

const MAX_BAD_ROWS = 100;
const MAX_IN_FLIGHT = 4;

// The server runs its TypeScript through tsx; a worker thread starts without loaders, so it registers tsx itself.
const bootstrap = `
const { workerData } = require('node:worker_threads');
import(workerData.tsx).then((tsx) => { tsx.register(); return import(workerData.entry); }).catch((err) => { throw err; });
`;

let tsxApi: string | undefined;
/** file: URL of tsx's ESM loader API (its CommonJS build cannot register the ESM hooks from a worker). */
function tsxApiUrl(): string {
  if (tsxApi) return tsxApi;
  const require = createRequire(import.meta.url);
  const pkgFile = require.resolve('tsx/package.json');
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as { exports: Record<string, { import: { default: string } }> };
  tsxApi = pathToFileURL(path.join(path.dirname(pkgFile), pkg.exports['./esm/api']!.import.default)).href;
  return tsxApi;
}

/** Starts a worker thread on a TypeScript entry of this module; the entry finds `input` in `workerData.input`. */
export function startWorker(entry: URL, input: unknown): Worker {
  return new Worker(bootstrap, { eval: true, workerData: { tsx: tsxApiUrl(), entry: entry.href, input } });
}

/** Runs the reader in a worker thread and yields its messages; each `rows` batch is acknowledged when the consumer asks for the next. */
export async function* readInWorker(file: string, display: string, options: ReadOptions, secret?: Buffer): AsyncGenerator<ReaderMessage> {
  const shared = new SharedArrayBuffer(4);
  const inFlight = new Int32Array(shared);
  const input: WorkerInput = { file, display, options, inFlight: shared, maxInFlight: MAX_IN_FLIGHT, ...(secret ? { secret } : {}) };
  const worker = startWorker(new URL('./customers.worker.ts', import.meta.url), input);
  const queue: ReaderMessage[] = [];
  let wake: (() => void) | null = null;
  let failure: Error | null = null;
  let finished = false;
  worker.on('message', (m: ReaderMessage) => {
    if (m.type === 'done' || m.type === 'fail') finished = true;
    queue.push(m);
    wake?.();
  });
  worker.on('error', (err) => {
    failure = err;
    wake?.();
  });
  worker.on('exit', (code) => {
    if (!finished) failure ??= new Error(`the customer file reader stopped unexpectedly (exit code ${code})`);
    wake?.();
  });
  try {
    for (;;) {
      while (queue.length === 0) {
        if (failure) throw failure as Error;
        await new Promise<void>((resolve) => (wake = resolve));
        wake = null;
      }
      const m = queue.shift()!;
      yield m;
      if (m.type === 'rows' || m.type === 'sealed') {
        Atomics.sub(inFlight, 0, 1);
        Atomics.notify(inFlight, 0);
      }
      if (m.type === 'done' || m.type === 'fail') return;
    }
  } finally {
    await worker.terminate();
  }
}

/** SHA-256 of a file, streamed. */
export async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Set of customer ids seen in a dry run, as two 32-bit hashes per id in one typed array (10 million ids
 * take 128 MiB instead of the ~1 GiB of a Set of strings). A false "duplicate" needs two ids agreeing on
 * 64 bits of hash: about one chance in 10^6 for 10 million ids, acceptable for a preview; the real import
 * detects repeats exactly.
 */
export class IdHashSet {
  private slots = new Uint32Array(1 << 17);
  private size = 0;

  /** Adds the id; false when it was (almost certainly) there already. */
  add(id: string): boolean {
    let h1 = 0x811c9dc5;
    let h2 = 0x9747b28c;
    for (let i = 0; i < id.length; i++) {
      const c = id.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
      h2 ^= h2 >>> 15;
    }
    h1 = (h1 | 1) >>> 0; // 0 marks an empty slot; unsigned, as the Uint32Array stores it
    h2 >>>= 0;
    if ((this.size + 1) * 4 > this.slots.length * 1.5) this.grow();
    return this.insert(h1, h2);
  }

  private insert(h1: number, h2: number): boolean {
    const mask = (this.slots.length >>> 1) - 1;
    for (let i = (h1 ^ h2) & mask; ; i = (i + 1) & mask) {
      const a = this.slots[2 * i]!;
      if (a === 0) {
        this.slots[2 * i] = h1;
        this.slots[2 * i + 1] = h2;
        this.size++;
        return true;
      }
      if (a === h1 && this.slots[2 * i + 1] === h2) return false;
    }
  }

  private grow() {
    const old = this.slots;
    this.slots = new Uint32Array(old.length * 2);
    this.size = 0;
    for (let i = 0; i < old.length; i += 2) if (old[i] !== 0) this.insert(old[i]!, old[i + 1]!);
  }
}

function malformed(file: string, errors: FileError[]) {
  const where = (e: FileError) =>
    e.line !== undefined ? `line ${e.line}` : e.offset !== undefined ? `byte ${e.offset}` : 'somewhere in the file';
  const first = errors[0]!;
  return invalid(
    `Cannot import ${file}: ${where(first)}: ${first.message}${errors.length > 1 ? ` (and ${errors.length - 1} more problems)` : ''}. Nothing was imported; fix the file and import it again.`,
    {
      reason: 'malformed_file',
      file,
      errors: errors.slice(0, 20).map((e) => ({ line: e.line ?? null, offset: e.offset ?? null, message: e.message })),
    },
  );
}

const mappingError = (message: string) => invalid(message, { reason: 'mapping' });

/** Reads the file in a worker; throws the mapping or malformed-file error. */
async function* checkedMessages(input: ImportInput, options: ReadOptions, secret?: Buffer) {
  for await (const m of readInWorker(input.path, input.fileName, options, secret)) {
    if (m.type === 'fail') throw m.mapping ? mappingError(m.message) : new Error(m.message);
    if (m.type === 'done' && m.summary.errors.length) throw malformed(input.fileName, m.summary.errors);
    yield m;
  }
}

export interface ImportDeps {
  db: Db;
  clock: Clock;
  cipher: Cipher;
  /** Called when the write pass starts: records the import (status running) and returns its id. */
  begin(mapping: FileMapping, sha256: string): Promise<string>;
  /** Called once at the end with the result, or with the error after a failure. */
  finish(result: ImportResult, error: Error | null): Promise<void>;
}

/** Imports (or previews) a customer master file. The caller has authorized the actor. */
export async function runImport(deps: ImportDeps, input: ImportInput): Promise<ImportResult> {
  const { db, clock, cipher } = deps;
  const dryRun = input.dryRun ?? false;
  const options = (mode: ReadOptions['mode']): ReadOptions => ({
    mode,
    batchSize: repo.UPSERT_BATCH,
    idColumn: input.idColumn,
    map: input.map,
  });
  const shaPromise = fileSha256(input.path);
  shaPromise.catch(() => {}); // awaited below; avoid an unhandled rejection while the reader runs

  const result: ImportResult = {
    import_id: null,
    dry_run: dryRun,
    file: input.fileName,
    sha256: '',
    format: 'unknown',
    mapping: [],
    fields: Object.fromEntries(customerFields.map((f) => [f, null])) as Record<CustomerField, string | null>,
    rows: 0,
    inserted: 0,
    updated: 0,
    skipped: { total: 0, missing_id: 0, duplicate_id: 0 },
    bad_rows: [],
    jurisdictions: {},
    samples: [],
  };
  const skip = (line: number, reason: BadRowReason) => {
    result.skipped.total++;
    result.skipped[reason]++;
    if (result.bad_rows.length < MAX_BAD_ROWS) result.bad_rows.push({ line, reason });
  };
  const setMapping = (m: FileMapping) => {
    result.mapping = m.columns;
    result.fields = m.fields;
    result.format = m.format;
  };

  if (dryRun) {
    const seen = new IdHashSet();
    for await (const m of checkedMessages(input, options('rows'))) {
      if (m.type === 'mapping') setMapping(m.mapping);
      if (m.type === 'done') result.format = m.summary.format;
      if (m.type !== 'rows') continue;
      const fresh: PreparedRow[] = [];
      for (const row of m.rows) {
        result.rows++;
        if (!row.ref) skip(row.line, 'missing_id');
        else if (!seen.add(row.ref)) skip(row.line, 'duplicate_id');
        else fresh.push(row);
      }
      const stored = new Set(
        (
          await repo.existingRefs(
            db,
            fresh.map((r) => r.ref!),
          )
        ).map((r) => r.customer_ref),
      );
      for (const row of fresh) {
        if (stored.has(row.ref!)) result.updated++;
        else result.inserted++;
        result.jurisdictions[row.jurisdiction] = (result.jurisdictions[row.jurisdiction] ?? 0) + 1;
        if (result.samples.length < 3) result.samples.push(maskRow(row));
      }
      input.onProgress?.({ phase: 'check', rows: result.rows, inserted: result.inserted, updated: result.updated });
    }
    result.sha256 = await shaPromise;
    return result;
  }

  // Pass 1: parse only. A malformed file or a bad mapping stops here, before anything is written.
  let mapping: FileMapping | null = null;
  for await (const m of checkedMessages(input, options('validate'))) {
    if (m.type === 'mapping') mapping = m.mapping;
  }
  if (!mapping) throw mappingError(`the customer file ${input.fileName} holds no records`);
  setMapping(mapping);
  result.sha256 = await shaPromise;

  const importId = await deps.begin(mapping, result.sha256);
  result.import_id = importId;
  await repo.setSqliteCacheKiB(db, 512 * 1024);
  // An interrupted first import left the blind-index indexes out: build them before anything else.
  await repo.ensureBlindIndexIndexes(db);
  const bulk = !(await repo.hasCustomers(db));
  if (bulk) await repo.dropBlindIndexIndexes(db);
  // The reader thread encrypts and indexes when it can build the same cipher; otherwise this thread does.
  const secret = cipherSecret(cipher) ?? undefined;
  try {
    for await (const m of checkedMessages(input, options('rows'), secret)) {
      if (m.type === 'rows') await writeBatch(sealRows(cipher, newId, m.rows));
      else if (m.type === 'sealed') await writeBatch(m.batch);
      else continue;
      input.onProgress?.({ phase: 'write', rows: result.rows, inserted: result.inserted, updated: result.updated });
    }
  } catch (err) {
    await deps.finish(result, err as Error);
    throw err;
  } finally {
    try {
      if (bulk) await repo.ensureBlindIndexIndexes(db);
    } finally {
      await repo.setSqliteCacheKiB(db, 2000);
    }
  }
  await deps.finish(result, null);
  return result;

  async function writeBatch({ lines, values }: SealedBatch) {
    const now = clock.now().toISOString();
    const inBatch = new Set<string>();
    const candidates: number[] = [];
    for (let i = 0; i < lines.length; i++) {
      result.rows++;
      const ref = values[i * SEALED_WIDTH];
      if (!ref) {
        skip(lines[i]!, 'missing_id');
        continue;
      }
      if (inBatch.has(ref)) {
        skip(lines[i]!, 'duplicate_id');
        continue;
      }
      inBatch.add(ref);
      candidates.push(i);
    }
    const params: unknown[] = [];
    for (const i of candidates) {
      const v = i * SEALED_WIDTH;
      // In the order of repo.customerColumns.
      params.push(values[v + 1], values[v], values[v + 2], values[v + 3], values[v + 4], values[v + 5]);
      params.push(values[v + 6], values[v + 7], values[v + 8], importId, now, now);
    }
    // One statement: the upsert returns the rows it wrote; a row the import had written already (the same id
    // earlier in the file, in another batch) is neither written nor returned: a repeated id, the first row stays.
    const written = await db.transaction().execute((trx) => repo.upsertCustomerParams(trx, params));
    const newIds = new Set<string>();
    for (const i of candidates) newIds.add(values[i * SEALED_WIDTH + 1]!);
    const done = new Set<string>();
    for (const w of written) {
      done.add(w.customer_ref);
      if (newIds.has(w.id)) result.inserted++;
      else result.updated++;
    }
    for (const i of candidates) {
      const v = i * SEALED_WIDTH;
      if (!done.has(values[v]!)) {
        skip(lines[i]!, 'duplicate_id');
        continue;
      }
      const jurisdiction = values[v + 8]!;
      result.jurisdictions[jurisdiction] = (result.jurisdictions[jurisdiction] ?? 0) + 1;
    }
    result.bad_rows.sort((a, b) => a.line - b.line);
  }
}

function maskRow(row: PreparedRow): Partial<Record<CustomerField, string>> {
  const out: Partial<Record<CustomerField, string>> = { id: row.ref ?? '' };
  for (const [field, value] of Object.entries(row.contact))
    if (value) out[field as CustomerField] = maskValue(field as CustomerField, value);
  return out;
}
