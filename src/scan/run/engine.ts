/**
 * A scoping run: leaked files in, exposure register out. Every record is parsed, its personal data found
 * (classified columns or free-text scanning), matched to one customer or sent to review or counted as
 * unmatched, and the register keeps per customer a bit mask of exposed data types and per source file
 * a record count, so memory grows with the number of affected people, not with the leak.
 */
import { promises as fs } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { Role } from '../detect/column-classifier.js';
import type { CustomerIndex } from '../match/customer-index.js';
import { ScopeCollector } from '../collect/collector.js';
import { type ScanHooks, scanInto, type ScanSettings } from './file-scan.js';
import { expandInputs } from '../formats/sources.js';
import { defaultThreads, joinRangeReports, planRanges, prestartScanWorkers, type TaskResult, WorkerPool } from './thread-pool.js';
import type { FileReport, ScopeProgress, ScopeResult } from '../types.js';

export interface ScopeOptions {
  customers: CustomerIndex;
  /** Paths as given on the command line (files or directories). */
  inputs: readonly string[];
  maxRecordChars?: number;
  /** Records per table used to classify its columns. */
  sampleSize?: number;
  /** Review entries kept in the result (the total is always counted). */
  maxReview?: number;
  onProgress?: (p: ScopeProgress) => void;
  /**
   * Column roles a person set after reviewing the classification, by column name ("email") or, for SQL
   * dumps, table and column ("users.email"). They win over the classifier for every table of the run.
   */
  columnOverrides?: Readonly<Record<string, Role>>;
  /** Aborts the run between records (cancel); the promise rejects with the signal's reason. */
  signal?: AbortSignal;
  /**
   * Worker threads to read with (1: everything in the calling thread). Default: one per core when the
   * inputs total 64 MiB or more, else 1. The result is the same either way.
   */
  threads?: number;
  /** With threads, plain CSV/TSV/JSON Lines/text files of this size or more are split into byte ranges (default 32 MiB). */
  splitBytes?: number;
}

/** Inputs smaller than this (in total) are read in the calling thread when `threads` is not given. */
const AUTO_THREADS_MIN_BYTES = 64 * 1024 * 1024;

/**
 * Starts the worker threads a run over `totalBytes` of leaks will use (as `runScope` decides without a
 * `threads` option), so that they load while the customer master does.
 */
export function prestartScopeThreads(totalBytes: number): void {
  const threads = defaultThreads(availableParallelism());
  if (threads > 1 && totalBytes >= AUTO_THREADS_MIN_BYTES) prestartScanWorkers(threads - 1);
}

/** Runs a scoping pass over the inputs against the customer index. */
export async function runScope(opts: ScopeOptions): Promise<ScopeResult> {
  const index = opts.customers;
  const maxReview = opts.maxReview ?? 10_000;
  const signal = opts.signal;
  const files = await expandInputs(opts.inputs);
  const progress: ScopeProgress = { bytes: 0, records: 0, file: '', filesDone: 0, filesTotal: files.length };
  const settings: ScanSettings = {
    maxRecordChars: opts.maxRecordChars,
    sampleSize: opts.sampleSize,
    columnOverrides: opts.columnOverrides,
  };
  const collector = new ScopeCollector(index, maxReview);
  const reports: FileReport[] = [];

  let threads = opts.threads ?? defaultThreads(availableParallelism());
  if (opts.threads === undefined && threads > 1) {
    let total = 0;
    for (const f of files) total += (await fs.stat(f.absolute)).size;
    if (total < AUTO_THREADS_MIN_BYTES) threads = 1;
  }

  if (threads <= 1) {
    let nextProgressAt = 50_000;
    const hooks: ScanHooks = {
      record(file) {
        progress.records++;
        if (progress.records >= nextProgressAt) {
          nextProgressAt = progress.records + 20_000;
          signal?.throwIfAborted();
          progress.file = file;
          opts.onProgress?.(progress);
        }
      },
      bytes(n) {
        progress.bytes += n;
      },
    };
    for (const input of files) {
      signal?.throwIfAborted();
      reports.push(...(await scanInto(collector, input, settings, hooks)));
      progress.filesDone++;
    }
    opts.onProgress?.(progress);
    return collector.finish(reports);
  }

  let nextProgressAt = 50_000;
  // The main thread reads too: threads - 1 workers.
  const pool = new WorkerPool(
    threads - 1,
    { index: index.data, settings, maxReview },
    (bytes, records, file) => {
      progress.bytes += bytes;
      progress.records += records;
      if (records > 0 && progress.records >= nextProgressAt) {
        nextProgressAt = progress.records + 20_000;
        if (file) progress.file = file;
        opts.onProgress?.(progress);
      }
    },
    index,
  );
  const aborted = new Promise<never>((_resolve, reject) => {
    if (!signal) return;
    const stop = () => reject(signal.reason as Error);
    if (signal.aborted) stop();
    else signal.addEventListener('abort', stop, { once: true });
  });
  aborted.catch(() => {});
  let finished = false;
  try {
    // Every task is queued at once (the pool runs as many as it has threads); parts are merged in file order.
    const planned = await Promise.race([
      Promise.all(files.map((f) => planRanges(f, settings, threads * 2, opts.splitBytes ?? 32 * 1024 * 1024))),
      aborted,
    ]);
    const jobs = files.map((f, i) => {
      const ranges = planned[i];
      return ranges
        ? { input: f, ranges, results: ranges.map((range) => pool.run({ kind: 'range', range })) }
        : { input: f, ranges: null, results: [pool.run({ kind: 'file', ...f })] };
    });
    // A failed task is reported when its file is merged; until then its rejection is not unhandled.
    for (const job of jobs) for (const r of job.results) r.catch(() => {});
    // Merged parts are dropped from the job, so memory holds at most the parts read ahead of the merge.
    const done = Promise.resolve(null as unknown as TaskResult);
    for (const job of jobs) {
      const mergeWhole = (r: TaskResult) => {
        const base = collector.sourceNames.length;
        for (const name of r.partial.sourceNames) collector.beginSource(name);
        collector.merge(r.partial, (local) => base + local, 0);
        reports.push(...r.partial.reports);
      };
      if (!job.ranges) {
        mergeWhole(await Promise.race([job.results[0]!, aborted]));
        job.results[0] = done;
      } else if (job.ranges[0]!.format === 'sql') {
        // A dump's ranges count only if every one ended at a statement boundary and met only planned tables
        // (scan/formats/sql-ranges.ts); otherwise the file is read whole, as without threads. They are merged as they
        // come into a collector of their own, which joins the run's when the last one is in.
        const own = new ScopeCollector(index, maxReview);
        const src = own.beginSource(job.input.display);
        const parts: FileReport[] = [];
        const offsets: number[] = [];
        let lines = 0;
        let usable = true;
        for (let k = 0; k < job.ranges.length; k++) {
          const r = await Promise.race([job.results[k]!, aborted]);
          job.results[k] = done;
          if (!usable) continue;
          if (!r.outcome!.clean || !r.outcome!.boundary) {
            usable = false;
            continue;
          }
          offsets.push(lines);
          parts.push(r.partial.reports[0]!);
          own.merge(r.partial, () => src, lines);
          lines += r.outcome!.lines;
        }
        if (usable) mergeWhole({ partial: own.toPartial([joinRangeReports(parts, offsets)]), outcome: null });
        else mergeWhole(await Promise.race([pool.run({ kind: 'file', ...job.input }), aborted]));
      } else {
        // Ranges are merged as they come, in order. A range that did not end on a record boundary (a quoted
        // CSV field with line breaks running over its end) stopped before the incomplete record: the next
        // range is read again from there. Reading stops where the file could not be read further (NUL bytes).
        const src = collector.beginSource(job.input.display);
        const parts: FileReport[] = [];
        const offsets: number[] = [];
        let lines = 0;
        let current: Promise<TaskResult> = job.results[0]!;
        for (let k = 0; k < job.ranges.length; k++) {
          const r = await Promise.race([current, aborted]);
          job.results[k] = done;
          offsets.push(lines);
          parts.push(r.partial.reports[0]!);
          collector.merge(r.partial, () => src, lines);
          lines += r.outcome!.lines;
          if (!r.outcome!.clean || k + 1 === job.ranges.length) break;
          current =
            r.outcome!.resumeAt === null
              ? job.results[k + 1]!
              : pool.run({ kind: 'range', range: { ...job.ranges[k + 1]!, start: r.outcome!.resumeAt } });
        }
        reports.push(joinRangeReports(parts, offsets));
      }
      progress.filesDone++;
    }
    finished = true;
  } finally {
    // Workers are kept for the next run only after a run that finished; a cancel or failure stops them.
    await pool.close(finished);
  }
  signal?.throwIfAborted();
  opts.onProgress?.(progress);
  return collector.finish(reports);
}
