/**
 * The exposure register of a scoping run while it is collected: per source file, per customer, the
 * exposed data types, the strongest match rule and a record count; the review list; the unmatched
 * individuals; the authenticity counters. One collector reads every file in the calling thread; with
 * worker threads each task (a file, or a byte range of a big file) fills its own collector, sends it
 * back as a `PartialScope` and the main thread merges the parts in file order, so the result is the
 * same as reading the files one after another.
 */
import { dataTypes, type DataType } from '../../contract/data-types.js';
import type { CustomerIndex } from '../match/customer-index.js';
import { personNameKey, phoneKeys } from '../match/customer-index.js';
import { type RecordFindings, typesOfMask } from '../detect/record-findings.js';
import { AffectedList } from './affected-list.js';
import type { ReviewItem, ScopeResult } from '../types.js';
import { consistency, createMatcher } from '../match/matcher.js';
import { UnmatchedList, type UnmatchedParts, UnmatchedStore } from './unmatched-store.js';
import { type FileReport, matchConfidence, type MatchRule } from '../types.js';
import { detachString, normalizeEmail, normalizePostalCode } from '../detect/validators.js';

const ruleRank: Readonly<Record<MatchRule, number>> = { name_postal_code: 1, phone_last_name: 2, email: 3 };
const rankRule: readonly MatchRule[] = ['email', 'name_postal_code', 'phone_last_name', 'email'];

/**
 * A source's register starts as a Map and switches to a dense table (4 bytes per customer of the master)
 * once it holds more than this many customers or a 32nd of the master, whichever is less.
 */
const DENSE_AFTER = 50_000;

/** Matched customers of one source: data-type mask, rank bits (1 << rule rank) and record count each. */
export class SourceRegister {
  private sparse: Map<number, number> | null = new Map();
  private dense: Int32Array | null = null;
  size = 0;
  customers = new Int32Array(64);
  masks = new Int32Array(64);
  ranks = new Uint8Array(64);
  counts = new Int32Array(64);

  private readonly denseAfter: number;

  constructor(private readonly customerCount: number) {
    this.denseAfter = Math.min(DENSE_AFTER, customerCount >> 5);
  }

  add(c: number, mask: number, rankBits: number, records: number): void {
    let slot: number;
    if (this.dense) slot = this.dense[c]! - 1;
    else {
      const s = this.sparse!.get(c);
      slot = s === undefined ? -1 : s;
    }
    if (slot === -1) {
      slot = this.size++;
      if (slot === this.customers.length) this.growTo(slot * 2);
      this.customers[slot] = c;
      if (this.dense) this.dense[c] = slot + 1;
      else {
        this.sparse!.set(c, slot);
        if (this.size > this.denseAfter) this.toDense();
      }
    }
    this.masks[slot]! |= mask;
    this.ranks[slot]! |= rankBits;
    this.counts[slot]! += records;
  }

  private growTo(n: number) {
    const grow = <T extends Int32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.customers = grow(this.customers, (k) => new Int32Array(k));
    this.masks = grow(this.masks, (k) => new Int32Array(k));
    this.ranks = grow(this.ranks, (k) => new Uint8Array(k));
    this.counts = grow(this.counts, (k) => new Int32Array(k));
  }

  private toDense() {
    this.dense = new Int32Array(this.customerCount);
    for (let s = 0; s < this.size; s++) this.dense[this.customers[s]!] = s + 1;
    this.sparse = null;
  }

  /** The entries in compact arrays (transferable to another thread). */
  compact(): SourceEntries {
    return {
      customers: this.customers.slice(0, this.size),
      masks: this.masks.slice(0, this.size),
      ranks: this.ranks.slice(0, this.size),
      counts: this.counts.slice(0, this.size),
    };
  }
}

export interface SourceEntries {
  customers: Int32Array;
  masks: Int32Array;
  ranks: Uint8Array;
  counts: Int32Array;
}

/** What a worker sends back for one task; sources are numbered from 0 within the task. */
export interface PartialScope {
  sourceNames: string[];
  sources: SourceEntries[];
  reports: FileReport[];
  review: ReviewItem[];
  reviewTotal: number;
  unmatchedRecords: number;
  /** Unmatched individuals as typed columns (transferred between threads, not copied). */
  unmatched: UnmatchedParts;
  personal: number;
  matched: number;
  compared: number;
  agreed: number;
}

/**
 * Consistency is checked for the records of one customer in eight (chosen by a hash of the position): it
 * is a signal, full checks would halve throughput, and a choice by customer gives the same figure
 * whichever thread reads which part of a file.
 */
const sampledForConsistency = (c: number) => Math.imul(c + 1, 0x9e3779b1) >>> 29 === 0;

export class ScopeCollector {
  readonly sourceNames: string[] = [];
  readonly sources: SourceRegister[] = [];
  readonly review: ReviewItem[] = [];
  reviewTotal = 0;
  unmatchedRecords = 0;
  private readonly unmatched = new UnmatchedStore();
  personal = 0;
  matched = 0;
  compared = 0;
  agreed = 0;
  private readonly match: ReturnType<typeof createMatcher>;

  constructor(
    readonly index: CustomerIndex,
    private readonly maxReview: number,
  ) {
    this.match = createMatcher(index);
  }

  /** Starts a source (a file or a member of an archive); returns its number. */
  beginSource(name: string): number {
    this.sourceNames.push(name);
    this.sources.push(new SourceRegister(this.index.count));
    return this.sources.length - 1;
  }

  /** One record's findings. */
  record(src: number, rec: RecordFindings, line: number): void {
    if (rec.mask === 0) return;
    this.personal++;
    const m = this.match(rec);
    if (m.kind === 'match') {
      const c = m.customer;
      this.matched++;
      this.sources[src]!.add(c, rec.mask, 1 << ruleRank[m.rule], 1);
      if (sampledForConsistency(c)) {
        const r = consistency(this.index, c, rec);
        this.compared += r.compared;
        this.agreed += r.agreed;
      }
    } else if (m.kind === 'review') {
      this.reviewTotal++;
      if (this.review.length < this.maxReview)
        this.review.push({
          file: this.sourceNames[src]!,
          line,
          rule: m.rule,
          reason: m.reason,
          candidates: m.candidates.map((i) => this.index.idOf(i)),
          data_types: typesOfMask(rec.mask),
          record: {
            email: rec.email ? detachString(rec.email.trim()) : null,
            phone: rec.phone ? detachString(rec.phone.trim()) : null,
            name: rec.full ? detachString(rec.full) : [rec.first, rec.last].filter(Boolean).join(' ') || null,
            postal_code: rec.postal ? detachString(rec.postal.trim()) : null,
          },
        });
    } else {
      this.unmatchedRecords++;
      this.keepUnmatched(src, rec);
    }
  }

  private keepUnmatched(src: number, rec: RecordFindings) {
    const email = rec.email ? normalizeEmail(rec.email) : null;
    // Individuals are kept only with something to reach them by; the same address or number is one person.
    // The phone and name keys are worked out only when there is no email to key by.
    // Keys: the address itself (an email never holds a control character), "\u0001" + phone, "\u0002" + name|postal.
    let key: string | null = null;
    if (email) key = email;
    else {
      const phoneKey = rec.phone ? phoneKeys(rec.phone, rec.country && /^[A-Z]{2}$/.test(rec.country) ? rec.country : null) : null;
      const phone = phoneKey?.e164 ?? (phoneKey?.national ? phoneKey.national : null);
      if (phone) key = `\u0001${phone}`;
      else {
        const nameKey = personNameKey(rec.full, rec.first, rec.last);
        const postal = rec.postal ? normalizePostalCode(rec.postal) : null;
        if (nameKey && postal) key = `\u0002${nameKey}|${postal}`;
      }
    }
    if (!key) return;
    this.unmatched.add(key, rec.mask, src, 1, () => [
      email,
      rec.phone?.trim() || null,
      rec.full ?? ([rec.first, rec.last].filter(Boolean).join(' ') || null),
      rec.postal?.trim() || null,
    ]);
  }

  /** This collector as a message for the main thread (the typed arrays can be transferred). */
  toPartial(reports: FileReport[]): PartialScope {
    return {
      sourceNames: this.sourceNames,
      sources: this.sources.map((s) => s.compact()),
      reports,
      review: this.review,
      reviewTotal: this.reviewTotal,
      unmatchedRecords: this.unmatchedRecords,
      unmatched: this.unmatched.toParts(),
      personal: this.personal,
      matched: this.matched,
      compared: this.compared,
      agreed: this.agreed,
    };
  }

  /**
   * Adds a task's part. `sourceFor` maps the task's source numbers to this collector's (parts of one file
   * share a source); `lineOffset` is added to review lines (a byte range that does not start the file).
   */
  merge(part: PartialScope, sourceFor: (local: number) => number, lineOffset: number): void {
    part.sources.forEach((entries, local) => {
      const reg = this.sources[sourceFor(local)]!;
      for (let k = 0; k < entries.customers.length; k++)
        reg.add(entries.customers[k]!, entries.masks[k]!, entries.ranks[k]!, entries.counts[k]!);
    });
    for (const item of part.review) {
      if (this.review.length >= this.maxReview) break;
      this.review.push({ ...item, line: item.line + lineOffset });
    }
    this.reviewTotal += part.reviewTotal;
    this.unmatchedRecords += part.unmatchedRecords;
    this.unmatched.merge(part.unmatched, sourceFor);
    this.personal += part.personal;
    this.matched += part.matched;
    this.compared += part.compared;
    this.agreed += part.agreed;
  }

  /** The result, with the file reports in the order the files were read. */
  finish(reports: FileReport[]): ScopeResult {
    const index = this.index;
    const typeMask = new Int32Array(index.count);
    const rankBits = new Uint8Array(index.count);
    // Per customer, its sources as a list through typed arrays (in source order), not a Map of arrays.
    const head = new Int32Array(index.count).fill(-1);
    const tail = new Int32Array(index.count);
    let nodes = 0;
    for (const reg of this.sources) nodes += reg.size;
    const nodeSrc = new Int32Array(nodes);
    const nodeRecords = new Int32Array(nodes);
    const nodeNext = new Int32Array(nodes).fill(-1);
    let node = 0;
    this.sources.forEach((reg, src) => {
      for (let k = 0; k < reg.size; k++) {
        const c = reg.customers[k]!;
        typeMask[c]! |= reg.masks[k]!;
        rankBits[c]! |= reg.ranks[k]!;
        nodeSrc[node] = src;
        nodeRecords[node] = reg.counts[k]!;
        if (head[c] === -1) head[c] = node;
        else nodeNext[tail[c]!] = node;
        tail[c] = node++;
      }
    });
    // Data-type lists and match objects repeat: one frozen object each, shared between entries.
    const typesByMask = new Map<number, DataType[]>();
    const typesFor = (mask: number) => {
      let types = typesByMask.get(mask);
      if (!types) typesByMask.set(mask, (types = Object.freeze(typesOfMask(mask)) as DataType[]));
      return types;
    };
    const matchByRank = rankRule.map((rule) => Object.freeze({ rule, confidence: matchConfidence[rule] }));
    let affectedCount = 0;
    for (let c = 0; c < index.count; c++) if (rankBits[c] !== 0) affectedCount++;
    const positions = new Int32Array(affectedCount);
    const customersByMask = new Map<number, number>();
    const jurisdictions: Record<string, number> = {};
    const jurisdictionByPlace = new Map<number, string>();
    for (let c = 0, k = 0; c < index.count; c++) {
      if (rankBits[c] === 0) continue;
      positions[k++] = c;
      const mask = typeMask[c]!;
      customersByMask.set(mask, (customersByMask.get(mask) ?? 0) + 1);
      const place = index.data.country[c]! * 65536 + index.data.region[c]!;
      let j = jurisdictionByPlace.get(place);
      if (j === undefined) jurisdictionByPlace.set(place, (j = jurisdictionOf(index.countryOf(c), index.regionOf(c))));
      jurisdictions[j] = (jurisdictions[j] ?? 0) + 1;
    }
    const totals = Object.fromEntries(dataTypes.map((t) => [t, 0])) as Record<DataType, number>;
    for (const [mask, n] of customersByMask) for (const t of typesFor(mask)) totals[t] += n;
    const { personal, matched, compared, agreed } = this;
    return {
      // Copies of the source names: renaming the result's files must not rename this collector's.
      affected: new AffectedList(
        { index, positions, typeMask, rankBits, head, nodeSrc, nodeRecords, nodeNext },
        [...this.sourceNames],
        typesFor,
        matchByRank,
      ),
      unmatched_records: this.unmatchedRecords,
      data_type_totals: totals,
      files: reports,
      complete: reports.every((r) => r.errors.length === 0),
      jurisdiction_totals: jurisdictions,
      review: this.review,
      review_total: this.reviewTotal,
      unmatched_individuals: new UnmatchedList(this.unmatched, [...this.sourceNames], typesFor),
      authenticity: {
        records_with_personal_data: personal,
        matched_records: matched,
        match_rate: personal ? round(matched / personal) : 0,
        fields_compared: compared,
        consistency_rate: compared ? round(agreed / compared) : null,
      },
    };
  }
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
