/**
 * A scoping worker thread (started by scan/run/thread-pool.ts): reads the tasks it is sent — a whole file or a
 * byte range of one — into a collector of its own against the shared customer index and sends each part
 * back, with progress on the way. A worker serves run after run: the first task of a run brings the run's
 * setup (index, settings), and "release" at the end of a run drops the index.
 */
import { parentPort } from 'node:worker_threads';
import { CustomerIndex } from '../match/customer-index.js';
import { executeTask, type ScanHooks } from './file-scan.js';
import type { FromWorker, ToWorker, WorkerSetup } from './thread-pool.js';
import { unmatchedBuffers } from '../collect/unmatched-store.js';

let setup: WorkerSetup | null = null;
let index: CustomerIndex | null = null;
const port = parentPort!;

let bytes = 0;
let records = 0;
let file = '';
const flush = () => {
  if (bytes === 0 && records === 0) return;
  port.postMessage({ kind: 'progress', bytes, records, file } satisfies FromWorker);
  bytes = 0;
  records = 0;
};
const hooks: ScanHooks = {
  record(f) {
    if (++records >= 20_000) {
      file = f;
      flush();
    }
  },
  bytes(n) {
    bytes += n;
  },
};

port.on('message', (msg: ToWorker) => {
  if (msg.kind === 'release') {
    setup = null;
    index = null;
    return;
  }
  if (msg.setup) {
    setup = msg.setup;
    index = new CustomerIndex(msg.setup.index);
  }
  void run(msg);
});

async function run({ id, task }: Extract<ToWorker, { kind: 'task' }>) {
  try {
    if (!setup || !index) throw new Error('scoping worker: a task came before the run setup');
    file = task.kind === 'file' ? task.display : task.range.display;
    const result = await executeTask(index, setup.settings, setup.maxReview, task, hooks);
    flush();
    const transfer = result.partial.sources.flatMap((s) => [s.customers.buffer, s.masks.buffer, s.ranks.buffer, s.counts.buffer]);
    transfer.push(...unmatchedBuffers(result.partial.unmatched));
    port.postMessage({ kind: 'done', id, result } satisfies FromWorker, transfer as ArrayBuffer[]);
  } catch (err) {
    port.postMessage({ kind: 'failed', id, message: (err as Error).message } satisfies FromWorker);
  }
}
