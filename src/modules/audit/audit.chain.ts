import canonicalize from 'canonicalize';
import { sha256Hex } from '../../core/crypto.js';

export const GENESIS_HASH = '0'.repeat(64);

/** The fields an entry's hash covers. Changing any of them, or the order of entries, breaks the chain. */
export type ChainedFields = {
  seq: number;
  at: string;
  actor_id: string | null;
  actor_label: string;
  action: string;
  entity_type: string;
  entity_id: string | null;
  incident_id: string | null;
  data_json: string;
};

/** hash_n = SHA-256(hash_{n-1} + RFC 8785 canonical JSON of entry n). */
export function entryHash(prevHash: string, fields: ChainedFields): string {
  const canonical = canonicalize({
    seq: fields.seq,
    at: fields.at,
    actor_id: fields.actor_id,
    actor_label: fields.actor_label,
    action: fields.action,
    entity_type: fields.entity_type,
    entity_id: fields.entity_id,
    incident_id: fields.incident_id,
    data: JSON.parse(fields.data_json) as unknown,
  });
  return sha256Hex(prevHash + canonical);
}

export type VerifyResult = { ok: true; count: number; head: string } | { ok: false; count: number; firstBadSeq: number; problem: string };

/**
 * Walks entries in seq order and checks seq continuity, prev_hash links and each hash. Reports the
 * first bad entry: an edited entry fails its own hash, a deleted one leaves a seq gap, a reordered
 * one breaks the link to its predecessor.
 */
export function createChainVerifier() {
  let expectedSeq = 1;
  let prev = GENESIS_HASH;
  let failure: { firstBadSeq: number; problem: string } | null = null;
  return {
    push(entry: ChainedFields & { prev_hash: string; hash: string }): boolean {
      if (failure) return false;
      if (entry.seq !== expectedSeq) {
        failure = { firstBadSeq: expectedSeq, problem: `entry ${expectedSeq} is missing (next stored entry is ${entry.seq})` };
      } else if (entry.prev_hash !== prev) {
        failure = {
          firstBadSeq: entry.seq,
          problem: `entry ${entry.seq} does not link to entry ${entry.seq - 1} (deleted, reordered or edited)`,
        };
      } else if (entryHash(prev, entry) !== entry.hash) {
        failure = { firstBadSeq: entry.seq, problem: `entry ${entry.seq} was modified (its content does not match its hash)` };
      } else {
        prev = entry.hash;
        expectedSeq += 1;
        return true;
      }
      return false;
    },
    finish(head: { entry_count: number; last_hash: string }): VerifyResult {
      const count = expectedSeq - 1;
      if (failure) return { ok: false, count, ...failure };
      if (head.entry_count !== count || head.last_hash !== prev) {
        return {
          ok: false,
          count,
          firstBadSeq: count + 1,
          problem: `the chain head records ${head.entry_count} entries but ${count} are stored (entries after ${count} were deleted)`,
        };
      }
      return { ok: true, count, head: prev };
    },
  };
}
