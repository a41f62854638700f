/**
 * Scenario tests: 20 US states, the District of Columbia and Puerto Rico (CA, NY, TX, FL, WA, CO, MA, IL, NJ, PA,
 * OH, GA, AZ, OR, CT, MD, VA, NC, MI, MN, DC, PR).
 *
 * Every expectation comes from the researched statute facts in /work/shared/reference/us-states.{json,md}
 * (and the sources cited there), NOT from the rules JSON: the tests check that the rules data encodes the law.
 * Rows marked `bug` (and the `it.skip` tests at the end) are skipped: they state what the law requires and the
 * rules data does not (yet) encode. Each carries a "DATA BUG: <file> <rule id>: ..." note.
 *
 * Deadlines. A law that says "within N days" or "no later than N days" has a statutory day limit: it may be encoded
 * as a `fixed` deadline (due_at) or as `without_delay` with an outer limit (outer_limit_at, for "without unreasonable
 * delay, but no later than N days"); `limit` checks the instant either way, to the minute. A law with no number of
 * days ("most expedient time possible, without unreasonable delay") must have due_at null AND no outer limit.
 * Calendar days keep the local wall-clock time in the regime's zone, so across a US DST change the UTC hour moves
 * (DST 2026: starts Sun 2026-03-08, ends Sun 2026-11-01). Hours are exact elapsed time. Arizona (America/Phoenix)
 * and Puerto Rico (America/Puerto_Rico, AST = UTC-4) keep no DST. None of these 22 regimes counts business days.
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
  /** A statutory "within / no later than N days" limit: due_at of a fixed rule or outer_limit_at of a without-delay one. */
  limit?: string;
  affected_count?: number;
  reason?: RegExp;
  /** Matched against the joined content.must_not list. */
  mustNot?: RegExp;
};
type Row = { title: string; rule: string; input?: Partial<ScenarioInput>; expected: Expected; bug?: string };
type Suite = { name: string; regime: Regime; base: ScenarioInput; rows: Row[] };
type Types = ScenarioInput['affected'][number]['data_types'];

/** "Without unreasonable delay" and nothing more: no due date and no invented outer limit. */
const NO_DAYS: Omit<Expected, 'required'> = { kind: 'without_delay', due_at: null, outer_limit_at: null };

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
  if (expected.limit !== undefined) {
    const at = o.deadline.kind === 'fixed' ? o.deadline.due_at : o.deadline.kind === 'without_delay' ? o.deadline.outer_limit_at : null;
    expect(at, `${rule}: statutory day limit (deadline kind ${o.deadline.kind})`).toBe(expected.limit);
  }
  if (expected.affected_count !== undefined) expect(o.affected_count).toBe(expected.affected_count);
  if (expected.reason) expect(o.reason).toMatch(expected.reason);
  if (expected.mustNot) expect(o.content.must_not.join(' | ')).toMatch(expected.mustNot);
  if (expected.required === 'decide') expect(o.question).toBeTruthy();
}

const j = (code: string) => `US-${code.toUpperCase()}`;
const aff = (code: string, count: number, data_types: Types) => [{ jurisdiction: j(code), count, data_types }];

/**
 * The rows every regime shares, from the reference fields risk_of_harm_exception, encryption_safe_harbor
 * (key_compromise_exception) and individual_notice_deadline. `harm`: 'exception' when the statute lets the entity
 * skip notice after finding no (reasonable likelihood of) harm, 'none' when it has no such exception. `keyLoss`: the
 * reference says the safe harbor is lost when the key is taken too (null: not confirmed there, so no row).
 * `deadline`: the expected deadline of the individual notice for the suite's base aware_at (name + SSN, 1,200 people).
 */
function core(
  code: string,
  cite: string,
  o: { harm: 'exception' | 'none'; keyLoss: boolean | null; deadline: Omit<Expected, 'required'> },
): Row[] {
  const rule = `us-${code}.individuals`;
  const rows: Row[] = [
    {
      title: `${cite}: name + SSN, risk unknown → ${o.harm === 'exception' ? 'decide' : 'yes'} with the statutory deadline`,
      rule,
      expected: { required: o.harm === 'exception' ? 'decide' : 'yes', affected_count: 1200, ...o.deadline },
    },
    { title: `${cite}: name + SSN, risk high → yes`, rule, input: { risk_of_harm: 'high' }, expected: { required: 'yes', ...o.deadline } },
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
      input: { risk_of_harm: 'high', affected: aff(code, 1200, ['name', 'email', 'postal_address']) },
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
  return [
    {
      title: `${cite}: ${below} residents → no`,
      rule,
      input: { risk_of_harm: 'high', affected: aff(code, below, ['name', 'ssn']) },
      expected: { required: 'no' },
    },
    {
      title: `${cite}: ${at} residents → yes`,
      rule,
      input: { risk_of_harm: 'high', affected: aff(code, at, ['name', 'ssn']) },
      expected: extra,
    },
  ];
}

/** A regulator notice owed for any breach that requires resident notice, however few residents (risk high, 1 person). */
function anyNumber(code: string, rule: string, cite: string, extra: Omit<Expected, 'required'> = {}): Row {
  return {
    title: `${cite}: one resident → yes (no threshold)`,
    rule,
    input: { risk_of_harm: 'high', affected: aff(code, 1, ['name', 'ssn']) },
    expected: { required: 'yes', ...extra },
  };
}

/** One more data combination for the individuals rule (risk high). */
function combo(code: string, cite: string, types: Types, required: 'yes' | 'no'): Row {
  return {
    title: `${cite}: ${types.join(' + ')} → ${required}`,
    rule: `us-${code}.individuals`,
    input: { risk_of_harm: 'high', affected: aff(code, 10, types) },
    expected: { required },
  };
}

/** A processor (vendor maintaining the data) tells the owner instead of the residents. */
function processor(code: string, cite: string, expected: Omit<Expected, 'required'>): Row[] {
  const input = { entity: { countries: ['US'], role: 'processor' as const }, risk_of_harm: 'high' as const };
  return [
    { title: `${cite}: a processor notifies the owner`, rule: `us-${code}.owner`, input, expected: { required: 'yes', ...expected } },
    {
      title: `${cite}: a processor does not notify residents itself`,
      rule: `us-${code}.individuals`,
      input,
      expected: { required: 'absent' },
    },
  ];
}

const suite = (code: string, name: string, aware_at: string, rows: Row[]): Suite => ({
  name,
  regime: regime(`us-${code}`),
  base: {
    aware_at,
    entity: { countries: ['US'], role: 'controller' },
    risk_of_harm: 'unknown',
    affected: aff(code, 1200, ['name', 'ssn']),
  },
  rows,
});

// ---------------------------------------------------------------------------------------------------------
// California — Cal. Civ. Code § 1798.82 as amended by SB 446 (in force 2026-01-01). No risk-of-harm exception
// (high); encryption safe harbor lost with the key (high); individuals within 30 calendar days of discovery (high,
// from 2026-01-01; before: most expedient time, no day count); AG sample copy within 15 days after notifying
// residents when MORE than 500 (high); no CRA duty (medium).
// Base aware: Tue 2026-10-20 09:00 PDT = 16:00Z; + 30 days = Thu 2026-11-19 09:00 PST (DST ended 11-01) = 17:00Z.
// ---------------------------------------------------------------------------------------------------------
const ca = suite('ca', 'California Cal. Civ. Code § 1798.82 (SB 446)', '2026-10-20T16:00:00Z', [
  ...core('ca', '§ 1798.82(a)', { harm: 'none', keyLoss: true, deadline: { kind: 'fixed', due_at: '2026-11-19T17:00:00.000Z' } }),
  // § 1798.82(h)(2): user name or email + password or security Q&A is personal information without a name.
  combo('ca', '§ 1798.82(h)(2) email + password', ['email', 'password_plain'], 'yes'),
  combo('ca', '§ 1798.82(h)(1) name + medical information', ['name', 'health'], 'yes'),
  ...threshold('ca', 'us-ca.attorney_general', '§ 1798.82(f) AG (> 500)', 500, 501, { required: 'yes', kind: 'after', due_at: null }),
  {
    // § 1798.82(f) (SB 446): AG within 15 days after notifying residents. Residents notified Sun 2026-10-25 10:00 PDT
    // (17:00Z); + 15 days = Mon 2026-11-09 10:00 PST = 18:00Z.
    title: '§ 1798.82(f) AG: 15 calendar days after the resident notice, across the end of DST',
    rule: 'us-ca.attorney_general',
    input: { met: { 'us-ca.individuals': '2026-10-25T17:00:00Z' } },
    expected: { required: 'yes', kind: 'after', due_at: '2026-11-09T18:00:00.000Z' },
  },
  {
    // SB 446 in force 2026-01-01 in California: 2026-01-01T08:00Z is 00:00 PST on 1 January.
    // + 30 days = Sat 2026-01-31 00:00 PST = 08:00Z.
    title: 'SB 446: aware at midnight 2026-01-01 PST → 30-day rule applies',
    rule: 'us-ca.individuals',
    input: { aware_at: '2026-01-01T08:00:00Z' },
    expected: { required: 'yes', kind: 'fixed', due_at: '2026-01-31T08:00:00.000Z' },
  },
  {
    // 2026-01-01T07:59Z is still 31 Dec 2025 23:59 PST: the pre-SB 446 law (no day count) applies.
    title: 'before SB 446: aware 2025-12-31 23:59 PST → 30-day rule not in force',
    rule: 'us-ca.individuals',
    input: { aware_at: '2026-01-01T07:59:00Z' },
    expected: { required: 'absent' },
  },
  {
    title: 'before SB 446: most expedient time possible, no fixed day',
    rule: 'us-ca.individuals_pre2026',
    input: { aware_at: '2026-01-01T07:59:00Z' },
    expected: { required: 'yes', ...NO_DAYS },
  },
]);

// ---------------------------------------------------------------------------------------------------------
// New York — GBL § 899-aa (SHIELD Act; S2659B and S2376B, December 2024). Narrow harm exception (high); encryption
// safe harbor lost with the key (medium); most expedient time, no later than 30 days after discovery (high, from
// December 2024; sources differ 21 vs 24 Dec, so no row falls between); AG, Department of State and State Police
// always, DFS added December 2024 (high); CRAs when MORE than 5,000 (high); medical and health-insurance
// information from 2025-03-21 (high); vendors notify the owner within 30 days (high).
// Base aware: Fri 2026-10-30 09:00 EDT = 13:00Z; + 30 days = Sun 2026-11-29 09:00 EST = 14:00Z.
// ---------------------------------------------------------------------------------------------------------
const NY30 = '2026-11-29T14:00:00.000Z';
const ny = suite('ny', 'New York GBL § 899-aa', '2026-10-30T13:00:00Z', [
  ...core('ny', '§ 899-aa(2)', { harm: 'exception', keyLoss: true, deadline: { limit: NY30 } }),
  // § 899-aa(1)(b): account or card number counts alone if usable without a code; credentials count without a name.
  combo('ny', '§ 899-aa(1)(b)(iii) name + card number', ['name', 'card_pan'], 'yes'),
  combo('ny', '§ 899-aa(1)(b)(ii) email + password', ['email', 'password_plain'], 'yes'),
  anyNumber('ny', 'us-ny.attorney_general', '§ 899-aa(8)(a) AG'),
  anyNumber('ny', 'us-ny.department_of_state', '§ 899-aa(8)(a) Department of State'),
  anyNumber('ny', 'us-ny.state_police', '§ 899-aa(8)(a) State Police'),
  anyNumber('ny', 'us-ny.financial_services', '§ 899-aa(8)(a) DFS (added Dec 2024)'),
  ...threshold('ny', 'us-ny.consumer_reporting_agencies', '§ 899-aa(8)(b) CRAs (> 5,000)', 5000, 5001),
  ...processor('ny', '§ 899-aa(3) vendor → owner within 30 days of discovery', { limit: NY30 }),
  {
    // § 899-aa(9): a HIPAA covered entity that notifies HHS also notifies the AG within 5 business days of that notice,
    // even for data that is not "private information" (reference other_notes, high): the HHS question is asked.
    title: '§ 899-aa(9) HIPAA covered entity, name + health → AG notice question (tied to the HHS notice)',
    rule: 'us-ny.attorney_general_hipaa',
    input: { entity: { countries: ['US'], hipaa: 'covered_entity' }, affected: aff('ny', 10, ['name', 'health']) },
    expected: { required: 'decide', kind: 'event', due_at: null },
  },
  {
    title: '§ 899-aa(9) not a HIPAA covered entity → no HIPAA-linked AG notice',
    rule: 'us-ny.attorney_general_hipaa',
    input: { affected: aff('ny', 10, ['name', 'health']) },
    expected: { required: 'absent' },
  },
  {
    title: 'DFS recipient: aware 2024-12-01 (before S2659B) → not yet a recipient',
    rule: 'us-ny.financial_services',
    input: { aware_at: '2024-12-01T17:00:00Z', risk_of_harm: 'high' },
    expected: { required: 'absent' },
  },
  {
    title: 'DFS recipient: aware 2025-01-15 (after S2659B) → yes',
    rule: 'us-ny.financial_services',
    input: { aware_at: '2025-01-15T17:00:00Z', risk_of_harm: 'high' },
    expected: { required: 'yes' },
  },
  {
    // Before December 2024: most expedient time possible, no day count.
    title: 'before S2659B: aware 2024-11-15 → no 30-day limit',
    rule: 'us-ny.individuals_pre_dec2024',
    input: { aware_at: '2024-11-15T17:00:00Z', risk_of_harm: 'high' },
    expected: { required: 'yes', ...NO_DAYS },
  },
  {
    // Wed 2025-01-15 12:00 EST (17:00Z) + 30 days = Fri 2025-02-14 12:00 EST = 17:00Z (no DST change).
    title: 'S2659B: aware 2025-01-15 → 30 days after discovery',
    rule: 'us-ny.individuals_dec2024',
    input: { aware_at: '2025-01-15T17:00:00Z', risk_of_harm: 'high' },
    expected: { required: 'yes', limit: '2025-02-14T17:00:00.000Z' },
  },
  {
    // S2376B: medical and health-insurance information from 2025-03-21 (20 March 12:00 EDT = 16:00Z: not yet).
    title: 'S2376B: name + medical information, aware 2025-03-20 → not yet covered',
    rule: 'us-ny.individuals_dec2024',
    input: { aware_at: '2025-03-20T16:00:00Z', risk_of_harm: 'high', affected: aff('ny', 10, ['name', 'health']) },
    expected: { required: 'no' },
  },
  {
    title: 'S2376B: name + medical information, aware 2025-03-21 → covered',
    rule: 'us-ny.individuals',
    input: { aware_at: '2025-03-21T16:00:00Z', risk_of_harm: 'high', affected: aff('ny', 10, ['name', 'health']) },
    expected: { required: 'yes' },
  },
]);

// ---------------------------------------------------------------------------------------------------------
// Texas — Tex. Bus. & Com. Code §§ 521.002, 521.053. No risk-of-harm exception (high); encryption safe harbor lost
// with the key (high); without unreasonable delay, no later than 60 days after determining the breach (high); AG at
// 250 OR MORE residents, no later than 30 days (SB 768, in force 2023-09-01, high); CRAs when MORE than 10,000 (high).
// Base aware: Mon 2026-03-02 09:00 CST = 15:00Z; + 60 days = Fri 2026-05-01 09:00 CDT = 14:00Z; + 30 days = Wed
// 2026-04-01 09:00 CDT = 14:00Z (DST began 2026-03-08).
// ---------------------------------------------------------------------------------------------------------
const tx = suite('tx', 'Texas Bus. & Com. Code § 521.053', '2026-03-02T15:00:00Z', [
  ...core('tx', '§ 521.053(b)', { harm: 'none', keyLoss: true, deadline: { limit: '2026-05-01T14:00:00.000Z' } }),
  // § 521.002(a)(2)(B): information that identifies a person and relates to health or health care.
  combo('tx', '§ 521.002(a)(2)(B) name + health information', ['name', 'health'], 'yes'),
  ...threshold('tx', 'us-tx.attorney_general', '§ 521.053(i) AG (≥ 250)', 249, 250, { required: 'yes', limit: '2026-04-01T14:00:00.000Z' }),
  ...threshold('tx', 'us-tx.consumer_reporting_agencies', '§ 521.053(h) CRAs (> 10,000)', 10000, 10001),
  {
    // SB 768 in force 2023-09-01: Fri 2023-09-01 10:00 CDT (15:00Z) + 30 days = Sun 2023-10-01 10:00 CDT = 15:00Z.
    title: 'SB 768: aware 2023-09-01 → AG within 30 days',
    rule: 'us-tx.attorney_general',
    input: { aware_at: '2023-09-01T15:00:00Z', risk_of_harm: 'high' },
    expected: { required: 'yes', limit: '2023-10-01T15:00:00.000Z' },
  },
  {
    title: 'SB 768: aware 2023-08-31 → the 30-day rule is not yet in force',
    rule: 'us-tx.attorney_general',
    input: { aware_at: '2023-08-31T15:00:00Z', risk_of_harm: 'high' },
    expected: { required: 'absent' },
  },
]);

// ---------------------------------------------------------------------------------------------------------
// Florida — Fla. Stat. § 501.171. Harm exception after investigation and consultation with law enforcement (high);
// encryption safe harbor (high; key clause not confirmed); individuals no later than 30 days after determination
// (high); Department of Legal Affairs at 500 OR MORE, no later than 30 days (high); CRAs when MORE than 1,000 (high);
// third-party agents notify the covered entity within 10 days (medium).
// Base aware: Thu 2026-10-15 10:00 EDT = 14:00Z; + 30 days = Sat 2026-11-14 10:00 EST = 15:00Z; + 10 days = Sun
// 2026-10-25 10:00 EDT = 14:00Z.
// ---------------------------------------------------------------------------------------------------------
const FL30 = '2026-11-14T15:00:00.000Z';
const fl = suite('fl', 'Florida Fla. Stat. § 501.171', '2026-10-15T14:00:00Z', [
  ...core('fl', '§ 501.171(4)', { harm: 'exception', keyLoss: null, deadline: { limit: FL30 } }),
  // § 501.171(1)(g)1.b: user name or email + password or security Q&A.
  combo('fl', '§ 501.171(1)(g)1.b email + password', ['email', 'password_plain'], 'yes'),
  combo('fl', '§ 501.171(1)(g)1.a name + passport', ['name', 'passport'], 'yes'),
  ...threshold('fl', 'us-fl.department_of_legal_affairs', '§ 501.171(3) Dept. of Legal Affairs (≥ 500)', 499, 500, {
    required: 'yes',
    limit: FL30,
  }),
  ...threshold('fl', 'us-fl.consumer_reporting_agencies', '§ 501.171(5) CRAs (> 1,000)', 1000, 1001),
  ...processor('fl', '§ 501.171(6) third-party agent → covered entity within 10 days', { limit: '2026-10-25T14:00:00.000Z' }),
]);

// ---------------------------------------------------------------------------------------------------------
// Washington — RCW 19.255.010 (HB 1071, 2020-03-01). Harm exception (not reasonably likely to subject consumers to a
// risk of harm, high); encryption lost with the key (high); no more than 30 calendar days after discovery (high);
// AG when MORE than 500 residents, within 30 days after discovery (high). Date of birth with a name counts (high).
// Base aware: Fri 2026-03-06 10:00 PST = 18:00Z; + 30 days = Sun 2026-04-05 10:00 PDT = 17:00Z.
// ---------------------------------------------------------------------------------------------------------
const WA30 = '2026-04-05T17:00:00.000Z';
const wa = suite('wa', 'Washington RCW 19.255.010', '2026-03-06T18:00:00Z', [
  ...core('wa', 'RCW 19.255.010(1)', { harm: 'exception', keyLoss: true, deadline: { limit: WA30 } }),
  combo('wa', 'RCW 19.255.005(2)(a) name + date of birth', ['name', 'date_of_birth'], 'yes'),
  combo('wa', 'RCW 19.255.005(2)(b) username + password', ['username', 'password_plain'], 'yes'),
  ...threshold('wa', 'us-wa.attorney_general', 'RCW 19.255.010(7) AG (> 500)', 500, 501, { required: 'yes', limit: WA30 }),
]);

// ---------------------------------------------------------------------------------------------------------
// Colorado — C.R.S. § 6-1-716. Harm exception (misuse not reasonably likely, high); encryption lost with the key
// (high); no later than 30 days after determination (high); AG at 500 OR MORE, within 30 days (high); CRAs at
// 1,000 OR MORE (medium). Account number + code counts without a name; credentials count (high).
// Base aware: Mon 2026-03-02 09:00 MST = 16:00Z; + 30 days = Wed 2026-04-01 09:00 MDT = 15:00Z.
// ---------------------------------------------------------------------------------------------------------
const CO30 = '2026-04-01T15:00:00.000Z';
const co = suite('co', 'Colorado C.R.S. § 6-1-716', '2026-03-02T16:00:00Z', [
  ...core('co', '§ 6-1-716(2)', { harm: 'exception', keyLoss: true, deadline: { limit: CO30 } }),
  combo('co', '§ 6-1-716(1)(g)(I)(B) card number + security code, no name', ['card_pan', 'card_cvv'], 'yes'),
  combo('co', '§ 6-1-716(1)(g)(I)(B) email + password', ['email', 'password_plain'], 'yes'),
  ...threshold('co', 'us-co.attorney_general', '§ 6-1-716(2)(f) AG (≥ 500)', 499, 500, { required: 'yes', limit: CO30 }),
  ...threshold('co', 'us-co.consumer_reporting_agencies', '§ 6-1-716(2)(d) CRAs (≥ 1,000)', 999, 1000),
]);

// ---------------------------------------------------------------------------------------------------------
// Massachusetts — M.G.L. ch. 93H § 3. Notice on a substantial risk of identity theft or fraud, or known
// unauthorized acquisition/use (high); encryption lost with the key (medium); as soon as practicable, no day count
// (high); AG and OCABR for any breach (high); CRAs named by OCABR, no number (medium). Account or card number counts
// without a code (high); no online-credential element (high). The notice must not state the nature of the breach
// or the number of residents affected (high). Base aware: Mon 2026-03-02 10:00 EST = 15:00Z.
// ---------------------------------------------------------------------------------------------------------
const ma = suite('ma', 'Massachusetts M.G.L. ch. 93H § 3', '2026-03-02T15:00:00Z', [
  ...core('ma', 'ch. 93H § 3', { harm: 'exception', keyLoss: true, deadline: NO_DAYS }),
  combo('ma', 'ch. 93H § 1 name + bank account, no code', ['name', 'bank_account'], 'yes'),
  combo('ma', 'ch. 93H § 1 no credential element: email + password', ['email', 'password_plain'], 'no'),
  anyNumber('ma', 'us-ma.attorney_general', 'ch. 93H § 3(b) AG'),
  anyNumber('ma', 'us-ma.ocabr', 'ch. 93H § 3(b) OCABR'),
  anyNumber('ma', 'us-ma.consumer_reporting_agencies', 'ch. 93H § 3(b) CRAs named by OCABR'),
  {
    title: 'ch. 93H § 3(b): the notice must not state the number of residents affected',
    rule: 'us-ma.individuals',
    input: { risk_of_harm: 'high' },
    expected: { required: 'yes', mustNot: /number of Massachusetts residents/i },
  },
  {
    title: 'ch. 93H § 3(b): the notice must not describe the nature of the breach',
    rule: 'us-ma.individuals',
    input: { risk_of_harm: 'high' },
    expected: { required: 'yes', mustNot: /nature of the breach/i },
  },
]);

// ---------------------------------------------------------------------------------------------------------
// Illinois — 815 ILCS 530/10 (AG notice added by P.A. 101-0343, in force 2020-01-01). No risk-of-harm exception
// (medium); encryption lost with the key (high); most expedient time, no day count (high); AG when MORE than 500
// residents (high). Account or card number counts without a code; credentials count (high). The notice must not
// state the number of Illinois residents affected (reference notes, confirmed).
// Base aware: Mon 2026-03-02 09:00 CST = 15:00Z.
// ---------------------------------------------------------------------------------------------------------
const il = suite('il', 'Illinois 815 ILCS 530/10', '2026-03-02T15:00:00Z', [
  ...core('il', '530/10(a)', { harm: 'none', keyLoss: true, deadline: NO_DAYS }),
  combo('il', '530/5 name + card number, no code', ['name', 'card_pan'], 'yes'),
  combo('il', '530/5 email + password', ['email', 'password_plain'], 'yes'),
  combo('il', '530/5 name + medical information', ['name', 'health'], 'yes'),
  ...threshold('il', 'us-il.attorney_general', '530/10(e) AG (> 500)', 500, 501),
  {
    title: '530/10(a): the notice must not state the number of Illinois residents affected',
    rule: 'us-il.individuals',
    expected: { required: 'yes', mustNot: /number of Illinois residents/i },
  },
  {
    // P.A. 101-0343 in force 2020-01-01: Wed 2020-01-01 12:00 CST = 18:00Z.
    title: 'P.A. 101-0343: aware 2020-01-01 → AG notice in force',
    rule: 'us-il.attorney_general',
    input: { aware_at: '2020-01-01T18:00:00Z' },
    expected: { required: 'yes' },
  },
  {
    // Tue 2019-12-31 06:00 CST = 12:00Z: before P.A. 101-0343.
    title: 'P.A. 101-0343: aware 2019-12-31 → no AG notice yet',
    rule: 'us-il.attorney_general',
    input: { aware_at: '2019-12-31T12:00:00Z' },
    expected: { required: 'absent' },
  },
]);

// ---------------------------------------------------------------------------------------------------------
// New Jersey — N.J.S.A. 56:8-163. Harm exception (misuse not reasonably possible, high); encryption safe harbor
// (high; key clause not confirmed); most expedient time, no day count (high); Division of State Police before the
// residents, any number (high); CRAs when MORE than 1,000 (high). Account number only with its code (high).
// Base aware: Mon 2026-11-02 09:00 EST = 14:00Z (the day after DST ended).
// ---------------------------------------------------------------------------------------------------------
const nj = suite('nj', 'New Jersey N.J.S.A. 56:8-163', '2026-11-02T14:00:00Z', [
  ...core('nj', '56:8-163(a)', { harm: 'exception', keyLoss: null, deadline: NO_DAYS }),
  combo('nj', '56:8-161 name + bank account, no code', ['name', 'bank_account'], 'no'),
  combo('nj', '56:8-161 name + bank account + access code', ['name', 'bank_account', 'password_plain'], 'yes'),
  combo('nj', '56:8-161 email + password', ['email', 'password_plain'], 'yes'),
  anyNumber('nj', 'us-nj.state_police', '56:8-163(c)(1) State Police'),
  ...threshold('nj', 'us-nj.consumer_reporting_agencies', '56:8-163(f) CRAs (> 1,000)', 1000, 1001),
]);

// ---------------------------------------------------------------------------------------------------------
// Pennsylvania — 73 P.S. §§ 2301–2330, Act 33 of 2024 (in force 2024-09-26). Harm element (loss or injury, medium);
// encryption lost with the key (medium); without unreasonable delay, no day count (high); AG concurrently when MORE
// than 500 residents (high, from Act 33); CRAs at 500 OR MORE (medium, from Act 33; before: more than 1,000).
// Base aware: Mon 2026-03-02 10:00 EST = 15:00Z.
// ---------------------------------------------------------------------------------------------------------
const pa = suite('pa', 'Pennsylvania 73 P.S. § 2303 (Act 33 of 2024)', '2026-03-02T15:00:00Z', [
  ...core('pa', '73 P.S. § 2303', { harm: 'exception', keyLoss: true, deadline: NO_DAYS }),
  combo('pa', '73 P.S. § 2302 email + password', ['email', 'password_plain'], 'yes'),
  ...threshold('pa', 'us-pa.attorney_general', 'Act 33 AG (> 500)', 500, 501),
  ...threshold('pa', 'us-pa.consumer_reporting_agencies', 'Act 33 CRAs (≥ 500)', 499, 500),
  {
    // Act 33 in force 2024-09-26: Thu 2024-09-26 12:00 EDT = 16:00Z.
    title: 'Act 33: aware 2024-09-26 → AG notice (501 residents)',
    rule: 'us-pa.attorney_general',
    input: { aware_at: '2024-09-26T16:00:00Z', risk_of_harm: 'high', affected: aff('pa', 501, ['name', 'ssn']) },
    expected: { required: 'yes' },
  },
  {
    title: 'Act 33: aware 2024-09-25 → no AG notice yet',
    rule: 'us-pa.attorney_general',
    input: { aware_at: '2024-09-25T16:00:00Z', risk_of_harm: 'high', affected: aff('pa', 5000, ['name', 'ssn']) },
    expected: { required: 'absent' },
  },
  {
    title: 'before Act 33: aware 2024-09-25, 1,000 residents → no CRA notice',
    rule: 'us-pa.consumer_reporting_agencies_pre_act33',
    input: { aware_at: '2024-09-25T16:00:00Z', risk_of_harm: 'high', affected: aff('pa', 1000, ['name', 'ssn']) },
    expected: { required: 'no' },
  },
  {
    title: 'before Act 33: aware 2024-09-25, 1,001 residents → CRA notice',
    rule: 'us-pa.consumer_reporting_agencies_pre_act33',
    input: { aware_at: '2024-09-25T16:00:00Z', risk_of_harm: 'high', affected: aff('pa', 1001, ['name', 'ssn']) },
    expected: { required: 'yes' },
  },
]);

// ---------------------------------------------------------------------------------------------------------
// Ohio — R.C. § 1349.19. Material risk of identity theft or fraud (high); encryption safe harbor (high; key clause
// not confirmed); most expedient time, no later than 45 days after discovery (high); no regulator (high); CRAs when
// MORE than 1,000 (high). Account number only with its code; no credential element (high).
// Base aware: Thu 2026-10-01 09:00 EDT = 13:00Z; + 45 days (Oct 1 + 30 = Oct 31, + 15) = Sun 2026-11-15 09:00 EST
// = 14:00Z.
// ---------------------------------------------------------------------------------------------------------
const oh = suite('oh', 'Ohio R.C. § 1349.19', '2026-10-01T13:00:00Z', [
  ...core('oh', '§ 1349.19(B)', { harm: 'exception', keyLoss: null, deadline: { limit: '2026-11-15T14:00:00.000Z' } }),
  combo('oh', '§ 1349.19(A)(7) name + bank account, no code', ['name', 'bank_account'], 'no'),
  combo('oh', '§ 1349.19(A)(7) no credential element: email + password', ['email', 'password_plain'], 'no'),
  ...threshold('oh', 'us-oh.consumer_reporting_agencies', '§ 1349.19(G) CRAs (> 1,000)', 1000, 1001),
]);

// ---------------------------------------------------------------------------------------------------------
// Georgia — O.C.G.A. § 10-1-912. No risk-of-harm exception (medium); encryption safe harbor (high); most expedient
// time, no day count (high); no regulator (medium); CRAs when MORE than 10,000 (high); vendors notify within 24 hours
// of discovery (high). Account number counts without a code (high). (Who the law covers is disputed: medium.)
// Base aware: Sat 2026-03-07 15:00 EST = 20:00Z; + 24 hours exact = 2026-03-08T20:00Z (16:00 EDT, DST began).
// ---------------------------------------------------------------------------------------------------------
const ga = suite('ga', 'Georgia O.C.G.A. § 10-1-912', '2026-03-07T20:00:00Z', [
  ...core('ga', '§ 10-1-912(a)', { harm: 'none', keyLoss: null, deadline: NO_DAYS }),
  combo('ga', '§ 10-1-911(6) name + bank account, no code', ['name', 'bank_account'], 'yes'),
  ...threshold('ga', 'us-ga.consumer_reporting_agencies', '§ 10-1-912(d) CRAs (> 10,000)', 10000, 10001),
  ...processor('ga', '§ 10-1-912(b) vendor → broker/collector within 24 hours', { kind: 'fixed', due_at: '2026-03-08T20:00:00.000Z' }),
]);

// ---------------------------------------------------------------------------------------------------------
// Arizona — A.R.S. § 18-552. Harm exception (substantial economic loss not reasonably likely, medium); encryption
// safe harbor (high; key clause not confirmed); within 45 days after determining a breach (high); AG and Department
// of Homeland Security (added 2022-07-22) when MORE than 1,000 residents, same 45 days (high); CRAs when MORE than
// 1,000 (high); GLBA and HIPAA entities exempt (high).
// Base aware: Mon 2026-03-02 09:00 MST = 16:00Z; Arizona keeps no DST, so + 45 days = Thu 2026-04-16 09:00 MST = 16:00Z.
// ---------------------------------------------------------------------------------------------------------
const AZ45 = '2026-04-16T16:00:00.000Z';
const az = suite('az', 'Arizona A.R.S. § 18-552', '2026-03-02T16:00:00Z', [
  ...core('az', '§ 18-552(B)', { harm: 'exception', keyLoss: null, deadline: { limit: AZ45 } }),
  combo('az', '§ 18-551(11)(b) email + password', ['email', 'password_plain'], 'yes'),
  combo('az', '§ 18-551(11)(a) name + passport', ['name', 'passport'], 'yes'),
  ...threshold('az', 'us-az.attorney_general', '§ 18-552(B)(2) AG (> 1,000)', 1000, 1001, { required: 'yes', limit: AZ45 }),
  ...threshold('az', 'us-az.homeland_security', '§ 18-552(B)(2) AZDOHS (> 1,000)', 1000, 1001, { required: 'yes', limit: AZ45 }),
  ...threshold('az', 'us-az.consumer_reporting_agencies', '§ 18-552(B)(1) CRAs (> 1,000)', 1000, 1001),
  {
    title: 'AZDOHS recipient: aware 2022-07-21 → not yet',
    rule: 'us-az.homeland_security',
    input: { aware_at: '2022-07-21T19:00:00Z', risk_of_harm: 'high', affected: aff('az', 2000, ['name', 'ssn']) },
    expected: { required: 'absent' },
  },
  {
    title: 'AZDOHS recipient: aware 2022-07-22 12:00 MST → yes',
    rule: 'us-az.homeland_security',
    input: { aware_at: '2022-07-22T19:00:00Z', risk_of_harm: 'high', affected: aff('az', 2000, ['name', 'ssn']) },
    expected: { required: 'yes' },
  },
  {
    title: '§ 18-552(L) GLBA financial institution → exempt',
    rule: 'us-az.individuals',
    input: { entity: { countries: ['US'], financial_institution: true } },
    expected: { required: 'absent' },
  },
  {
    title: '§ 18-552(L) HIPAA covered entity → exempt',
    rule: 'us-az.individuals',
    input: { entity: { countries: ['US'], hipaa: 'covered_entity' } },
    expected: { required: 'absent' },
  },
]);

// ---------------------------------------------------------------------------------------------------------
// Oregon — ORS 646A.604. Harm exception (no reasonable likelihood of harm, high); encryption lost with the key
// (high); no later than 45 days after discovery (high); AG when MORE than 250 consumers (high); CRAs when MORE than
// 1,000 (medium); vendors notify the covered entity within 10 days (high).
// Base aware: Mon 2026-03-02 09:00 PST = 17:00Z; + 45 days = Thu 2026-04-16 09:00 PDT = 16:00Z.
// ---------------------------------------------------------------------------------------------------------
const or = suite('or', 'Oregon ORS 646A.604', '2026-03-02T17:00:00Z', [
  ...core('or', 'ORS 646A.604(3)', { harm: 'exception', keyLoss: true, deadline: { limit: '2026-04-16T16:00:00.000Z' } }),
  combo('or', 'ORS 646A.602(12)(a)(B) username + password', ['username', 'password_plain'], 'yes'),
  ...threshold('or', 'us-or.attorney_general', 'ORS 646A.604(1)(b) AG (> 250)', 250, 251),
  ...threshold('or', 'us-or.consumer_reporting_agencies', 'ORS 646A.604(6) CRAs (> 1,000)', 1000, 1001),
  {
    // ORS 646A.604(2): vendor within 10 days of discovery. Wed 2026-10-28 09:00 PDT (16:00Z) + 10 days = Sat
    // 2026-11-07 09:00 PST = 17:00Z.
    title: 'ORS 646A.604(2) vendor → covered entity within 10 days, across the end of DST',
    rule: 'us-or.owner',
    input: { aware_at: '2026-10-28T16:00:00Z', entity: { countries: ['US'], role: 'processor' } },
    expected: { required: 'yes', limit: '2026-11-07T17:00:00.000Z' },
  },
  // ORS 646A.604(1)(b): a vendor itself notifies the AG when MORE than 250 consumers are affected (reference note, high).
  ...threshold('or', 'us-or.attorney_general_vendor', 'ORS 646A.604(1)(b) vendor → AG (> 250)', 250, 251).map((r) => ({
    ...r,
    input: { ...r.input, entity: { countries: ['US'], role: 'processor' as const } },
  })),
]);

// ---------------------------------------------------------------------------------------------------------
// Connecticut — C.G.S. § 36a-701b (PA 21-59, in force 2021-10-01). Harm exception (high); encryption safe harbor
// (high; key clause not confirmed); without unreasonable delay, no later than 60 days after discovery (high, from
// PA 21-59); AG no later than the residents, any number (high).
// Base aware: Mon 2026-03-02 10:00 EST = 15:00Z; + 60 days = Fri 2026-05-01 10:00 EDT = 14:00Z.
// ---------------------------------------------------------------------------------------------------------
const ct = suite('ct', 'Connecticut C.G.S. § 36a-701b', '2026-03-02T15:00:00Z', [
  ...core('ct', '§ 36a-701b(b)', { harm: 'exception', keyLoss: null, deadline: { limit: '2026-05-01T14:00:00.000Z' } }),
  combo('ct', '§ 36a-701b(a) email + password', ['email', 'password_plain'], 'yes'),
  combo('ct', '§ 36a-701b(a) name + medical information', ['name', 'health'], 'yes'),
  anyNumber('ct', 'us-ct.attorney_general', '§ 36a-701b(b)(2) AG'),
  {
    // PA 21-59 in force 2021-10-01: Fri 10:00 EDT (14:00Z) + 60 days = Tue 2021-11-30 10:00 EST = 15:00Z.
    title: 'PA 21-59: aware 2021-10-01 → 60 days',
    rule: 'us-ct.individuals',
    input: { aware_at: '2021-10-01T14:00:00Z', risk_of_harm: 'high' },
    expected: { required: 'yes', limit: '2021-11-30T15:00:00.000Z' },
  },
  {
    // Before PA 21-59 the limit was 90 days after discovery (P.A. 18-90). Wed 2021-09-15 10:00 EDT (14:00Z) + 90 days
    // (Sep 15 + 15 = Sep 30, + 31 = Oct 31, + 30 = Nov 30, + 14) = Tue 2021-12-14 10:00 EST = 15:00Z.
    title: 'before PA 21-59: aware 2021-09-15 → the 60-day limit does not apply yet (90 days)',
    rule: 'us-ct.individuals_pre_pa21_59',
    input: { aware_at: '2021-09-15T14:00:00Z', risk_of_harm: 'high' },
    expected: { required: 'yes', limit: '2021-12-14T15:00:00.000Z' },
  },
]);

// ---------------------------------------------------------------------------------------------------------
// Maryland — Md. Com. Law § 14-3504 (HB 962, 2022-10-01). Harm exception (likelihood of misuse, high); encryption
// safe harbor (high; key clause not confirmed); as soon as reasonably practicable, no later than 45 days (high; clock
// start disputed, counted here from discovery); AG before the residents, any number (high); CRAs at 1,000 OR MORE
// (medium). Base aware: Tue 2026-10-20 10:00 EDT = 14:00Z; + 45 days (Oct 20 + 11 = Oct 31, + 30 = Nov 30, + 4) =
// Fri 2026-12-04 10:00 EST = 15:00Z.
// ---------------------------------------------------------------------------------------------------------
const md = suite('md', 'Maryland Com. Law § 14-3504', '2026-10-20T14:00:00Z', [
  ...core('md', '§ 14-3504(c)', { harm: 'exception', keyLoss: null, deadline: { limit: '2026-12-04T15:00:00.000Z' } }),
  combo('md', '§ 14-3501(e)(1)(ii) email + password', ['email', 'password_plain'], 'yes'),
  combo('md', '§ 14-3501(e)(1)(i) name + passport', ['name', 'passport'], 'yes'),
  anyNumber('md', 'us-md.attorney_general', '§ 14-3504(h) AG'),
  ...threshold('md', 'us-md.consumer_reporting_agencies', '§ 14-3506 CRAs (≥ 1,000)', 999, 1000),
]);

// ---------------------------------------------------------------------------------------------------------
// Virginia — Va. Code § 18.2-186.6. Notice only if the breach causes or is reasonably believed to cause identity
// theft or other fraud (high); encryption lost with the key (high); without unreasonable delay, no day count (high);
// AG for any breach (high); CRAs when MORE than 1,000 at one time (high). No credential element; medical
// information is a separate statute (§ 32.1-127.1:05), not this one (high).
// Base aware: Mon 2026-03-02 10:00 EST = 15:00Z.
// ---------------------------------------------------------------------------------------------------------
const va = suite('va', 'Virginia Va. Code § 18.2-186.6', '2026-03-02T15:00:00Z', [
  ...core('va', '§ 18.2-186.6(B)', { harm: 'exception', keyLoss: true, deadline: NO_DAYS }),
  combo('va', '§ 18.2-186.6(A) name + passport', ['name', 'passport'], 'yes'),
  combo('va', '§ 18.2-186.6(A) no credential element: email + password', ['email', 'password_plain'], 'no'),
  combo('va', '§ 18.2-186.6(A) medical information is not in this statute', ['name', 'health'], 'no'),
  anyNumber('va', 'us-va.attorney_general', '§ 18.2-186.6(B) AG'),
  ...threshold('va', 'us-va.consumer_reporting_agencies', '§ 18.2-186.6(E) CRAs (> 1,000)', 1000, 1001),
]);

// ---------------------------------------------------------------------------------------------------------
// North Carolina — N.C.G.S. § 75-65. Illegal use or material risk of harm (high); encryption lost with the key
// (high); without unreasonable delay, no day count (high); AG Consumer Protection Division for any breach (high);
// CRAs when MORE than 1,000 at one time (medium). Base aware: Mon 2026-03-02 10:00 EST = 15:00Z.
// ---------------------------------------------------------------------------------------------------------
const nc = suite('nc', 'North Carolina N.C.G.S. § 75-65', '2026-03-02T15:00:00Z', [
  ...core('nc', '§ 75-65(a)', { harm: 'exception', keyLoss: true, deadline: NO_DAYS }),
  combo('nc', '§ 14-113.20(b) name + passport', ['name', 'passport'], 'yes'),
  anyNumber('nc', 'us-nc.attorney_general', '§ 75-65(e1) AG'),
  ...threshold('nc', 'us-nc.consumer_reporting_agencies', '§ 75-65(f) CRAs (> 1,000)', 1000, 1001),
]);

// ---------------------------------------------------------------------------------------------------------
// Michigan — MCL § 445.72. Substantial loss or injury or identity theft likely (high); encryption lost with the key
// (high); without unreasonable delay, no day count (high); no regulator (high); CRAs when MORE than 1,000 (medium).
// Account number only with its code; no credential element (high). Base aware: Mon 2026-03-02 10:00 EST = 15:00Z.
// ---------------------------------------------------------------------------------------------------------
const mi = suite('mi', 'Michigan MCL § 445.72', '2026-03-02T15:00:00Z', [
  ...core('mi', '§ 445.72(1)', { harm: 'exception', keyLoss: true, deadline: NO_DAYS }),
  combo('mi', '§ 445.63(r) name + bank account, no code', ['name', 'bank_account'], 'no'),
  combo('mi', '§ 445.63(r) name + card number + security code', ['name', 'card_pan', 'card_cvv'], 'yes'),
  combo('mi', '§ 445.63(r) no credential element: email + password', ['email', 'password_plain'], 'no'),
  ...threshold('mi', 'us-mi.consumer_reporting_agencies', '§ 445.72(8) CRAs (> 1,000)', 1000, 1001),
]);

// ---------------------------------------------------------------------------------------------------------
// Minnesota — Minn. Stat. § 325E.61. No risk-of-harm exception (high); encryption lost with the key (high); most
// expedient time, no day count (high); no regulator (medium); CRAs within 48 hours when MORE than 500 at one time
// (high); not applicable to GLBA financial institutions (high).
// Base aware: Sat 2026-03-07 12:00 CST = 18:00Z; + 48 hours exact = 2026-03-09T18:00Z (13:00 CDT, DST began 03-08).
// ---------------------------------------------------------------------------------------------------------
const mn = suite('mn', 'Minnesota Minn. Stat. § 325E.61', '2026-03-07T18:00:00Z', [
  ...core('mn', '§ 325E.61 subd. 1', { harm: 'none', keyLoss: true, deadline: NO_DAYS }),
  ...threshold('mn', 'us-mn.consumer_reporting_agencies', '§ 325E.61 subd. 2 CRAs (> 500)', 500, 501, {
    required: 'yes',
    kind: 'fixed',
    due_at: '2026-03-09T18:00:00.000Z',
  }),
  {
    title: '§ 325E.61 subd. 4: a GLBA financial institution is outside the law',
    rule: 'us-mn.individuals',
    input: { entity: { countries: ['US'], financial_institution: true } },
    expected: { required: 'absent' },
  },
]);

// ---------------------------------------------------------------------------------------------------------
// District of Columbia — D.C. Code § 28-3852 (2020 amendments). Not a breach if, after investigation and consulting
// the OAG and federal law enforcement, harm is not likely (high); encryption safe harbor (high; key clause not
// confirmed); most expedient time, no day count (high); OAG at 50 OR MORE residents (high); CRAs when MORE than 1,000
// (high). Any personal identifier (e.g. phone number) stands in for the name; credentials count (high).
// Base aware: Mon 2026-11-02 09:00 EST = 14:00Z.
// ---------------------------------------------------------------------------------------------------------
const dc = suite('dc', 'District of Columbia D.C. Code § 28-3852', '2026-11-02T14:00:00Z', [
  ...core('dc', '§ 28-3852(a)', { harm: 'exception', keyLoss: null, deadline: NO_DAYS }),
  combo('dc', '§ 28-3851(3) phone number (identifier) + SSN, no name', ['phone', 'ssn'], 'yes'),
  combo('dc', '§ 28-3851(3)(B) email + password', ['email', 'password_plain'], 'yes'),
  ...threshold('dc', 'us-dc.attorney_general', '§ 28-3852(b-1) OAG (≥ 50)', 49, 50),
  ...threshold('dc', 'us-dc.consumer_reporting_agencies', '§ 28-3852(c) CRAs (> 1,000)', 1000, 1001),
]);

// ---------------------------------------------------------------------------------------------------------
// Puerto Rico — 10 L.P.R.A. §§ 4051–4055 (Law 111-2005). No risk-of-harm exception (medium); encryption safe harbor
// (high; key clause not confirmed); as expeditiously as possible, no day count (high); DACO within a non-extendable
// 10 days after detection, any number (high); no CRA duty (high). Account number counts without a code; a username +
// password counts only with the name (high).
// Base aware: Mon 2026-03-02 11:00 AST = 15:00Z; Puerto Rico keeps no DST, so + 10 days = Thu 2026-03-12 11:00 AST = 15:00Z.
// ---------------------------------------------------------------------------------------------------------
const pr = suite('pr', 'Puerto Rico 10 L.P.R.A. § 4052', '2026-03-02T15:00:00Z', [
  ...core('pr', '§ 4052', { harm: 'none', keyLoss: null, deadline: NO_DAYS }),
  combo('pr', '§ 4051(a) name + bank account, no code', ['name', 'bank_account'], 'yes'),
  combo('pr', '§ 4051(a) name + username + password', ['name', 'username', 'password_plain'], 'yes'),
  combo('pr', '§ 4051(a) username + password without the name', ['username', 'password_plain'], 'no'),
  anyNumber('pr', 'us-pr.daco', '§ 4052 DACO', { kind: 'fixed', due_at: '2026-03-12T15:00:00.000Z' }),
  {
    title: '§ 4052 DACO: risk assessed none → still yes (no harm exception)',
    rule: 'us-pr.daco',
    input: { risk_of_harm: 'none' },
    expected: { required: 'yes' },
  },
]);

const suites: Suite[] = [ca, ny, tx, fl, wa, co, ma, il, nj, pa, oh, ga, az, or, ct, md, va, nc, mi, mn, dc, pr];

describe.each(suites)('scenarios: $name', (s) => {
  const live = s.rows.filter((r) => !r.bug);
  const bugs = s.rows.filter((r) => r.bug);
  it.each(live)('$title', (row) => check(row, s));
  if (bugs.length) it.skip.each(bugs)('$title', (row) => check(row, s));
});

describe('scenarios: regime-wide facts', () => {
  const large = (s: Suite) =>
    evaluate(
      [s.regime],
      scenarioSchema.parse({ ...s.base, risk_of_harm: 'high', affected: aff(s.regime.regime.slice(3), 50_000, ['name', 'ssn']) }),
    );

  it.each(suites.map((s) => ({ name: s.name, s })))('$name ignores residents of other states', ({ s }) => {
    const elsewhere = s === ca ? 'US-NV' : 'US-CA';
    const input = scenarioSchema.parse({ ...s.base, affected: [{ jurisdiction: elsewhere, count: 5000, data_types: ['name', 'ssn'] }] });
    expect(evaluate([s.regime], input)).toEqual([]);
  });

  it.each([
    // Reference regulator_notice.required "none": Ohio § 1349.19 (high), Michigan § 445.72 (high), Minnesota
    // § 325E.61 (medium; a claimed 2025 AG duty is unconfirmed), Georgia § 10-1-912 (medium).
    { s: oh },
    { s: mi },
    { s: mn },
    { s: ga },
  ])('$s.name: no regulator notice even for 50,000 residents', ({ s }) => {
    expect(large(s).filter((o) => o.recipient === 'regulator')).toEqual([]);
  });

  // Reference law_enforcement_delay true for all 22 (high, except IL, PA, MD, VA, MI, DC: medium): the resident
  // notice may be postponed while law enforcement asks, and the deadline text must say so.
  it.each(suites.map((s) => ({ name: s.name, s })))('$name: resident notice notes a law-enforcement delay', ({ s }) => {
    const result = evaluate([s.regime], scenarioSchema.parse({ ...s.base, risk_of_harm: 'high', law_enforcement_delay: true }));
    const residents = result.find((o) => o.recipient === 'individuals')!;
    expect(residents.law_enforcement_delay).toBe(true);
    expect(residents.deadline.rule).toMatch(/Law enforcement asked for a delay/);
  });

  it.each([
    // Reference cra_notice false: California § 1798.82 (medium), Puerto Rico (high).
    { s: ca },
    { s: pr },
  ])('$s.name: no consumer-reporting-agency notice even for 50,000 residents', ({ s }) => {
    expect(large(s).filter((o) => o.recipient === 'consumer_reporting_agencies')).toEqual([]);
  });
});

/**
 * Duties the law imposes that no rule in the data encodes: these need a new rule, so they cannot be a row of a
 * suite (rows name an existing rule id). Each states what the law requires.
 */
describe('scenarios: duties missing from the rules data', () => {
  const run = (s: Suite, over: Partial<ScenarioInput>) => evaluate([s.regime], scenarioSchema.parse({ ...s.base, ...over }));

  // Fixed data bug (us-ny.attorney_general_no_harm): GBL § 899-aa(2)(a) — when relying on the no-harm determination and MORE
  // than 500 NY residents are affected, the written determination goes to the AG within 10 days (reference
  // risk_of_harm_exception.documentation, high). Fix: add us-ny.attorney_general_no_harm with harm_standard
  // "no_harm_notice", min_affected 501, deadline fixed 10 calendar days (counted from the determination).
  it('New York: no-harm determination with 501 residents → written determination to the AG', () => {
    const notifyAg = (n: number) =>
      run(ny, { risk_of_harm: 'none', affected: aff('ny', n, ['name', 'ssn']) }).filter(
        (o) => o.recipient === 'regulator' && o.required === 'yes',
      );
    expect(notifyAg(500)).toEqual([]);
    expect(notifyAg(501).length).toBeGreaterThan(0);
  });

  // Fixed data bug (us-fl.department_of_legal_affairs_no_harm): Fla. Stat. § 501.171(4)(c) — a no-harm determination must be in writing,
  // kept 5 years and sent to the Department of Legal Affairs within 30 days (reference risk_of_harm_exception
  // .documentation, high), whatever the number. Fix: add us-fl.department_of_legal_affairs_no_harm with harm_standard
  // "no_harm_notice", min_affected 1, deadline fixed 30 calendar days.
  it('Florida: no-harm determination (100 residents) → written determination to the Department of Legal Affairs', () => {
    const result = run(fl, { risk_of_harm: 'none', affected: aff('fl', 100, ['name', 'ssn']) });
    expect(result.find((o) => o.rule_id === 'us-fl.individuals')!.required).toBe('no');
    expect(result.filter((o) => o.recipient === 'regulator' && o.required === 'yes').length).toBeGreaterThan(0);
  });

  // Fixed data bug (us-tx.attorney_general_pre_sb768): before SB 768 (in force 2023-09-01) the AG notice already applied at 250
  // or more residents, no later than 60 days after determining the breach (HB 4390, from 2020-01-01; reference
  // statute "AG deadline shortened by SB 768", high). Fix: add us-tx.attorney_general_pre_sb768 (effective_from
  // "2020-01-01", effective_to "2023-08-31", min_affected 250, without_delay with outer_limit 60 calendar days).
  // Aware Thu 2023-08-31 10:00 CDT (15:00Z) + 60 days = Mon 2023-10-30 10:00 CDT = 15:00Z (DST ended 2023-11-05).
  it('Texas: aware 2023-08-31, 300 residents → AG notice within 60 days (pre-SB 768)', () => {
    const ag = run(tx, { aware_at: '2023-08-31T15:00:00Z', risk_of_harm: 'high', affected: aff('tx', 300, ['name', 'ssn']) }).filter(
      (o) => o.recipient === 'regulator',
    );
    expect(ag).toHaveLength(1);
    expect(ag[0]!.required).toBe('yes');
    expect(ag[0]!.deadline.outer_limit_at ?? ag[0]!.deadline.due_at).toBe('2023-10-30T15:00:00.000Z');
  });
});
