/**
 * Worker threads for long scoping runs. The main thread plans tasks — a whole file, or for a big plain
 * UTF-8 CSV/TSV/JSON Lines/text file a byte range starting after a line feed — and worker threads read
 * them, each into its own collector, sharing the customer index (SharedArrayBuffers, no copy). The main
 * thread merges the parts in file order, so the result equals a single-threaded run. A CSV range that
 * turns out not to end on a record boundary (a quoted field with line breaks running over it) makes the
 * file be read again as a whole.
 */
import { promises as fs } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Role } from '../detect/column-classifier.js';
import type { CustomerIndex, CustomerIndexData } from '../match/customer-index.js';
import { type ByteRange, executeTask, rangeParser, type ScanSettings, type ScopeTask, type TaskResult } from './file-scan.js';
import { binaryOffset, detectEncoding, sniffFormat } from '../formats/sources.js';
import { sniffSqlDialect } from '../formats/sql-parser.js';
import { planSqlRanges, readAt } from '../formats/sql-ranges.js';
import { StructuredTable } from '../formats/structured-table.js';
import type { FileReport } from '../types.js';

export type { ScopeTask, TaskResult };

/** Messages between the main thread and a worker: a task (with the run's setup when it changed), or "drop the index". */
export type ToWorker = { kind: 'task'; id: number; task: ScopeTask; setup?: WorkerSetup } | { kind: 'release' };
export type FromWorker =
  | { kind: 'progress'; bytes: number; records: number; file: string }
  | { kind: 'done'; id: number; result: TaskResult }
  | { kind: 'failed'; id: number; message: string };

export interface WorkerSetup {
  index: CustomerIndexData;
  settings: ScanSettings & { columnOverrides?: Readonly<Record<string, Role>> };
  maxReview: number;
}

/** The scan worker script (scan.worker.ts beside this file). */
const SCAN_WORKER = new URL('./scan.worker', import.meta.url);

/**
 * Starts a worker script of the scan library, named by its URL without extension (`run/scan.worker`,
 * `match/master-loader.worker`), so it runs as `.ts` under tsx and vitest and as `.js` once compiled. From
 * TypeScript sources a small bootstrap registers tsx's loader in the new thread first, as bin/breachdesk.js
 * does for the main thread.
 */
export function startWorker(script: URL, workerData: unknown): Worker {
  // A larger young generation than the default: the readers make many short-lived strings, and fewer
  // scavenges cut the time spent in garbage collection by about a third.
  const options = { workerData, resourceLimits: { maxYoungGenerationSizeMb: 96 } };
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL(`${script.href}.js`), options);
  // Node 20 applies no module hooks registered in a worker to its ESM imports, so the worker runs as
  // CommonJS through tsx's require hook.
  const tsx = createRequire(import.meta.url).resolve('tsx/cjs/api');
  const file = fileURLToPath(new URL(`${script.href}.ts`));
  const bootstrap = `require(${JSON.stringify(tsx)}).register(); require(${JSON.stringify(file)});`;
  return new Worker(bootstrap, { ...options, eval: true });
}

/**
 * Scan workers kept between runs of this process. Starting one costs about 0.2 s (a thread, the modules)
 * and its first records run before the JIT has warmed up: a server scanning file after file, or a CLI run
 * that starts them while it loads the customer master (`prestartScanWorkers`), pays that once. Idle
 * workers hold no index (the run's index is released when it ends), do not keep the process alive, and
 * stop after a few minutes unused.
 */
const keptWorkers: Worker[] = [];
const IDLE_STOP_MS = 5 * 60 * 1000;
let idleTimer: NodeJS.Timeout | null = null;

function keepWorker(w: Worker) {
  w.removeAllListeners('message');
  w.removeAllListeners('error');
  w.removeAllListeners('exit');
  // An idle worker that fails or exits is simply not reused.
  w.on('error', () => dropKept(w));
  w.on('exit', () => dropKept(w));
  w.postMessage({ kind: 'release' } satisfies ToWorker);
  w.unref();
  keptWorkers.push(w);
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = setTimeout(() => {
    for (const k of keptWorkers.splice(0)) void k.terminate();
  }, IDLE_STOP_MS);
  idleTimer.unref();
}

function dropKept(w: Worker) {
  const i = keptWorkers.indexOf(w);
  if (i !== -1) keptWorkers.splice(i, 1);
}

function takeWorker(): Worker {
  const w = keptWorkers.pop();
  if (!w) return startWorker(SCAN_WORKER, null);
  w.removeAllListeners('error');
  w.removeAllListeners('exit');
  w.ref();
  return w;
}

/** How many idle scan workers are kept (tests). */
export const keptScanWorkers = (): number => keptWorkers.length;

/** Starts scan workers ahead of a run (while the customer master loads), up to `count` kept ones. */
export function prestartScanWorkers(count: number): void {
  while (keptWorkers.length < count) keepWorker(startWorker(SCAN_WORKER, null));
}

/**
 * A fixed set of workers taking tasks in the order they are given. The main thread takes tasks too (it
 * would only wait otherwise), so on two cores one worker and the main thread share the work. Workers come
 * from the kept ones when there are any, and go back there when the run ends well (`close(true)`).
 */
export class WorkerPool {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  /** Workers that have been sent this run's setup. */
  private readonly setUp = new Set<Worker>();
  private localIdle = true;
  private readonly queue: Array<{ id: number; task: ScopeTask }> = [];
  private readonly pending = new Map<number, { resolve: (r: TaskResult) => void; reject: (e: Error) => void }>();
  private nextId = 0;
  private failure: Error | null = null;

  constructor(
    size: number,
    private readonly setup: WorkerSetup,
    private readonly onProgress: (bytes: number, records: number, file: string) => void,
    private readonly index: CustomerIndex,
  ) {
    for (let i = 0; i < size; i++) {
      const w = takeWorker();
      w.on('message', (m: FromWorker) => {
        if (m.kind === 'progress') return this.onProgress(m.bytes, m.records, m.file);
        const p = this.pending.get(m.id);
        this.pending.delete(m.id);
        if (m.kind === 'done') p?.resolve(m.result);
        else p?.reject(new Error(m.message));
        this.idle.push(w);
        this.dispatch();
      });
      w.on('error', (err) => this.fail(err));
      w.on('exit', (code) => {
        if (code !== 0 && !this.failure) this.fail(new Error(`a scoping worker thread stopped (exit code ${code})`));
      });
      this.workers.push(w);
      this.idle.push(w);
    }
  }

  private fail(err: Error) {
    this.failure ??= err;
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }

  run(task: ScopeTask): Promise<TaskResult> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    const promise = new Promise<TaskResult>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    this.queue.push({ id, task });
    this.dispatch();
    return promise;
  }

  private dispatch() {
    if (this.localIdle && this.queue.length) {
      this.localIdle = false;
      const { id, task } = this.queue.shift()!;
      void this.runLocal(id, task);
    }
    while (this.idle.length && this.queue.length) {
      const w = this.idle.shift()!;
      const { id, task } = this.queue.shift()!;
      const first = !this.setUp.has(w);
      this.setUp.add(w);
      w.postMessage({ kind: 'task', id, task, setup: first ? this.setup : undefined } satisfies ToWorker);
    }
  }

  private async runLocal(id: number, task: ScopeTask) {
    let records = 0;
    const hooks = {
      record: (file: string) => {
        if (++records === 20_000) {
          if (this.failure) throw this.failure;
          this.onProgress(0, records, file);
          records = 0;
        }
      },
      bytes: (n: number) => this.onProgress(n, 0, ''),
    };
    try {
      const result = await executeTask(this.index, this.setup.settings, this.setup.maxReview, task, hooks);
      this.onProgress(0, records, '');
      this.pending.get(id)?.resolve(result);
    } catch (err) {
      this.pending.get(id)?.reject(err as Error);
    }
    this.pending.delete(id);
    this.localIdle = true;
    this.dispatch();
  }

  /**
   * Ends the run. After a run that finished (`keep`), idle workers are kept for the next run; otherwise
   * (cancel, failure) they are stopped, which also stops any task still running.
   */
  async close(keep = false): Promise<void> {
    const reusable = keep && !this.failure && this.pending.size === 0;
    this.failure ??= new Error('scoping cancelled');
    for (const p of this.pending.values()) p.reject(this.failure);
    this.pending.clear();
    if (reusable) for (const w of this.workers) keepWorker(w);
    else await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** The sample scan/formats/sources.ts reads before deciding the encoding and format (its first read chunk). */
const SAMPLE_BYTES = 1024 * 1024;

async function readFileAt(file: string, position: number, length: number): Promise<Buffer> {
  const handle = await fs.open(file, 'r');
  try {
    return await readAt(handle, position, length);
  } finally {
    await handle.close();
  }
}

/**
 * Byte ranges for a file worth splitting (plain UTF-8 CSV/TSV/JSON Lines/text of at least `splitBytes`),
 * each starting after a line feed, with the columns classified on the start of the file exactly as a
 * single-threaded run would; null when the file is read as a whole.
 */
export async function planRanges(
  input: { absolute: string; display: string },
  settings: ScanSettings,
  parts: number,
  splitBytes: number,
): Promise<ByteRange[] | null> {
  const size = (await fs.stat(input.absolute)).size;
  if (size < splitBytes || parts < 2) return null;
  const sample = await readFileAt(input.absolute, 0, Math.min(size, SAMPLE_BYTES));
  if (sample.length < 4 || (sample[0] === 0x1f && sample[1] === 0x8b) || (sample[0] === 0x50 && sample[1] === 0x4b)) return null;
  if (binaryOffset(sample.subarray(0, 8192)) !== -1) return null;
  const { encoding, bom } = detectEncoding(sample, size <= sample.length);
  if (encoding !== 'utf-8') return null;
  // Cut an incomplete character at the end of the sample, as a streaming decoder would hold it back.
  const text = new TextDecoder('utf-8').decode(sample.subarray(bom, sample.length - incompleteTail(sample)));
  const { format, delimiter } = sniffFormat(path.basename(input.absolute), text);
  if (format === 'sql') return sniffSqlDialect(text) === 'mysql' ? planSqlRanges(input, settings, parts, size) : null;
  if (format !== 'csv' && format !== 'tsv' && format !== 'jsonl' && format !== 'text') return null;
  const base = { absolute: input.absolute, display: input.display, format, delimiter };
  let schema = null;
  if (format !== 'text') {
    schema = await classifyStart({ ...base, start: 0, end: size, schema: null, last: true }, settings);
    if (!schema) return null;
  }
  const starts = [0];
  for (let k = 1; k < parts; k++) {
    const nominal = Math.floor((size * k) / parts);
    const window = await readFileAt(input.absolute, nominal, 1024 * 1024);
    const nl = window.indexOf(10);
    if (nl === -1) continue;
    const start = nominal + nl + 1;
    if (start > starts[starts.length - 1]! && start < size) starts.push(start);
  }
  if (starts.length < 2) return null;
  return starts.map((start, k) => ({
    ...base,
    schema,
    start,
    end: k + 1 < starts.length ? starts[k + 1]! : size,
    last: k + 1 === starts.length,
  }));
}

function incompleteTail(b: Buffer): number {
  let k = b.length - 1;
  while (k >= 0 && b.length - k <= 4 && (b[k]! & 0xc0) === 0x80) k--;
  return k >= 0 && b[k]! >= 0xc0 ? b.length - k : 0;
}

/** Classifies the file's table on its first records, as the single-threaded reader would. */
async function classifyStart(range: ByteRange, settings: ScanSettings) {
  const table = new StructuredTable(null, {
    sampleSize: settings.sampleSize ?? 1000,
    headerless: range.format === 'csv' || range.format === 'tsv' ? 'detect' : 'known',
    onRecord: () => {},
    overrides: settings.columnOverrides
      ? new Map(Object.entries(settings.columnOverrides).filter(([name]) => !name.includes('.')))
      : undefined,
  });
  const parser = rangeParser(
    range,
    {
      row: (_t, cols, fields, line) => table.addRow(cols, fields, line),
      object: (v, line) => table.addObject(v, line),
      text() {},
      error() {},
    },
    settings.maxRecordChars ?? 16 * 1024 * 1024,
  );
  const chunk = 256 * 1024;
  let at = 0;
  const decoder = new TextDecoder('utf-8');
  while (!table.classified && at < 32 * 1024 * 1024 && at < range.end) {
    let buf = await readFileAt(range.absolute, at, chunk);
    if (at === 0 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) buf = buf.subarray(3);
    at += chunk;
    parser.push(decoder.decode(buf, { stream: true }));
    if (parser.aborted) return null;
  }
  return table.classified ? table.schema() : null;
}

/** Joins the reports of a file's ranges: counts added, columns in order of first appearance, lines renumbered. */
export function joinRangeReports(reports: FileReport[], lineOffsets: number[]): FileReport {
  const joined: FileReport = { ...reports[0]!, records: 0, columns: [], errors: [] };
  const seen = new Set<string>();
  reports.forEach((r, k) => {
    joined.records += r.records;
    for (const c of r.columns)
      if (!seen.has(c.name)) {
        seen.add(c.name);
        joined.columns.push(c);
      }
    for (const e of r.errors) {
      if (joined.errors.length > 100) break;
      if (joined.errors.length === 100) {
        joined.errors.push({ message: 'more errors in this file were not listed' });
        break;
      }
      joined.errors.push(e.line === undefined ? e : { ...e, line: e.line + lineOffsets[k]! });
    }
  });
  return joined;
}

/** Threads worth starting: cores minus none (the main thread mostly waits), at most 8. */
export function defaultThreads(available: number): number {
  return Math.max(1, Math.min(8, available));
}
