import type { DecisionCriterion, DecisionOption, DecisionScores } from '../../types';

/**
 * Same formula as scoreOptions in src/modules/decisions/decisions.service.ts (Σ weight × score and the
 * share of the best possible total), so totals update live while a draft's scores are being edited.
 */
export function scoreOptions(options: DecisionOption[], criteria: DecisionCriterion[], scores: DecisionScores) {
  const max = criteria.reduce((sum, c) => sum + c.weight * 5, 0);
  return options.map((o) => {
    const total = criteria.reduce((sum, c) => sum + c.weight * (scores[c.key]?.[o.key] ?? 0), 0);
    return { option: o.key, total, percent: max ? Math.round((total / max) * 100) : 0 };
  });
}

/** "Take the whole site offline" → "take_the_whole_site_offline", unique within `taken` (server keys: [a-z0-9_]{1,40}). */
export function keyFor(text: string, taken: Set<string>): string {
  const base =
    text
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .slice(0, 34) || 'item';
  let key = base;
  for (let n = 2; taken.has(key); n += 1) key = `${base}_${n}`;
  taken.add(key);
  return key;
}
