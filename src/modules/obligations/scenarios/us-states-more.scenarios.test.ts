/**
 * Scenario tests: 30 more US states plus Guam and the US Virgin Islands.
 *
 * Every expectation comes from the researched statute facts in /work/shared/reference/us-states.{json,md}
 * (and the sources cited there), NOT from the rules JSON: the tests check that the rules data encodes the law.
 * Rows marked `bug` are skipped: they state what the law requires and the rules data does not (yet) encode.
 *
 * Deadline arithmetic. Unless a row says otherwise, aware_at is 2026-03-02T15:00:00Z, a Monday before US DST
 * starts (2026-03-08). Calendar days keep the local wall-clock time in the regime's zone, so for every zone
 * that observes DST (Eastern, Central, Mountain, Pacific, Alaska) the same local time after the change is one
 * hour earlier in UTC: +30 days = 2026-04-01T14:00Z, +45 days = 2026-04-16T14:00Z (Mar 2 + 29 = Mar 31, + 16),
 * +60 days = 2026-05-01T14:00Z. Hawaii, Guam and the Virgin Islands have no DST: the UTC time stays 15:00Z.
 * Laws with "without unreasonable delay" have `due_at: null`; a statutory outer day-limit shows as outer_limit_at.
 */
import { describe, expect, it } from 'vitest';
import { evaluate, type Obligation, type ScenarioInput, scenarioSchema } from '../obligations.engine.js';
import { loadRegimeFile } from '../rules.loader.js';
import type { Regime } from '../rules.schema.js';

/** One regime file, parsed on its own (so these tests do not depend on every other file). */
function regime(id: string): Regime {
  return loadRegimeFile('us', id);
}

type Expected = {
  /** `absent`: the rule is not in force on the aware date, or does not apply to this entity. */
  required: 'yes' | 'no' | 'decide' | 'absent';
  kind?: Obligation['deadline']['kind'];
  due_at?: string | null;
  outer_limit_at?: string | null;
  affected_count?: number;
  reason?: RegExp;
};
type Row = { title: string; rule: string; input?: Partial<ScenarioInput>; expected: Expected; bug?: string };
type Suite = { name: string; regime: Regime; base: ScenarioInput; rows: Row[] };
type Types = ScenarioInput['affected'][number]['data_types'];

const AWARE = '2026-03-02T15:00:00Z';
const D30 = '2026-04-01T14:00:00.000Z';
const D45 = '2026-04-16T14:00:00.000Z';
const D60 = '2026-05-01T14:00:00.000Z';

function check({ rule, input, expected }: Row, suite: Suite) {
  const result = evaluate([suite.regime], scenarioSchema.parse({ ...suite.base, ...input }));
  const obligation = result.find((o) => o.rule_id === rule);
  if (expected.required === 'absent') {
    expect(obligation).toBeUndefined();
    return;
  }
  expect(obligation, `${rule} missing from ${result.map((o) => o.rule_id).join(', ')}`).toBeDefined();
  const o = obligation!;
  expect(o.required).toBe(expected.required);
  if (expected.kind !== undefined) expect(o.deadline.kind).toBe(expected.kind);
  if (expected.due_at !== undefined) expect(o.deadline.due_at).toBe(expected.due_at);
  if (expected.outer_limit_at !== undefined) expect(o.deadline.outer_limit_at).toBe(expected.outer_limit_at);
  if (expected.affected_count !== undefined) expect(o.affected_count).toBe(expected.affected_count);
  if (expected.reason) expect(o.reason).toMatch(expected.reason);
  if (expected.required === 'decide') expect(o.question).toBeTruthy();
}

/**
 * The rows every state shares, parameterised by the statute facts of that state (reference fields
 * risk_of_harm_exception, encryption_safe_harbor.key_compromise_exception, individual_notice_deadline).
 * `harm`: 'exception' when the statute lets the entity skip notice after finding no (reasonable likelihood of)
 * harm; 'none' when it has no such exception. `keyLoss`: the statute says the safe harbor is lost when the key
 * is taken too (null: the reference does not say, so no row). `outer`: a statutory outer day-limit, as an instant.
 * `fixedDue`: the statute's clock starts at discovery/awareness, so the deadline is a fixed instant.
 */
function core(
  code: string,
  cite: string,
  o: { harm: 'exception' | 'none'; keyLoss: boolean | null; outer?: string; fixedDue?: string },
): Row[] {
  const rule = `us-${code}.individuals`;
  const j = `US-${code.toUpperCase()}`;
  const deadline: Omit<Expected, 'required'> = o.fixedDue
    ? { kind: 'fixed', due_at: o.fixedDue }
    : { kind: 'without_delay', due_at: null, outer_limit_at: o.outer ?? null };
  const rows: Row[] = [
    {
      title: `${cite}: name + SSN, risk unknown → ${o.harm === 'exception' ? 'decide' : 'yes'} with the statutory deadline`,
      rule,
      expected: { required: o.harm === 'exception' ? 'decide' : 'yes', affected_count: 1200, ...deadline },
    },
    { title: `${cite}: name + SSN, risk high → yes`, rule, input: { risk_of_harm: 'high' }, expected: { required: 'yes', ...deadline } },
    {
      title: `${cite}: risk assessed none → ${o.harm === 'exception' ? 'no (harm exception)' : 'still yes (no harm exception)'}`,
      rule,
      input: { risk_of_harm: 'none' },
      expected: { required: o.harm === 'exception' ? 'no' : 'yes' },
    },
    {
      title: `${cite}: encrypted, key not taken → no (safe harbor)`,
      rule,
      input: { risk_of_harm: 'high', data_encrypted: true },
      expected: { required: 'no', reason: /encrypted/ },
    },
    {
      title: `${cite}: name + email + postal address only → not covered`,
      rule,
      input: { risk_of_harm: 'high', affected: [{ jurisdiction: j, count: 1200, data_types: ['name', 'email', 'postal_address'] }] },
      expected: { required: 'no', reason: /does not include a combination/ },
    },
  ];
  if (o.keyLoss)
    rows.push({
      title: `${cite}: encrypted but key taken too → not exempt`,
      rule,
      input: { risk_of_harm: 'high', data_encrypted: true, key_compromised: true },
      expected: { required: 'yes', reason: /key was also compromised/ },
    });
  return rows;
}

/** A threshold pair: `below` people → no, `at` people → yes (risk high, name + SSN). */
function threshold(code: string, rule: string, cite: string, below: number, at: number, extra: Expected = { required: 'yes' }): Row[] {
  const j = `US-${code.toUpperCase()}`;
  const aff = (n: number) => [{ jurisdiction: j, count: n, data_types: ['name', 'ssn'] as Types }];
  return [
    {
      title: `${cite}: ${below} residents → no`,
      rule,
      input: { risk_of_harm: 'high', affected: aff(below) },
      expected: { required: 'no' },
    },
    { title: `${cite}: ${at} residents → yes`, rule, input: { risk_of_harm: 'high', affected: aff(at) }, expected: extra },
  ];
}

/** One extra data combination for the individuals rule (risk high). */
function combo(code: string, cite: string, types: Types, required: 'yes' | 'no'): Row {
  return {
    title: `${cite}: ${types.join(' + ')} → ${required}`,
    rule: `us-${code}.individuals`,
    input: { risk_of_harm: 'high', affected: [{ jurisdiction: `US-${code.toUpperCase()}`, count: 10, data_types: types }] },
    expected: { required },
  };
}

const suite = (code: string, name: string, rows: Row[], over: Partial<ScenarioInput> = {}): Suite => ({
  name,
  regime: regime(`us-${code}`),
  base: {
    aware_at: AWARE,
    entity: { countries: ['US'], role: 'controller' },
    risk_of_harm: 'unknown',
    affected: [{ jurisdiction: `US-${code.toUpperCase()}`, count: 1200, data_types: ['name', 'ssn'] }],
    ...over,
  },
  rows,
});

const suites: Suite[] = [
  // Ala. Code §§ 8-38-1..12: harm exception (§ 8-38-5(c)); encryption lost with key (§ 8-38-2(6)); individuals no
  // later than 45 days after determination (§ 8-38-5(b)); AG and CRAs when MORE than 1,000 (§§ 8-38-6, -7).
  suite('al', 'Alabama Ala. Code §§ 8-38-1..12', [
    ...core('al', '§ 8-38-5', { harm: 'exception', keyLoss: true, outer: D45 }),
    // § 8-38-2(6)(a)(2): user name or email + password/security Q&A is sensitive PI without a name.
    combo('al', '§ 8-38-2(6) online credentials', ['email', 'password_plain'], 'yes'),
    ...threshold('al', 'us-al.attorney_general', '§ 8-38-6 AG (> 1,000)', 1000, 1001),
    ...threshold('al', 'us-al.consumer_reporting_agencies', '§ 8-38-7 CRAs (> 1,000)', 1000, 1001),
    {
      // § 8-38-6(a): AG within 45 days. Aware 2026-10-20 10:00 CDT (15:00Z); + 45 days = 2026-12-04 (Oct 20 + 11 = Oct 31,
      // + 30 = Nov 30, + 4) at 10:00 local, now CST (DST ended 2026-11-01) = 16:00Z.
      title: '§ 8-38-6 AG: 45 calendar days, crossing the end of DST',
      rule: 'us-al.attorney_general',
      input: { aware_at: '2026-10-20T15:00:00Z', risk_of_harm: 'high' },
      expected: { required: 'yes', kind: 'fixed', due_at: '2026-12-04T16:00:00.000Z' },
    },
  ]),
  // Alaska Stat. §§ 45.48.010–.090: harm exception only after notifying the AG in writing (§ 45.48.010(c));
  // encryption lost with key (§ 45.48.090(7)); without unreasonable delay; CRAs when more than 1,000 (§ 45.48.040).
  suite('ak', 'Alaska Stat. §§ 45.48.010–.090', [
    ...core('ak', '§ 45.48.010', { harm: 'exception', keyLoss: true }),
    ...threshold('ak', 'us-ak.consumer_reporting_agencies', '§ 45.48.040 CRAs (> 1,000)', 1000, 1001),
  ]),
  // Ark. Code §§ 4-110-101..108: harm exception (§ 4-110-105(d)); encryption safe harbor; without unreasonable delay;
  // AG when more than 1,000 (§ 4-110-105(a)(2)), at the latest 45 days after determining likely harm.
  suite('ar', 'Arkansas Ark. Code §§ 4-110-101..108', [
    ...core('ar', '§ 4-110-105', { harm: 'exception', keyLoss: null }),
    combo('ar', '§ 4-110-103(7) name + medical', ['name', 'health'], 'yes'),
    ...threshold('ar', 'us-ar.attorney_general', '§ 4-110-105(a)(2) AG (> 1,000)', 1000, 1001, {
      required: 'yes',
      kind: 'without_delay',
      outer_limit_at: D45,
    }),
  ]),
  // 6 Del. C. §§ 12B-101..104: harm exception; encryption lost with key; no later than 60 days after determination
  // (§ 12B-102(c)); AG when more than 500 residents (§ 12B-102(d)).
  suite('de', 'Delaware 6 Del. C. § 12B-102', [
    ...core('de', '§ 12B-102', { harm: 'exception', keyLoss: true, outer: D60 }),
    combo('de', '§ 12B-101(7) name + passport', ['name', 'passport'], 'yes'),
    ...threshold('de', 'us-de.attorney_general', '§ 12B-102(d) AG (> 500)', 500, 501),
  ]),
  // Haw. Rev. Stat. § 487N-2: harm exception ("risk of harm" definition); encryption lost with key; without
  // unreasonable delay; Office of Consumer Protection and CRAs when more than 1,000 at one time (§ 487N-2(f)).
  suite('hi', 'Hawaii HRS ch. 487N', [
    // No DST in Pacific/Honolulu: + 30 days keeps 05:00 HST = 15:00Z (not 14:00Z).
    ...core('hi', '§ 487N-2', { harm: 'exception', keyLoss: true }),
    ...threshold('hi', 'us-hi.office_of_consumer_protection', '§ 487N-2(f) OCP (> 1,000)', 1000, 1001),
    ...threshold('hi', 'us-hi.consumer_reporting_agencies', '§ 487N-2(f) CRAs (> 1,000)', 1000, 1001),
  ]),
  // Idaho Code §§ 28-51-104..107: notice only if misuse has occurred or is reasonably likely (§ 28-51-105(1));
  // encryption safe harbor; without unreasonable delay; no AG/CRA notice for private entities.
  suite('id', 'Idaho Code § 28-51-105', [
    ...core('id', '§ 28-51-105', { harm: 'exception', keyLoss: null }),
    // § 28-51-104(5): account number only with its access code.
    combo('id', '§ 28-51-104(5) name + card number, no code', ['name', 'card_pan'], 'no'),
    combo('id', '§ 28-51-104(5) name + card number + code', ['name', 'card_pan', 'card_cvv'], 'yes'),
  ]),
  // Ind. Code §§ 24-4.9: harm exception (§ 24-4.9-3-1); encryption lost with key (§ 24-4.9-2-5); no later than
  // 45 days after discovery (§ 24-4.9-3-3, as amended 2022); AG always (§ 24-4.9-3-1(c)); CRAs > 1,000.
  suite('in', 'Indiana Ind. Code art. 24-4.9', [
    ...core('in', '§ 24-4.9-3-3', { harm: 'exception', keyLoss: true, outer: D45 }),
    // § 24-4.9-2-10: an unencrypted SSN alone is personal information; a credit card number counts without a code,
    // but a financial account or debit card number needs its security/access code (reference pi_elements note).
    combo('in', '§ 24-4.9-2-10 SSN alone', ['ssn'], 'yes'),
    combo('in', '§ 24-4.9-2-10 name + credit card number, no code', ['name', 'card_pan'], 'yes'),
    combo('in', '§ 24-4.9-2-10 name + bank account, no code', ['name', 'bank_account'], 'no'),
    combo('in', '§ 24-4.9-2-10 name + bank account + code', ['name', 'bank_account', 'password_plain'], 'yes'),
    {
      title: '§ 24-4.9-3-1(c) AG: any number of Indiana residents → yes',
      rule: 'us-in.attorney_general',
      input: { risk_of_harm: 'high', affected: [{ jurisdiction: 'US-IN', count: 1, data_types: ['name', 'ssn'] }] },
      expected: { required: 'yes' },
    },
    ...threshold('in', 'us-in.consumer_reporting_agencies', '§ 24-4.9-3-1(b) CRAs (> 1,000)', 1000, 1001),
  ]),
  // Iowa Code § 715C.2: harm exception in writing (§ 715C.2(6)); encryption lost with key; without unreasonable
  // delay; AG Consumer Protection Division within 5 business days after notifying consumers when more than 500.
  suite('ia', 'Iowa Code § 715C.2', [
    ...core('ia', '§ 715C.2', { harm: 'exception', keyLoss: true }),
    ...threshold('ia', 'us-ia.attorney_general', '§ 715C.2(8) AG (> 500)', 500, 501, {
      required: 'yes',
      kind: 'after',
      due_at: null,
    }),
    {
      // Residents notified Thu 2026-05-21 10:00 CDT (15:00Z). 5 business days: Fri 22 (1), [Sat, Sun, Mon 25 Memorial
      // Day], Tue 26 (2), Wed 27 (3), Thu 28 (4), Fri 29 (5) → 2026-05-29 10:00 CDT = 15:00Z.
      title: '§ 715C.2(8) AG: 5 business days after resident notice, skipping Memorial Day',
      rule: 'us-ia.attorney_general',
      input: { risk_of_harm: 'high', met: { 'us-ia.individuals': '2026-05-21T15:00:00Z' } },
      expected: { required: 'yes', kind: 'after', due_at: '2026-05-29T15:00:00.000Z' },
    },
  ]),
  // K.S.A. § 50-7a02: notice if misuse has occurred or is reasonably likely; encryption safe harbor; without
  // unreasonable delay; CRAs when more than 1,000 at one time (§ 50-7a02(f)); no AG notice.
  suite('ks', 'Kansas K.S.A. § 50-7a02', [
    ...core('ks', '§ 50-7a02', { harm: 'exception', keyLoss: null }),
    // § 50-7a01(g): a financial account number counts even without its code.
    combo('ks', '§ 50-7a01(g) name + bank account', ['name', 'bank_account'], 'yes'),
    ...threshold('ks', 'us-ks.consumer_reporting_agencies', '§ 50-7a02(f) CRAs (> 1,000)', 1000, 1001),
  ]),
  // KRS § 365.732: notice when the breach actually causes or is reasonably believed to cause identity theft or fraud;
  // encryption safe harbor; without unreasonable delay; CRAs when more than 1,000 at one time (§ 365.732(7)).
  suite('ky', 'Kentucky KRS § 365.732', [
    ...core('ky', '§ 365.732', { harm: 'exception', keyLoss: null }),
    ...threshold('ky', 'us-ky.consumer_reporting_agencies', '§ 365.732(7) CRAs (> 1,000)', 1000, 1001),
  ]),
  // La. R.S. 51:3071–3077: harm exception (51:3074(I)); encryption safe harbor; no later than 60 days from discovery
  // (51:3074(E)); AG always, timely if received within 10 days after resident notices (LAC 16:III.701).
  suite('la', 'Louisiana La. R.S. 51:3074', [
    ...core('la', '51:3074', { harm: 'exception', keyLoss: null, outer: D60 }),
    combo('la', '51:3073(4) name + passport', ['name', 'passport'], 'yes'),
    {
      // Residents notified 2026-10-28 10:00 CDT (15:00Z); + 10 calendar days = 2026-11-07 10:00 CST = 16:00Z.
      title: 'LAC 16:III.701 AG: 10 days after resident notice, crossing the end of DST',
      rule: 'us-la.attorney_general',
      input: { risk_of_harm: 'high', met: { 'us-la.individuals': '2026-10-28T15:00:00Z' } },
      expected: { required: 'yes', kind: 'after', due_at: '2026-11-07T16:00:00.000Z' },
    },
  ]),
  // 10 M.R.S. §§ 1346–1350-B: notice unless investigation finds misuse not reasonably possible; encryption safe
  // harbor; no later than 30 days after becoming aware (§ 1348(1)); AG always (§ 1348(5)); CRAs > 1,000 (§ 1348(4)).
  suite('me', 'Maine 10 M.R.S. § 1348', [
    ...core('me', '§ 1348', { harm: 'exception', keyLoss: null, outer: D30 }),
    // § 1347(6): an account number counts without its code.
    combo('me', '§ 1347(6) name + bank account', ['name', 'bank_account'], 'yes'),
    {
      title: '§ 1348(5) AG: any number of Maine residents → yes',
      rule: 'us-me.attorney_general',
      input: { risk_of_harm: 'high', affected: [{ jurisdiction: 'US-ME', count: 1, data_types: ['name', 'ssn'] }] },
      expected: { required: 'yes' },
    },
    ...threshold('me', 'us-me.consumer_reporting_agencies', '§ 1348(4) CRAs (> 1,000)', 1000, 1001),
  ]),
  // Miss. Code § 75-24-29: no notice if no reasonably foreseeable harm (§ 75-24-29(3)); encryption safe harbor;
  // without unreasonable delay; no AG/CRA notice.
  suite('ms', 'Mississippi Miss. Code § 75-24-29', [...core('ms', '§ 75-24-29', { harm: 'exception', keyLoss: null })]),
  // Mo. Rev. Stat. § 407.1500: harm exception documented in writing; encryption lost with key; without unreasonable
  // delay; AG and CRAs when more than 1,000 at one time (§ 407.1500.2(8)).
  suite('mo', 'Missouri RSMo § 407.1500', [
    ...core('mo', '§ 407.1500', { harm: 'exception', keyLoss: true }),
    combo('mo', '§ 407.1500.1(9) name + medical', ['name', 'health'], 'yes'),
    ...threshold('mo', 'us-mo.attorney_general', '§ 407.1500.2(8) AG (> 1,000)', 1000, 1001),
    ...threshold('mo', 'us-mo.consumer_reporting_agencies', '§ 407.1500.2(8) CRAs (> 1,000)', 1000, 1001),
  ]),
  // Mont. Code §§ 30-14-1701..1705: notice for unauthorized acquisition that causes or is reasonably believed to cause
  // identity theft; encryption safe harbor; without unreasonable delay; OCP simultaneously with resident notice.
  suite('mt', 'Montana MCA § 30-14-1704', [
    ...core('mt', '§ 30-14-1704', { harm: 'exception', keyLoss: null }),
    {
      title: '§ 30-14-1704(8) OCP: any number of Montana residents → yes',
      rule: 'us-mt.office_of_consumer_protection',
      input: { risk_of_harm: 'high', affected: [{ jurisdiction: 'US-MT', count: 1, data_types: ['name', 'ssn'] }] },
      expected: { required: 'yes' },
    },
  ]),
  // Neb. Rev. Stat. §§ 87-801..808: notice if misuse occurred or is reasonably likely (§ 87-803(1)); encryption lost
  // with key (§ 87-802(5)); as soon as possible; AG not later than residents (§ 87-803(2)), any number.
  suite('ne', 'Nebraska Neb. Rev. Stat. § 87-803', [
    ...core('ne', '§ 87-803', { harm: 'exception', keyLoss: true }),
    combo('ne', '§ 87-802(5)(b) username + password', ['username', 'password_plain'], 'yes'),
    {
      title: '§ 87-803(2) AG: any number of Nebraska residents → yes',
      rule: 'us-ne.attorney_general',
      input: { risk_of_harm: 'high', affected: [{ jurisdiction: 'US-NE', count: 1, data_types: ['name', 'ssn'] }] },
      expected: { required: 'yes' },
    },
  ]),
  // NRS 603A.220: no risk-of-harm exception (reference: confidence medium); encryption safe harbor; without
  // unreasonable delay; CRAs when more than 1,000 at one time (NRS 603A.220(6)).
  suite('nv', 'Nevada NRS 603A.220', [
    ...core('nv', 'NRS 603A.220', { harm: 'none', keyLoss: null }),
    combo('nv', 'NRS 603A.040 email + password', ['email', 'password_plain'], 'yes'),
    ...threshold('nv', 'us-nv.consumer_reporting_agencies', 'NRS 603A.220(6) CRAs (> 1,000)', 1000, 1001),
  ]),
  // RSA 359-C:20: notice unless misuse not reasonably likely; encryption lost with key; as soon as possible; AG (or
  // primary regulator) always (RSA 359-C:20, I(b)); CRAs > 1,000 (RSA 359-C:20, VI).
  suite('nh', 'New Hampshire RSA 359-C:20', [
    ...core('nh', 'RSA 359-C:20', { harm: 'exception', keyLoss: true }),
    {
      title: 'RSA 359-C:20, I(b) AG: any number of NH residents → yes',
      rule: 'us-nh.attorney_general',
      input: { risk_of_harm: 'high', affected: [{ jurisdiction: 'US-NH', count: 1, data_types: ['name', 'ssn'] }] },
      expected: { required: 'yes' },
    },
    ...threshold('nh', 'us-nh.consumer_reporting_agencies', 'RSA 359-C:20, VI CRAs (> 1,000)', 1000, 1001),
  ]),
  // N.M. Stat. §§ 57-12C-6..12: harm exception (§ 57-12C-6(C)); encryption lost with key; no later than 45 calendar
  // days after discovery (§ 57-12C-6(A)); AG and CRAs when more than 1,000 in one breach (§§ 57-12C-10, -11).
  suite('nm', 'New Mexico N.M. Stat. § 57-12C-6', [
    ...core('nm', '§ 57-12C-6', { harm: 'exception', keyLoss: true, outer: D45 }),
    ...threshold('nm', 'us-nm.attorney_general', '§ 57-12C-10 AG (> 1,000)', 1000, 1001, {
      required: 'yes',
      outer_limit_at: D45,
    }),
    ...threshold('nm', 'us-nm.consumer_reporting_agencies', '§ 57-12C-11 CRAs (> 1,000)', 1000, 1001),
  ]),
  // N.D. Cent. Code § 51-30-02: no risk-of-harm exception (reference: medium); encryption safe harbor; without
  // unreasonable delay; AG when more than 250 individuals (§ 51-30-02).
  suite('nd', 'North Dakota N.D.C.C. § 51-30-02', [
    ...core('nd', '§ 51-30-02', { harm: 'none', keyLoss: null }),
    // § 51-30-01(4)(a): date of birth with the name is personal information in North Dakota.
    combo('nd', '§ 51-30-01(4) name + date of birth', ['name', 'date_of_birth'], 'yes'),
    ...threshold('nd', 'us-nd.attorney_general', '§ 51-30-02 AG (> 250)', 250, 251),
  ]),
  // 24 Okla. Stat. §§ 161–166 as amended by SB 626 (breaches discovered from 2026-01-01): harm exception;
  // encryption safe harbor; without unreasonable delay; AG at 500 OR MORE residents, no later than 60 days after
  // notifying residents.
  suite('ok', 'Oklahoma 24 O.S. §§ 161–166 (SB 626)', [
    ...core('ok', '§ 163', { harm: 'exception', keyLoss: null }),
    ...threshold('ok', 'us-ok.attorney_general', 'SB 626 AG (≥ 500)', 499, 500),
    {
      // Residents notified 2026-03-02 09:00 CST (15:00Z); + 60 days = 2026-05-01 09:00 CDT = 14:00Z.
      title: 'SB 626 AG: 60 days after resident notice, across DST start',
      rule: 'us-ok.attorney_general',
      input: { risk_of_harm: 'high', met: { 'us-ok.individuals': AWARE } },
      expected: { required: 'yes', kind: 'after', due_at: D60 },
    },
    // Effective date: before 2026-01-01 the pre-SB 626 law applies (no AG notice).
    {
      title: 'aware 2025-12-31: SB 626 AG rule not yet in force',
      rule: 'us-ok.attorney_general',
      input: { aware_at: '2025-12-31T18:00:00Z', risk_of_harm: 'high' },
      expected: { required: 'absent' },
    },
    {
      title: 'aware 2025-12-31: pre-2026 resident notice applies',
      rule: 'us-ok.individuals_pre2026',
      input: { aware_at: '2025-12-31T18:00:00Z', risk_of_harm: 'high' },
      expected: { required: 'yes', kind: 'without_delay', due_at: null },
    },
    {
      title: 'aware 2026-01-02: pre-2026 rule no longer applies',
      rule: 'us-ok.individuals_pre2026',
      input: { aware_at: '2026-01-02T18:00:00Z' },
      expected: { required: 'absent' },
    },
  ]),
  // R.I. Gen. Laws §§ 11-49.3-1..6: harm exception; encryption lost with key; no later than 45 calendar days after
  // confirmation (§ 11-49.3-4(a)(2)); AG and CRAs when more than 500 residents (§ 11-49.3-4(a)(2)).
  suite('ri', 'Rhode Island R.I. Gen. Laws § 11-49.3-4', [
    ...core('ri', '§ 11-49.3-4', { harm: 'exception', keyLoss: true, outer: D45 }),
    combo('ri', '§ 11-49.3-3(8) name + medical', ['name', 'health'], 'yes'),
    ...threshold('ri', 'us-ri.attorney_general', '§ 11-49.3-4(a)(2) AG (> 500)', 500, 501),
    ...threshold('ri', 'us-ri.consumer_reporting_agencies', '§ 11-49.3-4(a)(2) CRAs (> 500)', 500, 501),
  ]),
  // S.C. Code § 39-1-90: harm exception; encryption lost with key; without unreasonable delay; Department of Consumer
  // Affairs and CRAs when more than 1,000 at one time (§ 39-1-90(K)).
  suite('sc', 'South Carolina S.C. Code § 39-1-90', [
    ...core('sc', '§ 39-1-90', { harm: 'exception', keyLoss: true }),
    ...threshold('sc', 'us-sc.consumer_affairs', '§ 39-1-90(K) Consumer Affairs (> 1,000)', 1000, 1001),
    ...threshold('sc', 'us-sc.consumer_reporting_agencies', '§ 39-1-90(K) CRAs (> 1,000)', 1000, 1001),
  ]),
  // SDCL §§ 22-40-19..26: harm exception after AG notice; encryption lost with key; no later than 60 days from
  // discovery (§ 22-40-20); AG when more than 250 residents (§ 22-40-20); CRAs with any notice (§ 22-40-23).
  suite('sd', 'South Dakota SDCL § 22-40-20', [
    ...core('sd', '§ 22-40-20', { harm: 'exception', keyLoss: true, fixedDue: D60 }),
    {
      // Aware 2026-09-10 09:00 CDT (14:00Z); + 60 days = 2026-11-09 (Sep 10 + 20 = Sep 30, + 31 = Oct 31, + 9) at
      // 09:00 CST (DST ended 2026-11-01) = 15:00Z.
      title: '§ 22-40-20: 60 days from discovery, across the end of DST',
      rule: 'us-sd.individuals',
      input: { aware_at: '2026-09-10T14:00:00Z', risk_of_harm: 'high' },
      expected: { required: 'yes', kind: 'fixed', due_at: '2026-11-09T15:00:00.000Z' },
    },
    combo('sd', '§ 22-40-19(4) email + password', ['email', 'password_plain'], 'yes'),
    ...threshold('sd', 'us-sd.attorney_general', '§ 22-40-20 AG (> 250)', 250, 251),
  ]),
  // Tenn. Code § 47-18-2107: NO risk-of-harm exception (confidence high); encryption lost with key; immediately, no
  // later than 45 days after discovery (§ 47-18-2107(b)); CRAs when more than 1,000 at one time (§ 47-18-2107(g)).
  suite('tn', 'Tennessee Tenn. Code § 47-18-2107', [
    ...core('tn', '§ 47-18-2107', { harm: 'none', keyLoss: true, outer: D45 }),
    combo('tn', '§ 47-18-2107(a)(3) name + driver licence', ['name', 'drivers_license'], 'yes'),
    ...threshold('tn', 'us-tn.consumer_reporting_agencies', '§ 47-18-2107(g) CRAs (> 1,000)', 1000, 1001),
  ]),
  // Utah Code §§ 13-44-101..301: harm exception (§ 13-44-202(1)); encryption safe harbor; without unreasonable delay;
  // SB 127 (2023, in force 2023-05-03): AG and Utah Cyber Center at 500 OR MORE residents; CRAs at 1,000 or more.
  suite('ut', 'Utah Code § 13-44-202', [
    ...core('ut', '§ 13-44-202', { harm: 'exception', keyLoss: null }),
    ...threshold('ut', 'us-ut.attorney_general', '§ 13-44-202(1)(b) AG (≥ 500)', 499, 500),
    ...threshold('ut', 'us-ut.cyber_center', '§ 13-44-202(1)(b) Cyber Center (≥ 500)', 499, 500),
    ...threshold('ut', 'us-ut.consumer_reporting_agencies', '§ 13-44-202(1)(c) CRAs (≥ 1,000)', 999, 1000),
    {
      title: 'SB 127: aware 2023-05-02, AG notice not yet in force',
      rule: 'us-ut.attorney_general',
      input: { aware_at: '2023-05-02T16:00:00Z', risk_of_harm: 'high' },
      expected: { required: 'absent' },
    },
    {
      title: 'SB 127: aware 2023-05-03, AG notice in force',
      rule: 'us-ut.attorney_general',
      input: { aware_at: '2023-05-03T16:00:00Z', risk_of_harm: 'high' },
      expected: { required: 'yes' },
    },
  ]),
  // 9 V.S.A. § 2435: harm exception (misuse not reasonably possible, with notice to AG); encryption safe harbor;
  // no later than 45 days after discovery (§ 2435(b)(1)); AG preliminary notice within 14 business days of
  // discovery (§ 2435(b)(3)); CRAs when more than 1,000 (§ 2435(c)).
  suite('vt', 'Vermont 9 V.S.A. § 2435', [
    ...core('vt', '§ 2435', { harm: 'exception', keyLoss: null, outer: D45 }),
    combo('vt', '§ 2430(10) name + bank account', ['name', 'bank_account'], 'yes'),
    {
      // Aware Fri 2026-11-20 10:00 EST (15:00Z). 14 business days: Nov 23, 24, 25 (3), [Thu 26 Thanksgiving], Fri 27 (4),
      // Nov 30–Dec 4 (9), Dec 7–11 (14) → 2026-12-11 10:00 EST = 15:00Z. (Vermont's state holidays do not include the
      // day after Thanksgiving.)
      title: '§ 2435(b)(3) AG: 14 business days from discovery, skipping Thanksgiving',
      rule: 'us-vt.attorney_general',
      input: { aware_at: '2026-11-20T15:00:00Z', risk_of_harm: 'high' },
      expected: { required: 'yes', kind: 'fixed', due_at: '2026-12-11T15:00:00.000Z' },
    },
    ...threshold('vt', 'us-vt.consumer_reporting_agencies', '§ 2435(c) CRAs (> 1,000)', 1000, 1001),
  ]),
  // W. Va. Code §§ 46A-2A-101..105: notice if the entity reasonably believes the breach has caused or will cause
  // identity theft or fraud; encryption safe harbor; without unreasonable delay; CRAs when more than 1,000.
  suite('wv', 'West Virginia W. Va. Code § 46A-2A-102', [
    ...core('wv', '§ 46A-2A-102', { harm: 'exception', keyLoss: null }),
    ...threshold('wv', 'us-wv.consumer_reporting_agencies', '§ 46A-2A-102(f) CRAs (> 1,000)', 1000, 1001),
  ]),
  // Wis. Stat. § 134.98: no notice if the acquisition does not create a material risk of identity theft or fraud
  // (§ 134.98(2)(cm)); encryption safe harbor; within a reasonable time, not to exceed 45 days (§ 134.98(3)(a));
  // CRAs when more than 1,000 (§ 134.98(2)(br)).
  suite('wi', 'Wisconsin Wis. Stat. § 134.98', [
    ...core('wi', '§ 134.98', { harm: 'exception', keyLoss: null, outer: D45 }),
    ...threshold('wi', 'us-wi.consumer_reporting_agencies', '§ 134.98(2)(br) CRAs (> 1,000)', 1000, 1001),
  ]),
  // Wyo. Stat. §§ 40-12-501..502: notice if misuse has occurred or is reasonably likely; encryption safe harbor;
  // without unreasonable delay; no AG/CRA notice.
  suite('wy', 'Wyoming Wyo. Stat. § 40-12-502', [
    ...core('wy', '§ 40-12-502', { harm: 'exception', keyLoss: null }),
    combo('wy', '§ 40-12-501(a)(vii) name + passport', ['name', 'passport'], 'yes'),
  ]),
  // 9 GCA §§ 48-10..48-50: harm exception; encryption lost with key; without unreasonable delay; no regulator notice.
  suite('gu', 'Guam 9 GCA ch. 48', [...core('gu', '9 GCA § 48-30', { harm: 'exception', keyLoss: true })]),
  // 14 V.I.C. §§ 2208–2212: NO risk-of-harm exception (confidence high); encryption safe harbor; without unreasonable
  // delay; no regulator notice.
  suite('vi', 'US Virgin Islands 14 V.I.C. § 2208', [...core('vi', '14 V.I.C. § 2208', { harm: 'none', keyLoss: null })]),
];

describe.each(suites)('scenarios: $name', (suite) => {
  const live = suite.rows.filter((r) => !r.bug);
  const bugs = suite.rows.filter((r) => r.bug);
  it.each(live)('$title', (row) => check(row, suite));
  if (bugs.length) it.skip.each(bugs)('$title', (row) => check(row, suite));
});

describe('scenarios: regime-wide facts', () => {
  const find = (code: string) => suites.find((s) => s.regime.regime === `us-${code}`)!;

  it.each(suites.map((s) => ({ name: s.name, s })))('$name ignores residents of other states', ({ s }) => {
    const input = scenarioSchema.parse({ ...s.base, affected: [{ jurisdiction: 'US-CA', count: 5000, data_types: ['name', 'ssn'] }] });
    expect(evaluate([s.regime], input)).toEqual([]);
  });

  it.each([
    // Reference regulator_notice.required "none" and cra_notice false: only resident notice (and a processor's notice
    // to the owner). Idaho § 28-51-105, Mississippi § 75-24-29, Wyoming § 40-12-502, Guam 9 GCA ch. 48, 14 V.I.C. § 2208.
    { code: 'id' },
    { code: 'ms' },
    { code: 'wy' },
    { code: 'gu' },
    { code: 'vi' },
  ])('us-$code: no regulator or CRA notice for a large breach', ({ code }) => {
    const s = find(code);
    const input = scenarioSchema.parse({
      ...s.base,
      risk_of_harm: 'high',
      affected: [{ jurisdiction: `US-${code.toUpperCase()}`, count: 50_000, data_types: ['name', 'ssn'] }],
    });
    expect([...new Set(evaluate([s.regime], input).map((o) => o.recipient))]).toEqual(['individuals']);
  });

  // The no-harm exception is available only after notifying the AG (reference risk_of_harm_exception.standard, high):
  // with risk "none" residents need no notice, but a regulator notice must still be required, whatever the number.
  const noHarm = (code: string) => {
    const s = find(code);
    const input = scenarioSchema.parse({
      ...s.base,
      risk_of_harm: 'none',
      affected: [{ jurisdiction: `US-${code.toUpperCase()}`, count: 100, data_types: ['name', 'ssn'] }],
    });
    const result = evaluate([s.regime], input);
    expect(result.find((o) => o.rule_id === `us-${code}.individuals`)!.required).toBe('no');
    expect(result.filter((o) => o.recipient === 'regulator' && o.required === 'yes').length).toBeGreaterThan(0);
    // ...and when residents are notified (risk assessed), the no-harm notice is not owed.
    const notified = evaluate([s.regime], scenarioSchema.parse({ ...input, risk_of_harm: 'high' }));
    expect(notified.find((o) => o.rule_id === `us-${code}.attorney_general_no_harm`)!.required).toBe('no');
  };
  // Alaska Stat. § 45.48.010(c): written notice to the AG before relying on the no-harm determination.
  it('us-ak: no-harm determination still needs the written AG notice', () => noHarm('ak'));
  // SDCL § 22-40-20: the no-harm exception is available only after notice to the AG (us-sd.attorney_general_no_harm).
  it('us-sd: no-harm determination still needs the AG notice', () => noHarm('sd'));
  // 9 V.S.A. § 2435(d): the determination must be sent to the AG or DFR first (us-vt.attorney_general_no_harm).
  it('us-vt: no-harm determination still needs the AG notice', () => noHarm('vt'));

  it.each([
    // Processors (third-party agents) notify the owner: Alabama within 10 days of determining a breach (§ 8-38-8).
    // Aware 2026-03-02 09:00 CST + 10 days = 2026-03-12 09:00 CDT (DST began 2026-03-08) = 14:00Z.
    { code: 'al', due: '2026-03-12T14:00:00.000Z' },
  ])('us-$code: a processor notifies the owner by $due', ({ code, due }) => {
    const s = find(code);
    const input = scenarioSchema.parse({ ...s.base, entity: { countries: ['US'], role: 'processor' } });
    const result = evaluate([s.regime], input);
    expect(result.find((o) => o.rule_id === `us-${code}.individuals`)).toBeUndefined();
    expect(result.find((o) => o.rule_id === `us-${code}.owner`)).toMatchObject({ required: 'yes', deadline: { due_at: due } });
  });
});
