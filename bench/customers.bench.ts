/**
 * Customer import throughput on SQLite: generates N synthetic customers (US states, Canadian provinces,
 * Australian states, DE, GB, FR; names with accents; national and international phone formats) into a
 * CSV, imports them into a fresh data directory through the customer service (check pass + write pass),
 * then reads every customer back from the store (iterateCustomerRows: read, decrypt, parse) and builds the
 * scoping match index from it (buildStoredCustomerIndex: a worker decrypts and encodes each page). Reports rows/s, seconds, peak RSS,
 * database size and the load average (the machine is shared); writes bench/results/customers.json.
 *
 *   npx tsx bench/customers.bench.ts [--rows 1000000] [--keep]
 */
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config/config.js';
import { openServices } from '../src/composition.js';
import { cliOperator } from '../src/modules/auth/auth.permissions.js';
import { buildStoredCustomerIndex, iterateCustomerRows } from '../src/modules/customers/customers.service.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
};
const rows = arg('rows', 1_000_000);
const keep = process.argv.includes('--keep');
const dir = mkdtempSync(path.join(os.tmpdir(), 'breachdesk-customers-bench-'));
const mb = (bytes: number) => Math.round((bytes / 1048576) * 10) / 10;
const seconds = (from: number) => Math.round((performance.now() - from) / 10) / 100;

const firsts = ['Anna', 'Jürgen', 'Élodie', 'José', 'Mary', 'Łukasz', 'Åsa', 'Oliver', 'Mei', 'Thiago', 'Chloé', 'Noah', 'Zoë'];
const lasts = ['Müller', 'Smith', 'Lefèvre', 'García', 'Nowak', 'Öberg', 'Taylor', 'Nguyen', 'Silva', 'Rossi', 'Tremblay', "O'Brien"];
const places: ReadonlyArray<
  readonly [country: string, region: string, city: string, phone: (i: number) => string, zip: (i: number) => string]
> = [
  ['USA', 'California', 'San Francisco', (i) => `(415) 555-${String(i % 10000).padStart(4, '0')}`, (i) => String(94000 + (i % 999))],
  ['US', 'NY', 'New York', (i) => `+1 212 555 ${String(i % 10000).padStart(4, '0')}`, (i) => String(10000 + (i % 299))],
  ['United States', 'Texas', 'Austin', (i) => `512-555-${String(i % 10000).padStart(4, '0')}`, (i) => String(73301 + (i % 400))],
  ['Canada', 'Québec', 'Montréal', (i) => `+1 514 555 ${String(i % 10000).padStart(4, '0')}`, (i) => `H2X ${1 + (i % 9)}K${i % 10}`],
  ['CA', 'ON', 'Toronto', (i) => `416 555 ${String(i % 10000).padStart(4, '0')}`, (i) => `M5V ${1 + (i % 9)}A${i % 10}`],
  ['Australia', 'NSW', 'Sydney', (i) => `+61 2 9${String(1000000 + (i % 8999999)).slice(0, 7)}`, (i) => String(2000 + (i % 999))],
  ['Deutschland', '', 'Berlin', (i) => `030 ${String(1000000 + (i % 8999999))}`, (i) => String(10115 + (i % 2000))],
  ['DEU', 'Bayern', 'München', (i) => `+49 89 ${String(1000000 + (i % 8999999))}`, (i) => String(80331 + (i % 1500))],
  ['UK', '', 'London', (i) => `+44 20 7946 ${String(i % 10000).padStart(4, '0')}`, (i) => `SW1A ${1 + (i % 9)}AA`],
  [
    'France',
    '',
    'Paris',
    (i) => `06 ${String(10000000 + (i % 89999999)).replace(/(\d\d)(?=\d)/g, '$1 ')}`,
    (i) => String(75001 + (i % 20)),
  ],
];

async function writeCustomers(file: string, count: number) {
  const out = createWriteStream(file);
  let buf: string[] = ['customer_id,first_name,last_name,email,phone,street,postal_code,city,state,country'];
  for (let i = 1; i <= count; i++) {
    const [country, region, city, phone, zip] = places[i % places.length]!;
    const first = firsts[i % firsts.length]!;
    const last = lasts[(i >> 3) % lasts.length]!;
    buf.push(
      `C${i},${first},${last.includes("'") ? `"${last}"` : last},${first.toLowerCase()}.${i}@mail.example,${phone(i)},${1 + (i % 300)} Main Street,${zip(i)},${city},${region},${country}`,
    );
    if (buf.length === 10_000) {
      if (!out.write(buf.join('\n') + '\n')) await new Promise<void>((res) => out.once('drain', () => res()));
      buf = [];
    }
  }
  out.end(buf.length ? buf.join('\n') + '\n' : '');
  await new Promise<void>((res) => out.on('finish', () => res()));
}

const file = path.join(dir, 'customers.csv');
let t = performance.now();
await writeCustomers(file, rows);
const generate = { seconds: seconds(t), file_mb: mb(statSync(file).size) };
console.log(`generated ${rows.toLocaleString('en')} customers (${generate.file_mb} MB) in ${generate.seconds} s`);

const dataDir = path.join(dir, 'data');
const services = await openServices(
  loadConfig({ BREACHDESK_DATA_DIR: dataDir, BREACHDESK_SECRET_KEY: Buffer.alloc(32, 9).toString('base64') }),
);
const load = () => os.loadavg().map((l) => Math.round(l * 100) / 100);
const loadAtImport = load();
t = performance.now();
let writeStarted = 0;
let lastLog = t;
const result = await services.customers.importFile(cliOperator('bench'), { path: file }, (p) => {
  if (p.phase === 'write' && !writeStarted) writeStarted = performance.now();
  if (performance.now() - lastLog > 10_000) {
    lastLog = performance.now();
    console.log(
      `  ${p.phase} ${p.rows.toLocaleString('en')} rows, ${seconds(t)} s, rss ${mb(process.memoryUsage().rss)} MB, load ${load()[0]}`,
    );
  }
});
const importSeconds = seconds(t);
const dbFile = path.join(dataDir, 'breachdesk.sqlite');
const dbBytes = [dbFile, `${dbFile}-wal`].filter((f) => existsSync(f)).reduce((n, f) => n + statSync(f).size, 0);
const importStats = {
  seconds: importSeconds,
  rows_per_s: Math.round(rows / importSeconds),
  check_pass_seconds: writeStarted ? Math.round((writeStarted - t) / 10) / 100 : null,
  inserted: result.inserted,
  updated: result.updated,
  skipped: result.skipped.total,
  jurisdictions: Object.keys(result.jurisdictions).length,
  peak_rss_mb: mb(process.resourceUsage().maxRSS * 1024),
  db_mb: mb(dbBytes),
  load_average_at_start: loadAtImport,
  load_average_at_end: load(),
};
console.log('import', JSON.stringify(importStats));

// The store alone (read, decrypt, parse: this module's part), then the whole index build (adds the scoping builder's part).
t = performance.now();
let readRows = 0;
for await (const row of iterateCustomerRows(services.db, services.cipher)) if (row.id) readRows++;
const readSeconds = seconds(t);
const readStats = {
  seconds: readSeconds,
  customers: readRows,
  rows_per_s: Math.round(readRows / readSeconds),
  peak_rss_mb: mb(process.resourceUsage().maxRSS * 1024),
};
console.log('read from store', JSON.stringify(readStats));

t = performance.now();
const index = await buildStoredCustomerIndex(services.db, services.cipher);
const indexStats = {
  seconds: seconds(t),
  customers: index.count,
  rows_per_s: Math.round(index.count / ((performance.now() - t) / 1000)),
  rss_mb: mb(process.memoryUsage().rss),
  peak_rss_mb: mb(process.resourceUsage().maxRSS * 1024),
};
console.log('index', JSON.stringify(indexStats));
await services.close();

mkdirSync('bench/results', { recursive: true });
const resultsFile = 'bench/results/customers.json';
// Keep the results of other sizes (one entry per row count) and the file's other keys.
const previous = existsSync(resultsFile) ? (JSON.parse(readFileSync(resultsFile, 'utf8')) as Record<string, unknown>) : {};
const runs = (previous.runs as Record<string, unknown> | undefined) ?? {};
runs[String(rows)] = {
  load_average: load(),
  rows,
  generate,
  import: importStats,
  read_from_store: readStats,
  index_from_store: indexStats,
  node: process.version,
  cpus: os.cpus().length,
  measured_at: new Date().toISOString(),
};
// Other keys (notes, runs of older code) are kept as they are.
writeFileSync(resultsFile, JSON.stringify({ ...previous, command: 'npx tsx bench/customers.bench.ts --rows N', runs }, null, 2) + '\n');
if (!keep) rmSync(dir, { recursive: true, force: true });
else console.log(`kept ${dir}`);
