import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import type { Clock } from '../../core/clock.js';
import type { Cipher } from '../../core/crypto.js';
import { stringify } from 'csv-stringify/sync';
import { conflict, invalid, notFound } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import type { Db, DialectName } from '../../db/database.js';
import type { Executor } from '../../db/database.js';
import type { AuditService } from '../audit/audit.service.js';
import { type Actor, actorId, authorize, can } from '../auth/auth.permissions.js';
import { neutralize } from '../../core/csv.js';
import type { IncidentLink } from '../incidents/incidents.service.js';
import { dataTypes, type DataType } from '../../contract/data-types.js';
import {
  type Role,
  type CustomerIndex,
  type ScopeProgress,
  type ScopeResult,
  typesOfMask as typesOf,
  expandInputs,
  matchConfidence,
  type MatchRule,
} from '../../scan/index.js';
import { createRegisterWriter, type FileStats, unmatchedKey } from './scoping.register-writer.js';
import * as repo from './scoping.repository.js';
import type { AddFilesInput, PersonQuery } from './scoping.schemas.js';

export type ScopingService = ReturnType<typeof createScopingService>;

/** Scans files against the customer index; the default runs the engine, tests and benchmarks may pass their own. */
export type FileScanner = (input: {
  index: CustomerIndex;
  path: string;
  display: string;
  columnOverrides: Record<string, Role>;
  signal: AbortSignal;
  onProgress: (p: ScopeProgress) => void;
}) => Promise<ScopeResult>;

/** What the scoping service needs from the customer master module. */
export interface CustomerDirectory {
  /** The match index built from the stored customers (ids are customers.id). */
  loadIndex(): Promise<CustomerIndex>;
  /** Customers whose stored blind indexes match the query, with decrypted contact (the caller authorizes and audits). */
  findByContact(
    query: PersonQuery,
  ): Promise<Array<{ id: string; customer_ref: string; jurisdiction: string; contact: Record<string, string | null> }>>;
  /** Reference and decrypted contact of customers by id. */
  describe(
    ids: readonly string[],
  ): Promise<Map<string, { customer_ref: string; jurisdiction: string; contact: Record<string, string | null> }>>;
}

const emptyProgress = { bytes: 0, records: 0, file: '', files_done: 0, files_total: 0, updated_at: null as string | null };

/** A new run, queued: its job is enqueued in the same transaction. */
const queuedRun = (id: string, incidentId: string, actor: Actor, at: string) => ({
  id,
  incident_id: incidentId,
  status: 'queued',
  cancel_requested: 0,
  progress_json: JSON.stringify(emptyProgress),
  error: null,
  created_by: actorId(actor),
  created_at: at,
  started_at: null,
  finished_at: null,
});

/**
 * Per-incident scoping: leak files are added (uploaded evidence or server paths), scanned by a job
 * against the stored customer master, and each finished file is committed in one transaction into the
 * per-file exposures; the register (the union per customer) is recomputed for the customers it touched.
 * A file with the same content as one already scanned is recorded as a duplicate and not counted again.
 */
export function createScopingService(deps: {
  db: Db;
  dialect: DialectName;
  clock: Clock;
  cipher: Cipher;
  audit: AuditService;
  incidents: IncidentLink;
  evidence: {
    openForScoping(actor: Actor, incidentId: string, id: string): Promise<{ path: string; filename: string; sha256: string; size: number }>;
  };
  enqueueRun: (runId: string, executor: Executor) => Promise<void>;
  customers: CustomerDirectory;
  scanner: FileScanner;
  /** Feeds the register into the obligations facts (people per jurisdiction and data types). */
  setAffectedPopulation: (
    actor: Actor,
    incidentId: string,
    affected: Array<{ jurisdiction: string; count: number; data_types: DataType[] }>,
    source: string,
  ) => Promise<unknown>;
  leakDir: string;
  log?: (msg: string, extra?: object) => void;
}) {
  const { db, clock, cipher, audit, incidents } = deps;
  const { commitFile, recomputeRegister } = createRegisterWriter({ db, dialect: deps.dialect, clock, cipher });
  const now = () => clock.now().toISOString();

  async function hashFile(file: string) {
    const hash = createHash('sha256');
    let size = 0;
    for await (const chunk of createReadStream(file)) {
      size += (chunk as Buffer).length;
      hash.update(chunk as Buffer);
    }
    return { sha256: hash.digest('hex'), size };
  }

  /** A server path must resolve (after symlinks) inside the leak directory, unless the CLI (system actor) adds it. */
  async function checkServerPath(actor: Actor, p: string) {
    const absolute = path.resolve(actor.kind === 'system' ? p : path.resolve(deps.leakDir, p));
    let real: string;
    try {
      real = await realpath(absolute);
    } catch {
      throw invalid(`No such file or directory: ${p}`, [{ path: 'paths', message: `not found: ${p}` }]);
    }
    if (actor.kind !== 'system') {
      const root = await realpath(deps.leakDir).catch(() => path.resolve(deps.leakDir));
      if (real !== root && !real.startsWith(root + path.sep))
        throw invalid(`Server paths must be inside the leak directory ${deps.leakDir} (BREACHDESK_LEAK_DIR)`, [
          { path: 'paths', message: `outside the leak directory: ${p}` },
        ]);
    }
    return real;
  }

  /** Adds leak files to an incident and queues a run for the new ones. */
  async function addFiles(actor: Actor, incidentId: string, input: AddFilesInput) {
    authorize(actor, 'scoping.run');
    await incidents.requireIncident(db, incidentId);
    const sources: Array<{ name: string; kind: 'path' | 'upload'; path: string; evidenceId: string | null; sha256: string; size: number }> =
      [];
    for (const p of input.paths) {
      const real = await checkServerPath(actor, p);
      const display = actor.kind === 'system' ? p : path.relative(await realpath(deps.leakDir).catch(() => deps.leakDir), real) || p;
      for (const f of await expandInputs([real])) {
        const name = f.absolute === real ? display : path.join(display, path.relative(real, f.absolute));
        sources.push({ name, kind: 'path', path: f.absolute, evidenceId: null, ...(await hashFile(f.absolute)) });
      }
    }
    for (const id of input.evidence_ids) {
      const e = await deps.evidence.openForScoping(actor, incidentId, id);
      sources.push({ name: e.filename, kind: 'upload', path: e.path, evidenceId: id, sha256: e.sha256, size: e.size });
    }
    if (sources.length === 0) throw invalid('The directories named hold no files', [{ path: 'paths', message: 'no files found' }]);
    const at = now();
    const runId = newId();
    const files: Array<{ id: string; name: string; status: string; duplicate_of: string | null }> = [];
    await db.transaction().execute(async (trx) => {
      const seen = new Map<string, string>();
      let queued = 0;
      await repo.insertRun(trx, queuedRun(runId, incidentId, actor, at));
      for (const s of sources) {
        const earlier = (await repo.findFileByHash(trx, incidentId, s.sha256))?.name ?? seen.get(s.sha256) ?? null;
        const id = newId();
        if (!seen.has(s.sha256)) seen.set(s.sha256, s.name);
        const status = earlier ? 'duplicate' : 'queued';
        if (!earlier) queued++;
        await repo.insertFile(trx, {
          id,
          incident_id: incidentId,
          run_id: runId,
          name: s.name.slice(0, 1000),
          source_kind: s.kind,
          path: s.path,
          evidence_id: s.evidenceId,
          sha256: s.sha256,
          size_bytes: s.size,
          status,
          records: 0,
          reports_json: '[]',
          column_overrides_json: '{}',
          stats_json: earlier ? JSON.stringify({ duplicate_of: earlier }) : '{}',
          complete: earlier ? 1 : 0,
          created_at: at,
          finished_at: earlier ? at : null,
        });
        files.push({ id, name: s.name, status, duplicate_of: earlier });
      }
      if (queued === 0) await repo.updateRun(trx, runId, { status: 'done', finished_at: at });
      else await deps.enqueueRun(runId, trx);
      const dupes = files.length - queued;
      await incidents.appendAutomatic(
        trx,
        actor,
        incidentId,
        'investigation',
        `Leak files added for scoping: ${files
          .map((f) => f.name)
          .join(', ')
          .slice(0, 500)}` + (dupes ? ` (${dupes} already scanned: same content, not counted again)` : ''),
      );
      await audit.record(trx, actor, {
        action: 'scoping.files.add',
        entityType: 'scoping_run',
        entityId: runId,
        incidentId,
        after: { files: sources.map((s) => ({ name: s.name, sha256: s.sha256, size: s.size, source: s.kind })) },
      });
    });
    return { run_id: runId, files };
  }

  /** Stores a person's correction of a file's column classification and queues the file for a re-scan. */
  async function setColumnOverrides(actor: Actor, incidentId: string, fileId: string, overrides: Record<string, Role>) {
    authorize(actor, 'scoping.review');
    const file = await repo.findFile(db, fileId);
    if (!file || file.incident_id !== incidentId) throw notFound('Scoping file');
    if (file.status === 'duplicate') throw conflict('This file is a duplicate of another; correct that one', { reason: 'duplicate' });
    if (file.status === 'queued' || file.status === 'running')
      throw conflict('The file is being scanned; wait for it or cancel the run first', { reason: 'busy' });
    const at = now();
    const runId = newId();
    await db.transaction().execute(async (trx) => {
      await repo.insertRun(trx, queuedRun(runId, incidentId, actor, at));
      await repo.updateFile(trx, fileId, { run_id: runId, status: 'queued', column_overrides_json: JSON.stringify(overrides) });
      await deps.enqueueRun(runId, trx);
      await incidents.appendAutomatic(
        trx,
        actor,
        incidentId,
        'investigation',
        `Column classification of ${file.name} corrected (${Object.entries(overrides)
          .map(([c, r]) => `${c} → ${r}`)
          .join(', ')
          .slice(0, 400)}); the file is scanned again`,
      );
      await audit.record(trx, actor, {
        action: 'scoping.columns',
        entityType: 'scoping_file',
        entityId: fileId,
        incidentId,
        before: { overrides: JSON.parse(file.column_overrides_json) as unknown },
        after: { overrides, run_id: runId },
      });
    });
    return { run_id: runId };
  }

  async function cancelRun(actor: Actor, incidentId: string, runId: string) {
    authorize(actor, 'scoping.run');
    const run = await repo.findRun(db, runId);
    if (!run || run.incident_id !== incidentId) throw notFound('Scoping run');
    if (run.status !== 'queued' && run.status !== 'running') throw conflict(`The run is already ${run.status}`, { reason: 'finished' });
    await db.transaction().execute(async (trx) => {
      await repo.updateRun(trx, runId, { cancel_requested: 1 });
      if (run.status === 'queued') await finishCancelled(trx, runId);
      await audit.record(trx, actor, { action: 'scoping.run.cancel', entityType: 'scoping_run', entityId: runId, incidentId });
    });
    return toRun((await repo.findRun(db, runId))!);
  }

  async function finishCancelled(trx: Executor, runId: string) {
    const at = now();
    for (const f of await repo.listRunFiles(trx, runId))
      if (f.status === 'queued' || f.status === 'running') await repo.updateFile(trx, f.id, { status: 'cancelled', finished_at: at });
    await repo.updateRun(trx, runId, { status: 'cancelled', finished_at: at });
  }

  /**
   * The job: scans the run's files one by one. A finished file is committed at once, so after a crash the
   * job (reclaimed by the queue) resumes with the files not yet done.
   */
  async function executeRun(
    runId: string,
    hooks: { heartbeat?: () => Promise<void>; onProgress?: (p: ScopeProgress & { totalBytes: number }) => void } = {},
  ) {
    const heartbeat = hooks.heartbeat ?? (async () => {});
    const system: Actor = { kind: 'system', label: 'scoping' };
    const run = await repo.findRun(db, runId);
    if (!run || run.status === 'done' || run.status === 'cancelled' || run.status === 'failed') return;
    if (run.cancel_requested) {
      await db.transaction().execute((trx) => finishCancelled(trx, runId));
      return;
    }
    await repo.updateRun(db, runId, { status: 'running', started_at: run.started_at ?? now() });
    const files = await repo.listRunFiles(db, runId);
    const todo = files.filter((f) => f.status === 'queued' || f.status === 'running');
    const progress = { ...emptyProgress, files_total: todo.length };
    const totalBytes = todo.reduce((n, f) => n + Number(f.size_bytes), 0);
    const controller = new AbortController();
    let lastWrite = 0;
    let pending: Promise<void> = Promise.resolve();
    const writeProgress = (force = false) => {
      const t = Date.now();
      if (!force && t - lastWrite < 1000) return;
      lastWrite = t;
      progress.updated_at = now();
      const json = JSON.stringify(progress);
      pending = pending.then(async () => {
        await repo.updateRun(db, runId, { progress_json: json });
        const fresh = await repo.findRun(db, runId);
        if (fresh?.cancel_requested) controller.abort(new Error('cancelled'));
        await heartbeat();
      });
    };
    let index: CustomerIndex;
    try {
      index = await deps.customers.loadIndex();
    } catch (err) {
      await repo.updateRun(db, runId, { status: 'failed', error: errorText(err), finished_at: now() });
      throw err;
    }
    const before = { bytes: 0, records: 0 };
    try {
      for (const file of todo) {
        if (controller.signal.aborted || (await repo.findRun(db, runId))?.cancel_requested) throw new Error('cancelled');
        await repo.updateFile(db, file.id, { status: 'running' });
        progress.file = file.name;
        writeProgress(true);
        let result: ScopeResult;
        try {
          result = await deps.scanner({
            index,
            path: file.path,
            display: file.name,
            columnOverrides: JSON.parse(file.column_overrides_json) as Record<string, Role>,
            signal: controller.signal,
            onProgress: (p) => {
              progress.bytes = before.bytes + p.bytes;
              progress.records = before.records + p.records;
              hooks.onProgress?.({
                bytes: progress.bytes,
                records: progress.records,
                file: file.name,
                filesDone: progress.files_done,
                filesTotal: progress.files_total,
                totalBytes,
              });
              writeProgress();
            },
          });
        } catch (err) {
          if (controller.signal.aborted) throw err;
          // A file the engine could not read at all: recorded as failed with the reason; the run goes on.
          await repo.updateFile(db, file.id, {
            status: 'failed',
            reports_json: JSON.stringify([
              { file: file.name, format: 'unknown', records: 0, columns: [], errors: [{ message: errorText(err) }] },
            ]),
            complete: 0,
            finished_at: now(),
          });
          continue;
        }
        before.bytes = progress.bytes = before.bytes + Number(file.size_bytes);
        before.records += result.files.reduce((n, r) => n + r.records, 0);
        progress.records = before.records;
        await pending;
        await commitFile(run.incident_id, file.id, result);
        progress.files_done++;
        writeProgress(true);
      }
    } catch (err) {
      await pending.catch(() => {});
      if (controller.signal.aborted || errorText(err) === 'cancelled') {
        await db.transaction().execute((trx) => finishCancelled(trx, runId));
        await finishRun(system, run.incident_id, runId, 'cancelled');
        return;
      }
      await repo.updateRun(db, runId, { status: 'failed', error: errorText(err), finished_at: now() });
      throw err;
    }
    await pending;
    await repo.updateRun(db, runId, { status: 'done', finished_at: now(), progress_json: JSON.stringify(progress) });
    await finishRun(system, run.incident_id, runId, 'done');
  }

  const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

  /** End of a run: a timeline entry with the figures, and the register fed into the obligations facts. */
  async function finishRun(actor: Actor, incidentId: string, runId: string, status: 'done' | 'cancelled') {
    const files = await repo.listRunFiles(db, runId);
    const summaryNow = await computeSummary(incidentId);
    const incomplete = files.filter((f) => f.status === 'failed' || (f.status === 'done' && !f.complete)).map((f) => f.name);
    await db.transaction().execute(async (trx) => {
      await incidents.appendAutomatic(
        trx,
        actor,
        incidentId,
        'investigation',
        `Scoping run ${status === 'done' ? 'finished' : 'cancelled'}: ${files.length} files; register now ${summaryNow.affected_customers} affected customers, ` +
          `${summaryNow.unmatched_people} unmatched individuals, ${summaryNow.reviews.open} matches to review` +
          (incomplete.length ? `; INCOMPLETE — errors in ${incomplete.join(', ').slice(0, 300)}` : ''),
      );
      await audit.record(trx, actor, {
        action: `scoping.run.${status}`,
        entityType: 'scoping_run',
        entityId: runId,
        incidentId,
        after: { affected_customers: summaryNow.affected_customers, unmatched_people: summaryNow.unmatched_people, incomplete },
      });
    });
    if (status === 'done')
      await feedObligations(actor, incidentId).catch((err) =>
        deps.log?.('scoping: obligations not updated', { incidentId, error: errorText(err) }),
      );
  }

  /** People per jurisdiction and exact data-type set, as the obligations engine wants them. */
  async function populationGroups(incidentId: string) {
    const groups = await repo.registerGroups(db, incidentId);
    return groups
      .filter((g) => /^[A-Z]{2}(-[A-Z0-9]{1,3})?$/.test(g.jurisdiction) && g.type_mask !== 0)
      .map((g) => ({ jurisdiction: g.jurisdiction, count: g.count, data_types: typesOf(g.type_mask) }));
  }

  async function feedObligations(actor: Actor, incidentId: string) {
    const affected = await populationGroups(incidentId);
    return deps.setAffectedPopulation(actor, incidentId, affected, 'the scoping register');
  }

  /** A person asks for the register to be (re)applied to the obligations facts, e.g. after editing them by hand. */
  async function applyToObligations(actor: Actor, incidentId: string) {
    authorize(actor, 'obligation.recompute');
    await incidents.requireIncident(db, incidentId);
    return feedObligations(actor, incidentId);
  }

  async function computeSummary(incidentId: string) {
    const groups = await repo.registerGroups(db, incidentId);
    const byType = Object.fromEntries(dataTypes.map((t) => [t, 0])) as Record<DataType, number>;
    const byJurisdiction: Record<string, number> = {};
    let affected = 0;
    for (const g of groups) {
      affected += g.count;
      byJurisdiction[g.jurisdiction] = (byJurisdiction[g.jurisdiction] ?? 0) + g.count;
      for (const t of typesOf(g.type_mask)) byType[t] += g.count;
    }
    const files = await repo.listFiles(db, incidentId);
    let unmatchedRecords = 0;
    let personal = 0;
    let matched = 0;
    let compared = 0;
    let agreed = 0;
    for (const f of files) {
      if (f.status !== 'done') continue;
      const s = JSON.parse(f.stats_json) as Partial<FileStats>;
      unmatchedRecords += s.unmatched_records ?? 0;
      personal += s.records_with_personal_data ?? 0;
      matched += s.matched_records ?? 0;
      compared += s.fields_compared ?? 0;
      agreed += (s.fields_compared ?? 0) * (s.consistency_rate ?? 0);
    }
    const reviews = await repo.countReviews(db, incidentId);
    return {
      affected_customers: affected,
      data_type_totals: byType,
      jurisdiction_totals: byJurisdiction,
      unmatched_records: unmatchedRecords,
      unmatched_people: await repo.countUnmatchedPeople(db, incidentId),
      reviews: { open: reviews.open ?? 0, matched: reviews.matched ?? 0, rejected: reviews.rejected ?? 0 },
      authenticity: {
        records_with_personal_data: personal,
        matched_records: matched,
        match_rate: personal ? Math.round((matched / personal) * 10_000) / 10_000 : 0,
        fields_compared: compared,
        // Share of compared fields (name, phone, postal code of matched records) that agree with the master.
        consistency_rate: compared ? Math.round((agreed / compared) * 10_000) / 10_000 : null,
      },
      files: files.map(toFile),
      complete: files.length > 0 && files.every((f) => f.status === 'duplicate' || (f.status === 'done' && f.complete === 1)),
    };
  }

  async function summary(actor: Actor, incidentId: string) {
    authorize(actor, 'scoping.read');
    await incidents.requireIncident(db, incidentId);
    const s = await computeSummary(incidentId);
    const runs = await repo.listRuns(db, incidentId, 10);
    return { ...s, runs: runs.map(toRun) };
  }

  function toRun(r: Awaited<ReturnType<typeof repo.findRun>> & object) {
    return {
      id: r.id,
      status: r.status as 'queued' | 'running' | 'done' | 'failed' | 'cancelled',
      cancel_requested: r.cancel_requested === 1,
      progress: JSON.parse(r.progress_json) as typeof emptyProgress,
      error: r.error,
      created_at: r.created_at,
      started_at: r.started_at,
      finished_at: r.finished_at,
    };
  }

  function toFile(f: Awaited<ReturnType<typeof repo.findFile>> & object) {
    return {
      id: f.id,
      run_id: f.run_id,
      name: f.name,
      source: f.source_kind as 'path' | 'upload',
      evidence_id: f.evidence_id,
      sha256: f.sha256,
      size_bytes: Number(f.size_bytes),
      status: f.status as 'queued' | 'running' | 'done' | 'failed' | 'cancelled' | 'duplicate',
      records: Number(f.records),
      complete: f.complete === 1,
      reports: JSON.parse(f.reports_json) as ScopeResult['files'],
      column_overrides: JSON.parse(f.column_overrides_json) as Record<string, Role>,
      stats: JSON.parse(f.stats_json) as Partial<FileStats> & { duplicate_of?: string },
      created_at: f.created_at,
      finished_at: f.finished_at,
    };
  }

  async function getRun(actor: Actor, incidentId: string, runId: string) {
    authorize(actor, 'scoping.read');
    const run = await repo.findRun(db, runId);
    if (!run || run.incident_id !== incidentId) throw notFound('Scoping run');
    const files = await repo.listRunFiles(db, runId);
    return { ...toRun(run), files: files.map(toFile) };
  }

  async function getFile(actor: Actor, incidentId: string, fileId: string) {
    authorize(actor, 'scoping.read');
    const file = await repo.findFile(db, fileId);
    if (!file || file.incident_id !== incidentId) throw notFound('Scoping file');
    return toFile(file);
  }

  async function register(
    actor: Actor,
    incidentId: string,
    q: { jurisdiction?: string; data_type?: DataType; customer_ref?: string; after?: string; limit: number },
  ) {
    authorize(actor, 'scoping.read');
    await incidents.requireIncident(db, incidentId);
    const rows = await repo.listRegister(db, incidentId, {
      jurisdiction: q.jurisdiction,
      typeBit: q.data_type ? 1 << dataTypes.indexOf(q.data_type) : undefined,
      customerRef: q.customer_ref,
      afterId: q.after ?? null,
      limit: q.limit,
    });
    return {
      entries: rows.map(toEntry),
      next: rows.length === q.limit ? rows[rows.length - 1]!.customer_id : null,
    };
  }

  const toEntry = (r: Awaited<ReturnType<typeof repo.listRegister>>[number]) => ({
    customer_id: r.customer_id,
    customer_ref: r.customer_ref,
    jurisdiction: r.jurisdiction,
    data_types: typesOf(Number(r.type_mask)),
    records: Number(r.records),
    files: Number(r.files),
    match: { rule: r.rule as MatchRule, confidence: matchConfidence[r.rule as MatchRule] ?? 0 },
  });

  /**
   * The register as CSV, page by page (memory stays flat for millions of rows). With `contacts`, each row
   * also has the person's email, phone and name: that needs customer.read and is audited.
   */
  async function* exportCsv(actor: Actor, incidentId: string, opts: { contacts: boolean }) {
    authorize(actor, 'scoping.read');
    if (opts.contacts) authorize(actor, 'customer.read');
    await incidents.requireIncident(db, incidentId);
    await audit.recordRead(actor, {
      action: 'scoping.export',
      entityType: 'incident',
      entityId: incidentId,
      incidentId,
      details: { contacts: opts.contacts },
    });
    const header = ['customer_ref', 'jurisdiction', 'data_types', 'records', 'files', 'match_rule', 'match_confidence'];
    if (opts.contacts) header.push('email', 'phone', 'name');
    yield csvLine(header);
    let after: string | null = null;
    for (;;) {
      const rows = await repo.registerPage(db, incidentId, after, 2000);
      if (rows.length === 0) break;
      const contacts = opts.contacts ? await deps.customers.describe(rows.map((r) => r.customer_id)) : null;
      let chunk = '';
      for (const r of rows) {
        const e = toEntry(r);
        const cells = [
          e.customer_ref,
          e.jurisdiction,
          e.data_types.join(' '),
          String(e.records),
          String(e.files),
          e.match.rule,
          String(e.match.confidence),
        ];
        if (contacts) {
          const c = contacts.get(r.customer_id)?.contact ?? {};
          cells.push(
            String(c.email ?? ''),
            String(c.phone ?? ''),
            String(c.full_name ?? [c.first_name, c.last_name].filter(Boolean).join(' ')),
          );
        }
        chunk += csvLine(cells);
      }
      yield chunk;
      after = rows[rows.length - 1]!.customer_id;
      if (rows.length < 2000) break;
    }
  }

  /** Open (or decided) review items; the leaked record and the candidates' contact data only for customer.read. */
  async function reviews(actor: Actor, incidentId: string, q: { status?: 'open' | 'matched' | 'rejected'; after?: string; limit: number }) {
    authorize(actor, 'scoping.read');
    await incidents.requireIncident(db, incidentId);
    const rows = await repo.listReviews(db, incidentId, q.status ?? null, q.limit, q.after ?? null);
    const reveal = can(actor, 'customer.read');
    const candidateIds = [...new Set(rows.flatMap((r) => JSON.parse(r.candidates_json) as string[]))];
    const described = await deps.customers.describe(candidateIds);
    if (reveal && rows.length)
      await audit.recordRead(actor, {
        action: 'customer.read',
        entityType: 'incident',
        entityId: incidentId,
        incidentId,
        details: { purpose: 'scoping review', customers: candidateIds.slice(0, 1000), reviews: rows.length },
      });
    const files = new Map((await repo.listFiles(db, incidentId)).map((f) => [f.id, f.name]));
    return {
      items: rows.map((r) => ({
        id: r.id,
        file_id: r.file_id,
        file: files.get(r.file_id) ?? '',
        line: Number(r.line),
        rule: r.rule as MatchRule,
        reason: r.reason,
        data_types: typesOf(Number(r.type_mask)),
        record: reveal ? (JSON.parse(cipher.decrypt(r.record_enc)) as Record<string, string | null>) : null,
        candidates: (JSON.parse(r.candidates_json) as string[]).map((id) => {
          const c = described.get(id);
          return {
            customer_id: id,
            customer_ref: c?.customer_ref ?? '',
            jurisdiction: c?.jurisdiction ?? 'unknown',
            contact: reveal ? (c?.contact ?? null) : null,
          };
        }),
        status: r.status as 'open' | 'matched' | 'rejected',
        resolved_customer_id: r.resolved_customer_id,
        resolution_note: r.resolution_note,
        resolved_at: r.resolved_at,
      })),
      next: rows.length === q.limit ? rows[rows.length - 1]!.id : null,
    };
  }

  /** A reviewer says which candidate the record belongs to (it joins the register) or that it is none of them. */
  async function resolveReview(actor: Actor, incidentId: string, reviewId: string, input: { customer_id: string | null; note: string }) {
    authorize(actor, 'scoping.review');
    const review = await repo.findReview(db, reviewId);
    if (!review || review.incident_id !== incidentId) throw notFound('Review item');
    const candidates = JSON.parse(review.candidates_json) as string[];
    if (input.customer_id !== null && !candidates.includes(input.customer_id))
      throw invalid('Pick one of the candidates, or none', [{ path: 'customer_id', message: 'not a candidate of this record' }]);
    const at = now();
    await db.transaction().execute(async (trx) => {
      await repo.updateReview(trx, reviewId, {
        status: input.customer_id ? 'matched' : 'rejected',
        resolved_customer_id: input.customer_id,
        resolution_note: input.note,
        resolved_by: actorId(actor),
        resolved_at: at,
      });
      const touched = [review.resolved_customer_id, input.customer_id].filter((x): x is string => !!x);
      await recomputeRegister(trx, incidentId, [...new Set(touched)]);
      await audit.record(trx, actor, {
        action: 'scoping.review.resolve',
        entityType: 'scoping_review',
        entityId: reviewId,
        incidentId,
        before: { status: review.status, customer_id: review.resolved_customer_id },
        after: { status: input.customer_id ? 'matched' : 'rejected', customer_id: input.customer_id, note: input.note },
      });
    });
    return { id: reviewId, status: input.customer_id ? 'matched' : 'rejected', resolved_customer_id: input.customer_id };
  }

  /** Finds one person: matching customers with what the register holds about them, and matching unmatched individuals. */
  async function findPerson(actor: Actor, incidentId: string, q: PersonQuery) {
    authorize(actor, 'customer.read');
    await incidents.requireIncident(db, incidentId);
    const customers = await deps.customers.findByContact(q);
    const out = [];
    for (const c of customers) {
      const entry = (await repo.listRegister(db, incidentId, { customerRef: c.customer_ref, limit: 1 }))[0];
      const sources = entry ? await repo.listCustomerSources(db, incidentId, c.id) : [];
      out.push({
        customer_id: c.id,
        customer_ref: c.customer_ref,
        jurisdiction: c.jurisdiction,
        contact: c.contact,
        exposed: entry ? toEntry(entry) : null,
        sources: sources.map((s) => ({
          file_id: s.file_id,
          file: s.name,
          records: Number(s.records),
          data_types: typesOf(Number(s.type_mask)),
          rule: s.rule,
        })),
      });
    }
    const key = unmatchedKey({ email: q.email, phone: q.phone, name: q.name, postal_code: q.postal_code });
    const unmatchedRows = key
      ? await repo.listUnmatched(db, incidentId, { keys: [cipher.blindIndex(`unmatched:${key}`)], limit: 1000 })
      : [];
    await audit.recordRead(actor, {
      action: 'customer.read',
      entityType: 'incident',
      entityId: incidentId,
      incidentId,
      details: { purpose: 'scoping person search', customers: customers.map((c) => c.id), unmatched_found: unmatchedRows.length > 0 },
    });
    return { customers: out, unmatched: mergeUnmatched(unmatchedRows) };
  }

  function mergeUnmatched(rows: Awaited<ReturnType<typeof repo.listUnmatched>>) {
    const people = new Map<
      string,
      { contact: Record<string, string | null>; mask: number; sources: Array<{ file: string; records: number }> }
    >();
    for (const r of rows) {
      const p = people.get(r.key_bidx) ?? {
        contact: JSON.parse(cipher.decrypt(r.contact_enc)) as Record<string, string | null>,
        mask: 0,
        sources: [],
      };
      p.mask |= Number(r.type_mask);
      p.sources.push({ file: r.file_name, records: Number(r.records) });
      people.set(r.key_bidx, p);
    }
    return [...people.values()].map((p) => ({
      email: p.contact.email ?? null,
      phone: p.contact.phone ?? null,
      name: p.contact.name ?? null,
      postal_code: p.contact.postal_code ?? null,
      data_types: typesOf(p.mask),
      sources: p.sources,
    }));
  }

  /** Unmatched individuals (possibly guest buyers who must be told too), with contact data: customer.read, audited. */
  async function unmatched(actor: Actor, incidentId: string, q: { limit: number }) {
    authorize(actor, 'customer.read');
    await incidents.requireIncident(db, incidentId);
    const rows = await repo.listUnmatched(db, incidentId, { limit: q.limit });
    await audit.recordRead(actor, {
      action: 'customer.read',
      entityType: 'incident',
      entityId: incidentId,
      incidentId,
      details: { purpose: 'unmatched individuals', rows: rows.length },
    });
    return { people: mergeUnmatched(rows), total: await repo.countUnmatchedPeople(db, incidentId) };
  }

  return {
    addFiles,
    setColumnOverrides,
    cancelRun,
    executeRun,
    summary,
    getRun,
    getFile,
    register,
    exportCsv,
    reviews,
    resolveReview,
    findPerson,
    unmatched,
    applyToObligations,
    populationGroups,
  };
}

/** One CSV line; cells a spreadsheet would run as a formula are defused. */
const csvLine = (cells: readonly string[]) => stringify([cells.map(neutralize)], { record_delimiter: 'windows' });
