/**
 * Worker thread entry that decrypts pages of stored customers for `iterateCustomerRows`: it receives the
 * `contact_enc` values of a page and answers with the contact fields the scoping matcher reads, flat
 * (`MATCH_FIELDS.length` values per row), or — for building the match index — the page encoded as a chunk
 * (normalized keys hashed: scan/match/customer-encoder.ts), so that decryption, JSON parsing and normalization run next
 * to the thread that reads the database and builds the index.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createCipher } from '../../core/crypto.js';
import { chunkBuffers, type CustomerChunk, CustomerChunkEncoder } from '../../scan/index.js';
import { matchRowOf, type StoredContact } from './customers.contact.js';

/** The contact fields a CustomerRow carries, in this order. */
export const MATCH_FIELDS = ['email', 'phone', 'first_name', 'last_name', 'full_name', 'postal_code'] as const;

export interface DecryptRequest {
  seq: number;
  sealed: string[];
  /** With these, the page comes back encoded for the scoping index (a chunk) instead of as fields. */
  encode?: { ids: string[]; country: Array<string | null>; region: Array<string | null> };
}
export type DecryptReply =
  { seq: number; fields: Array<string | null> } | { seq: number; chunk: CustomerChunk } | { seq: number; error: string };

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

/** Decrypts one page and encodes it for the scoping index. */
export function encodePage(decrypt: (sealed: string) => string, request: Required<DecryptRequest>): CustomerChunk {
  const { sealed, encode } = request;
  const encoder = new CustomerChunkEncoder(Math.max(1, sealed.length));
  for (let i = 0; i < sealed.length; i++) {
    const c = JSON.parse(decrypt(sealed[i]!)) as StoredContact;
    encoder.add(matchRowOf(encode.ids[i]!, c, encode.country[i]!, encode.region[i]!));
  }
  return encoder.take();
}

if (parentPort && (workerData as { input?: { secret?: Uint8Array } } | null)?.input?.secret) {
  const port = parentPort;
  const cipher = createCipher(Buffer.from((workerData as { input: { secret: Uint8Array } }).input.secret));
  port.on('message', (request: DecryptRequest) => {
    const { seq, sealed, encode } = request;
    const decrypt = (s: string) => cipher.decrypt(s);
    try {
      if (encode) {
        const chunk = encodePage(decrypt, { seq, sealed, encode });
        port.postMessage({ seq, chunk } satisfies DecryptReply, chunkBuffers(chunk));
      } else port.postMessage({ seq, fields: decryptPage(decrypt, sealed) } satisfies DecryptReply);
    } catch (err) {
      port.postMessage({ seq, error: (err as Error).message } satisfies DecryptReply);
    }
  });
}
