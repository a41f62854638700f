/**
 * Unmatched individuals while a run collects them: people in the leak who match no customer but can be
 * reached (an email, a phone, or a name with a postal code). A leak of 100 million rows can hold millions
 * of them, so they are kept in typed columns and one UTF-8 pool instead of an object and a Map entry each:
 * about 100 bytes per person instead of 300 and nothing for the garbage collector to trace. The same key
 * (the address, the number, the name with postal code) is one person, compared by two 32-bit hashes
 * (64 bits: with 10 million people the chance that two of them merge is about 3·10⁻⁶).
 */
import type { DataType } from '../../contract/data-types.js';
import { Utf8Bytes } from '../match/customer-encoder.js';
import { Hash2 } from '../match/hash-tables.js';
import { ResultList } from './result-list.js';
import type { UnmatchedIndividual } from '../types.js';

/** The columns of a store, to send it to another thread (every buffer can be transferred). */
export interface UnmatchedParts {
  count: number;
  hashes: Int32Array;
  masks: Int32Array;
  /** First source and its records of each person. */
  sources: Int32Array;
  /** Email, phone, name, postal code of each person, one after another: string k is bytes offsets[k]..offsets[k + 1]. */
  bytes: Uint8Array;
  offsets: Uint32Array;
  /** Further sources: person, source, records. */
  more: Int32Array;
}

/** One person as read back. */
export interface UnmatchedPerson {
  email: string | null;
  phone: string | null;
  name: string | null;
  postal_code: string | null;
  mask: number;
  /** [source, records] pairs, first source first. */
  sources: Array<[number, number]>;
}

const FIELDS = 4;

export class UnmatchedStore {
  count = 0;
  private slots = new Int32Array(2048); // (hash1, person + 1) pairs
  private hashes = new Int32Array(1024 * 2);
  private masks = new Int32Array(1024);
  private sources = new Int32Array(1024 * 2);
  private readonly text = new Utf8Bytes();
  private offsets = new Uint32Array(1024 * FIELDS + 1);
  /** Fields pushed so far. */
  private pushed = 0;
  /** Sources after the first, per person (rare: the same stranger in several files). */
  private readonly more = new Map<number, Map<number, number>>();
  private readonly h = new Hash2();

  /**
   * Records one record of the person under `key`: `fields` (email, phone, name, postal code) are kept
   * from the first record; the data types are added up, the records counted per source.
   */
  add(
    key: string,
    mask: number,
    src: number,
    records: number,
    fields: () => readonly [string | null, string | null, string | null, string | null],
  ): void {
    const { h1, h2 } = this.h.of(key);
    this.addHashed(h1, h2, mask, src, records, fields);
  }

  private addHashed(
    h1: number,
    h2: number,
    mask: number,
    src: number,
    records: number,
    fields: () => readonly [string | null, string | null, string | null, string | null],
  ): void {
    let person = this.find(h1, h2);
    if (person === -1) {
      person = this.insert(h1, h2, src);
      const values = fields();
      for (let f = 0; f < FIELDS; f++) this.push(values[f]!);
    }
    this.tally(person, mask, src, records);
  }

  /** Adds data types and records from a source to a person. */
  private tally(person: number, mask: number, src: number, records: number) {
    this.masks[person]! |= mask;
    if (this.sources[person * 2] === src) this.sources[person * 2 + 1]! += records;
    else {
      let bySource = this.more.get(person);
      if (!bySource) this.more.set(person, (bySource = new Map<number, number>()));
      bySource.set(src, (bySource.get(src) ?? 0) + records);
    }
  }

  private find(h1: number, h2: number): number {
    const mask = (this.slots.length >> 1) - 1;
    for (let p = h1 & mask; ; p = (p + 1) & mask) {
      const v = this.slots[p * 2 + 1]!;
      if (v === 0) return -1;
      if (this.slots[p * 2] === h1 && this.hashes[(v - 1) * 2 + 1] === h2) return v - 1;
    }
  }

  private insert(h1: number, h2: number, src: number): number {
    const person = this.count++;
    if (person * 2 >= this.hashes.length) this.growColumns();
    if (this.count * 2 > this.slots.length >> 1) this.growSlots();
    this.place(h1, person);
    this.hashes[person * 2] = h1;
    this.hashes[person * 2 + 1] = h2;
    this.sources[person * 2] = src;
    return person;
  }

  private place(h1: number, person: number) {
    const mask = (this.slots.length >> 1) - 1;
    let p = h1 & mask;
    while (this.slots[p * 2 + 1] !== 0) p = (p + 1) & mask;
    this.slots[p * 2] = h1;
    this.slots[p * 2 + 1] = person + 1;
  }

  private growSlots() {
    this.slots = new Int32Array(this.slots.length * 2);
    for (let person = 0; person < this.count - 1; person++) this.place(this.hashes[person * 2]!, person);
  }

  private growColumns() {
    const grow = <T extends Int32Array | Uint32Array>(a: T, factor: number): T => {
      const next = new (a.constructor as new (n: number) => T)(a.length * factor);
      next.set(a);
      return next;
    };
    this.hashes = grow(this.hashes, 2);
    this.masks = grow(this.masks, 2);
    this.sources = grow(this.sources, 2);
    this.offsets = grow(this.offsets, 2);
  }

  /** Appends one field (`offsets` has room: growColumns keeps FIELDS per person + 1). */
  private push(s: string | null) {
    if (s) this.text.append(s);
    this.offsets[++this.pushed] = this.text.used;
  }

  private field(k: number): string | null {
    const from = this.offsets[k]!;
    const to = this.offsets[k + 1]!;
    // latin1Slice is the cheaper decoder and equal to UTF-8 for ASCII (most emails, numbers, codes).
    if (from === to) return null;
    const bytes = this.text.bytes;
    let ascii = true;
    for (let j = from; j < to && ascii; j++) ascii = bytes[j]! < 128;
    return bytes.toString(ascii ? 'latin1' : 'utf8', from, to);
  }

  /** Person `i`'s data types. */
  maskOf(i: number): number {
    return this.masks[i]!;
  }

  firstSource = (i: number): number => this.sources[i * 2]!;
  firstSourceRecords = (i: number): number => this.sources[i * 2 + 1]!;
  hasMoreSources = (i: number): boolean => this.more.has(i);

  /** Person `i`'s sources as [source, records] pairs, first source first. */
  sourcesOf(i: number): Array<[number, number]> {
    const sources: Array<[number, number]> = [[this.sources[i * 2]!, this.sources[i * 2 + 1]!]];
    const more = this.more.get(i);
    if (more) for (const [src, records] of more) sources.push([src, records]);
    return sources;
  }

  /** Person `i`'s email, phone, name and postal code. */
  emailOf = (i: number): string | null => this.field(i * FIELDS);
  phoneOf = (i: number): string | null => this.field(i * FIELDS + 1);
  nameOf = (i: number): string | null => this.field(i * FIELDS + 2);
  postalCodeOf = (i: number): string | null => this.field(i * FIELDS + 3);

  /** Person `i` as read back. */
  person(i: number): UnmatchedPerson {
    return {
      email: this.emailOf(i),
      phone: this.phoneOf(i),
      name: this.nameOf(i),
      postal_code: this.postalCodeOf(i),
      mask: this.masks[i]!,
      sources: this.sourcesOf(i),
    };
  }

  /** The store as columns for another thread (copies of the used parts). */
  toParts(): UnmatchedParts {
    const n = this.count;
    const more: number[] = [];
    for (const [person, bySource] of this.more) for (const [src, records] of bySource) more.push(person, src, records);
    const bytes = new Uint8Array(this.text.used);
    bytes.set(this.text.bytes.subarray(0, this.text.used));
    return {
      count: n,
      hashes: this.hashes.slice(0, n * 2),
      masks: this.masks.slice(0, n),
      sources: this.sources.slice(0, n * 2),
      bytes,
      offsets: this.offsets.slice(0, n * FIELDS + 1),
      more: Int32Array.from(more),
    };
  }

  /** Adds another store's people; `sourceFor` maps its source numbers to this store's. */
  merge(part: UnmatchedParts, sourceFor: (local: number) => number): void {
    for (let i = 0; i < part.count; i++) {
      const h1 = part.hashes[i * 2]!;
      const h2 = part.hashes[i * 2 + 1]!;
      let person = this.find(h1, h2);
      if (person === -1) {
        person = this.insert(h1, h2, sourceFor(part.sources[i * 2]!));
        this.copyFields(part, i);
      }
      this.tally(person, part.masks[i]!, sourceFor(part.sources[i * 2]!), part.sources[i * 2 + 1]!);
    }
    for (let m = 0; m < part.more.length; m += 3) {
      const i = part.more[m]!;
      this.tally(this.find(part.hashes[i * 2]!, part.hashes[i * 2 + 1]!), 0, sourceFor(part.more[m + 1]!), part.more[m + 2]!);
    }
  }

  /** Appends the fields of person `i` of `part` as bytes (no decoding). */
  private copyFields(part: UnmatchedParts, i: number) {
    const from = part.offsets[i * FIELDS]!;
    const to = part.offsets[(i + 1) * FIELDS]!;
    const shift = this.text.used - from;
    this.text.appendBytes(part.bytes.subarray(from, to));
    for (let f = 1; f <= FIELDS; f++) this.offsets[this.pushed + f] = part.offsets[i * FIELDS + f]! + shift;
    this.pushed += FIELDS;
  }
}

/** The buffers of a store's parts, to transfer them. */
export function unmatchedBuffers(p: UnmatchedParts): ArrayBuffer[] {
  return [p.hashes, p.masks, p.sources, p.bytes, p.offsets, p.more].map((a) => a.buffer as ArrayBuffer);
}

/** The unmatched individuals of a result, read from the store when asked for. */
export class UnmatchedList extends ResultList<UnmatchedIndividual> {
  readonly length: number;

  constructor(
    private readonly store: UnmatchedStore,
    protected readonly sourceNames: string[],
    private readonly typesOf: (mask: number) => DataType[],
  ) {
    super();
    this.length = store.count;
  }

  at(i: number): UnmatchedIndividual | undefined {
    if (i < 0 || i >= this.length) return undefined;
    const u = this.store;
    return {
      email: u.emailOf(i),
      phone: u.phoneOf(i),
      name: u.nameOf(i),
      postal_code: u.postalCodeOf(i),
      data_types: this.typesOf(u.maskOf(i)),
      sources: u.hasMoreSources(i)
        ? u.sourcesOf(i).map(([src, records]) => ({ file: this.sourceNames[src]!, records }))
        : [{ file: this.sourceNames[u.firstSource(i)]!, records: u.firstSourceRecords(i) }],
    };
  }
}
