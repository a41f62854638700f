import { stringify } from 'csv-stringify/sync';
import { neutralize } from '../../core/csv.js';

type Entry = {
  event_at: string;
  event_tz: string;
  recorded_at: string;
  kind: string;
  category: string;
  author: string | null;
  text: string;
};

/** Event time shown in the zone the event was recorded in, plus UTC, so a reader never has to convert. */
export function formatInZone(instant: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).formatToParts(new Date(instant));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')} ${get('timeZoneName')}`;
}

export function timelineToCsv(entries: Entry[]): string {
  return stringify(
    entries.map((e) => [
      e.event_at,
      e.event_tz,
      formatInZone(e.event_at, e.event_tz),
      e.recorded_at,
      e.kind,
      e.category,
      e.author ?? '',
      neutralize(e.text),
    ]),
    { header: true, columns: ['event_at_utc', 'event_tz', 'event_local', 'recorded_at_utc', 'kind', 'category', 'author', 'text'] },
  );
}

export function timelineToMarkdown(title: string, entries: Entry[]): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
  const rows = entries.map(
    (e) =>
      `| ${formatInZone(e.event_at, e.event_tz)} | ${e.category} | ${cell(e.text)} | ${e.author ?? 'system'} | ${e.kind} | ${e.recorded_at} |`,
  );
  return [
    `# Timeline: ${title}`,
    '',
    '| Event time | Category | What happened | Author | Kind | Recorded (UTC) |',
    '|---|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}
