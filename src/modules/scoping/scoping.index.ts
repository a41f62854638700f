/**
 * Compact storage for the customer index: 64-bit string hashes, string pools and open-addressing key
 * tables in typed arrays over SharedArrayBuffers. Ten million customers take a few hundred MB instead
 * of gigabytes of JS strings and Maps, and worker threads receive the same memory by `postMessage`
 * without a copy. While the index is built the buffers grow in place (growable SharedArrayBuffers), so
 * building never holds two copies of a column.
 */

/** Two independent 32-bit hashes of a string (FNV-1a and a multiplicative variant, both finalized). */
export class Hash2 {
  h1 = 0;
  h2 = 0;

  /** Hashes `s`; the result is in `h1` and `h2`. */
  of(s: string): this {
    let a = 0x811c9dc5 | 0;
    let b = 0x9747b28c | 0;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995);
      b ^= b >>> 15;
    }
    this.h1 = fmix(a ^ s.length);
    this.h2 = fmix(b);
    return this;
  }
}

/** Murmur3's 32-bit finalizer: every input bit affects every output bit. */
export function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** Combines two hashes into one (for keys made of two parts, such as name + postal code). */
export const combine = (a: number, b: number): number => fmix(a ^ Math.imul(b, 0x9e3779b1));

type TypedArrayCtor<T> = { new (buffer: SharedArrayBuffer, byteOffset?: number, length?: number): T; BYTES_PER_ELEMENT: number };

/** Growable SharedArrayBuffer (ES2024; Node 20 has it, the TypeScript lib of this project does not). */
interface GrowableSab extends SharedArrayBuffer {
  grow(byteLength: number): void;
}
const GrowableSab = SharedArrayBuffer as unknown as new (byteLength: number, opts: { maxByteLength: number }) => GrowableSab;

/** Largest size a growable column may reach (address space only is reserved up front). */
const MAX_COLUMN_BYTES = 2 ** 32;

/** An append-only typed column that grows in place. `view` is valid until the next `ensure`. */
export class GrowableColumn<T extends Int32Array | Uint32Array | Uint16Array | Uint8Array | Float64Array> {
  private readonly sab: GrowableSab;
  private readonly bytesPerElement: number;
  /** Elements that fit without growing. */
  capacity = 0;
  view: T;

  constructor(private readonly ctor: TypedArrayCtor<T>) {
    this.sab = new GrowableSab(0, { maxByteLength: MAX_COLUMN_BYTES });
    this.bytesPerElement = ctor.BYTES_PER_ELEMENT;
    this.view = new ctor(this.sab, 0, 0);
  }

  /** Makes room for `n` elements. */
  ensure(n: number): T {
    if (n > this.capacity) {
      const need = n * this.bytesPerElement;
      const next = Math.min(MAX_COLUMN_BYTES, Math.max(need, 65536, Math.ceil(this.sab.byteLength * 1.5)));
      this.sab.grow(next);
      this.capacity = Math.floor(next / this.bytesPerElement);
      this.view = new this.ctor(this.sab, 0, this.capacity);
    }
    return this.view;
  }

  /** A fixed view of the first `n` elements (for the finished index). */
  freeze(n: number): T {
    this.ensure(n);
    return new this.ctor(this.sab, 0, n);
  }
}

/** Strings stored as UTF-8 bytes one after another; string i is bytes `offsets[i]` to `offsets[i + 1]`. */
export interface StringPool {
  bytes: Uint8Array;
  offsets: Uint32Array;
}

export class StringPoolBuilder {
  private readonly bytes = new GrowableColumn(Uint8Array);
  private readonly offsets = new GrowableColumn(Uint32Array);
  private buf: Buffer | null = null;
  private length = 0;
  private used = 0;

  push(s: string | null): void {
    const offsets = this.offsets.ensure(this.length + 2);
    offsets[this.length] = this.used;
    if (s) {
      const max = s.length * 3;
      const before = this.bytes.view;
      const bytes = this.bytes.ensure(this.used + max);
      if (bytes !== before || !this.buf) this.buf = Buffer.from(bytes.buffer, 0, bytes.length);
      this.used += this.buf.write(s, this.used, 'utf8');
      if (this.used >= MAX_COLUMN_BYTES - 4096) throw new Error('customer master too large for one string pool');
    }
    this.length++;
    offsets[this.length] = this.used;
  }

  /** Appends string `k` of another pool, as bytes. */
  pushBytes(from: { bytes: Uint8Array; offsets: Uint32Array }, k: number): void {
    const start = from.offsets[k]!;
    const length = from.offsets[k + 1]! - start;
    const offsets = this.offsets.ensure(this.length + 2);
    offsets[this.length] = this.used;
    if (length > 0) {
      if (this.used + length >= MAX_COLUMN_BYTES - 4096) throw new Error('customer master too large for one string pool');
      this.bytes.ensure(this.used + length).set(from.bytes.subarray(start, start + length), this.used);
      this.used += length;
    }
    this.length++;
    offsets[this.length] = this.used;
  }

  /** The pool as built so far (valid until the next `push`). */
  current(): StringPool {
    return { bytes: this.bytes.view, offsets: this.offsets.view };
  }

  freeze(): StringPool {
    const offsets = this.offsets.freeze(this.length + 1);
    offsets[this.length] = this.used;
    return { bytes: this.bytes.freeze(this.used), offsets };
  }
}

/** String i of a pool, or null when it was empty or null. */
export function poolString(pool: StringPool, i: number): string | null {
  const from = pool.offsets[i]!;
  const to = pool.offsets[i + 1]!;
  if (from === to) return null;
  let ascii = true;
  for (let k = from; k < to; k++) if (pool.bytes[k]! >= 128) ascii = false;
  if (ascii && to - from < 64) {
    let s = '';
    for (let k = from; k < to; k++) s += String.fromCharCode(pool.bytes[k]!);
    return s;
  }
  return Buffer.from(pool.bytes.buffer, pool.bytes.byteOffset + from, to - from).toString('utf8');
}

/** Whether string i of `a` and string k of `b` have the same bytes. */
export function poolBytesEqual(a: StringPool, i: number, b: StringPool, k: number): boolean {
  const from = a.offsets[i]!;
  const length = a.offsets[i + 1]! - from;
  const start = b.offsets[k]!;
  if (b.offsets[k + 1]! - start !== length) return false;
  for (let j = 0; j < length; j++) if (a.bytes[from + j] !== b.bytes[start + j]) return false;
  return true;
}

/** Whether string i of a pool equals `s` (ASCII compared in place, anything else decoded). */
export function poolEquals(pool: StringPool, i: number, s: string): boolean {
  const from = pool.offsets[i]!;
  const to = pool.offsets[i + 1]!;
  if (to - from < s.length) return false;
  let k = from;
  for (let j = 0; j < s.length; j++, k++) {
    const c = s.charCodeAt(j);
    if (c >= 128) return poolString(pool, i) === s;
    if (k >= to || pool.bytes[k] !== c) return false;
  }
  return k === to;
}

/**
 * A multimap from a 32-bit key hash to customer positions: open addressing with linear probing over
 * an Int32Array of (hash, position + 1) pairs, 0 marking an empty slot. A lookup reads one or two cache
 * lines; the caller confirms each hit (second hash or stored value), so a 32-bit hash collision never
 * matches. Several customers under one key come back in the order they were added.
 */
export class KeyTableBuilder {
  private slots = new Int32Array(new SharedArrayBuffer(1024 * 8));
  private mask = 1023;
  size = 0;

  add(h: number, position: number): void {
    if ((this.size + 1) * 10 > (this.mask + 1) * 7) this.grow();
    insert(this.slots, this.mask, h, position + 1);
    this.size++;
  }

  private grow() {
    const old = this.slots;
    const cap = (this.mask + 1) * 2;
    this.slots = new Int32Array(new SharedArrayBuffer(cap * 8));
    this.mask = cap - 1;
    for (let p = 0; p < old.length; p += 2) if (old[p + 1] !== 0) insert(this.slots, this.mask, old[p]!, old[p + 1]!);
  }

  /** The table as built so far (valid until the next `add`). */
  freeze(): Int32Array {
    return this.slots;
  }
}

function insert(slots: Int32Array, mask: number, h: number, value: number) {
  let p = h & mask;
  while (slots[p * 2 + 1] !== 0) p = (p + 1) & mask;
  slots[p * 2] = h;
  slots[p * 2 + 1] = value;
}

/**
 * A finished multimap from a 32-bit key hash to customer positions, built in one go once every customer
 * is known (`buildKeyTable`). One slot per distinct hash (linear probing over (hash, value) pairs at a
 * load of at most 0.55), so a key shared by many customers — a common name in one postal code — takes
 * one slot and makes no long probe runs for other keys. A slot's value is 0 when empty, position + 1 for
 * a key of one customer, and −(start + 2) for a key of several: `groups[start]` is their count and the
 * positions follow in ascending order.
 */
export interface KeyTable {
  slots: Int32Array;
  groups: Int32Array;
}

/** Slot where probing for `h` starts (multiply-shift on the unsigned hash: any capacity, not only powers of two). */
const homeSlot = (h: number, capacity: number) => Math.floor(((h >>> 0) * capacity) / 4294967296);

/**
 * Builds the table for the customers `i < count` whose `flags[i]` has all bits of `need`, under the key
 * `keys[i * stride]`. Three passes: count per distinct hash, lay out the groups, place the positions.
 */
export function buildKeyTable(count: number, flags: Uint8Array, need: number, keys: Int32Array, stride: number): KeyTable {
  let present = 0;
  for (let i = 0; i < count; i++) if ((flags[i]! & need) === need) present++;
  const capacity = Math.ceil(present / 0.55) + 16;
  const slots = new Int32Array(new SharedArrayBuffer(capacity * 8));
  // Pass 1: per distinct hash, minus the number of customers under it.
  for (let i = 0; i < count; i++) {
    if ((flags[i]! & need) !== need) continue;
    const h = keys[i * stride]!;
    let p = homeSlot(h, capacity);
    for (;;) {
      const v = slots[p * 2 + 1]!;
      if (v === 0) {
        slots[p * 2] = h;
        slots[p * 2 + 1] = -1;
        break;
      }
      if (slots[p * 2] === h) {
        slots[p * 2 + 1] = v - 1;
        break;
      }
      if (++p === capacity) p = 0;
    }
  }
  // Pass 2: a group for each hash shared by several customers (−1 stays: one customer, placed below).
  let groupLength = 0;
  for (let p = 0; p < capacity; p++) {
    const v = slots[p * 2 + 1]!;
    if (v < -1) {
      slots[p * 2 + 1] = -(groupLength + 2);
      groupLength += -v + 1;
    }
  }
  const groups = new Int32Array(new SharedArrayBuffer(Math.max(4, groupLength * 4)));
  // Pass 3: positions in ascending order.
  for (let i = 0; i < count; i++) {
    if ((flags[i]! & need) !== need) continue;
    const h = keys[i * stride]!;
    let p = homeSlot(h, capacity);
    while (slots[p * 2] !== h || slots[p * 2 + 1] === 0) if (++p === capacity) p = 0;
    const v = slots[p * 2 + 1]!;
    if (v === -1) slots[p * 2 + 1] = i + 1;
    else {
      const start = -v - 2;
      groups[start + ++groups[start]!] = i;
    }
  }
  return { slots, groups };
}

/**
 * Positions stored under hash `h` that pass `confirm`, written to `out` in ascending order; returns how
 * many.
 */
export function lookupKey(table: KeyTable, h: number, confirm: (position: number) => boolean, out: number[]): number {
  const { slots, groups } = table;
  const capacity = slots.length >> 1;
  let p = homeSlot(h, capacity);
  let n = 0;
  for (;;) {
    const v = slots[p * 2 + 1]!;
    if (v === 0) break;
    if (slots[p * 2] === h) {
      if (v > 0) {
        if (confirm(v - 1)) out[n++] = v - 1;
      } else {
        const start = -v - 2;
        const end = start + groups[start]!;
        for (let k = start + 1; k <= end; k++) if (confirm(groups[k]!)) out[n++] = groups[k]!;
      }
      break;
    }
    if (++p === capacity) p = 0;
  }
  out.length = n;
  return n;
}
