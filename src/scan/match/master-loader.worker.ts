/**
 * A customer master worker thread (started by scan/match/master-loader.ts): reads the byte ranges of the master it
 * is sent, with the classification made on the start of the file, encodes their customers into chunks
 * and sends each chunk as it fills (its buffers transferred, not copied), then the range's report.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { chunkBuffers, CustomerChunkEncoder } from './customer-encoder.js';
import { customerRowOf, type FromMasterWorker, type MasterTask, type MasterWorkerSetup } from './master-loader.js';
import { readRange } from '../run/file-scan.js';
import { StructuredTable } from '../formats/structured-table.js';
import type { FileReport } from '../types.js';

const { schema, idIndex, idColumn } = workerData as MasterWorkerSetup;
const port = parentPort!;

port.on('message', (task: MasterTask) => {
  void read(task);
});

async function read({ id, range }: MasterTask) {
  const encoder = new CustomerChunkEncoder();
  const report: FileReport = { file: range.display, format: range.format, records: 0, columns: [], errors: [], encoding: 'utf-8' };
  let skipped = 0;
  const send = () => {
    const chunk = encoder.take();
    port.postMessage({ kind: 'chunk', id, chunk } satisfies FromMasterWorker, chunkBuffers(chunk));
  };
  const table = new StructuredTable(null, {
    sampleSize: 1,
    headerless: 'known',
    overrides: new Map([[idColumn, 'customer_id']]),
    onRecord: (t, cols, values) => {
      report.records++;
      if (!encoder.add(customerRowOf(t.roles, idIndex, cols, values))) skipped++;
      if (encoder.full) send();
    },
  });
  table.preset(schema, range.start === 0);
  try {
    const outcome = await readRange(
      range,
      {
        row: (_t, _c, fields, line) => table.addRow(null, fields, line),
        object: (value, line) => table.addObject(value, line),
        text: () => {},
        error: (e) => report.errors.push(e),
      },
      report,
      {},
      { record() {}, bytes() {} },
    );
    if (outcome.clean && (outcome.boundary || range.last)) table.finish();
    if (encoder.count > 0) send();
    port.postMessage({
      kind: 'done',
      id,
      report,
      lines: outcome.lines,
      clean: outcome.clean,
      boundary: outcome.boundary,
      skipped,
    } satisfies FromMasterWorker);
  } catch (err) {
    port.postMessage({ kind: 'failed', id, message: (err as Error).message } satisfies FromMasterWorker);
  }
}
