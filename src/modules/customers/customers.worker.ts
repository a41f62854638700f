/**
 * Worker thread entry of the customer import: reads and maps the file (customers.reader.ts) and posts
 * batches of prepared rows to the writer. At most `maxInFlight` batches are unacknowledged; then this
 * thread blocks (Atomics.wait) inside the parser until the writer has stored one, so a file of any size
 * is read at the speed it is written and memory stays flat.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { CustomerMappingError, type PreparedRow, readCustomerFile, type ReadOptions } from './customers.reader.js';

export interface WorkerInput {
  file: string;
  display: string;
  options: ReadOptions;
  /** Int32 counter of batches posted and not yet acknowledged. */
  inFlight: SharedArrayBuffer;
  maxInFlight: number;
}

const input = (workerData as { input: WorkerInput }).input;
const inFlight = new Int32Array(input.inFlight);
const port = parentPort!;

function postRows(rows: PreparedRow[]) {
  for (;;) {
    const n = Atomics.load(inFlight, 0);
    if (n < input.maxInFlight) break;
    Atomics.wait(inFlight, 0, n, 1000);
  }
  Atomics.add(inFlight, 0, 1);
  port.postMessage({ type: 'rows', rows });
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
