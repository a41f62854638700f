import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UnmatchedStore } from './unmatched-store.js';

type Add = { key: string; mask: number; src: number; fields: [string | null, string | null, string | null, string | null] };

/** The store's behaviour in plain objects: first fields win, masks OR-ed, records counted per source in order. */
function model(adds: Add[]) {
  const byKey = new Map<string, { fields: Add['fields']; mask: number; sources: Map<number, number> }>();
  for (const a of adds) {
    let e = byKey.get(a.key);
    if (!e) byKey.set(a.key, (e = { fields: a.fields, mask: 0, sources: new Map() }));
    e.mask |= a.mask;
    e.sources.set(a.src, (e.sources.get(a.src) ?? 0) + 1);
  }
  return [...byKey.values()].map((e) => ({
    email: e.fields[0],
    phone: e.fields[1],
    name: e.fields[2],
    postal_code: e.fields[3],
    mask: e.mask,
    sources: [...e.sources],
  }));
}

const field = fc.option(fc.string({ unit: 'binary', maxLength: 12 }).filter(Boolean), { nil: null });
const adds = fc.array(
  fc.record({
    key: fc.constantFrom('a@x.org', 'b@x.org', '\u0001+4915112345678', '\u0002ann lee|10115', 'zoë@exämple.org', 'c@x.org'),
    mask: fc.integer({ min: 1, max: 1 << 20 }),
    src: fc.integer({ min: 0, max: 3 }),
    fields: fc.tuple(field, field, field, field),
  }),
  { maxLength: 200 },
);

const read = (s: UnmatchedStore) => Array.from({ length: s.count }, (_, i) => s.person(i));

describe('unmatched individuals store', () => {
  it('keeps one person per key with the first fields, all data types and records per source (property)', () => {
    fc.assert(
      fc.property(adds, (list) => {
        const s = new UnmatchedStore();
        for (const a of list) s.add(a.key, a.mask, a.src, 1, () => a.fields);
        expect(read(s)).toEqual(model(list));
      }),
    );
  });

  it('merges parts from other threads as if every record had been added to one store (property)', () => {
    fc.assert(
      fc.property(adds, fc.nat(200), (list, cut) => {
        const whole = new UnmatchedStore();
        for (const a of list) whole.add(a.key, a.mask, a.src, 1, () => a.fields);
        const first = new UnmatchedStore();
        const second = new UnmatchedStore();
        list.forEach((a, i) => (i < cut ? first : second).add(a.key, a.mask, a.src, 1, () => a.fields));
        const merged = new UnmatchedStore();
        merged.merge(first.toParts(), (src) => src);
        merged.merge(second.toParts(), (src) => src);
        const byEmail = (x: ReturnType<typeof read>) => JSON.stringify(x.map((p) => ({ ...p, sources: [...p.sources].sort() })));
        expect(byEmail(read(merged))).toBe(byEmail(read(whole)));
      }),
    );
  });

  it('grows past its first tables without losing anyone', () => {
    const s = new UnmatchedStore();
    for (let i = 0; i < 50_000; i++) s.add(`p${i}@example.org`, 1, 0, 1, () => [`p${i}@example.org`, null, `Person ${i}`, null]);
    for (let i = 0; i < 50_000; i += 7) s.add(`p${i}@example.org`, 2, 1, 1, () => [null, null, null, null]);
    expect(s.count).toBe(50_000);
    expect(s.person(49_999)).toEqual({
      email: 'p49999@example.org',
      phone: null,
      name: 'Person 49999',
      postal_code: null,
      mask: 1,
      sources: [[0, 1]],
    });
    expect(s.person(7)).toEqual({
      email: 'p7@example.org',
      phone: null,
      name: 'Person 7',
      postal_code: null,
      mask: 3,
      sources: [
        [0, 1],
        [1, 1],
      ],
    });
    const parts = s.toParts();
    const copy = new UnmatchedStore();
    copy.merge(parts, (src) => src + 10);
    expect(copy.person(7).sources).toEqual([
      [10, 1],
      [11, 1],
    ]);
  });
});
