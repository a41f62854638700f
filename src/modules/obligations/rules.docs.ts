import { describePeriod } from './deadlines.js';
import type { Deadline, Regime } from './rules.schema.js';

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

function deadlineSummary(d: Deadline): string {
  switch (d.kind) {
    case 'fixed':
      return describePeriod(d.amount, d.unit);
    case 'without_delay':
      return `without undue delay${d.outer_limit ? `, at most ${describePeriod(d.outer_limit.amount, d.outer_limit.unit)}` : ''}`;
    case 'after':
      return `${describePeriod(d.amount, d.unit)} after ${d.rule.split('.')[1]}`;
    case 'event':
      return 'tied to an event';
  }
}

/**
 * docs/rules.md, generated from the rules files (`breachdesk rules docs --out docs/rules.md`); a test
 * fails when the committed file is out of date, so the table always matches the data.
 */
export function renderRulesMarkdown(regimes: Regime[]): string {
  const out: string[] = [
    '# Breach-notification rules in Breachdesk',
    '',
    '> Generated from `rules/**/*.json` by `breachdesk rules docs --out docs/rules.md`. Do not edit by hand.',
    '> Guidance from public sources, **not legal advice**. Confidence: high = confirmed from statute text or',
    '> reputable sources; medium = core facts confirmed, details from one secondary source; low = unconfirmed',
    '> (kept visible on purpose). A source without a link is an unconfirmed lead.',
    '',
    `${regimes.length} regimes, ${regimes.reduce((n, r) => n + r.rules.length, 0)} rules.`,
    '',
    '| Regime | Jurisdictions | Recipient | Deadline | Threshold | Harm standard | Effective | Confidence | Last verified | Sources |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const regime of [...regimes].sort((a, b) => a.regime.localeCompare(b.regime))) {
    const sources = new Map(regime.sources.map((s) => [s.id, s]));
    for (const rule of regime.rules) {
      const links = rule.sources
        .map((id) => sources.get(id)!)
        .map((s) => (s.url ? `[${s.id}](${s.url})` : `${s.id} (unconfirmed)`))
        .join(', ');
      const effective = rule.effective_from || rule.effective_to ? `${rule.effective_from ?? '…'} – ${rule.effective_to ?? '…'}` : 'always';
      out.push(
        `| ${cell(`${regime.name} (${regime.citation})`)} | ${regime.jurisdictions.length > 6 ? `${regime.jurisdictions.slice(0, 6).join(', ')} +${regime.jurisdictions.length - 6}` : regime.jurisdictions.join(', ')} | ${cell(rule.recipient_name)} | ${cell(deadlineSummary(rule.deadline))} | ${rule.min_affected > 1 ? `≥ ${rule.min_affected}` : '—'} | ${rule.harm_standard} | ${effective} | ${rule.confidence} | ${regime.last_verified} | ${links} |`,
      );
    }
  }
  return out.join('\n') + '\n';
}
