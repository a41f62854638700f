import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { timelineToCsv } from './incidents.export.js';
import { parse } from 'csv-parse/sync';
import { addTimelineInput, instant, statusTransitions, timeZone } from './incidents.schemas.js';

describe('incident input validation (property tests)', () => {
  it('normalizes any instant with an offset to the same UTC instant', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1970-01-01'), max: new Date('2200-01-01'), noInvalidDate: true }),
        fc.integer({ min: -14 * 60, max: 14 * 60 }),
        (date, offsetMinutes) => {
          const local = new Date(date.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 23);
          const sign = offsetMinutes < 0 ? '-' : '+';
          const abs = Math.abs(offsetMinutes);
          const withOffset = `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
          expect(instant.parse(withOffset)).toBe(new Date(date.getTime() - (date.getTime() % 1)).toISOString());
        },
      ),
    );
  });

  it('rejects instants without an offset and arbitrary strings', () => {
    expect(instant.safeParse('2026-03-02T10:00:00').success).toBe(false);
    fc.assert(
      fc.property(fc.string(), (s) => {
        fc.pre(!/^\d{4}-/.test(s));
        expect(instant.safeParse(s).success).toBe(false);
      }),
    );
  });

  it('accepts exactly the IANA zones the runtime knows', () => {
    for (const tz of Intl.supportedValuesOf('timeZone')) expect(timeZone.safeParse(tz).success).toBe(true);
    fc.assert(
      fc.property(
        fc.string({ maxLength: 30 }).filter((s) => !/^[A-Za-z_+\-/0-9]+$/.test(s)),
        (s) => {
          expect(timeZone.safeParse(s).success).toBe(false);
        },
      ),
    );
  });

  it('never accepts an empty or oversized timeline text', () => {
    const base = { event_at: '2026-03-02T10:00:00Z' };
    expect(addTimelineInput.safeParse({ ...base, text: '   ' }).success).toBe(false);
    expect(addTimelineInput.safeParse({ ...base, text: 'x'.repeat(20_001) }).success).toBe(false);
  });

  it('every status can eventually reach closed', () => {
    for (const start of Object.keys(statusTransitions) as Array<keyof typeof statusTransitions>) {
      const seen = new Set([start]);
      const queue = [start];
      while (queue.length) {
        for (const next of statusTransitions[queue.shift()!]) {
          if (!seen.has(next)) {
            seen.add(next);
            queue.push(next);
          }
        }
      }
      expect(seen.has('closed')).toBe(true);
    }
  });

  it('CSV export round-trips any text and defuses spreadsheet formulas', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const csv = timelineToCsv([
          {
            event_at: '2026-03-02T10:00:00.000Z',
            event_tz: 'UTC',
            recorded_at: '2026-03-02T10:00:00.000Z',
            kind: 'manual',
            category: 'other',
            author: null,
            text,
          },
        ]);
        const [row] = parse<Record<string, string>>(csv, { columns: true });
        const cell = row!.text!;
        expect(/^[=+\-@\t\r]/.test(cell)).toBe(false);
        expect(cell).toBe(/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);
      }),
    );
  });
});
