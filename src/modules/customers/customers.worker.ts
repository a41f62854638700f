/**
 * Worker thread entry of the customer import: reads and maps the file (customers.reader.ts) and posts
 * batches to the writer. With the cipher's secret (a real import) it also encrypts the contact, computes
 * the blind indexes and draws the new ids, so that the writer thread only writes; without it (a dry run)
 * it posts the prepared rows. At most `maxInFlight` batches are unacknowledged; then this thread blocks
 * (Atomics.wait) inside the parser until the writer has stored one, so a file of any size is read at the
 * speed it is written and memory stays flat.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createCipher } from '../../core/crypto.js';
import { newId } from '../../core/ids.js';
import { sealRows } from './customers.contact.js';
import { CustomerMappingError, type PreparedRow, readCustomerFile, type ReadOptions } from './customers.reader.js';

export interface WorkerInput {
  file: string;
  display: string;
  options: ReadOptions;
  /** Int32 counter of batches posted and not yet acknowledged. */
  inFlight: SharedArrayBuffer;
  maxInFlight: number;
  /** The cipher's secret (`cipherSecret`): seal rows here and post `sealed` batches. */
  secret?: Uint8Array;
}

const input = (workerData as { input: WorkerInput }).input;
const inFlight = new Int32Array(input.inFlight);
const port = parentPort!;
const cipher = input.secret ? createCipher(Buffer.from(input.secret)) : null;

function postRows(rows: PreparedRow[]) {
  // Seal before waiting: this thread encrypts the next batch while the writer stores the previous ones.
  const batch = cipher ? sealRows(cipher, newId, rows) : null;
  for (;;) {
    const n = Atomics.load(inFlight, 0);
    if (n < input.maxInFlight) break;
    Atomics.wait(inFlight, 0, n, 1000);
  }
  Atomics.add(inFlight, 0, 1);
  if (!batch) return port.postMessage({ type: 'rows', rows });
  port.postMessage({ type: 'sealed', batch }, [batch.lines.buffer as ArrayBuffer]);
}

try {
  const summary = await readCustomerFile(input.file, input.display, input.options, {
    mapping: (mapping) => port.postMessage({ type: 'mapping', mapping }),
    rows: postRows,
  });
  port.postMessage({ type: 'done', summary });
} catch (err) {
  port.postMessage({ type: 'fail', mapping: err instanceof CustomerMappingError, message: (err as Error).message });
}
