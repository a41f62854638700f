import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IdHashSet } from './customers.import.js';

describe('IdHashSet (repeated ids in a dry run)', () => {
  it('reports every id new the first time and a repeat every later time', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ minLength: 1, maxLength: 24 }), { maxLength: 400 }), (ids) => {
        const set = new IdHashSet();
        const seen = new Set<string>();
        for (const id of ids) {
          expect(set.add(id)).toBe(!seen.has(id));
          seen.add(id);
        }
      }),
    );
  });

  it('catches repeats whose hash has the top bit set, also after growing', () => {
    const set = new IdHashSet();
    const ids = Array.from({ length: 300_000 }, (_v, i) => `K-${i}`);
    for (const id of ids) expect(set.add(id)).toBe(true);
    let repeats = 0;
    for (const id of ids) if (!set.add(id)) repeats++;
    expect(repeats).toBe(ids.length);
  });
});
