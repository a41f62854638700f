/**
 * The per-incident path end to end on SQLite: a customer master imported into the store, a leak added to an
 * incident and scanned by the scoping job, each finished file committed to the register. Times the phases
 * (import, match index from the store, scan, commit per file) so the cost of storing the register can be
 * seen next to the engine's. Writes bench/results/register.json.
 *
 *   npx tsx bench/register.bench.ts [--customers 100000] [--rows 1000000] [--files 2] [--affected 0.5]
 */
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { loadConfig } from '../src/config/config.js';
import { openServices } from '../src/composition.js';
import { cliOperator } from '../src/modules/auth/auth.permissions.js';
import { createIncidentInput } from '../src/modules/incidents/incidents.schemas.js';
import { createCustomerDirectory } from '../src/modules/scoping/scoping.customer-directory.js';
import { engineScanner } from '../src/modules/scoping/scoping.file-scanner.js';
import { createScopingService, type FileScanner } from '../src/modules/scoping/scoping.service.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
};
const customers = arg('customers', 100_000);
const rows = arg('rows', 1_000_000);
const files = arg('files', 2);
const affectedShare = arg('affected', 0.5);
const seconds = (from: number) => Math.round((performance.now() - from) / 10) / 100;
const mb = (bytes: number) => Math.round(bytes / 1048576);

/** A card number with a real issuer prefix and a valid Luhn digit, different per i. */
function pan(i: number): string {
  const body = `4539${String(i).padStart(11, '0')}`;
  let sum = 0;
  for (let k = 0; k < body.length; k++) {
    let d = body.charCodeAt(body.length - 1 - k) - 48;
    if (k % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return body + String((10 - (sum % 10)) % 10);
}

async function writeLines(file: string, header: string, count: number, line: (i: number) => string) {
  const out = createWriteStream(file);
  out.write(header + '\n');
  let buf = '';
  for (let i = 0; i < count; i++) {
    buf += line(i) + '\n';
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.write(buf);
  out.end();
  await once(out, 'finish');
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'breachdesk-register-bench-'));
const config = loadConfig({ BREACHDESK_DATA_DIR: dir, BREACHDESK_SECRET_KEY: Buffer.alloc(32, 9).toString('base64') });
const services = await openServices(config);
const actor = cliOperator('bench');
try {
  const states = ['California', 'NY', 'Texas', 'Florida', 'WA'];
  const masterFile = path.join(dir, 'customers.csv');
  await writeLines(
    masterFile,
    'customer_id,first_name,last_name,email,phone,postal_code,state,country',
    customers,
    (i) =>
      `C${i},Anna${i % 97},Miller${i % 389},anna.${i}@mail.example,+1 415 555 ${String(i % 10000).padStart(4, '0')},${94000 + (i % 900)},${states[i % 5]},US`,
  );
  let t = performance.now();
  const imported = await services.customers.importFile(actor, { path: masterFile });
  const importSeconds = seconds(t);
  console.log(`import ${customers} customers: ${importSeconds} s (${imported.inserted} inserted)`);

  mkdirSync(config.leakDir, { recursive: true });
  const perFile = Math.ceil(rows / files);
  const leakNames: string[] = [];
  let leakBytes = 0;
  for (let f = 0; f < files; f++) {
    const name = `orders-${f + 1}.csv`;
    // Each file shows a random half of the affected customers, so files overlap (customers in several files).
    const affected = Math.max(1, Math.floor(customers * affectedShare));
    await writeLines(path.join(config.leakDir, name), 'email,full_name,card_number,cvv,ip', perFile, (i) => {
      const c = (i * 7919 + f * 104729) % affected;
      return `anna.${c}@mail.example,Anna${c % 97} Miller${c % 389},${pan(c)},${100 + (i % 900)},10.${f}.${(i >> 8) & 255}.${i & 255}`;
    });
    leakNames.push(path.join(config.leakDir, name));
    leakBytes += statSync(path.join(config.leakDir, name)).size;
  }

  await services.auth.createUser(actor, { email: 'bench@example.com', role: 'admin', password: 'bench password 123456' });
  const incident = await services.incidents.createIncident(
    actor,
    createIncidentInput.parse({ title: 'bench', aware_at: new Date().toISOString() }),
  );
  const phases = { index: 0, scan: [] as number[] };
  const directory = createCustomerDirectory({ db: services.db, cipher: services.cipher, customers: services.customers });
  const timedScanner: FileScanner = async (input) => {
    const s = performance.now();
    const result = await engineScanner(input);
    phases.scan.push(seconds(s));
    return result;
  };
  const scoping = createScopingService({
    db: services.db,
    dialect: services.dialect,
    clock: services.clock,
    cipher: services.cipher,
    audit: services.audit,
    incidents: services.incidents,
    evidence: services.evidence,
    enqueueRun: async () => {},
    customers: {
      ...directory,
      loadIndex: async () => {
        const s = performance.now();
        const index = await directory.loadIndex();
        phases.index = seconds(s);
        return index;
      },
    },
    scanner: timedScanner,
    setAffectedPopulation: (...a) => services.obligations.setAffectedPopulation(...a),
    leakDir: config.leakDir,
  });
  const run = await scoping.addFiles(actor, incident.id, { paths: leakNames, evidence_ids: [] });
  t = performance.now();
  await scoping.executeRun(run.run_id);
  const total = seconds(t);
  const summary = await scoping.summary(actor, incident.id);
  const scan = phases.scan.reduce((a, b) => a + b, 0);
  const commitAndFeed = Math.round((total - phases.index - scan) * 100) / 100;
  const result = {
    machine: { cpus: os.cpus().length, node: process.version, load: os.loadavg().map((l) => Math.round(l * 100) / 100) },
    customers,
    leak_rows: rows,
    files,
    leak_mb: mb(leakBytes),
    affected_customers: summary.affected_customers,
    seconds: {
      import: importSeconds,
      index_from_store: phases.index,
      scan_per_file: phases.scan,
      commit_and_obligations: commitAndFeed,
      run_total: total,
    },
    records_per_second_end_to_end: Math.round(rows / total),
    peak_rss_mb: mb(process.resourceUsage().maxRSS * 1024),
  };
  console.log(JSON.stringify(result, null, 2));
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/register.json', JSON.stringify(result, null, 2) + '\n');
} finally {
  await services.close();
  rmSync(dir, { recursive: true, force: true });
}
