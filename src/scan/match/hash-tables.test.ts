import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildKeyTable, forEachSameKey, lookupKey } from './hash-tables.js';

/** Keys drawn from a small set, so that many positions share a key (and some 32-bit hashes collide on purpose). */
const keyLists = fc.array(fc.option(fc.integer({ min: -40, max: 40 }), { nil: null }), { maxLength: 3000 });

describe('key tables', () => {
  it('return exactly the positions stored under a key, in ascending order (property)', () => {
    fc.assert(
      fc.property(keyLists, fc.integer({ min: 1, max: 2 }), (list, stride) => {
        const keys = new Int32Array(list.length * stride);
        const flags = new Uint8Array(list.length);
        const model = new Map<number, number[]>();
        list.forEach((k, i) => {
          if (k === null) return;
          // Spread the small keys over the whole hash range (and the sign bit).
          const h = Math.imul(k, 0x9e3779b1);
          keys[i * stride] = h;
          flags[i] = 3;
          model.set(h, [...(model.get(h) ?? []), i]);
        });
        const table = buildKeyTable(list.length, flags, 3, keys, stride);
        const out: number[] = [];
        for (let k = -41; k <= 41; k++) {
          const h = Math.imul(k, 0x9e3779b1);
          lookupKey(table, h, () => true, out);
          expect(out).toEqual(model.get(h) ?? []);
        }
        // `confirm` filters.
        for (const [h, positions] of model) {
          lookupKey(table, h, (p) => p % 2 === 0, out);
          expect(out).toEqual(positions.filter((p) => p % 2 === 0));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('leave out positions whose flags lack a needed bit', () => {
    const keys = new Int32Array([5, 5, 5, 7]);
    const table = buildKeyTable(4, new Uint8Array([1, 3, 2, 3]), 3, keys, 1);
    const out: number[] = [];
    expect(lookupKey(table, 5, () => true, out)).toBe(1);
    expect(out).toEqual([1]);
    expect(lookupKey(table, 7, () => true, out)).toBe(1);
    expect(lookupKey(table, 6, () => true, out)).toBe(0);
  });

  it('find every earlier position with the same key, nearest first (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 60 }), { maxLength: 5000 }), (list) => {
        const keys = Int32Array.from(list, (k) => Math.imul(k, 0x85ebca6b));
        const seen: Array<[number, number]> = [];
        forEachSameKey(list.length, keys, (earlier, later) => {
          seen.push([earlier, later]);
          return false;
        });
        const expected: Array<[number, number]> = [];
        for (let later = 0; later < list.length; later++)
          for (let earlier = later - 1; earlier >= 0; earlier--) if (list[earlier] === list[later]) expected.push([earlier, later]);
        expect(seen.sort((a, b) => a[1] - b[1] || b[0] - a[0])).toEqual(expected.sort((a, b) => a[1] - b[1] || b[0] - a[0]));
      }),
      { numRuns: 100 },
    );
  });

  it('stop comparing a position once `same` says it matched', () => {
    const keys = new Int32Array([1, 1, 1, 1]);
    const calls: Array<[number, number]> = [];
    forEachSameKey(4, keys, (earlier, later) => {
      calls.push([earlier, later]);
      return true;
    });
    expect(calls).toEqual([
      [0, 1],
      [1, 2],
      [2, 3],
    ]);
  });
});
