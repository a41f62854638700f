/**
 * A scoping worker thread (started by scoping.threads.ts): reads the tasks it is sent — a whole file or a
 * byte range of one — into a collector of its own against the shared customer index and sends each part
 * back, with progress on the way.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { CustomerIndex } from './scoping.customers.js';
import { ScopeCollector } from './scoping.register.js';
import { type ScanHooks, scanInto, scanRangeInto } from './scoping.scan.js';
import type { FromWorker, TaskResult, ToWorker, WorkerSetup } from './scoping.threads.js';

const setup = workerData as WorkerSetup;
const index = new CustomerIndex(setup.index);
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
  void run(msg);
});

async function run({ id, task }: ToWorker) {
  try {
    const col = new ScopeCollector(index, setup.maxReview);
    let result: TaskResult;
    if (task.kind === 'file') {
      file = task.display;
      const reports = await scanInto(col, task, setup.settings, hooks);
      result = { partial: col.toPartial(reports), outcome: null };
    } else {
      file = task.range.display;
      const { report, ...outcome } = await scanRangeInto(col, task.range, setup.settings, hooks);
      result = { partial: col.toPartial([report]), outcome };
    }
    flush();
    const transfer = result.partial.sources.flatMap((s) => [s.customers.buffer, s.masks.buffer, s.ranks.buffer, s.counts.buffer]);
    port.postMessage({ kind: 'done', id, result } satisfies FromWorker, transfer as ArrayBuffer[]);
  } catch (err) {
    port.postMessage({ kind: 'failed', id, message: (err as Error).message } satisfies FromWorker);
  }
}
