/**
 * Worker thread entry that decrypts pages of stored customers for `iterateCustomerRows`: it receives the
 * `contact_enc` values of a page and answers with the contact fields the scoping matcher reads, flat
 * (`MATCH_FIELDS.length` values per row), so that decryption and JSON parsing run next to the thread that
 * reads the database and builds the index.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createCipher } from '../../core/crypto.js';
import type { StoredContact } from './customers.contact.js';

/** The contact fields a CustomerRow carries, in this order. */
export const MATCH_FIELDS = ['email', 'phone', 'first_name', 'last_name', 'full_name', 'postal_code'] as const;

export interface DecryptRequest {
  seq: number;
  sealed: string[];
}
export type DecryptReply = { seq: number; fields: Array<string | null> } | { seq: number; error: string };

/** Decrypts one page into the flat field list. */
export function decryptPage(decrypt: (sealed: string) => string, sealed: readonly string[]): Array<string | null> {
  const w = MATCH_FIELDS.length;
  const out = new Array<string | null>(sealed.length * w);
  for (let i = 0; i < sealed.length; i++) {
    const c = JSON.parse(decrypt(sealed[i]!)) as StoredContact;
    const o = i * w;
    out[o] = c.email ?? null;
    out[o + 1] = c.phone ?? null;
    out[o + 2] = c.first_name ?? null;
    out[o + 3] = c.last_name ?? null;
    out[o + 4] = c.full_name ?? null;
    out[o + 5] = c.postal_code ?? null;
  }
  return out;
}

if (parentPort && (workerData as { input?: { secret?: Uint8Array } } | null)?.input?.secret) {
  const port = parentPort;
  const cipher = createCipher(Buffer.from((workerData as { input: { secret: Uint8Array } }).input.secret));
  port.on('message', ({ seq, sealed }: DecryptRequest) => {
    let reply: DecryptReply;
    try {
      reply = { seq, fields: decryptPage((s) => cipher.decrypt(s), sealed) };
    } catch (err) {
      reply = { seq, error: (err as Error).message };
    }
    port.postMessage(reply);
  });
}
