import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createProgressReporter, formatDuration, progressLine } from './progress-bar.js';

describe('scope progress', () => {
  it('shows a bar, percent, records, MB/s and ETA', () => {
    const line = progressLine(
      { bytes: 50 * 1048576, records: 1_234_567, file: 'dump.sql', filesDone: 1, filesTotal: 3 },
      100 * 1048576,
      10,
    );
    expect(line).toBe('[############------------]  50% · 1,234,567 records · 5.0 MB/s · ETA 0:10 · file 2/3 dump.sql');
  });

  it('leaves out the bar and ETA when the total is unknown', () => {
    expect(progressLine({ bytes: 0, records: 0, file: 'a.csv', filesDone: 0, filesTotal: 1 }, 0, 0)).toBe(
      '0 records · 0.0 MB/s · file 1/1 a.csv',
    );
  });

  it('formats durations', () => {
    expect(formatDuration(59.6)).toBe('1:00');
    expect(formatDuration(3725)).toBe('1:02:05');
    expect(formatDuration(Infinity)).toBe('?');
    fc.assert(fc.property(fc.integer({ min: 0, max: 10_000_000 }), (s) => /^(\d+:)?\d+:\d\d$/.test(formatDuration(s))));
  });

  it('the bar never overflows, whatever the counts', () => {
    fc.assert(
      fc.property(fc.nat(), fc.nat(), fc.double({ min: 0, max: 1e6, noNaN: true }), (bytes, total, elapsed) => {
        const bar = /^\[([#-]+)\]/.exec(progressLine({ bytes, records: 0, file: 'f', filesDone: 0, filesTotal: 1 }, total, elapsed));
        return total === 0 ? bar === null : bar![1]!.length === 24;
      }),
    );
  });

  it('prints lines when not on a terminal', () => {
    const out: string[] = [];
    const r = createProgressReporter({ isTTY: false, write: (s: string) => out.push(s) }, 100, 0);
    r.update({ bytes: 10, records: 5, file: 'x', filesDone: 0, filesTotal: 1 });
    r.done();
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/^scope: \[.*\n$/);
  });
});
