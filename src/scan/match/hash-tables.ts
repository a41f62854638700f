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
  private length = 0;
  private used = 0;

  /** Appends the first `count` strings of another pool. */
  append(from: StringPool, count: number): void {
    const base = this.used;
    const length = from.offsets[count]! - from.offsets[0]!;
    if (base + length >= MAX_COLUMN_BYTES - 4096) throw new Error('customer master too large for one string pool');
    this.bytes.ensure(base + length).set(from.bytes.subarray(from.offsets[0], from.offsets[count]), base);
    const offsets = this.offsets.ensure(this.length + count + 1);
    const shift = base - from.offsets[0]!;
    for (let k = 1; k <= count; k++) offsets[this.length + k] = from.offsets[k]! + shift;
    offsets[this.length] = base;
    this.length += count;
    this.used = base + length;
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

/**
 * A finished multimap from a 32-bit key hash to customer positions, built in one go once every customer
 * is known (`buildKeyTable`). One slot per distinct hash (linear probing over (hash, value) pairs at a
 * load of at most 0.7), so a key shared by many customers — a common name in one postal code — takes
 * one slot and makes no long probe runs for other keys. A slot's value is 0 when empty, position + 1 for
 * a key of one customer, and −(start + 2) for a key of several: `groups[start]` is their count and the
 * positions follow in ascending order.
 */
export interface KeyTable {
  slots: Int32Array;
  groups: Int32Array;
}

/** Slot where probing for `h` starts (multiply-shift on the unsigned hash: any capacity, not only powers of two). */
export const homeSlot = (h: number, capacity: number) => Math.floor(((h >>> 0) * capacity) / 4294967296);

/**
 * Builds the table for the customers `i < count` whose `flags[i]` has all bits of `need`, under the key
 * `keys[i * stride]`. Three passes: count per distinct hash, lay out the groups, place the positions.
 * Customers are visited grouped by the part of the table their key lands in (a counting sort on the top
 * bits of the hash, stable), so each pass works on a few hundred kB of slots at a time instead of jumping
 * across the whole table: with ten million customers that is several times faster (cache misses).
 */
export function buildKeyTable(count: number, flags: Uint8Array, need: number, keys: Int32Array, stride: number): KeyTable {
  let present = 0;
  for (let i = 0; i < count; i++) if ((flags[i]! & need) === need) present++;
  const capacity = Math.ceil(present / 0.7) + 16;
  const slots = new Int32Array(new SharedArrayBuffer(capacity * 8));
  // About 256 kB of slots per part (32,768 slots of 8 bytes).
  const parts = Math.max(1, Math.min(65536, Math.ceil(capacity / 32768)));
  const { order, hashes } = visitOrder(count, flags, need, keys, stride, present, parts);
  // Pass 1: per distinct hash, minus the number of customers under it.
  for (let k = 0; k < present; k++) {
    const h = hashes[k]!;
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
  // Pass 3: positions; within a group in ascending order, as the visit order is ascending per key.
  for (let k = 0; k < present; k++) {
    const i = order[k]!;
    const h = hashes[k]!;
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
 * Customers with a key, ordered by the part of the hash range (of `parts`) their key falls in, ascending
 * within a part, with their keys in the same order (so that later passes read both in sequence).
 */
function visitOrder(
  count: number,
  flags: Uint8Array,
  need: number,
  keys: Int32Array,
  stride: number,
  present: number,
  parts: number,
): { order: Int32Array; hashes: Int32Array; starts: Int32Array } {
  const starts = new Int32Array(parts + 1);
  for (let i = 0; i < count; i++) if ((flags[i]! & need) === need) starts[homeSlot(keys[i * stride]!, parts) + 1]!++;
  for (let p = 0; p < parts; p++) starts[p + 1]! += starts[p]!;
  const order = new Int32Array(present);
  const hashes = new Int32Array(present);
  for (let i = 0; i < count; i++)
    if ((flags[i]! & need) === need) {
      const h = keys[i * stride]!;
      const at = starts[homeSlot(h, parts)]!++;
      order[at] = i;
      hashes[at] = h;
    }
  // `starts[p]` is now where part p + 1 begins.
  return { order, hashes, starts };
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

/**
 * Calls `same(earlier, later)` for pairs of positions `i < count` with the same key `keys[i]`, each later
 * one against the earlier ones (nearest first) until `same` returns true. Works part by part of the hash
 * range with a small table that stays in the cache, so no table over all positions is built (this finds
 * repeated customer ids in a ten-million-row master with tens of MB instead of hundreds).
 */
export function forEachSameKey(count: number, keys: Int32Array, same: (earlier: number, later: number) => boolean): void {
  const all = new Uint8Array(count).fill(1);
  const parts = Math.max(1, Math.ceil(count / 2048));
  const { order, hashes, starts } = visitOrder(count, all, 1, keys, 1, count, parts);
  let largest = 0;
  for (let p = 0, from = 0; p < parts; p++) {
    largest = Math.max(largest, starts[p]! - from);
    from = starts[p]!;
  }
  let size = 16;
  while (size < largest * 2) size *= 2;
  // Per slot: the part-local index + 1 of the latest entry with that hash; `previous` chains the earlier ones.
  const table = new Int32Array(size);
  const previous = new Int32Array(largest + 1);
  for (let p = 0, from = 0; p < parts; p++) {
    const to = starts[p]!;
    for (let k = from; k < to; k++) {
      const h = hashes[k]!;
      let s = h & (size - 1);
      while (table[s] !== 0 && hashes[from + table[s]! - 1] !== h) s = (s + 1) & (size - 1);
      const local = k - from;
      previous[local] = table[s]!;
      for (let e = table[s]!; e !== 0; e = previous[e - 1]!) if (same(order[from + e - 1]!, order[k]!)) break;
      table[s] = local + 1;
    }
    table.fill(0);
    from = to;
  }
}
