/**
 * A scoping run: leaked files in, exposure register out. Every record is parsed, its personal data found
 * (classified columns or free-text scanning), matched to one customer or sent to review or counted as
 * unmatched, and the register keeps per customer a bit mask of exposed data types and per source file
 * a record count, so memory grows with the number of affected people, not with the leak.
 */
import { dataTypes, type DataType } from '../obligations/obligations.vocabulary.js';
import type { CustomerIndex } from './scoping.customers.js';
import { personNameKey, phoneKeys } from './scoping.customers.js';
import { applyCell, emptyFindings, type RecordFindings, resetFindings, scanText, typesOfMask } from './scoping.detect.js';
import { consistency, createMatcher } from './scoping.matcher.js';
import { type Role, roleDataType } from './scoping.classify.js';
import { expandInputs, scanFile } from './scoping.sources.js';
import { StructuredTable } from './scoping.table.js';
import { type FileReport, matchConfidence, type MatchRule, type ParseTarget } from './scoping.types.js';
import { detachString, normalizeEmail, normalizePostalCode } from './scoping.validators.js';

export interface ScopeProgress {
  bytes: number;
  records: number;
  file: string;
  filesDone: number;
  filesTotal: number;
}

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
}

export interface AffectedCustomer {
  customer_id: string;
  data_types: DataType[];
  sources: Array<{ file: string; records: number }>;
  match: { rule: MatchRule; confidence: number };
}

export interface ReviewItem {
  file: string;
  line: number;
  rule: MatchRule;
  reason: string;
  candidates: string[];
  /** What the record exposes, so a reviewer's decision can add it to the register. */
  data_types: DataType[];
  /** The record's identifying fields as found in the leak, for the reviewer to compare with the candidates. */
  record: { email: string | null; phone: string | null; name: string | null; postal_code: string | null };
}

export interface UnmatchedIndividual {
  email: string | null;
  phone: string | null;
  name: string | null;
  postal_code: string | null;
  data_types: DataType[];
  sources: Array<{ file: string; records: number }>;
}

export interface ScopeResult {
  affected: AffectedCustomer[];
  unmatched_records: number;
  data_type_totals: Record<DataType, number>;
  files: FileReport[];
  /** False when any file had an error: the register may be missing people. */
  complete: boolean;
  jurisdiction_totals: Record<string, number>;
  review: ReviewItem[];
  review_total: number;
  unmatched_individuals: UnmatchedIndividual[];
  authenticity: {
    records_with_personal_data: number;
    matched_records: number;
    match_rate: number;
    fields_compared: number;
    consistency_rate: number | null;
  };
}

const ruleRank: Readonly<Record<MatchRule, number>> = { name_postal_code: 1, phone_last_name: 2, email: 3 };
const rankRule: readonly MatchRule[] = ['email', 'name_postal_code', 'phone_last_name', 'email'];

/** Runs a scoping pass over the inputs against the customer index. */
export async function runScope(opts: ScopeOptions): Promise<ScopeResult> {
  const index = opts.customers;
  const match = createMatcher(index);
  const maxReview = opts.maxReview ?? 10_000;
  const typeMask = new Uint32Array(index.count);
  const bestRank = new Uint8Array(index.count);
  const sourceNames: string[] = [];
  const sourceCounts: Array<Map<number, number>> = [];
  const reports: FileReport[] = [];
  const review: ReviewItem[] = [];
  let reviewTotal = 0;
  let unmatchedRecords = 0;
  // Per individual: the first source inline (the usual case), further sources in a map made on demand.
  const unmatched = new Map<
    string,
    {
      ind: Omit<UnmatchedIndividual, 'data_types' | 'sources'>;
      mask: number;
      src: number;
      records: number;
      more: Map<number, number> | null;
    }
  >();
  let personalRecords = 0;
  let matchedRecords = 0;
  let compared = 0;
  let agreed = 0;

  const files = await expandInputs(opts.inputs);
  const progress: ScopeProgress = { bytes: 0, records: 0, file: '', filesDone: 0, filesTotal: files.length };
  let nextProgressAt = 50_000;
  const f = emptyFindings();

  function keepUnmatched(src: number, rec: RecordFindings) {
    const email = rec.email ? normalizeEmail(rec.email) : null;
    // Individuals are kept only with something to reach them by; the same address or number is one person.
    // The phone and name keys are worked out only when there is no email to key by.
    let key: string | null = null;
    if (email) key = `e:${email}`;
    else {
      const phoneKey = rec.phone ? phoneKeys(rec.phone, rec.country && /^[A-Z]{2}$/.test(rec.country) ? rec.country : null) : null;
      const phone = phoneKey?.e164 ?? (phoneKey?.national ? phoneKey.national : null);
      if (phone) key = `p:${phone}`;
      else {
        const nameKey = personNameKey(rec.full, rec.first, rec.last);
        const postal = rec.postal ? normalizePostalCode(rec.postal) : null;
        if (nameKey && postal) key = `n:${nameKey}|${postal}`;
      }
    }
    if (!key) return;
    let entry = unmatched.get(key);
    if (!entry) {
      const name = rec.full ?? ([rec.first, rec.last].filter(Boolean).join(' ') || null);
      // Copies, so the entry does not keep the whole read buffer alive through a sliced string.
      const copy = (s: string | null) => (s === null ? null : detachString(s));
      entry = {
        ind: {
          email: copy(email),
          phone: copy(rec.phone?.trim() ?? null),
          name: copy(name),
          postal_code: copy(rec.postal?.trim() ?? null),
        },
        mask: 0,
        src,
        records: 0,
        more: null,
      };
      unmatched.set(key, entry);
    }
    entry.mask |= rec.mask;
    if (entry.src === src) entry.records++;
    else {
      entry.more ??= new Map();
      entry.more.set(src, (entry.more.get(src) ?? 0) + 1);
    }
  }

  function record(src: number, rec: RecordFindings, line: number) {
    if (rec.mask === 0) return;
    personalRecords++;
    const m = match(rec);
    if (m.kind === 'match') {
      const c = m.customer;
      matchedRecords++;
      typeMask[c]! |= rec.mask;
      const rank = ruleRank[m.rule];
      if (rank > bestRank[c]!) bestRank[c] = rank;
      const counts = sourceCounts[src]!;
      counts.set(c, (counts.get(c) ?? 0) + 1);
      // Consistency is sampled (every 8th matched record): it is a signal, and full checks would halve throughput.
      if ((matchedRecords & 7) === 1) {
        const r = consistency(index, c, rec);
        compared += r.compared;
        agreed += r.agreed;
      }
    } else if (m.kind === 'review') {
      reviewTotal++;
      if (review.length < maxReview)
        review.push({
          file: sourceNames[src]!,
          line,
          rule: m.rule,
          reason: m.reason,
          candidates: m.candidates.map((i) => index.idOf(i)),
          data_types: typesOfMask(rec.mask),
          record: {
            email: rec.email ? detachString(rec.email.trim()) : null,
            phone: rec.phone ? detachString(rec.phone.trim()) : null,
            name: rec.full ? detachString(rec.full) : [rec.first, rec.last].filter(Boolean).join(' ') || null,
            postal_code: rec.postal ? detachString(rec.postal.trim()) : null,
          },
        });
    } else {
      unmatchedRecords++;
      keepUnmatched(src, rec);
    }
  }

  const signal = opts.signal;
  function tick(report: FileReport) {
    progress.records++;
    if (progress.records >= nextProgressAt) {
      nextProgressAt = progress.records + 20_000;
      signal?.throwIfAborted();
      progress.file = report.file;
      opts.onProgress?.(progress);
    }
  }
  const overridesFor = (table: string | null): ReadonlyMap<string, Role> | undefined => {
    if (!opts.columnOverrides) return undefined;
    const entries = Object.entries(opts.columnOverrides);
    // Bare names first, then table-qualified ones, so "users.email" wins over "email" for the users table.
    const map = new Map<string, Role>(entries.filter(([name]) => !table || !name.includes('.')));
    if (table) for (const [name, role] of entries) if (name.startsWith(`${table}.`)) map.set(name.slice(table.length + 1), role);
    return map;
  };

  for (const input of files) {
    signal?.throwIfAborted();
    const tables = new Map<string, StructuredTable>();
    await scanFile(
      input.absolute,
      input.display,
      {
        progress: (n) => {
          progress.bytes += n;
        },
        begin(report, format): ParseTarget {
          const src = sourceNames.length;
          sourceNames.push(report.file);
          sourceCounts.push(new Map());
          const onRecord = (table: StructuredTable, cols: readonly number[] | null, values: readonly string[], line: number) => {
            resetFindings(f);
            const { roles, validators } = table;
            if (cols === null) {
              const active = table.active;
              for (let k = 0; k < active.length; k++) {
                const c = active[k]!;
                const v = values[c];
                if (v) applyCell(roles[c]!, validators[c]!, v, f);
              }
            } else {
              for (let k = 0; k < cols.length; k++) {
                const c = cols[k]!;
                const role = roles[c]!;
                if (role !== 'none' && values[k]) applyCell(role, validators[c]!, values[k]!, f);
              }
            }
            report.records++;
            tick(report);
            record(src, f, line);
          };
          const tableFor = (name: string | null) => {
            const key = name ?? '';
            let t = tables.get(key);
            if (!t) {
              t = new StructuredTable(name, {
                sampleSize: opts.sampleSize ?? 1000,
                headerless: format === 'csv' || format === 'tsv' ? 'detect' : 'known',
                onRecord,
                overrides: overridesFor(name),
              });
              tables.set(key, t);
            }
            return t;
          };
          return {
            row: (table, columns, fields, line) => tableFor(table).addRow(columns, fields, line),
            object: (value, line) => tableFor(null).addObject(value, line),
            text: (text, line) => {
              resetFindings(f);
              scanText(text, f);
              report.records++;
              tick(report);
              record(src, f, line);
            },
            error: (e) => {
              if (report.errors.length < 100) report.errors.push(e);
              else if (report.errors.length === 100) report.errors.push({ message: 'more errors in this file were not listed' });
            },
          };
        },
        end(report) {
          for (const t of tables.values()) {
            t.finish();
            for (let i = 0; i < t.names.length; i++)
              report.columns.push({
                name: t.name ? `${t.name}.${t.names[i]}` : t.names[i]!,
                data_type: roleDataType[t.roles[i]!],
                role: t.roles[i]!,
              });
          }
          tables.clear();
          reports.push(report);
        },
      },
      { maxRecordChars: opts.maxRecordChars },
    );
    progress.filesDone++;
  }
  opts.onProgress?.(progress);

  // Register → result.
  const affected: AffectedCustomer[] = [];
  const totals = Object.fromEntries(dataTypes.map((t) => [t, 0])) as Record<DataType, number>;
  const jurisdictions: Record<string, number> = {};
  const perCustomerSources = new Map<number, Array<{ file: string; records: number }>>();
  sourceCounts.forEach((counts, src) => {
    for (const [c, n] of counts) {
      let list = perCustomerSources.get(c);
      if (!list) perCustomerSources.set(c, (list = []));
      list.push({ file: sourceNames[src]!, records: n });
    }
  });
  for (let c = 0; c < index.count; c++) {
    if (bestRank[c] === 0) continue;
    const types = typesOfMask(typeMask[c]!);
    for (const t of types) totals[t]++;
    const rule = rankRule[bestRank[c]!]!;
    affected.push({
      customer_id: index.idOf(c),
      data_types: types,
      sources: perCustomerSources.get(c) ?? [],
      match: { rule, confidence: matchConfidence[rule] },
    });
    const j = jurisdictionOf(index.countryOf(c), index.regionOf(c));
    jurisdictions[j] = (jurisdictions[j] ?? 0) + 1;
  }
  const unmatchedIndividuals: UnmatchedIndividual[] = [...unmatched.values()].map((e) => ({
    ...e.ind,
    data_types: typesOfMask(e.mask),
    sources: [
      { file: sourceNames[e.src]!, records: e.records },
      ...[...(e.more ?? [])].map(([src, records]) => ({ file: sourceNames[src]!, records })),
    ],
  }));
  return {
    affected,
    unmatched_records: unmatchedRecords,
    data_type_totals: totals,
    files: reports,
    complete: reports.every((r) => r.errors.length === 0),
    jurisdiction_totals: jurisdictions,
    review,
    review_total: reviewTotal,
    unmatched_individuals: unmatchedIndividuals,
    authenticity: {
      records_with_personal_data: personalRecords,
      matched_records: matchedRecords,
      match_rate: personalRecords ? round(matchedRecords / personalRecords) : 0,
      fields_compared: compared,
      consistency_rate: compared ? round(agreed / compared) : null,
    },
  };
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;

/** ISO 3166 jurisdiction of a customer: "US-CA" when country and a subdivision code are known, else the country. */
export function jurisdictionOf(country: string | null, region: string | null): string {
  if (!country) return 'unknown';
  const cc = country.trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(cc)) return cc || 'unknown';
  const r = region?.trim().toUpperCase();
  if (r && /^[A-Z0-9]{1,3}$/.test(r)) return `${cc}-${r}`;
  if (r && new RegExp(`^${cc}-[A-Z0-9]{1,3}$`).test(r)) return r;
  return cc;
}
