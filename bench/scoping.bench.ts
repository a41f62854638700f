/**
 * Scoping throughput, end to end (read + parse + detect + match + register), against a straightforward
 * baseline measured in the same run on the same files: csv-parse (or JSON.parse, line splitting, regex
 * tuple splitting for the SQL dump) plus a regex per cell and an email Map lookup. Writes
 * bench/results/scoping.json.
 *
 *   npx tsx bench/scoping.bench.ts [--rows 500000] [--customers 100000] [--text-mb 64] [--threads 2]
 *       [--formats csv,jsonl,text,sql] [--no-baseline] [--single] [--out bench/results/scoping.json] [--dir DIR]
 *
 * --threads: worker threads for the engine (default: one per core); --single also runs the engine in one
 * thread for comparison; --dir keeps the generated files there and reuses them on the next run with the
 * same sizes; --formats 'none' measures only the customer master. RSS figures are peaks sampled every 50 ms
 * during each step (worker threads included).
 */
import { createReadStream, createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parse } from 'csv-parse';
import { createRandom, loadCustomerMaster, luhnValid, prestartScanWorkers, runScope, type ScopeResult } from '../src/scan/index.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
};
const argText = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : process.argv[i + 1]!;
};
const flag = (name: string) => process.argv.includes(`--${name}`);
const rows = arg('rows', 500_000);
const customerCount = arg('customers', 100_000);
const textMb = arg('text-mb', 64);
const threads = arg('threads', os.availableParallelism());
const formats = argText('formats', 'csv,jsonl,text,sql').split(',');
const withBaseline = !flag('no-baseline');
const withSingle = flag('single');
const outFile = argText('out', 'bench/results/scoping.json');
const keepDir = argText('dir', '');

const dir = keepDir || mkdtempSync(path.join(os.tmpdir(), 'breachdesk-bench-'));
mkdirSync(dir, { recursive: true });
const r = createRandom(42);
const firsts = ['Anna', 'Jürgen', 'Élodie', 'José', 'Mary', 'Łukasz', 'Åsa', 'Oliver', 'Mei', 'Thiago'];
const lasts = ['Müller', 'Smith', 'Lefèvre', 'García', 'Nowak', 'Öberg', 'Taylor', 'Nguyen', 'Silva', 'Rossi'];
const pan = () => {
  const body = `4${r.digits(14)}`;
  for (let d = 0; d <= 9; d++) if (luhnValid(body + d)) return body + d;
  return body + '0';
};
const email = (i: number) => `user${i}@shop-mail.example`;

async function writeLines(file: string, count: number, line: (i: number) => string) {
  if (keepDir && existsSync(`${file}.done`)) return;
  const out = createWriteStream(file);
  let buf: string[] = [];
  for (let i = 0; i < count; i++) {
    buf.push(line(i));
    if (buf.length === 10_000) {
      if (!out.write(buf.join('\n') + '\n')) await new Promise<void>((res) => out.once('drain', () => res()));
      buf = [];
    }
  }
  out.end(buf.length ? buf.join('\n') + '\n' : '');
  await new Promise<void>((res) => out.on('finish', () => res()));
  if (keepDir) writeFileSync(`${file}.done`, '');
}

// Customer master; the leak holds 80 % customers and 20 % strangers.
const customersFile = path.join(dir, `customers-${customerCount}.csv`);
await writeLines(customersFile, customerCount + 1, (i) =>
  i === 0
    ? 'customer_id,first_name,last_name,email,phone,zip,country'
    : `C${i},${firsts[i % 10]},${lasts[(i >> 3) % 10]},${email(i)},+49 151 ${String(10_000_000 + i)},${10000 + (i % 80000)},DE`,
);
const who = (i: number) => (i % 5 === 0 ? customerCount + i : 1 + ((i * 7919) % customerCount));
const csvFile = path.join(dir, `leak-${rows}-${customerCount}.csv`);
const orderColumns = ['order_id', 'email', 'full_name', 'street', 'zip', 'card_number', 'cvv', 'ip', 'status'];
const order = (i: number) => [
  String(i),
  email(who(i)),
  `${firsts[i % 10]} ${lasts[(i >> 2) % 10]}`,
  `${1 + (i % 200)} Main Street`,
  String(10000 + (i % 80000)),
  pan(),
  r.digits(3),
  `${10 + (i % 200)}.${i % 250}.${(i >> 8) % 250}.${1 + (i % 250)}`,
  'shipped',
];
if (formats.includes('csv')) await writeLines(csvFile, rows + 1, (i) => (i === 0 ? orderColumns.join(',') : order(i).join(',')));
// The same orders as a mysqldump: CREATE TABLE, then extended INSERTs of 1,000 tuples per line.
const sqlFile = path.join(dir, `leak-${rows}-${customerCount}.sql`);
if (formats.includes('sql'))
  await writeLines(sqlFile, Math.ceil(rows / 1000) + 1, (k) =>
    k === 0
      ? `-- MySQL dump 10.13\nCREATE TABLE \`orders\` (${orderColumns.map((c) => `\`${c}\` varchar(255)`).join(', ')}) ENGINE=InnoDB;`
      : `INSERT INTO \`orders\` VALUES ${Array.from({ length: Math.min(1000, rows - (k - 1) * 1000) }, (_, j) => {
          const [id, ...rest] = order((k - 1) * 1000 + j + 1);
          return `(${id},${rest.map((v) => `'${v}'`).join(',')})`;
        }).join(',')};`,
  );
const jsonlFile = path.join(dir, `leak-${rows}-${customerCount}.jsonl`);
if (formats.includes('jsonl'))
  await writeLines(jsonlFile, rows, (i) =>
    JSON.stringify({
      id: i,
      user: {
        email: email(who(i)),
        name: `${firsts[i % 10]} ${lasts[(i >> 2) % 10]}`,
        dob: `19${50 + (i % 50)}-0${1 + (i % 9)}-1${i % 9}`,
      },
      login: { ip: `10.${i % 250}.1.${1 + (i % 250)}`, agent: 'Mozilla/5.0' },
    }),
  );
const textFile = path.join(dir, `leak-${textMb}-${customerCount}.log`);
const lineBytes = 150;
if (formats.includes('text'))
  await writeLines(textFile, Math.ceil((textMb * 1048576) / lineBytes), (i) =>
    i % 4 === 0
      ? `2024-03-01T12:00:${String(i % 60).padStart(2, '0')}Z INFO GET /account?email=${email(who(i))} from 203.0.${i % 250}.${1 + (i % 250)} ua="Shop v1.2.3.4"`
      : `2024-03-01T12:00:${String(i % 60).padStart(2, '0')}Z DEBUG cache hit key=product:${i} took ${i % 90}ms region=eu-west-1 status=200 ok`,
  );

// Baseline: csv-parse / JSON.parse / line splitting, a regex per cell or line, a Map lookup by email.
const emailRe = /^[^\s@]+@[^\s@]+\.[a-z]{2,}$/i;
const cardRe = /^\d{13,19}$/;
const ipRe = /^\d{1,3}(\.\d{1,3}){3}$/;
const anyEmail = /[^\s@=?&]+@[^\s@&]+\.[a-z]{2,}/i;
const anyIp = /\b\d{1,3}(?:\.\d{1,3}){3}\b/;

async function baselineEmails(): Promise<Map<string, string>> {
  const byEmail = new Map<string, string>();
  const parser = createReadStream(customersFile).pipe(parse({ columns: true }));
  for await (const rec of parser as AsyncIterable<Record<string, string>>) byEmail.set(rec.email!.toLowerCase(), rec.customer_id!);
  return byEmail;
}

async function baselineCsv(byEmail: Map<string, string>) {
  const affected = new Map<string, number>();
  let records = 0;
  const parser = createReadStream(csvFile).pipe(parse({ relax_column_count: true }));
  for await (const rec of parser as AsyncIterable<string[]>) {
    records++;
    let mask = 0;
    let id: string | undefined;
    for (const cellValue of rec) {
      if (emailRe.test(cellValue)) {
        mask |= 1;
        id = byEmail.get(cellValue.trim().toLowerCase());
      } else if (cardRe.test(cellValue)) mask |= 2;
      else if (ipRe.test(cellValue)) mask |= 4;
    }
    if (id) affected.set(id, (affected.get(id) ?? 0) | mask);
  }
  return { records, affected: affected.size };
}

async function baselineLines(file: string, json: boolean, byEmail: Map<string, string>) {
  const affected = new Map<string, number>();
  let records = 0;
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    records++;
    let mask = 0;
    let id: string | undefined;
    const values = json ? Object.values(flat(JSON.parse(line) as Record<string, unknown>)) : [line];
    for (const v of values) {
      const e = anyEmail.exec(v);
      if (e) {
        mask |= 1;
        id = byEmail.get(e[0].toLowerCase());
      }
      if (anyIp.test(v)) mask |= 4;
    }
    if (id) affected.set(id, (affected.get(id) ?? 0) | mask);
  }
  return { records, affected: affected.size };
}

/** Baseline for the dump: each INSERT line split into tuples and quoted values by regexes, a regex per value. */
async function baselineSql(byEmail: Map<string, string>) {
  const affected = new Map<string, number>();
  let records = 0;
  const tuple = /\(((?:[^()']|'(?:[^'\\]|\\.)*')*)\)/g;
  const value = /'((?:[^'\\]|\\.)*)'|([^,]+)/g;
  for await (const line of createInterface({ input: createReadStream(sqlFile), crlfDelay: Infinity })) {
    if (!line.startsWith('INSERT')) continue;
    for (const t of line.slice(line.indexOf(' VALUES ')).matchAll(tuple)) {
      records++;
      let mask = 0;
      let id: string | undefined;
      for (const v of t[1]!.matchAll(value)) {
        const cellValue = v[1] ?? v[2]!;
        if (emailRe.test(cellValue)) {
          mask |= 1;
          id = byEmail.get(cellValue.trim().toLowerCase());
        } else if (cardRe.test(cellValue)) mask |= 2;
        else if (ipRe.test(cellValue)) mask |= 4;
      }
      if (id) affected.set(id, (affected.get(id) ?? 0) | mask);
    }
  }
  return { records, affected: affected.size };
}

function flat(o: Record<string, unknown>, prefix = '', out: Record<string, string> = {}): Record<string, string> {
  for (const [k, v] of Object.entries(o)) {
    if (v && typeof v === 'object') flat(v as Record<string, unknown>, `${prefix}${k}.`, out);
    else out[`${prefix}${k}`] = String(v);
  }
  return out;
}

/** Runs `fn`, with its wall time and the peak RSS sampled while it runs. */
async function timed<T>(fn: () => Promise<T>): Promise<{ seconds: number; value: T; rssMb: number; cpuSeconds: number }> {
  global.gc?.();
  const cpu = process.cpuUsage();
  let peak = process.memoryUsage.rss();
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 50);
  const t = performance.now();
  const value = await fn();
  const seconds = (performance.now() - t) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage.rss());
  const used = process.cpuUsage(cpu);
  return { seconds, value, rssMb: Math.round(peak / 1048576), cpuSeconds: (used.user + used.system) / 1e6 };
}

// As `breachdesk scope` does: the scan's worker threads start while the master loads (their start-up is
// not in the leak figures; their first records still run before the JIT has warmed up).
if (threads > 1 && formats.some((f) => f !== 'none')) prestartScanWorkers(threads - 1);
const masterLoad = await timed(() => loadCustomerMaster(customersFile));
const master = masterLoad.value;
const results: Record<string, unknown> = {
  machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version, memory_gb: Math.round(os.totalmem() / 2 ** 30) },
  load_average_at_start: os.loadavg().map(round),
  command: `npx tsx bench/scoping.bench.ts ${process.argv.slice(2).join(' ')}`.trim(),
  customers: customerCount,
  threads,
  master_load: {
    engine_seconds: round(masterLoad.seconds),
    cpu_seconds: round(masterLoad.cpuSeconds),
    customers_per_s: Math.round(master.index.customers / masterLoad.seconds),
    peak_rss_mb: masterLoad.rssMb,
    max_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
  },
};
console.log('master', JSON.stringify(results.master_load));
const baselineMaster = withBaseline && formats.some((f) => f !== 'none') ? await timed(baselineEmails) : null;
if (baselineMaster) (results.master_load as Record<string, unknown>).baseline_seconds = round(baselineMaster.seconds);

for (const [name, file, kind] of [
  ['csv', csvFile, 'csv'],
  ['jsonl', jsonlFile, 'jsonl'],
  ['text', textFile, 'text'],
  ['sql', sqlFile, 'sql'],
] as const) {
  if (!formats.includes(name)) continue;
  const mb = statSync(file).size / 1048576;
  const figures = (run: { seconds: number; value: ScopeResult; rssMb: number; cpuSeconds: number }) => ({
    seconds: round(run.seconds),
    cpu_seconds: round(run.cpuSeconds),
    records_per_s: Math.round(run.value.files[0]!.records / run.seconds),
    mb_per_s: round(mb / run.seconds),
    affected: run.value.affected.length,
    peak_rss_mb: run.rssMb,
  });
  const engine = await timed(() => runScope({ customers: master.index, inputs: [file], threads }));
  const entry: Record<string, unknown> = { file_mb: round(mb), records: engine.value.files[0]!.records, engine: figures(engine) };
  if (withSingle) entry.engine_one_thread = figures(await timed(() => runScope({ customers: master.index, inputs: [file], threads: 1 })));
  if (baselineMaster) {
    const base = await timed(() =>
      kind === 'csv'
        ? baselineCsv(baselineMaster.value)
        : kind === 'sql'
          ? baselineSql(baselineMaster.value)
          : baselineLines(file, kind === 'jsonl', baselineMaster.value),
    );
    entry.baseline = {
      seconds: round(base.seconds),
      records_per_s: Math.round(base.value.records / base.seconds),
      mb_per_s: round(mb / base.seconds),
      affected: base.value.affected,
    };
    entry.speedup = round(base.seconds / engine.seconds);
  }
  results[name] = entry;
  console.log(name, JSON.stringify(entry));
}

function round(x: number) {
  return Math.round(x * 100) / 100;
}

results.max_rss_mb = Math.round(process.resourceUsage().maxRSS / 1024);
results.load_average = os.loadavg().map(round);
mkdirSync(path.dirname(outFile), { recursive: true });
writeFileSync(outFile, JSON.stringify({ ...results, rows, text_mb: textMb }, null, 2) + '\n');
if (!keepDir) rmSync(dir, { recursive: true, force: true });
