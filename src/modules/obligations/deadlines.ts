import Holidays from 'date-holidays';
import { DateTime } from 'luxon';

export type DurationUnit = 'hours' | 'calendar_days' | 'business_days' | 'months';
export type Calendar = { time_zone: string; holidays: string | null };

const holidayCache = new Map<string, Set<string>>();

/**
 * Public holidays of a calendar in one year, as local dates ("2026-11-26"). Compared by local date
 * string, because date-holidays reads a bare date string as midnight UTC, which west of UTC is the
 * previous local day.
 */
function publicHolidays(code: string, year: number): Set<string> {
  const key = `${code}:${year}`;
  let days = holidayCache.get(key);
  if (!days) {
    const [country, state] = code.split('-');
    const calendar = state ? new Holidays(country!, state) : new Holidays(country!);
    days = new Set(
      calendar
        .getHolidays(year)
        .filter((h) => h.type === 'public')
        .map((h) => h.date.slice(0, 10)),
    );
    holidayCache.set(key, days);
  }
  return days;
}

/** True for Saturdays, Sundays and the calendar's public holidays (local date in the calendar's zone). */
export function isNonBusinessDay(local: DateTime, calendar: Calendar): boolean {
  if (local.weekday >= 6) return true;
  if (!calendar.holidays) return false;
  return publicHolidays(calendar.holidays, local.year).has(local.toISODate()!);
}

/**
 * Adds a legal period to an instant. Hours are exact elapsed time. Calendar days and months keep the
 * local wall-clock time in the jurisdiction's zone (so a DST change does not shift the deadline by an
 * hour). Business days skip weekends and that jurisdiction's public holidays.
 */
export function addPeriod(startIso: string, amount: number, unit: DurationUnit, calendar: Calendar): string {
  const start = DateTime.fromISO(startIso, { zone: 'utc' });
  if (!start.isValid) throw new Error(`invalid instant ${startIso}`);
  if (unit === 'hours') return start.plus({ hours: amount }).toUTC().toISO();
  const local = start.setZone(calendar.time_zone);
  if (!local.isValid) throw new Error(`invalid time zone ${calendar.time_zone}`);
  if (unit === 'calendar_days') return local.plus({ days: amount }).toUTC().toISO();
  if (unit === 'months') return local.plus({ months: amount }).toUTC().toISO();
  let day = local;
  let remaining = amount;
  while (remaining > 0) {
    day = day.plus({ days: 1 });
    if (!isNonBusinessDay(day, calendar)) remaining -= 1;
  }
  return day.toUTC().toISO();
}

/** "30 calendar days", "72 hours", "4 business days" */
export function describePeriod(amount: number, unit: DurationUnit): string {
  const label = { hours: 'hours', calendar_days: 'calendar days', business_days: 'business days', months: 'months' }[unit];
  return `${amount} ${amount === 1 ? label.replace(/s$/, '') : label}`;
}
