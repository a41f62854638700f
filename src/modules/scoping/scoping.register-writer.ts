import { newId } from '../../core/ids.js';
import type { Clock } from '../../core/clock.js';
import type { Cipher } from '../../core/crypto.js';
import type { Db, DialectName } from '../../db/database.js';
import type { Executor } from '../../db/database.js';
import type { DataType } from '../../contract/data-types.js';
import { typeBit, personNameKey, phoneKeys, type ScopeResult, normalizeEmail, normalizePostalCode } from '../../scan/index.js';
import * as repo from './scoping.repository.js';

/**
 * Writing the stored register: one finished file's results in one transaction, and the register rows of
 * the customers it touched rebuilt from every file and review decision (never incremented, so adding or
 * re-scanning files cannot double count).
 */
const ruleRank: Readonly<Record<string, number>> = { name_postal_code: 1, phone_last_name: 2, email: 3 };
/** The bit mask of a list of data types (the inverse of typesOfMask). */
export const maskOf = (types: readonly DataType[]) => types.reduce((m, t) => m | typeBit[t], 0);

/**
 * The key an unmatched individual is merged by across files (the engine's rule: email, else phone, else
 * name + postal code). Stored only as a blind index.
 */
export function unmatchedKey(p: { email?: string | null; phone?: string | null; name?: string | null; postal_code?: string | null }) {
  if (p.email) return `e:${normalizeEmail(p.email)}`;
  if (p.phone) {
    const k = phoneKeys(p.phone, null);
    const phone = k.e164 ?? k.national;
    if (phone) return `p:${phone}`;
  }
  const name = p.name ? personNameKey(p.name, null, null) : null;
  const postal = p.postal_code ? normalizePostalCode(p.postal_code) : null;
  return name && postal ? `n:${name}|${postal}` : null;
}

export interface FileStats {
  affected: number;
  unmatched_records: number;
  unmatched_people: number;
  review_total: number;
  review_kept: number;
  records_with_personal_data: number;
  matched_records: number;
  consistency_rate: number | null;
  /** Matched fields compared with the master (name, phone, postal code…), for the consistency part of the authenticity signal. */
  fields_compared: number;
}

export function createRegisterWriter(deps: { db: Db; dialect: DialectName; clock: Clock; cipher: Cipher }) {
  const { db, dialect, clock, cipher } = deps;

  /** One transaction per file: its exposures, unmatched people and review items replace what it gave before. */
  async function commitFile(incidentId: string, fileId: string, result: ScopeResult) {
    const at = clock.now().toISOString();
    await db.transaction().execute(async (trx) => {
      const previous = await repo.listFileCustomerIds(trx, fileId);
      await repo.clearFileResults(trx, fileId);
      await repo.insertExposures(
        trx,
        dialect,
        { fileId, incidentId },
        Array.from(result.affected, (a) => ({
          customer_id: a.customer_id,
          type_mask: maskOf(a.data_types),
          records: a.sources.reduce((n, s) => n + s.records, 0),
          rule: a.match.rule,
        })),
      );
      const unmatched = new Map<string, { contact: object; mask: number; records: number }>();
      for (const u of result.unmatched_individuals) {
        const key = unmatchedKey(u);
        if (!key) continue;
        const k = cipher.blindIndex(`unmatched:${key}`);
        const entry = unmatched.get(k) ?? {
          contact: { email: u.email, phone: u.phone, name: u.name, postal_code: u.postal_code },
          mask: 0,
          records: 0,
        };
        entry.mask |= maskOf(u.data_types);
        entry.records += u.sources.reduce((n, s) => n + s.records, 0);
        unmatched.set(k, entry);
      }
      await repo.insertUnmatched(
        trx,
        [...unmatched].map(([key_bidx, e]) => ({
          file_id: fileId,
          key_bidx,
          incident_id: incidentId,
          contact_enc: cipher.encrypt(JSON.stringify(e.contact)),
          type_mask: e.mask,
          records: e.records,
        })),
      );
      // Review decisions carry over a re-scan when the same line is ambiguous in the same way.
      const old = await repo.listFileReviews(trx, fileId);
      const decided = new Map(old.filter((r) => r.status !== 'open').map((r) => [`${r.line}|${r.rule}`, r]));
      await repo.deleteReviews(
        trx,
        old.map((r) => r.id),
      );
      const reviewCustomers = new Set<string>(old.filter((r) => r.resolved_customer_id).map((r) => r.resolved_customer_id!));
      await repo.insertReviews(
        trx,
        result.review.map((r) => {
          const prior = decided.get(`${r.line}|${r.rule}`);
          const keep = prior && (prior.resolved_customer_id === null || r.candidates.includes(prior.resolved_customer_id));
          if (keep && prior.resolved_customer_id) reviewCustomers.add(prior.resolved_customer_id);
          return {
            id: newId(),
            incident_id: incidentId,
            file_id: fileId,
            line: r.line,
            rule: r.rule,
            reason: r.reason,
            candidates_json: JSON.stringify(r.candidates),
            record_enc: cipher.encrypt(JSON.stringify(r.record)),
            type_mask: maskOf(r.data_types),
            status: keep ? prior.status : 'open',
            resolved_customer_id: keep ? prior.resolved_customer_id : null,
            resolution_note: keep ? prior.resolution_note : null,
            resolved_by: keep ? prior.resolved_by : null,
            resolved_at: keep ? prior.resolved_at : null,
            created_at: at,
          };
        }),
      );
      const stats: FileStats = {
        affected: result.affected.length,
        unmatched_records: result.unmatched_records,
        unmatched_people: unmatched.size,
        review_total: result.review_total,
        review_kept: result.review.length,
        records_with_personal_data: result.authenticity.records_with_personal_data,
        matched_records: result.authenticity.matched_records,
        consistency_rate: result.authenticity.consistency_rate,
        fields_compared: result.authenticity.fields_compared,
      };
      await repo.updateFile(trx, fileId, {
        status: 'done',
        records: result.files.reduce((n, r) => n + r.records, 0),
        reports_json: JSON.stringify(result.files),
        stats_json: JSON.stringify(stats),
        complete: result.complete ? 1 : 0,
        finished_at: at,
      });
      // The file's own customers are rebuilt in SQL (millions in one statement); customers it no longer shows
      // (after a re-scan) and those of carried-over review decisions are few and rebuilt one by one.
      await repo.rebuildRegisterForFile(trx, incidentId, fileId, at);
      const inFile = new Set(Array.from(result.affected, (a) => a.customer_id));
      await recomputeRegister(
        trx,
        incidentId,
        [...new Set([...previous, ...reviewCustomers])].filter((id) => !inFile.has(id)),
      );
    });
  }

  /** Rebuilds the register rows of some customers from every file's exposures and the review decisions. */
  async function recomputeRegister(trx: Executor, incidentId: string, customerIds: readonly string[]) {
    if (customerIds.length === 0) return;
    const evidence = await repo.listEvidenceFor(trx, incidentId, customerIds);
    const merged = new Map<string, { mask: number; records: number; files: Set<string>; rule: string }>();
    for (const e of evidence) {
      const m = merged.get(e.customer_id) ?? { mask: 0, records: 0, files: new Set<string>(), rule: e.rule };
      m.mask |= e.type_mask;
      m.records += e.records;
      m.files.add(e.file_id);
      if ((ruleRank[e.rule] ?? 0) > (ruleRank[m.rule] ?? 0)) m.rule = e.rule;
      merged.set(e.customer_id, m);
    }
    const jurisdictions = await repo.customerJurisdictions(trx, [...merged.keys()]);
    const at = clock.now().toISOString();
    await repo.deleteRegisterRows(trx, incidentId, customerIds);
    await repo.insertRegisterRows(
      trx,
      [...merged].map(([customer_id, m]) => ({
        incident_id: incidentId,
        customer_id,
        type_mask: m.mask,
        records: m.records,
        files: m.files.size,
        rule: m.rule,
        jurisdiction: jurisdictions.get(customer_id) ?? 'unknown',
        updated_at: at,
      })),
    );
  }

  return { commitFile, recomputeRegister };
}
