/**
 * From a path on the command line to decoded text for a parser: directories are walked (sorted, so runs
 * are reproducible), gzip is unpacked as a stream, zip members are read one by one (a zip inside a zip is
 * copied to a temporary file and read the same way, up to `maxArchiveDepth` layers), XLSX workbooks are
 * recognised inside their zip, the encoding is detected (BOM, UTF-16 without BOM, UTF-8, else
 * Windows-1252) and the format is sniffed from the name and the first 64 KiB. Damage (truncated gzip,
 * corrupt zip, binary garbage, bytes that are not UTF-8 in a UTF-8 file) and archive bombs become errors in
 * the file's report with a byte offset; what was read before the damage still counts.
 */
import { createReadStream, createWriteStream, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline, Readable } from 'node:stream';
import { pipeline as pipelineAsync } from 'node:stream/promises';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import yauzl from 'yauzl';
import { createHtmlParser } from './html-tables.js';
import { createCsvParser, createJsonDocumentParser, createJsonLinesParser, createTextParser, defaultMaxRecordChars } from './parsers.js';
import { createSqlParser, sniffSqlDialect } from './sql-parser.js';
import type { FileError, FileReport, LeakFormat, ParseTarget, Parser } from '../types.js';
import { readXlsx } from './xlsx-sheets.js';

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
  /** Zip bomb guard: bytes that the gzip and zip layers of one input file may expand to, all layers together. */
  maxExpandedBytes?: number;
  /** Zip bomb guard: how many times larger than its compressed size one stream may grow once past 16 MiB. */
  maxCompressionRatio?: number;
  /** Archive layers (zip or gzip) that may be nested in one input file; deeper ones are reported, not read. */
  maxArchiveDepth?: number;
}

/** Defaults of the archive guards. Deflate cannot expand more than about 1,030 times; real data rarely beyond 100. */
export const archiveLimits = {
  expandedBytes: 64 * 1024 ** 3,
  compressionRatio: 200,
  /** The ratio is checked only past this many bytes: small files may compress extremely well. */
  ratioGraceBytes: 16 * 1024 ** 2,
  depth: 4,
} as const;

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
    // Mostly valid multi-byte UTF-8 with a few other bytes: a UTF-8 file with pasted-in Windows-1252 rows,
    // read as UTF-8 (the decoder reads the stray bytes as Windows-1252 and reports them). Windows-1252 text
    // rarely forms valid UTF-8 sequences by chance.
    let valid = 0;
    let invalid = 0;
    for (let i = 0; i < end;) {
      if (sample[i]! < 0x80) i++;
      else {
        const n = utf8SequenceLength(sample, i, end);
        if (n) valid++;
        else invalid++;
        i += n || 1;
      }
    }
    return { encoding: valid > invalid ? 'utf-8' : 'windows-1252', bom: 0 };
  }
}

// Windows-1252 differs from Latin-1 only in 0x80–0x9F (Node's TextDecoder maps these as Latin-1).
const cp1252High = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

const decodeCp1252 = (buf: Buffer, from = 0, to = buf.length): string => {
  const s = buf.toString('latin1', from, to);
  return /[\x80-\x9f]/.test(s) ? s.replace(/[\x80-\x9f]/g, (c) => cp1252High[c.charCodeAt(0) - 0x80]!) : s;
};

/** A streaming byte → string decoder for the detected encoding (multi-byte characters split across chunks are kept whole). */
export function createDecoder(encoding: TextEncodingName): { write(buf: Buffer): string; end(): string } {
  if (encoding === 'windows-1252') return { write: (buf) => decodeCp1252(buf), end: () => '' };
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

/** Length of the valid UTF-8 sequence starting with the non-ASCII byte at `i`, or 0 when the bytes are not UTF-8. */
function utf8SequenceLength(b: Buffer, i: number, end: number): number {
  const c = b[i]!;
  const cont = (k: number, lo = 0x80, hi = 0xbf) => i + k < end && b[i + k]! >= lo && b[i + k]! <= hi;
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
  if (c === 0xe0) return cont(1, 0xa0) && cont(2) ? 3 : 0;
  if ((c >= 0xe1 && c <= 0xec) || c === 0xee || c === 0xef) return cont(1) && cont(2) ? 3 : 0;
  if (c === 0xed) return cont(1, 0x80, 0x9f) && cont(2) ? 3 : 0;
  if (c === 0xf0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (c >= 0xf1 && c <= 0xf3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (c === 0xf4) return cont(1, 0x80, 0x8f) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}

/** Where a multi-byte sequence cut off at the end of `b` begins (b.length when the end is complete). */
function completeUtf8End(b: Buffer): number {
  let k = b.length - 1;
  while (k >= 0 && b.length - k <= 3 && (b[k]! & 0xc0) === 0x80) k--;
  if (k < 0 || b[k]! < 0xc0) return b.length;
  const need = b[k]! >= 0xf0 ? 4 : b[k]! >= 0xe0 ? 3 : 2;
  return b.length - k < need ? k : b.length;
}

const cp1252Char = (byte: number) => (byte >= 0x80 && byte <= 0x9f ? cp1252High[byte - 0x80]! : String.fromCharCode(byte));

/**
 * UTF-8 that survives other bytes. The encoding was guessed from the first 64 KiB; when a byte that is not
 * UTF-8 comes later, either nothing but ASCII was seen so far (the guess had nothing to go on: the file is
 * Windows-1252 and is read as such from there on, `switched`), or the file mixes encodings (exports pasted
 * together: each bad byte is read as Windows-1252 and `invalid` hears the stream offset of the first).
 */
export function createLenientUtf8Decoder(
  startOffset: number,
  on: { switched(offset: number): void; invalid(offset: number): void },
): { write(buf: Buffer): string; end(): string } {
  let pending: Buffer | null = null;
  let fed = startOffset;
  let sawMultibyte = false;
  let invalidSeen = false;
  let cp1252 = false;

  function repair(data: Buffer, end: number, base: number): string {
    let out = '';
    let run = 0;
    for (let i = 0; i < end;) {
      if (data[i]! < 0x80) {
        i++;
        continue;
      }
      const n = utf8SequenceLength(data, i, end);
      if (n) {
        sawMultibyte = true;
        i += n;
        continue;
      }
      out += data.toString('utf8', run, i);
      if (!sawMultibyte) {
        cp1252 = true;
        on.switched(base + i);
        return out + decodeCp1252(data, i, end);
      }
      if (!invalidSeen) {
        invalidSeen = true;
        on.invalid(base + i);
      }
      out += cp1252Char(data[i]!);
      run = ++i;
    }
    return out + data.toString('utf8', run, end);
  }

  return {
    write(buf) {
      const data: Buffer = pending ? Buffer.concat([pending, buf]) : buf;
      const base = fed - (pending?.length ?? 0);
      fed += buf.length;
      if (cp1252) {
        pending = null;
        return decodeCp1252(data);
      }
      const end = completeUtf8End(data);
      pending = end < data.length ? Buffer.from(data.subarray(end)) : null;
      const text = data.toString('utf8', 0, end);
      if (text.indexOf('\uFFFD') === -1) {
        if (!sawMultibyte && /[\u0080-\uffff]/.test(text)) sawMultibyte = true;
        return text;
      }
      return repair(data, end, base);
    },
    end() {
      if (!pending) return '';
      const rest = pending;
      pending = null;
      return repair(rest, rest.length, fed - rest.length);
    },
  };
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
  '.html': 'html',
  '.htm': 'html',
  '.xhtml': 'html',
  '.shtml': 'html',
};

/** The start of an HTML page: a doctype or one of the elements a page or a saved table starts with (after comments). */
const htmlStart = /^(?:<!--[\s\S]*?-->\s*)*<(?:!doctype\s+html|html|head|body|table|meta|title)[\s>]/i;

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
  if (byExt === 'html' || (!byExt && htmlStart.test(head))) return { format: 'html', delimiter: null };
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
    case 'html':
      return createHtmlParser(target, max);
    case 'xlsx':
      // Workbooks are zip archives and are read by scanZip, never as a text stream.
      throw new Error('an XLSX workbook cannot be read as text');
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

/** An archive guard stopped reading (zip bomb, too deep nesting); the message names the member. */
class ArchiveLimitError extends Error {
  override name = 'ArchiveLimitError';
}

/** State of one input file on disk: the visitor, the limits, the bytes expanded so far and the temporary folder for nested zips. */
interface ScanContext {
  visitor: StreamVisitor;
  opts: ScanOptions;
  maxRecordChars: number;
  maxExpandedBytes: number;
  maxRatio: number;
  maxDepth: number;
  expanded: number;
  tmpDir: string | null;
  spooled: number;
}

const gib = (bytes: number) => `${+(bytes / 1024 ** 3).toFixed(2)} GiB`;

/**
 * Passes the bytes of a decompressed stream on while counting them against the file's total and the
 * stream's own ratio (`compressedBytes` is what it was inflated from so far). Inflaters hand out 16 KiB
 * pieces; they are joined to about 1 MiB, as a file is read, so parsers get few large chunks.
 */
async function* guardExpansion(
  source: AsyncIterable<Buffer>,
  ctx: ScanContext,
  name: string,
  compressedBytes: () => number,
): AsyncGenerator<Buffer> {
  let out = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  try {
    for await (const chunk of source) {
      out += chunk.length;
      ctx.expanded += chunk.length;
      if (ctx.expanded > ctx.maxExpandedBytes)
        throw new ArchiveLimitError(
          `${name}: the archives in this file expand to more than ${gib(ctx.maxExpandedBytes)}; the rest was not read (zip bomb guard)`,
        );
      const compressed = Math.max(compressedBytes(), 1);
      if (out > archiveLimits.ratioGraceBytes && out > compressed * ctx.maxRatio)
        throw new ArchiveLimitError(
          `${name}: expands more than ${ctx.maxRatio} times (${out} bytes from ${compressed}); the rest was not read (zip bomb guard)`,
        );
      pending.push(chunk);
      pendingBytes += chunk.length;
      if (pendingBytes >= READ_CHUNK) {
        yield pending.length === 1 ? pending[0]! : Buffer.concat(pending, pendingBytes);
        pending = [];
        pendingBytes = 0;
      }
    }
  } catch (err) {
    // What was inflated before the damage still counts.
    if (pendingBytes) yield Buffer.concat(pending, pendingBytes);
    throw err;
  }
  if (pendingBytes) yield Buffer.concat(pending, pendingBytes);
}

/**
 * Reads one byte stream (a file, a gzip payload or a zip member) into its parser. `counter.bytes` counts
 * the bytes consumed from the outermost source, so errors can name an offset in the file on disk.
 * `depth` is the number of archive layers around the stream.
 */
async function scanStream(
  display: string,
  innerName: string,
  source: AsyncIterable<Buffer>,
  ctx: ScanContext,
  report: FileReport,
  counter: { bytes: number },
  countBytes: boolean,
  depth: number,
): Promise<void> {
  const { visitor, opts } = ctx;
  const max = ctx.maxRecordChars;
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
      report.errors.push({ offset: counter.bytes, message: describeReadError(err, report) });
      visitor.end(report);
      return;
    }
  }
  const sample = Buffer.concat(head);
  if ((gzipMagic(sample) || zipMagic(sample)) && depth >= ctx.maxDepth) {
    report.errors.push({ offset: 0, message: `an archive nested deeper than ${ctx.maxDepth} levels is not read (archive bomb guard)` });
    visitor.end(report);
    await it.return?.();
    return;
  }
  if (gzipMagic(sample)) {
    report.compression = 'gzip';
    const gunzip = createGunzip();
    let compressed = sample.length;
    const onChunk = (n: number) => {
      compressed += n;
      if (!countBytes) return;
      counter.bytes += n;
      visitor.progress?.(n);
    };
    pipeline(Readable.from(chain([sample], it, onChunk)), gunzip, () => {});
    const inner = innerName.replace(/\.gz$|\.tgz$/i, (m) => (m.toLowerCase() === '.tgz' ? '.tar' : ''));
    await scanStream(
      display,
      inner,
      guardExpansion(gunzip, ctx, display, () => compressed),
      ctx,
      report,
      counter,
      false,
      depth + 1,
    );
    return;
  }
  if (zipMagic(sample)) {
    // yauzl needs random access (the directory is at the end): copy the inner archive to a temporary file.
    report.format = 'zip';
    let file: string;
    try {
      if (headError) throw headError;
      ctx.tmpDir ??= await fs.mkdtemp(path.join(os.tmpdir(), 'breachdesk-scope-'));
      file = path.join(ctx.tmpDir, `nested-${++ctx.spooled}.zip`);
      await pipelineAsync(Readable.from(chain([sample], it, () => {})), createWriteStream(file));
    } catch (err) {
      report.errors.push({ message: `cannot read the zip archive inside: ${describeReadError(err, report)}` });
      visitor.end(report);
      return;
    }
    try {
      await scanZip(file, display, ctx, depth + 1);
    } finally {
      await fs.rm(file, { force: true });
    }
    return;
  }
  const bin = binaryOffset(sample.subarray(0, 8192));
  const encodingGuess = detectEncoding(sample, ended);
  if (bin !== -1 && encodingGuess.encoding === 'utf-8' && encodingGuess.bom === 0) {
    report.errors.push({
      offset: bin,
      message: 'binary data, not text: no supported format (CSV, JSON, SQL, HTML, text, XLSX, gzip or zip)',
    });
    visitor.end(report);
    await it.return?.();
    return;
  }
  const { encoding, bom } = encodingGuess;
  report.encoding = encoding;
  const where = (offset: number) => (countBytes ? `byte ${offset}` : `byte ${offset} of the uncompressed content`);
  let encodingError: FileError | null = null;
  const decoder =
    encoding === 'utf-8'
      ? createLenientUtf8Decoder(bom, {
          switched: () => {
            report.encoding = 'windows-1252';
          },
          invalid: (offset) => {
            encodingError = {
              offset,
              message:
                `invalid UTF-8 at ${where(offset)} in a file that is UTF-8 before it (mixed encodings?): ` +
                'bytes that are not UTF-8 were read as Windows-1252; check names and addresses from there on',
            };
          },
        })
      : createDecoder(encoding);
  const firstText = decoder.write(sample.subarray(bom));
  const { format, delimiter } = opts.format
    ? { format: opts.format, delimiter: opts.format === 'csv' ? sniffDelimiter(firstText) : null }
    : sniffFormat(innerName, firstText);
  report.format = format;
  const begun = visitor.begin(report, format, delimiter);
  // Over-long lines of text and JSON Lines are reported by line; in a plain file the byte where that line
  // starts is known too (just after the last newline read), which finds it faster in a 200 MB line.
  let lastNewline = -1;
  const lineOffsets = countBytes && (format === 'text' || format === 'jsonl') && encoding !== 'utf-16le' && encoding !== 'utf-16be';
  const target: ParseTarget = lineOffsets
    ? {
        row: (table, columns, fields, line) => begun.row(table, columns, fields, line),
        object: (value, line) => begun.object(value, line),
        text: (text, line) => begun.text(text, line),
        error: (e) => begun.error(e.offset === undefined && /is longer than/.test(e.message) ? { ...e, offset: lastNewline + 1 } : e),
      }
    : begun;
  const parser = createParser(format, delimiter, firstText, target, max);
  let decodedBytes = sample.length;
  const pushChecked = (raw: Buffer, text: string, bytesBefore: number): boolean => {
    if (lineOffsets) {
      const k = raw.lastIndexOf(10);
      if (k !== -1) lastNewline = bytesBefore + k;
    }
    // NUL characters in UTF-8/Windows-1252 text mean binary garbage from here on.
    const nul = encoding === 'utf-8' || encoding === 'windows-1252' ? text.indexOf('\0') : -1;
    if (nul !== -1) {
      parser.push(text.slice(0, nul));
      report.errors.push({
        offset: bytesBefore + raw.indexOf(0),
        message: 'binary data (NUL bytes) inside the text; the rest of the file was not read',
      });
      return false;
    }
    parser.push(text);
    return !parser.aborted;
  };
  let ok = pushChecked(sample, firstText, 0);
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
      ok = pushChecked(r.value, decoder.write(r.value), before);
    }
    if (ok) {
      const tail = decoder.end();
      if (tail) parser.push(tail);
      parser.end();
    } else await it.return?.();
  } catch (err) {
    parser.end();
    report.errors.push({
      offset: counter.bytes,
      message:
        err instanceof ArchiveLimitError
          ? err.message
          : `${describeReadError(err, report)} after ${decodedBytes} bytes of content (byte ${counter.bytes} of the file); records before it were kept`,
    });
  }
  if (encodingError) report.errors.push(encodingError);
  visitor.end(report);
}

function describeReadError(err: unknown, report: FileReport): string {
  if (err instanceof ArchiveLimitError) return err.message;
  const what = report.compression === 'gzip' ? 'corrupt or truncated gzip data' : 'read error';
  return `${what}: ${(err as Error).message}`;
}

function newReport(display: string): FileReport {
  return { file: display, format: 'unknown', records: 0, columns: [], errors: [] };
}

function openZip(file: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.open(file, { lazyEntries: true, autoClose: false, decodeStrings: true }, (err, zip) => (err ? reject(err) : resolve(zip))),
  );
}

/** Reads the central directory; a directory damaged part-way gives the entries before the damage and the error. */
function listEntries(zip: yauzl.ZipFile): Promise<{ entries: yauzl.Entry[]; error: Error | null }> {
  return new Promise((resolve) => {
    const entries: yauzl.Entry[] = [];
    let settled = false;
    zip.on('error', (err: Error) => {
      if (settled) return;
      settled = true;
      resolve({ entries, error: err });
    });
    zip.on('end', () => {
      if (settled) return;
      settled = true;
      resolve({ entries, error: null });
    });
    zip.on('entry', (entry: yauzl.Entry) => {
      entries.push(entry);
      zip.readEntry();
    });
    zip.readEntry();
  });
}

function openEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Readable> {
  return new Promise((resolve, reject) => zip.openReadStream(entry, (err, stream) => (err ? reject(err) : resolve(stream))));
}

/** Refuses a member before reading it when its stated sizes already break a guard; the message names it. */
function entryRefusal(entry: yauzl.Entry, member: string, ctx: ScanContext): string | null {
  if (ctx.expanded + entry.uncompressedSize > ctx.maxExpandedBytes)
    return `${member}: expands to ${entry.uncompressedSize} bytes, past the limit of ${gib(ctx.maxExpandedBytes)} for the archives in this file; not read (zip bomb guard)`;
  const ratio = entry.uncompressedSize / Math.max(entry.compressedSize, 1);
  if (entry.uncompressedSize > archiveLimits.ratioGraceBytes && ratio > ctx.maxRatio)
    return `${member}: expands ${Math.round(ratio)} times (${entry.compressedSize} → ${entry.uncompressedSize} bytes), more than the limit of ${ctx.maxRatio}; not read (zip bomb guard)`;
  return null;
}

/** An entry's bytes through the guards; the size check runs first, so a bomb is refused before it is inflated. */
async function openGuarded(zip: yauzl.ZipFile, entry: yauzl.Entry, member: string, ctx: ScanContext): Promise<AsyncIterable<Buffer>> {
  const refusal = entryRefusal(entry, member, ctx);
  if (refusal) throw new ArchiveLimitError(refusal);
  const stream = await openEntry(zip, entry);
  return guardExpansion(stream, ctx, member, () => entry.compressedSize);
}

function zipReport(ctx: ScanContext, display: string, error: FileError): void {
  const report = newReport(display);
  report.format = 'zip';
  report.errors.push(error);
  ctx.visitor.end(report);
}

/** An XLSX workbook: one report for the workbook, one table per sheet. */
async function scanWorkbook(zip: yauzl.ZipFile, entries: readonly yauzl.Entry[], display: string, ctx: ScanContext): Promise<void> {
  const byName = new Map(entries.map((e) => [e.fileName.toLowerCase(), e]));
  const report = newReport(display);
  report.format = 'xlsx';
  const target = ctx.visitor.begin(report, 'xlsx', null);
  await readXlsx(
    async (part) => {
      const entry = byName.get(part.toLowerCase());
      return entry ? openGuarded(zip, entry, `${display}!${entry.fileName}`, ctx) : null;
    },
    target,
    ctx.maxRecordChars,
  );
  ctx.visitor.end(report);
}

/** Reads a zip archive on disk (the file itself, or a nested archive copied out of its parent) at archive depth `depth`. */
async function scanZip(file: string, display: string, ctx: ScanContext, depth: number): Promise<void> {
  let zip: yauzl.ZipFile;
  try {
    zip = await openZip(file);
  } catch (err) {
    zipReport(ctx, display, { offset: 0, message: `corrupt or truncated zip archive: ${(err as Error).message}` });
    return;
  }
  try {
    const { entries, error } = await listEntries(zip);
    if (entries.some((e) => e.fileName === 'xl/workbook.xml')) await scanWorkbook(zip, entries, display, ctx);
    else
      for (const entry of entries) {
        if (entry.fileName.endsWith('/')) continue;
        const member = `${display}!${entry.fileName}`;
        const report = newReport(member);
        let stream: AsyncIterable<Buffer>;
        try {
          stream = await openGuarded(zip, entry, member, ctx);
        } catch (err) {
          const message = err instanceof ArchiveLimitError ? err.message : `cannot read zip member: ${(err as Error).message}`;
          report.errors.push({ offset: entry.relativeOffsetOfLocalHeader, message });
          ctx.visitor.end(report);
          continue;
        }
        await scanStream(member, entry.fileName, stream, ctx, report, { bytes: entry.relativeOffsetOfLocalHeader }, false, depth);
      }
    if (error)
      zipReport(ctx, display, {
        message: `corrupt zip archive: ${error.message}; ${entries.length} members were listed before the damage`,
      });
  } finally {
    zip.close();
  }
}

/** Scans one file on disk (plain, gzip or zip, nested archives included) and hands every stream in it to the visitor. */
export async function scanFile(absolute: string, display: string, visitor: StreamVisitor, opts: ScanOptions = {}): Promise<void> {
  const ctx: ScanContext = {
    visitor,
    opts,
    maxRecordChars: opts.maxRecordChars ?? defaultMaxRecordChars,
    maxExpandedBytes: opts.maxExpandedBytes ?? archiveLimits.expandedBytes,
    maxRatio: opts.maxCompressionRatio ?? archiveLimits.compressionRatio,
    maxDepth: opts.maxArchiveDepth ?? archiveLimits.depth,
    expanded: 0,
    tmpDir: null,
    spooled: 0,
  };
  const handle = await fs.open(absolute, 'r');
  const magic = Buffer.alloc(4);
  try {
    await handle.read(magic, 0, 4, 0);
  } finally {
    await handle.close();
  }
  try {
    if (zipMagic(magic)) {
      visitor.progress?.((await fs.stat(absolute)).size);
      await scanZip(absolute, display, ctx, 1);
      return;
    }
    const stream = createReadStream(absolute, { highWaterMark: READ_CHUNK });
    const report = newReport(display);
    try {
      await scanStream(display, path.basename(absolute), stream as AsyncIterable<Buffer>, ctx, report, { bytes: 0 }, true, 0);
    } finally {
      stream.destroy();
    }
  } finally {
    if (ctx.tmpDir) await fs.rm(ctx.tmpDir, { recursive: true, force: true });
  }
}
