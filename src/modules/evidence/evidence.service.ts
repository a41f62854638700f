import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import type { Clock } from '../../core/clock.js';
import { AppError, notFound } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import type { Db, Trx } from '../../db/database.js';
import type { EvidenceTable } from '../../db/schema.js';
import type { AuditService } from '../audit/audit.service.js';
import { type Actor, authorize, requireUserId } from '../auth/auth.permissions.js';
import type { IncidentLink } from '../incidents/incidents.service.js';
import * as repo from './evidence.repository.js';

export const custodyActions = ['transferred', 'copied', 'verified', 'note'] as const;
export const custodyInput = z.object({ action: z.enum(custodyActions), note: z.string().trim().min(1).max(5000) });

export type EvidenceService = ReturnType<typeof createEvidenceService>;

/** Runs in the incidents module's triage transaction (wired by the composition root): the evidence module owns the rows. */
export const moveReportEvidence = async (trx: Trx, reportId: string, incidentId: string) =>
  void (await repo.moveReportEvidenceToIncident(trx, reportId, incidentId));

/** Thrown by the size-limiting stream; turned into PAYLOAD_TOO_LARGE. */
class TooLarge extends Error {}

/**
 * Evidence files live outside the database in <data dir>/evidence, named by id. The SHA-256 is computed
 * while the upload streams to disk, so the stored hash is of exactly the bytes received. Every download
 * and custody event is recorded (chain of custody) and audited.
 */
export function createEvidenceService(deps: {
  db: Db;
  clock: Clock;
  audit: AuditService;
  incidents: IncidentLink;
  evidenceDir: string;
  maxUploadBytes: number;
}) {
  const { db, clock, audit, incidents, evidenceDir, maxUploadBytes } = deps;
  const storagePath = (key: string) => path.join(evidenceDir, key.slice(0, 2), key);

  async function storeStream(source: Readable) {
    const key = newId();
    const tmpDir = path.join(evidenceDir, 'tmp');
    await mkdir(tmpDir, { recursive: true });
    const tmp = path.join(tmpDir, key);
    const hash = createHash('sha256');
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        if (size > maxUploadBytes) return done(new TooLarge());
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(source, meter, createWriteStream(tmp, { flags: 'wx', mode: 0o600 }));
      // @fastify/multipart truncates instead of failing when its own limit is hit.
      if ((source as Readable & { truncated?: boolean }).truncated) throw new TooLarge();
    } catch (err) {
      await rm(tmp, { force: true });
      if (err instanceof TooLarge)
        throw new AppError('PAYLOAD_TOO_LARGE', `File is larger than the ${Math.round(maxUploadBytes / 1048576)} MiB limit`);
      throw err;
    }
    const final = storagePath(key);
    await mkdir(path.dirname(final), { recursive: true });
    await rename(tmp, final);
    return { key, size, sha256: hash.digest('hex') };
  }

  /** Stores a file for an incident or (before triage) a report. The file is written before the row, and removed if the row fails. */
  async function upload(
    actor: Actor,
    target: { incidentId?: string; reportId?: string },
    file: { stream: Readable; filename: string; mediaType: string; description?: string },
  ) {
    authorize(actor, target.incidentId ? 'evidence.upload' : 'report.create');
    const filename = path.basename(file.filename || 'upload.bin').slice(0, 255);
    if (target.incidentId) await incidents.requireIncident(db, target.incidentId);
    // A file attached to a report after triage belongs to the incident the report became.
    const reportIncident = target.reportId ? await repo.findReportIncident(db, target.reportId) : null;
    if (reportIncident === undefined) throw notFound('Report');
    const stored = await storeStream(file.stream);
    const at = clock.now().toISOString();
    const row: EvidenceTable = {
      id: newId(),
      incident_id: target.incidentId ?? reportIncident ?? null,
      report_id: target.reportId ?? null,
      filename,
      media_type: file.mediaType || 'application/octet-stream',
      size_bytes: stored.size,
      sha256: stored.sha256,
      storage_key: stored.key,
      description: file.description ?? '',
      uploaded_by: requireUserId(actor),
      uploaded_at: at,
    };
    try {
      await db.transaction().execute(async (trx) => {
        await repo.insertEvidence(trx, row);
        await repo.insertCustodyEntry(trx, {
          id: newId(),
          evidence_id: row.id,
          action: 'uploaded',
          actor_id: row.uploaded_by,
          at,
          note: `received ${stored.size} bytes, sha256 ${stored.sha256}`,
        });
        if (row.incident_id)
          await incidents.appendAutomatic(
            trx,
            actor,
            row.incident_id,
            'evidence',
            `Evidence added: ${filename} (sha256 ${stored.sha256.slice(0, 16)}…)`,
          );
        await audit.record(trx, actor, {
          action: 'evidence.upload',
          entityType: 'evidence',
          entityId: row.id,
          incidentId: row.incident_id,
          after: { filename, size: stored.size, sha256: stored.sha256, report_id: row.report_id },
        });
      });
    } catch (err) {
      await rm(storagePath(stored.key), { force: true });
      throw err;
    }
    return toPublic(row, actor.kind === 'user' ? actor.email : null);
  }

  function toPublic(r: EvidenceTable, uploadedBy: string | null) {
    return {
      id: r.id,
      incident_id: r.incident_id,
      report_id: r.report_id,
      filename: r.filename,
      media_type: r.media_type,
      size_bytes: Number(r.size_bytes),
      sha256: r.sha256,
      description: r.description,
      uploaded_by: uploadedBy,
      uploaded_at: r.uploaded_at,
    };
  }

  async function list(actor: Actor, incidentId: string) {
    authorize(actor, 'incident.read');
    await incidents.requireIncident(db, incidentId);
    const rows = await repo.listEvidenceOfIncident(db, incidentId);
    return rows.map((r) => toPublic(r, r.uploader));
  }

  async function requireEvidence(incidentId: string, id: string) {
    const row = await repo.findEvidence(db, id);
    if (!row || row.incident_id !== incidentId) throw notFound('Evidence');
    return row;
  }

  /** Opens the file for download; the read is recorded in the custody log and the audit chain first. */
  async function download(actor: Actor, incidentId: string, id: string) {
    authorize(actor, 'evidence.download');
    const row = await requireEvidence(incidentId, id);
    const file = storagePath(row.storage_key);
    await stat(file).catch(() => {
      throw new AppError('INTERNAL', 'Evidence file is missing from storage');
    });
    const at = clock.now().toISOString();
    await db.transaction().execute(async (trx) => {
      await repo.insertCustodyEntry(trx, {
        id: newId(),
        evidence_id: id,
        action: 'downloaded',
        actor_id: requireUserId(actor),
        at,
        note: '',
      });
      await audit.record(trx, actor, { action: 'evidence.download', entityType: 'evidence', entityId: id, incidentId });
    });
    return { meta: toPublic(row, null), stream: createReadStream(file) };
  }

  async function custody(actor: Actor, incidentId: string, id: string) {
    authorize(actor, 'incident.read');
    await requireEvidence(incidentId, id);
    return repo.listCustodyEntries(db, id);
  }

  async function addCustody(actor: Actor, incidentId: string, id: string, input: z.infer<typeof custodyInput>) {
    authorize(actor, 'evidence.upload');
    await requireEvidence(incidentId, id);
    await db.transaction().execute(async (trx) => {
      await repo.insertCustodyEntry(trx, {
        id: newId(),
        evidence_id: id,
        action: input.action,
        actor_id: requireUserId(actor),
        at: clock.now().toISOString(),
        note: input.note,
      });
      await audit.record(trx, actor, { action: 'evidence.custody', entityType: 'evidence', entityId: id, incidentId, details: input });
    });
    return custody(actor, incidentId, id);
  }

  /** Re-hashes the stored file and records the result: proves the file is unchanged since upload. */
  async function verify(actor: Actor, incidentId: string, id: string) {
    authorize(actor, 'evidence.download');
    const row = await requireEvidence(incidentId, id);
    const hash = createHash('sha256');
    const file = storagePath(row.storage_key);
    await stat(file).catch(() => {
      throw new AppError('INTERNAL', 'Evidence file is missing from storage');
    });
    await pipeline(createReadStream(file), hash);
    const actual = hash.digest('hex');
    const ok = actual === row.sha256;
    await db.transaction().execute(async (trx) => {
      await repo.insertCustodyEntry(trx, {
        id: newId(),
        evidence_id: id,
        action: 'verified',
        actor_id: requireUserId(actor),
        at: clock.now().toISOString(),
        note: ok ? 'sha256 matches' : `sha256 MISMATCH: ${actual}`,
      });
      await audit.record(trx, actor, { action: 'evidence.verify', entityType: 'evidence', entityId: id, incidentId, details: { ok } });
    });
    return { ok, expected_sha256: row.sha256, actual_sha256: actual };
  }

  /**
   * Hands a stored file to the scoping engine, which reads it where it lies (no copy). The hand-over is a
   * custody event: the log shows the file was analysed, when and by whom.
   */
  async function openForScoping(actor: Actor, incidentId: string, id: string) {
    authorize(actor, 'scoping.run');
    const row = await requireEvidence(incidentId, id);
    const file = storagePath(row.storage_key);
    await stat(file).catch(() => {
      throw new AppError('INTERNAL', 'Evidence file is missing from storage');
    });
    await db.transaction().execute(async (trx) => {
      await repo.insertCustodyEntry(trx, {
        id: newId(),
        evidence_id: id,
        action: 'note',
        actor_id: requireUserId(actor),
        at: clock.now().toISOString(),
        note: 'handed to scoping for analysis (read in place, not copied)',
      });
      await audit.record(trx, actor, { action: 'evidence.scoping', entityType: 'evidence', entityId: id, incidentId });
    });
    return { path: file, filename: row.filename, sha256: row.sha256, size: Number(row.size_bytes) };
  }

  return { upload, list, download, custody, addCustody, verify, openForScoping };
}
