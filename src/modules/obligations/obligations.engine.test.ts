import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluate, type ScenarioInput, scenarioSchema } from './obligations.engine.js';
import { dataTypes } from '../../contract/data-types.js';
import { loadRegimeFile, loadRegimes } from './rules.loader.js';
import type { Regime } from './rules.schema.js';

/** One regime file, parsed on its own (so these tests do not depend on every other file). */
function regime(dir: string, id: string): Regime {
  return loadRegimeFile(dir, id);
}
const ca = regime('us', 'us-ca');
const gdpr = regime('intl', 'eu-gdpr');

const scenario = (over: Partial<ScenarioInput> = {}) =>
  scenarioSchema.parse({
    aware_at: '2026-03-02T15:00:00Z',
    entity: { industry: 'ecommerce', countries: ['US'], card_merchant: true },
    risk_of_harm: 'unknown',
    affected: [{ jurisdiction: 'US-CA', count: 1200, data_types: ['name', 'ssn', 'email'] }],
    ...over,
  });
const byRule = (obligations: ReturnType<typeof evaluate>, id: string) => obligations.find((o) => o.rule_id === id);

describe('obligations engine: California (Cal. Civ. Code § 1798.82 as amended by SB 446)', () => {
  it('name + SSN of 1,200 residents: residents within 30 days, AG notice 15 days after the resident notice', () => {
    const result = evaluate([ca], scenario());
    const residents = byRule(result, 'us-ca.individuals')!;
    expect(residents).toMatchObject({
      required: 'yes',
      jurisdiction: 'US-CA',
      recipient: 'individuals',
      affected_count: 1200,
      confidence: 'high',
    });
    // 2026-03-02 07:00 PST + 30 calendar days = 2026-04-01 07:00 PDT = 14:00Z (DST began 2026-03-08)
    expect(residents.deadline.due_at).toBe('2026-04-01T14:00:00.000Z');
    expect(residents.content.must).toContain('Title "Notice of Data Breach"');
    expect(residents.sources[0]!.url).toMatch(/^https:\/\//);
    const ag = byRule(result, 'us-ca.attorney_general')!;
    expect(ag).toMatchObject({ required: 'yes', deadline: { due_at: null, depends_on: 'us-ca.individuals' } });
    const afterNotice = byRule(
      evaluate([ca], scenario({ met: { 'us-ca.individuals': '2026-03-20T16:00:00Z' } })),
      'us-ca.attorney_general',
    )!;
    expect(afterNotice.deadline.due_at).toBe('2026-04-04T16:00:00.000Z');
    expect(byRule(result, 'us-ca.individuals_pre2026')).toBeUndefined();
  });

  it('AG threshold: 500 residents is not enough, 501 is', () => {
    const at500 = byRule(
      evaluate([ca], scenario({ affected: [{ jurisdiction: 'US-CA', count: 500, data_types: ['name', 'ssn'] }] })),
      'us-ca.attorney_general',
    )!;
    expect(at500.required).toBe('no');
    expect(at500.reason).toMatch(/required from 501/);
    const at501 = byRule(
      evaluate([ca], scenario({ affected: [{ jurisdiction: 'US-CA', count: 501, data_types: ['name', 'ssn'] }] })),
      'us-ca.attorney_general',
    )!;
    expect(at501.required).toBe('yes');
  });

  it('names and emails alone are not covered; a card number needs its security code', () => {
    const nameEmail = byRule(
      evaluate([ca], scenario({ affected: [{ jurisdiction: 'US-CA', count: 10, data_types: ['name', 'email', 'postal_address'] }] })),
      'us-ca.individuals',
    )!;
    expect(nameEmail.required).toBe('no');
    expect(nameEmail.reason).toMatch(/does not include a combination/);
    const panOnly = evaluate([ca], scenario({ affected: [{ jurisdiction: 'US-CA', count: 10, data_types: ['name', 'card_pan'] }] }));
    expect(byRule(panOnly, 'us-ca.individuals')!.required).toBe('no');
    const panCvv = evaluate(
      [ca],
      scenario({ affected: [{ jurisdiction: 'US-CA', count: 10, data_types: ['name', 'card_pan', 'card_cvv'] }] }),
    );
    expect(byRule(panCvv, 'us-ca.individuals')!.required).toBe('yes');
    const credentials = evaluate(
      [ca],
      scenario({ affected: [{ jurisdiction: 'US-CA', count: 10, data_types: ['email', 'password_plain'] }] }),
    );
    expect(byRule(credentials, 'us-ca.individuals')!.required).toBe('yes');
    const hashed = evaluate([ca], scenario({ affected: [{ jurisdiction: 'US-CA', count: 10, data_types: ['email', 'password_hash'] }] }));
    expect(byRule(hashed, 'us-ca.individuals')!.required).toBe('no');
  });

  it('encryption exempts unless the key was also taken', () => {
    expect(byRule(evaluate([ca], scenario({ data_encrypted: true })), 'us-ca.individuals')!.required).toBe('no');
    const keyLost = byRule(evaluate([ca], scenario({ data_encrypted: true, key_compromised: true })), 'us-ca.individuals')!;
    expect(keyLost.required).toBe('yes');
    expect(keyLost.reason).toMatch(/key was also compromised/);
  });

  it('has no risk-of-harm exception: a "no harm" assessment does not remove the duty', () => {
    expect(byRule(evaluate([ca], scenario({ risk_of_harm: 'none' })), 'us-ca.individuals')!.required).toBe('yes');
  });

  it('applies the law in force at the aware time (SB 446 from 2026-01-01)', () => {
    const old = evaluate([ca], scenario({ aware_at: '2025-12-31T23:00:00Z' }));
    expect(byRule(old, 'us-ca.individuals')).toBeUndefined();
    expect(byRule(old, 'us-ca.individuals_pre2026')).toMatchObject({ required: 'yes', deadline: { kind: 'without_delay', due_at: null } });
    expect(byRule(old, 'us-ca.individuals_pre2026')!.deadline.policy_target_at).not.toBeNull();
    expect(byRule(old, 'us-ca.attorney_general')).toBeUndefined();
    // 2026-01-01T05:00Z is still 31 Dec 2025 (21:00 PST) in California: the old law applies.
    const newYearsEve = evaluate([ca], scenario({ aware_at: '2026-01-01T05:00:00Z' }));
    expect(byRule(newYearsEve, 'us-ca.individuals_pre2026')).toBeDefined();
    expect(byRule(newYearsEve, 'us-ca.individuals')).toBeUndefined();
  });

  it('ignores residents of other places', () => {
    expect(evaluate([ca], scenario({ affected: [{ jurisdiction: 'US-NV', count: 100, data_types: ['name', 'ssn'] }] }))).toEqual([]);
  });
});

describe('obligations engine: GDPR Arts 33–34', () => {
  const eu = (over: Partial<ScenarioInput> = {}) =>
    scenario({
      affected: [
        { jurisdiction: 'DE', count: 40, data_types: ['email'] },
        { jurisdiction: 'FR', count: 2, data_types: ['name', 'postal_address'] },
      ],
      ...over,
    });

  it('authority within 72 hours (exact), individuals "decide" on high risk while the risk is unknown', () => {
    const result = evaluate([gdpr], eu());
    const sa = byRule(result, 'eu-gdpr.supervisory_authority')!;
    expect(sa).toMatchObject({ required: 'decide', affected_count: 42, jurisdiction: 'DE,FR' });
    expect(sa.deadline.due_at).toBe('2026-03-05T15:00:00.000Z');
    expect(sa.question).toMatch(/likely to result in a risk/);
    expect(byRule(result, 'eu-gdpr.individuals')).toMatchObject({ required: 'decide', deadline: { kind: 'without_delay', due_at: null } });
    expect(byRule(result, 'eu-gdpr.controller')).toBeUndefined();
  });

  it('follows the assessed risk: none → no notice; low → authority only; high → both', () => {
    const none = evaluate([gdpr], eu({ risk_of_harm: 'none' }));
    expect(none.map((o) => o.required)).toEqual(['no', 'no']);
    const low = evaluate([gdpr], eu({ risk_of_harm: 'low' }));
    expect([byRule(low, 'eu-gdpr.supervisory_authority')!.required, byRule(low, 'eu-gdpr.individuals')!.required]).toEqual(['yes', 'no']);
    const high = evaluate([gdpr], eu({ risk_of_harm: 'high' }));
    expect(high.every((o) => o.required === 'yes')).toBe(true);
  });

  it('a recorded decision answers the question', () => {
    const result = evaluate(
      [gdpr],
      eu({ decisions: { 'eu-gdpr.individuals': { required: 'no', rationale: 'only emails; no high risk' } } }),
    );
    expect(byRule(result, 'eu-gdpr.individuals')).toMatchObject({ required: 'no', question: null });
    expect(byRule(result, 'eu-gdpr.individuals')!.reason).toMatch(/only emails; no high risk/);
  });

  it('a processor tells its controller instead', () => {
    const result = evaluate([gdpr], eu({ entity: { role: 'processor' } }));
    expect(result.map((o) => o.rule_id)).toEqual(['eu-gdpr.controller']);
  });
});

describe('obligations engine properties (every shipped regime)', () => {
  const all = loadRegimes();
  const jurisdictions = [...new Set(all.flatMap((r) => r.jurisdictions).filter((j) => j !== '*'))];
  const capped = new Set(all.flatMap((r) => r.rules.filter((rule) => rule.max_affected !== null).map((rule) => rule.id)));
  const anyGroup = fc.record({
    jurisdiction: fc.constantFrom(...jurisdictions),
    count: fc.integer({ min: 1, max: 20_000 }),
    data_types: fc.uniqueArray(fc.constantFrom(...dataTypes), { minLength: 1, maxLength: 8 }),
  });
  const anyScenario = fc.record({
    aware_at: fc.date({ min: new Date('2023-01-01'), max: new Date('2028-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
    entity: fc.record({
      hipaa: fc.constantFrom('none', 'covered_entity', 'business_associate') as fc.Arbitrary<'none'>,
      publicly_traded: fc.boolean(),
      financial_institution: fc.boolean(),
      card_merchant: fc.boolean(),
      role: fc.constantFrom('controller', 'processor') as fc.Arbitrary<'controller'>,
    }),
    risk_of_harm: fc.constantFrom('unknown', 'none', 'low', 'high') as fc.Arbitrary<'unknown'>,
    data_encrypted: fc.boolean(),
    key_compromised: fc.boolean(),
    affected: fc.array(anyGroup, { minLength: 1, maxLength: 6 }),
  });

  it('never puts a deadline before the aware time, and adding people never removes or weakens an obligation', () => {
    const rank = { no: 0, decide: 1, yes: 2 } as const;
    fc.assert(
      fc.property(anyScenario, anyGroup, (s, extra) => {
        const parsed = scenarioSchema.parse(s);
        const before = evaluate(all, parsed);
        for (const o of before) {
          for (const at of [o.deadline.due_at, o.deadline.policy_target_at, o.deadline.outer_limit_at])
            if (at) expect(at >= parsed.aware_at).toBe(true);
          expect(o.sources.length).toBeGreaterThan(0);
        }
        const after = evaluate(all, scenarioSchema.parse({ ...s, affected: [...s.affected, extra] }));
        for (const o of before) {
          const same = after.find((a) => a.rule_id === o.rule_id);
          expect(same, o.rule_id).toBeDefined();
          // max_affected rules (e.g. HIPAA's log for fewer than 500) hand over to the larger-breach rule.
          if (!capped.has(o.rule_id)) expect(rank[same!.required], o.rule_id).toBeGreaterThanOrEqual(rank[o.required]);
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('obligations engine properties', () => {
  const groupArb = fc.record({
    jurisdiction: fc.constantFrom('US-CA', 'DE', 'FR', 'US-NV', 'GB'),
    count: fc.integer({ min: 1, max: 5000 }),
    data_types: fc.uniqueArray(fc.constantFrom(...dataTypes), { minLength: 1, maxLength: 6 }),
  });
  const scenarioArb = fc.record({
    aware_at: fc.date({ min: new Date('2024-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
    risk_of_harm: fc.constantFrom('unknown', 'none', 'low', 'high') as fc.Arbitrary<'unknown'>,
    data_encrypted: fc.boolean(),
    key_compromised: fc.boolean(),
    affected: fc.array(groupArb, { minLength: 1, maxLength: 5 }),
  });

  it('no deadline is ever before the aware time', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const parsed = scenarioSchema.parse(s);
        for (const o of evaluate([ca, gdpr], parsed)) {
          for (const at of [o.deadline.due_at, o.deadline.policy_target_at, o.deadline.outer_limit_at]) {
            if (at) expect(at >= parsed.aware_at).toBe(true);
          }
        }
      }),
    );
  });

  it('adding affected people never removes or weakens an obligation', () => {
    const rank = { no: 0, decide: 1, yes: 2 } as const;
    fc.assert(
      fc.property(scenarioArb, groupArb, (s, extra) => {
        const before = evaluate([ca, gdpr], scenarioSchema.parse(s));
        const after = evaluate([ca, gdpr], scenarioSchema.parse({ ...s, affected: [...s.affected, extra] }));
        for (const o of before) {
          const same = after.find((a) => a.rule_id === o.rule_id);
          expect(same).toBeDefined();
          expect(rank[same!.required]).toBeGreaterThanOrEqual(rank[o.required]);
        }
      }),
    );
  });
});

describe('obligations engine: thresholds and recorded decisions', () => {
  const hipaa = regime('sector', 'us-hipaa');
  const phi = (groups: Array<[string, number]>) =>
    scenario({
      entity: { hipaa: 'covered_entity' },
      risk_of_harm: 'high',
      affected: groups.map(([jurisdiction, count]) => ({ jurisdiction, count, data_types: ['name', 'health'] })),
    });

  it('uses the annual log below 500 and the HHS notice from 500, never both', () => {
    const small = evaluate([hipaa], phi([['US-CA', 499]]));
    expect(byRule(small, 'us-hipaa.hhs_annual_log')!.required).toBe('yes');
    expect(byRule(small, 'us-hipaa.hhs')!.required).toBe('no');
    const large = evaluate(
      [hipaa],
      phi([
        ['US-CA', 300],
        ['US-NY', 300],
      ]),
    );
    expect(byRule(large, 'us-hipaa.hhs')!.required).toBe('yes');
    expect(byRule(large, 'us-hipaa.hhs_annual_log')!.required).toBe('no');
  });

  it('counts media-notice thresholds within one state', () => {
    expect(
      byRule(
        evaluate(
          [hipaa],
          phi([
            ['US-CA', 300],
            ['US-NY', 300],
          ]),
        ),
        'us-hipaa.media',
      )!.required,
    ).toBe('no');
    expect(
      byRule(
        evaluate(
          [hipaa],
          phi([
            ['US-CA', 501],
            ['US-NY', 3],
          ]),
        ),
        'us-hipaa.media',
      )!.required,
    ).toBe('yes');
  });

  it('a recorded decision wins over the general risk assessment', () => {
    const result = evaluate(
      [gdpr],
      scenario({
        risk_of_harm: 'low',
        affected: [{ jurisdiction: 'FR', count: 5, data_types: ['email'] }],
        decisions: { 'eu-gdpr.individuals': { required: 'yes', rationale: 'emails of minors' } },
      }),
    );
    expect(byRule(result, 'eu-gdpr.individuals')!.required).toBe('yes');
  });
});
