import Holidays from 'date-holidays';
import { DateTime } from 'luxon';

export type DurationUnit = 'hours' | 'calendar_days' | 'business_days' | 'months';
export type Calendar = { time_zone: string; holidays: string | null };

const holidayCache = new Map<string, Holidays>();

function holidaysFor(code: string): Holidays {
  let h = holidayCache.get(code);
  if (!h) {
    const [country, state] = code.split('-');
    h = state ? new Holidays(country!, state) : new Holidays(country!);
    holidayCache.set(code, h);
  }
  return h;
}

/** True for Saturdays, Sundays and the calendar's public holidays (local date in the calendar's zone). */
export function isNonBusinessDay(local: DateTime, calendar: Calendar): boolean {
  if (local.weekday >= 6) return true;
  if (!calendar.holidays) return false;
  const found = holidaysFor(calendar.holidays).isHoliday(local.toISODate()!);
  return Array.isArray(found) && found.some((h) => h.type === 'public');
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
