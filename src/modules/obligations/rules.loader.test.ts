import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRegimes, RULES_DIR, RulesError } from './rules.loader.js';

describe('rules data', () => {
  it('every shipped rules file is valid, with sources and a last-verified date', () => {
    const regimes = loadRegimes();
    expect(regimes.length).toBeGreaterThan(0);
    for (const regime of regimes) {
      expect(regime.sources.length).toBeGreaterThan(0);
      expect(regime.last_verified).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it('names the file and field of every problem', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'breachdesk-rules-'));
    try {
      writeFileSync(path.join(dir, 'broken.json'), '{ "regime": ');
      writeFileSync(
        path.join(dir, 'xx-bad.json'),
        JSON.stringify({
          regime: 'xx-bad',
          name: 'Bad',
          citation: 'c',
          kind: 'state_law',
          jurisdictions: ['XX'],
          calendar: { time_zone: 'UTC', holidays: null },
          last_verified: '2026-01-01',
          sources: [{ id: 'S', title: 't', url: null }],
          rules: [{ id: 'xx-bad.one', recipient: 'everyone' }],
        }),
      );
      expect(() => loadRegimes(dir)).toThrow(RulesError);
      try {
        loadRegimes(dir);
      } catch (err) {
        const message = (err as Error).message;
        expect(message).toMatch(/broken\.json: not valid JSON/);
        expect(message).toMatch(/xx-bad\.json: rules\.0\.recipient:/);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('docs/rules.md', () => {
  it('matches the rules data (regenerate with: npm run docs:rules)', async () => {
    const { readFileSync } = await import('node:fs');
    const { renderRulesMarkdown } = await import('./rules.docs.js');
    const committed = readFileSync(path.join(RULES_DIR, '..', 'docs', 'rules.md'), 'utf8');
    expect(committed).toBe(renderRulesMarkdown(loadRegimes()));
  });
});
