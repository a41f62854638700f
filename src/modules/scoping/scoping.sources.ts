/**
 * From a path on the command line to decoded text for a parser: directories are walked (sorted, so runs
 * are reproducible), gzip is unpacked as a stream, zip members are read one by one, the encoding is
 * detected (BOM, UTF-16 without BOM, UTF-8, else Windows-1252) and the format is sniffed from the name
 * and the first 64 KiB. Damage (truncated gzip, corrupt zip, binary garbage) becomes an error in the
 * file's report with a byte offset; what was read before the damage still counts.
 */
import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { pipeline, Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import yauzl from 'yauzl';
import {
  createCsvParser,
  createJsonDocumentParser,
  createJsonLinesParser,
  createTextParser,
  defaultMaxRecordChars,
} from './scoping.readers.js';
import { createSqlParser, sniffSqlDialect } from './scoping.sql.js';
import type { FileReport, LeakFormat, ParseTarget, Parser } from './scoping.types.js';

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/** Receives each stream found under a path: `begin` once its format is known, `end` when it is done (errors included). */
export interface StreamVisitor {
  begin(report: FileReport, format: LeakFormat, delimiter: string | null): ParseTarget;
  end(report: FileReport): void;
  /** Raw bytes read from disk, for progress. */
  progress?(bytes: number): void;
}

export interface ScanOptions {
  maxRecordChars?: number;
  /** Force a format instead of sniffing (customer master files). */
  format?: LeakFormat;
}

const SAMPLE_BYTES = 64 * 1024;
const READ_CHUNK = 1024 * 1024;

/** Expands command-line paths: files as given, directories recursively in sorted order, joined to the path as given. */
export async function expandInputs(inputs: readonly string[]): Promise<Array<{ display: string; absolute: string }>> {
  const out: Array<{ display: string; absolute: string }> = [];
  async function walk(display: string, absolute: string) {
    const entries = (await fs.readdir(absolute, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const d = path.join(display, e.name);
      const a = path.join(absolute, e.name);
      if (e.isDirectory()) await walk(d, a);
      else if (e.isFile()) out.push({ display: d, absolute: a });
    }
  }
  for (const input of inputs) {
    const absolute = path.resolve(input);
    const stat = await fs.stat(absolute);
    if (stat.isDirectory()) await walk(input, absolute);
    else out.push({ display: input, absolute });
  }
  return out;
}

/**
 * Encoding from the byte-order mark, or from the pattern of zero bytes (UTF-16 without BOM), or by
 * checking that the sample is valid UTF-8; anything else is read as Windows-1252, the usual encoding of
 * spreadsheets exported on Windows (it is a superset of Latin-1 for printable text).
 */
export function detectEncoding(sample: Buffer, complete: boolean): { encoding: TextEncodingName; bom: number } {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return { encoding: 'utf-8', bom: 3 };
  if (sample[0] === 0xff && sample[1] === 0xfe) return { encoding: 'utf-16le', bom: 2 };
  if (sample[0] === 0xfe && sample[1] === 0xff) return { encoding: 'utf-16be', bom: 2 };
  const n = Math.min(sample.length, 4096) & ~1;
  if (n >= 4) {
    let evenZeros = 0;
    let oddZeros = 0;
    for (let i = 0; i < n; i += 2) {
      if (sample[i] === 0) evenZeros++;
      if (sample[i + 1] === 0) oddZeros++;
    }
    const half = n / 2;
    if (oddZeros > half * 0.3 && evenZeros < half * 0.05) return { encoding: 'utf-16le', bom: 0 };
    if (evenZeros > half * 0.3 && oddZeros < half * 0.05) return { encoding: 'utf-16be', bom: 0 };
  }
  // Cut an incomplete multi-byte sequence at the end of a partial sample before checking.
  let end = sample.length;
  if (!complete) {
    let k = end - 1;
    while (k >= 0 && end - k <= 4 && (sample[k]! & 0xc0) === 0x80) k--;
    if (k >= 0 && sample[k]! >= 0xc0) end = k;
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample.subarray(0, end));
    return { encoding: 'utf-8', bom: 0 };
  } catch {
    return { encoding: 'windows-1252', bom: 0 };
  }
}

// Windows-1252 differs from Latin-1 only in 0x80–0x9F (Node's TextDecoder maps these as Latin-1).
const cp1252High = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

/** A streaming byte → string decoder for the detected encoding (multi-byte characters split across chunks are kept whole). */
export function createDecoder(encoding: TextEncodingName): { write(buf: Buffer): string; end(): string } {
  if (encoding === 'windows-1252') {
    const fix = (s: string) => (/[\x80-\x9f]/.test(s) ? s.replace(/[\x80-\x9f]/g, (c) => cp1252High[c.charCodeAt(0) - 0x80]!) : s);
    return { write: (buf) => fix(buf.toString('latin1')), end: () => '' };
  }
  if (encoding === 'utf-16be') {
    const d = new StringDecoder('utf16le');
    let odd: Buffer | null = null;
    return {
      write(buf) {
        const joined: Buffer = odd ? Buffer.concat([odd, buf]) : Buffer.from(buf);
        const even = joined.length & ~1;
        odd = even < joined.length ? joined.subarray(even) : null;
        return d.write(joined.subarray(0, even).swap16());
      },
      end: () => d.end(),
    };
  }
  const d = new StringDecoder(encoding === 'utf-16le' ? 'utf16le' : 'utf8');
  return { write: (buf) => d.write(buf), end: () => d.end() };
}

/** Offset of the first byte that makes the sample binary (NUL or other control bytes), or -1 for text. */
export function binaryOffset(sample: Buffer): number {
  let control = 0;
  const n = Math.min(sample.length, 8192);
  for (let i = 0; i < n; i++) {
    const b = sample[i]!;
    if (b === 0) return i;
    if (b < 32 && b !== 9 && b !== 10 && b !== 13 && b !== 12 && b !== 27) control++;
  }
  if (control > n * 0.02) {
    for (let i = 0; i < n; i++) {
      const b = sample[i]!;
      if (b < 32 && b !== 9 && b !== 10 && b !== 13 && b !== 12 && b !== 27) return i;
    }
  }
  return -1;
}

const extensionFormats: Readonly<Record<string, LeakFormat>> = {
  '.csv': 'csv',
  '.tsv': 'tsv',
  '.tab': 'tsv',
  '.psv': 'csv',
  '.json': 'json',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.sql': 'sql',
  '.log': 'text',
  '.txt': 'text',
  '.text': 'text',
};

/** Most frequent delimiter that splits the first lines into the same number (≥ 2) of fields, quote-aware. */
export function sniffDelimiter(sample: string): string | null {
  const lines = sample.split('\n').slice(0, 30);
  if (lines.length > 1 && !sample.endsWith('\n')) lines.pop();
  const usable = lines.filter((l) => l.trim().length > 0);
  if (usable.length === 0) return null;
  let best: { delim: string; fields: number; share: number } | null = null;
  for (const delim of [',', '\t', ';', '|']) {
    const counts = usable.map((l) => {
      let n = 0;
      let quoted = false;
      for (const ch of l) {
        if (ch === '"') quoted = !quoted;
        else if (ch === delim && !quoted) n++;
      }
      return n;
    });
    const freq = new Map<number, number>();
    for (const c of counts) if (c > 0) freq.set(c, (freq.get(c) ?? 0) + 1);
    for (const [count, times] of freq) {
      const share = times / usable.length;
      if (share < 0.6) continue;
      if (!best || share > best.share + 0.1 || (Math.abs(share - best.share) <= 0.1 && count > best.fields))
        best = { delim, fields: count + 1, share };
    }
  }
  return best?.delim ?? null;
}

/** The format of a stream from its (inner) file name and the start of its text. */
export function sniffFormat(name: string, sample: string): { format: LeakFormat; delimiter: string | null } {
  const ext = path.extname(name.toLowerCase());
  const byExt = extensionFormats[ext];
  const head = sample.replace(/^\uFEFF/, '').trimStart();
  if (byExt === 'json' || byExt === 'jsonl' || (!byExt && /^[[{]/.test(head))) {
    // JSON Lines if the first line is a complete JSON value and the next one starts another.
    const firstLine = head.split('\n', 1)[0]!.trim();
    const rest = head.slice(head.indexOf('\n') + 1).trimStart();
    if (byExt === 'jsonl') return { format: 'jsonl', delimiter: null };
    if (firstLine.startsWith('{') && rest.startsWith('{')) {
      try {
        JSON.parse(firstLine);
        return { format: 'jsonl', delimiter: null };
      } catch {
        /* a pretty-printed document */
      }
    }
    return { format: 'json', delimiter: null };
  }
  if (
    byExt === 'sql' ||
    (!byExt && /^\s*(?:INSERT\s+INTO|COPY\s+\S+.*FROM\s+stdin|CREATE\s+TABLE|-- MySQL dump|-- PostgreSQL database dump)/im.test(sample))
  )
    return { format: 'sql', delimiter: null };
  if (byExt === 'tsv') return { format: 'tsv', delimiter: '\t' };
  if (byExt === 'csv') return { format: 'csv', delimiter: sniffDelimiter(sample) ?? (ext === '.psv' ? '|' : ',') };
  // .txt, .log and unknown names: a table if a delimiter splits every line the same way into 3+ fields.
  const delimiter = sniffDelimiter(sample);
  if (delimiter) {
    const fields = sample.split('\n', 1)[0]!.split(delimiter).length;
    if (fields >= 3 && !(byExt === 'text' && ext === '.log')) return { format: delimiter === '\t' ? 'tsv' : 'csv', delimiter };
  }
  return { format: 'text', delimiter: null };
}

function createParser(format: LeakFormat, delimiter: string | null, sample: string, target: ParseTarget, max: number): Parser {
  switch (format) {
    case 'csv':
    case 'tsv':
      return createCsvParser(delimiter ?? (format === 'tsv' ? '\t' : ','), target, max);
    case 'jsonl':
      return createJsonLinesParser(target, max);
    case 'json':
      return createJsonDocumentParser(target, max);
    case 'sql':
      return createSqlParser(target, sniffSqlDialect(sample), max);
    case 'text':
      return createTextParser(target, max);
  }
}

async function* chain(first: Buffer[], rest: AsyncIterator<Buffer>, onChunk: (bytes: number) => void): AsyncGenerator<Buffer> {
  for (const b of first) yield b;
  for (;;) {
    const r = await rest.next();
    if (r.done) return;
    onChunk(r.value.length);
    yield r.value;
  }
}

const gzipMagic = (b: Buffer) => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;
const zipMagic = (b: Buffer) => b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && (b[2] === 3 || b[2] === 5) && (b[3] === 4 || b[3] === 6);

/**
 * Reads one byte stream (a file, a gzip payload or a zip member) into its parser. `counter.bytes` counts
 * the bytes consumed from the outermost source, so errors can name an offset in the file on disk.
 */
async function scanStream(
  display: string,
  innerName: string,
  source: AsyncIterable<Buffer>,
  visitor: StreamVisitor,
  opts: ScanOptions,
  report: FileReport,
  counter: { bytes: number },
  countBytes: boolean,
): Promise<void> {
  const max = opts.maxRecordChars ?? defaultMaxRecordChars;
  const it = source[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let headLength = 0;
  let ended = false;
  let headError: Error | null = null;
  try {
    while (headLength < SAMPLE_BYTES) {
      const r = await it.next();
      if (r.done) {
        ended = true;
        break;
      }
      head.push(r.value);
      headLength += r.value.length;
      if (countBytes) {
        counter.bytes += r.value.length;
        visitor.progress?.(r.value.length);
      }
    }
  } catch (err) {
    // Damage within the first 64 KiB: read what came before it, then report it below.
    headError = err as Error;
    ended = true;
    if (headLength === 0) {
      report.errors.push({ offset: counter.bytes, message: `cannot read: ${headError.message}` });
      visitor.end(report);
      return;
    }
  }
  const sample = Buffer.concat(head);
  if (gzipMagic(sample)) {
    report.compression = 'gzip';
    const gunzip = createGunzip();
    const onChunk = (n: number) => {
      if (!countBytes) return;
      counter.bytes += n;
      visitor.progress?.(n);
    };
    pipeline(Readable.from(chain([sample], it, onChunk)), gunzip, () => {});
    const inner = innerName.replace(/\.gz$|\.tgz$/i, (m) => (m.toLowerCase() === '.tgz' ? '.tar' : ''));
    await scanStream(display, inner, gunzip, visitor, opts, report, counter, false);
    return;
  }
  if (zipMagic(sample)) {
    report.format = 'zip';
    report.errors.push({ offset: 0, message: 'a zip archive inside an archive is not read; extract it and scan the inner archive' });
    visitor.end(report);
    return;
  }
  const bin = binaryOffset(sample.subarray(0, 8192));
  const encodingGuess = detectEncoding(sample, ended);
  if (bin !== -1 && encodingGuess.encoding === 'utf-8' && encodingGuess.bom === 0) {
    report.errors.push({ offset: bin, message: 'binary data, not text: no supported format (CSV, JSON, SQL, text, gzip or zip)' });
    visitor.end(report);
    return;
  }
  const { encoding, bom } = encodingGuess;
  report.encoding = encoding;
  const decoder = createDecoder(encoding);
  const firstText = decoder.write(sample.subarray(bom));
  const { format, delimiter } = opts.format
    ? { format: opts.format, delimiter: opts.format === 'csv' ? sniffDelimiter(firstText) : null }
    : sniffFormat(innerName, firstText);
  report.format = format;
  const target = visitor.begin(report, format, delimiter);
  const parser = createParser(format, delimiter, firstText, target, max);
  let decodedBytes = sample.length;
  const pushChecked = (text: string, bytesBefore: number): boolean => {
    // NUL characters in UTF-8/Windows-1252 text mean binary garbage from here on.
    const nul = encoding === 'utf-8' || encoding === 'windows-1252' ? text.indexOf('\0') : -1;
    if (nul !== -1) {
      parser.push(text.slice(0, nul));
      report.errors.push({
        offset: bytesBefore + nul,
        message: 'binary data (NUL bytes) inside the text; the rest of the file was not read',
      });
      return false;
    }
    parser.push(text);
    return !parser.aborted;
  };
  let ok = pushChecked(firstText, 0);
  try {
    if (headError) throw headError;
    while (ok) {
      const r = await it.next();
      if (r.done) break;
      if (countBytes) {
        counter.bytes += r.value.length;
        visitor.progress?.(r.value.length);
      }
      const before = decodedBytes;
      decodedBytes += r.value.length;
      ok = pushChecked(decoder.write(r.value), before);
    }
    if (ok) {
      const tail = decoder.end();
      if (tail) parser.push(tail);
      parser.end();
    } else await it.return?.();
  } catch (err) {
    parser.end();
    const what = report.compression === 'gzip' ? 'corrupt or truncated gzip data' : 'read error';
    report.errors.push({
      offset: counter.bytes,
      message: `${what} after ${decodedBytes} bytes of content (byte ${counter.bytes} of the file): ${(err as Error).message}; records before it were kept`,
    });
  }
  visitor.end(report);
}

function newReport(display: string): FileReport {
  return { file: display, format: 'unknown', records: 0, columns: [], errors: [] };
}

function openZip(file: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.open(file, { lazyEntries: true, autoClose: true, decodeStrings: true }, (err, zip) => (err ? reject(err) : resolve(zip))),
  );
}

async function scanZip(absolute: string, display: string, visitor: StreamVisitor, opts: ScanOptions): Promise<void> {
  let zip: yauzl.ZipFile;
  try {
    zip = await openZip(absolute);
  } catch (err) {
    const report = newReport(display);
    report.format = 'zip';
    report.errors.push({ offset: 0, message: `corrupt or truncated zip archive: ${(err as Error).message}` });
    visitor.end(report);
    return;
  }
  const stat = await fs.stat(absolute);
  visitor.progress?.(stat.size);
  await new Promise<void>((resolve) => {
    let failed = false;
    zip.on('error', (err: Error) => {
      if (failed) return;
      failed = true;
      const report = newReport(display);
      report.format = 'zip';
      report.errors.push({ message: `corrupt zip archive: ${err.message}` });
      visitor.end(report);
      resolve();
    });
    zip.on('end', () => resolve());
    zip.on('entry', (entry: yauzl.Entry) => {
      if (entry.fileName.endsWith('/')) {
        zip.readEntry();
        return;
      }
      const member = `${display}!${entry.fileName}`;
      zip.openReadStream(entry, (err, stream) => {
        const report = newReport(member);
        if (err) {
          report.errors.push({ offset: entry.relativeOffsetOfLocalHeader, message: `cannot read zip member: ${err.message}` });
          visitor.end(report);
          zip.readEntry();
          return;
        }
        scanStream(member, entry.fileName, stream, visitor, opts, report, { bytes: entry.relativeOffsetOfLocalHeader }, false)
          .catch((e: Error) => {
            report.errors.push({ message: e.message });
            visitor.end(report);
          })
          .finally(() => zip.readEntry());
      });
    });
    zip.readEntry();
  });
}

/** Scans one file on disk (plain, gzip or zip) and hands every stream in it to the visitor. */
export async function scanFile(absolute: string, display: string, visitor: StreamVisitor, opts: ScanOptions = {}): Promise<void> {
  const handle = await fs.open(absolute, 'r');
  const magic = Buffer.alloc(4);
  try {
    await handle.read(magic, 0, 4, 0);
  } finally {
    await handle.close();
  }
  if (zipMagic(magic)) return scanZip(absolute, display, visitor, opts);
  const stream = createReadStream(absolute, { highWaterMark: READ_CHUNK });
  const report = newReport(display);
  try {
    await scanStream(display, path.basename(absolute), stream as AsyncIterable<Buffer>, visitor, opts, report, { bytes: 0 }, true);
  } finally {
    stream.destroy();
  }
}
