import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scoreOptions } from './decisions.service.js';

describe('decision scoring (property tests)', () => {
  it('totals stay within 0..100 % and a dominating option never ranks lower', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 8 }),
        fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 8, maxLength: 8 }),
        (weights, base) => {
          const criteria = weights.map((weight, i) => ({ key: `c${i}`, name: `c${i}`, weight }));
          const scores = Object.fromEntries(criteria.map((c, i) => [c.key, { a: base[i]!, b: Math.min(5, base[i]! + 1) }]));
          const [a, b] = scoreOptions({
            options: [
              { key: 'a', label: 'A', description: '' },
              { key: 'b', label: 'B', description: '' },
            ],
            criteria,
            scores,
          });
          for (const t of [a!, b!]) {
            expect(t.percent).toBeGreaterThanOrEqual(0);
            expect(t.percent).toBeLessThanOrEqual(100);
          }
          expect(b!.total).toBeGreaterThanOrEqual(a!.total);
        },
      ),
    );
  });
});
