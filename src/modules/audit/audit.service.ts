import type { Clock } from '../../core/clock.js';
import type { Db, Trx } from '../../db/database.js';
import { type Actor, actorId, actorLabel, authorize } from '../auth/auth.permissions.js';
import { createChainVerifier, entryHash, type VerifyResult } from './audit.chain.js';
import * as repo from './audit.repository.js';

export type AuditEvent = {
  action: string;
  entityType: string;
  entityId?: string | null;
  incidentId?: string | null;
  /** Changes: the record before and after. Personal data is never put here, only field names. */
  before?: unknown;
  after?: unknown;
  details?: unknown;
};

export type AuditService = ReturnType<typeof createAuditService>;

/**
 * Append-only, hash-chained audit log. `record` must be called inside the transaction that makes
 * the change, so a change and its audit entry commit or roll back together.
 */
export function createAuditService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;

  async function record(trx: Trx, actor: Actor, event: AuditEvent): Promise<number> {
    const { seq, prevHash } = await repo.reserveNextSeq(trx);
    const fields = {
      seq,
      at: clock.now().toISOString(),
      actor_id: actorId(actor),
      actor_label: actorLabel(actor),
      action: event.action,
      entity_type: event.entityType,
      entity_id: event.entityId ?? null,
      incident_id: event.incidentId ?? null,
      data_json: JSON.stringify({ before: event.before ?? null, after: event.after ?? null, details: event.details ?? null }),
    };
    // A SHA-256 of a small entry costs microseconds; it has to happen under the head lock to chain.
    const hash = entryHash(prevHash, fields);
    await repo.insertEntry(trx, { ...fields, prev_hash: prevHash, hash });
    return seq;
  }

  /** Records a read of personal data in its own transaction (reads have no surrounding change). */
  async function recordRead(actor: Actor, event: AuditEvent): Promise<void> {
    await db.transaction().execute((trx) => record(trx, actor, event));
  }

  async function verify(actor: Actor): Promise<VerifyResult> {
    authorize(actor, 'audit.read');
    // Read the head first: entries appended after it are not judged against it.
    const head = await repo.getHead(db);
    const verifier = createChainVerifier();
    for await (const entry of repo.iterateEntries(db)) {
      if (entry.seq > head.entry_count) break;
      if (!verifier.push(entry)) break;
    }
    return verifier.finish(head);
  }

  /** The chain head to anchor outside the system (print it, email it, put it in a ticket). */
  async function exportHead(actor: Actor) {
    authorize(actor, 'audit.read');
    const head = await repo.getHead(db);
    return { count: head.entry_count, hash: head.last_hash, exported_at: clock.now().toISOString(), algorithm: 'sha256-chain-jcs-v1' };
  }

  /** True when entry `count` still has the hash exported earlier: detects a truncated or rewritten chain. */
  async function matchesAnchor(actor: Actor, count: number, hash: string) {
    authorize(actor, 'audit.read');
    return (await repo.findHash(db, count)) === hash;
  }

  async function list(actor: Actor, filter: { incidentId?: string; beforeSeq?: number; limit?: number }) {
    authorize(actor, 'audit.read');
    const rows = await repo.listEntries(db, { ...filter, limit: Math.min(filter.limit ?? 100, 500) });
    return rows.map((r) => ({
      seq: r.seq,
      at: r.at,
      actor: r.actor_label,
      action: r.action,
      entity_type: r.entity_type,
      entity_id: r.entity_id,
      incident_id: r.incident_id,
      data: JSON.parse(r.data_json) as unknown,
      hash: r.hash,
    }));
  }

  return { record, recordRead, verify, exportHead, matchesAnchor, list };
}
