import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addPeriod } from './deadlines.js';

const ny = { time_zone: 'America/New_York', holidays: 'US-NY' };

describe('deadline arithmetic', () => {
  it('counts hours as exact elapsed time, across a DST change', () => {
    // 2026-03-08 02:00 America/New_York clocks jump forward; 72 hours are still 72 hours.
    expect(addPeriod('2026-03-06T15:00:00.000Z', 72, 'hours', ny)).toBe('2026-03-09T15:00:00.000Z');
  });

  it('keeps local wall-clock time for calendar days across DST', () => {
    // 10:00 EST on 2026-03-06 + 30 days = 10:00 EDT on 2026-04-05 (14:00Z, not 15:00Z)
    expect(addPeriod('2026-03-06T15:00:00.000Z', 30, 'calendar_days', ny)).toBe('2026-04-05T14:00:00.000Z');
  });

  it('skips weekends and the jurisdiction’s public holidays for business days', () => {
    // Wed 2026-11-25 10:00 EST + 4 business days: Thu 26 Thanksgiving (holiday), Fri 27 (not a NY public holiday),
    // Sat/Sun skipped → Fri 27, Mon 30, Tue Dec 1, Wed Dec 2
    expect(addPeriod('2026-11-25T15:00:00.000Z', 4, 'business_days', ny)).toBe('2026-12-02T15:00:00.000Z');
    // Tue 2026-11-24 + 2 business days: Wed 25, (Thu 26 Thanksgiving skipped), Fri 27
    expect(addPeriod('2026-11-24T15:00:00.000Z', 2, 'business_days', ny)).toBe('2026-11-27T15:00:00.000Z');
    // Brazil: Fri 2026-11-20 (Consciência Negra) is a national holiday; Thu 19 + 1 business day = Mon 23
    expect(addPeriod('2026-11-19T15:00:00.000Z', 1, 'business_days', { time_zone: 'America/Sao_Paulo', holidays: 'BR' })).toBe(
      '2026-11-23T15:00:00.000Z',
    );
    // Without a holiday calendar only weekends are skipped → Thu 26, Fri 27, Mon 30, Tue Dec 1
    expect(addPeriod('2026-11-25T15:00:00.000Z', 4, 'business_days', { time_zone: 'America/New_York', holidays: null })).toBe(
      '2026-12-01T15:00:00.000Z',
    );
  });

  it('business days count from the local date, not the UTC date', () => {
    // Fri 2026-01-09 23:30 in Los Angeles is already Saturday in UTC; 1 business day later is Monday in LA.
    expect(addPeriod('2026-01-10T07:30:00.000Z', 1, 'business_days', { time_zone: 'America/Los_Angeles', holidays: 'US-CA' })).toBe(
      '2026-01-13T07:30:00.000Z',
    );
  });

  it('never returns a deadline before its start (property)', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01'), max: new Date('2090-01-01'), noInvalidDate: true }),
        fc.integer({ min: 1, max: 400 }),
        fc.constantFrom('hours', 'calendar_days', 'business_days', 'months') as fc.Arbitrary<'hours'>,
        fc.constantFrom(
          { time_zone: 'America/New_York', holidays: 'US-NY' },
          { time_zone: 'Europe/Berlin', holidays: 'DE' },
          { time_zone: 'Australia/Sydney', holidays: null },
        ),
        (start, amount, unit, calendar) => {
          const due = addPeriod(start.toISOString(), amount, unit, calendar);
          expect(new Date(due).getTime()).toBeGreaterThan(start.getTime());
        },
      ),
      { numRuns: 200 },
    );
  });
});
