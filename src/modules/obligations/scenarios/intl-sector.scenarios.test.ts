/**
 * Scenario tests: international privacy laws and US federal / sector / contract / EU cyber rules.
 *
 * Every expectation comes from the researched statute facts in /work/shared/reference/intl-federal.json
 * (and the sources cited there), NOT from the rules JSON: the point is to check that the rules data encodes
 * the law. Rows whose expectation the data contradicts are `it.skip` rows with a "DATA BUG" comment.
 *
 * Deadline conventions of the engine (docs/obligations.md): hours are exact elapsed time; calendar days and
 * months keep the local wall-clock time in the regime's time zone; business days skip weekends and the
 * regime calendar's public holidays. A "without undue delay" law has `due_at: null`.
 */
import { describe, expect, it } from 'vitest';
import { evaluate, type Obligation, type ScenarioInput, scenarioSchema } from '../obligations.engine.js';
import type { DataType } from '../../../contract/data-types.js';
import { loadRegimeFile } from '../rules.loader.js';
import type { Regime } from '../rules.schema.js';

const regimes = new Map<string, Regime>();
/** One regime file, parsed on its own (so these tests do not depend on every other file). */
function regime(dir: string, id: string): Regime {
  let r = regimes.get(id);
  if (!r) {
    r = loadRegimeFile(dir, id);
    regimes.set(id, r);
  }
  return r;
}

const g = (jurisdiction: string, count: number, ...data_types: DataType[]) => ({ jurisdiction, count, data_types });

type Expected =
  | 'absent' // the rule is not evaluated at all (not in force, entity condition off, other jurisdiction)
  | {
      required: Obligation['required'];
      kind?: Obligation['deadline']['kind'];
      due_at?: string | null;
      outer_limit_at?: string | null;
      depends_on?: string | null;
      law_enforcement_delay?: boolean;
      question?: RegExp;
    };
type Row = {
  name: string;
  /** A rule id; `<regime>.*` = every rule of the regime; `{ recipient }` = the strongest obligation to that recipient. */
  rule: string | { recipient: Obligation['recipient'] };
  over?: Partial<ScenarioInput>;
  expected: Expected;
  skip?: true;
};
type Suite = { id: string; dir: 'intl' | 'sector'; title: string; base: ScenarioInput; rows: Row[] };

const rank = { no: 0, decide: 1, yes: 2 } as const;

function check(suite: Suite, row: Row) {
  const over = row.over ?? {};
  const input = scenarioSchema.parse({ ...suite.base, ...over, entity: { ...suite.base.entity, ...over.entity } });
  const result = evaluate([regime(suite.dir, suite.id)], input);
  const ids = result.map((o) => o.rule_id);
  const rule = row.rule;
  if (typeof rule === 'string' && rule.endsWith('.*')) {
    expect(row.expected).toBe('absent');
    expect(ids.filter((id) => id.startsWith(rule.slice(0, -1)))).toEqual([]);
    return;
  }
  if (row.expected === 'absent') {
    expect(ids).not.toContain(rule);
    return;
  }
  const o =
    typeof rule === 'string'
      ? result.find((x) => x.rule_id === rule)
      : result.filter((x) => x.recipient === rule.recipient).sort((a, b) => rank[b.required] - rank[a.required])[0];
  expect(o, `${JSON.stringify(rule)} among ${ids.join(', ')}`).toBeDefined();
  const { question, ...want } = row.expected;
  const actual = {
    required: o!.required,
    kind: o!.deadline.kind,
    due_at: o!.deadline.due_at,
    outer_limit_at: o!.deadline.outer_limit_at,
    depends_on: o!.deadline.depends_on,
    law_enforcement_delay: o!.law_enforcement_delay,
  };
  expect(actual, o!.reason).toMatchObject(want);
  if (question) expect(o!.question).toMatch(question);
}

const decided = (rule: string, required: 'yes' | 'no') => ({ decisions: { [rule]: { required, rationale: 'scenario test' } } });

const suites: Suite[] = [
  {
    id: 'eu-gdpr',
    dir: 'intl',
    title: 'GDPR Arts 33-34',
    // Fri 2026-03-27 11:00 CET; EU summer time starts Sun 2026-03-29 01:00Z.
    base: {
      aware_at: '2026-03-27T10:00:00Z',
      entity: { countries: ['DE'] },
      affected: [g('DE', 1200, 'name', 'postal_address', 'iban'), g('FR', 300, 'name', 'email')],
    },
    rows: [
      // Art 33(1): 72 h from awareness, unless unlikely to result in a risk. 10:00Z + 72 elapsed hours = Mon
      // 2026-03-30 10:00Z (12:00 CEST): the DST change on the 29th does not move an hours deadline; weekends count.
      {
        name: 'Art 33(1): authority "decide" on risk while unknown, due 72 h exact across the DST change',
        rule: 'eu-gdpr.supervisory_authority',
        expected: { required: 'decide', kind: 'fixed', due_at: '2026-03-30T10:00:00.000Z', question: /likely to result in a risk/ },
      },
      {
        name: 'Art 33(1): unlikely to result in a risk → no authority notice',
        rule: 'eu-gdpr.supervisory_authority',
        over: { risk_of_harm: 'none' },
        expected: { required: 'no' },
      },
      {
        name: 'Art 33(1): a (not high) risk → authority yes, 72 h',
        rule: 'eu-gdpr.supervisory_authority',
        over: { risk_of_harm: 'low' },
        expected: { required: 'yes', due_at: '2026-03-30T10:00:00.000Z' },
      },
      // Art 34(1): individuals only for a high risk, "without undue delay", no fixed number of hours.
      {
        name: 'Art 34(1): individuals "decide" on high risk, no fixed day',
        rule: 'eu-gdpr.individuals',
        expected: { required: 'decide', kind: 'without_delay', due_at: null, question: /high risk/ },
      },
      {
        name: 'Art 34(1): risk not high → individuals no',
        rule: 'eu-gdpr.individuals',
        over: { risk_of_harm: 'low' },
        expected: { required: 'no' },
      },
      {
        name: 'Art 34(1): high risk → individuals yes, without undue delay',
        rule: 'eu-gdpr.individuals',
        over: { risk_of_harm: 'high' },
        expected: { required: 'yes', kind: 'without_delay', due_at: null },
      },
      // Art 34(3)(a): data rendered unintelligible (encryption) → no communication to individuals.
      {
        name: 'Art 34(3)(a): encrypted, key safe → individuals no',
        rule: 'eu-gdpr.individuals',
        over: { risk_of_harm: 'high', data_encrypted: true },
        expected: { required: 'no' },
      },
      {
        name: 'Art 34(3)(a): encrypted but key also taken → individuals yes',
        rule: 'eu-gdpr.individuals',
        over: { risk_of_harm: 'high', data_encrypted: true, key_compromised: true },
        expected: { required: 'yes' },
      },
      // Art 33 itself has no encryption exemption: encryption only feeds the risk assessment.
      {
        name: 'Art 33: no encryption exemption for the authority notice',
        rule: 'eu-gdpr.supervisory_authority',
        over: { risk_of_harm: 'low', data_encrypted: true },
        expected: { required: 'yes' },
      },
      // Art 4(1): any personal data; there is no list of covered elements, so name + email is still covered.
      {
        name: 'Art 4(1): name + email is personal data → still decided on the risk',
        rule: 'eu-gdpr.individuals',
        over: { affected: [g('FR', 10, 'name', 'email')] },
        expected: { required: 'decide' },
      },
      // Art 33(2): a processor notifies the controller without undue delay, not the authority.
      {
        name: 'Art 33(2): a processor tells its controller',
        rule: 'eu-gdpr.controller',
        over: { entity: { role: 'processor' } },
        expected: { required: 'yes', kind: 'without_delay', due_at: null },
      },
      {
        name: 'Art 33(2): a processor does not notify the authority itself',
        rule: 'eu-gdpr.supervisory_authority',
        over: { entity: { role: 'processor' } },
        expected: 'absent',
      },
    ],
  },
  {
    id: 'uk-gdpr',
    dir: 'intl',
    title: 'UK GDPR Arts 33-34 + PECR',
    // Fri 2026-10-23 17:00 BST; UK clocks go back Sun 2026-10-25 01:00Z.
    base: { aware_at: '2026-10-23T16:00:00Z', entity: { countries: ['GB'] }, affected: [g('GB', 800, 'name', 'email', 'date_of_birth')] },
    rows: [
      // ICO: 72 calendar hours including weekends and bank holidays. 16:00Z + 72 h = Mon 2026-10-26 16:00Z (16:00 GMT).
      {
        name: 'Art 33(1): ICO "decide" on risk, 72 h exact across the end of BST',
        rule: 'uk-gdpr.ico',
        expected: { required: 'decide', kind: 'fixed', due_at: '2026-10-26T16:00:00.000Z' },
      },
      // Christmas Day and Boxing Day do not stop the clock: Thu 2026-12-24 12:00Z + 72 h = Sun 2026-12-27 12:00Z.
      {
        name: 'ICO: the 72 hours run through bank holidays',
        rule: 'uk-gdpr.ico',
        over: { aware_at: '2026-12-24T12:00:00Z', risk_of_harm: 'low' },
        expected: { required: 'yes', due_at: '2026-12-27T12:00:00.000Z' },
      },
      {
        name: 'Art 33(1): unlikely to result in a risk → no ICO report',
        rule: 'uk-gdpr.ico',
        over: { risk_of_harm: 'none' },
        expected: { required: 'no' },
      },
      {
        name: 'Art 34(1): individuals "decide" on high risk, no fixed day',
        rule: 'uk-gdpr.individuals',
        expected: { required: 'decide', kind: 'without_delay', due_at: null },
      },
      {
        name: 'Art 34(1): risk not high → individuals no',
        rule: 'uk-gdpr.individuals',
        over: { risk_of_harm: 'low' },
        expected: { required: 'no' },
      },
      {
        name: 'Art 34(1): high risk → individuals yes',
        rule: 'uk-gdpr.individuals',
        over: { risk_of_harm: 'high' },
        expected: { required: 'yes' },
      },
      {
        name: 'Art 34(3)(a): encrypted, key safe → individuals no',
        rule: 'uk-gdpr.individuals',
        over: { risk_of_harm: 'high', data_encrypted: true },
        expected: { required: 'no' },
      },
      {
        name: 'Art 34(3)(a): key also taken → individuals yes',
        rule: 'uk-gdpr.individuals',
        over: { risk_of_harm: 'high', data_encrypted: true, key_compromised: true },
        expected: { required: 'yes' },
      },
      {
        name: 'Art 4(1): name + email is personal data → ICO still decided on risk',
        rule: 'uk-gdpr.ico',
        over: { affected: [g('GB', 5, 'name', 'email')] },
        expected: { required: 'decide' },
      },
      // PECR (ICO privacy notice): public electronic communications providers report ANY breach within 24 h.
      {
        name: 'PECR: telecoms provider reports any breach to the ICO within 24 h',
        rule: 'uk-gdpr.ico_pecr',
        over: { entity: { industry: 'telecommunications' }, risk_of_harm: 'none' },
        expected: { required: 'yes', kind: 'fixed', due_at: '2026-10-24T16:00:00.000Z' },
      },
      { name: 'PECR: not a telecoms provider → no PECR report', rule: 'uk-gdpr.ico_pecr', expected: 'absent' },
    ],
  },
  {
    id: 'ch-nfadp',
    dir: 'intl',
    title: 'Swiss FADP Art 24',
    base: { aware_at: '2026-03-27T10:00:00Z', entity: { countries: ['CH'] }, affected: [g('CH', 400, 'name', 'health')] },
    rows: [
      // Art 24(1): FDPIC "as quickly as possible", only for a HIGH risk; no fixed hours.
      {
        name: 'Art 24(1): FDPIC "decide" on high risk, no fixed day',
        rule: 'ch-nfadp.fdpic',
        expected: { required: 'decide', kind: 'without_delay', due_at: null, question: /high risk/ },
      },
      {
        name: 'Art 24(1): a risk that is not high → no FDPIC report (stricter bar than GDPR Art 33)',
        rule: 'ch-nfadp.fdpic',
        over: { risk_of_harm: 'low' },
        expected: { required: 'no' },
      },
      {
        name: 'Art 24(1): high risk → FDPIC yes',
        rule: 'ch-nfadp.fdpic',
        over: { risk_of_harm: 'high' },
        expected: { required: 'yes', due_at: null },
      },
      // Art 24 has no encryption exemption; encryption only feeds the risk assessment.
      {
        name: 'Art 24: no encryption exemption for the FDPIC report',
        rule: 'ch-nfadp.fdpic',
        over: { risk_of_harm: 'high', data_encrypted: true },
        expected: { required: 'yes' },
      },
      // Art 24(4): individuals when needed for their protection or when the FDPIC asks.
      {
        name: 'Art 24(4): individuals "decide" (protection needed / FDPIC request)',
        rule: 'ch-nfadp.individuals',
        expected: { required: 'decide', kind: 'without_delay', due_at: null, question: /protection|FDPIC/ },
      },
      {
        name: 'Art 5(a): name + email is personal data → still decided on risk',
        rule: 'ch-nfadp.fdpic',
        over: { affected: [g('CH', 5, 'name', 'email')] },
        expected: { required: 'decide' },
      },
      // Fixed data bug: rules/intl/ch-nfadp.json ch-nfadp.fdpic, ch-nfadp.individuals, ch-nfadp.controller: no effective_from;
      // the revised FADP (and its Art 24 duty) is in force from 1 Sept 2023 (intl-federal.json ch-nfadp, high confidence;
      // lawbrary.ch DSG-v2023.09 Art 24). The 1992 FADP had no breach-notification duty. Add "effective_from": "2023-09-01".
      {
        name: 'in force 1 Sept 2023: aware 31 Aug 2023 → no FADP Art 24 duty',
        rule: 'ch-nfadp.*',
        over: { aware_at: '2023-08-31T12:00:00Z' },
        expected: 'absent',
      },
      {
        name: 'in force 1 Sept 2023: aware 1 Sept 2023 → FDPIC decide',
        rule: 'ch-nfadp.fdpic',
        over: { aware_at: '2023-09-01T12:00:00Z' },
        expected: { required: 'decide' },
      },
    ],
  },
  {
    id: 'ca-pipeda',
    dir: 'intl',
    title: 'PIPEDA ss.10.1-10.3',
    // Fri 2026-10-30 10:00 EDT; DST ends Sun 2026-11-01.
    base: {
      aware_at: '2026-10-30T14:00:00Z',
      entity: { countries: ['CA'] },
      affected: [g('CA-ON', 250, 'name', 'bank_account'), g('CA-BC', 50, 'name', 'email')],
    },
    rows: [
      // s.10.1(1)-(2): OPC "as soon as feasible" after determining the breach occurred, when RROSH.
      {
        name: 's.10.1(1): OPC "decide" on real risk of significant harm, no fixed day',
        rule: 'ca-pipeda.opc',
        expected: { required: 'decide', kind: 'without_delay', due_at: null, question: /real risk of significant harm/ },
      },
      { name: 's.10.1(1): no RROSH → no OPC report', rule: 'ca-pipeda.opc', over: { risk_of_harm: 'low' }, expected: { required: 'no' } },
      {
        name: 's.10.1(1): RROSH → OPC yes',
        rule: 'ca-pipeda.opc',
        over: { risk_of_harm: 'high' },
        expected: { required: 'yes', due_at: null },
      },
      {
        name: 's.10.1(3): RROSH → individuals yes',
        rule: 'ca-pipeda.individuals',
        over: { risk_of_harm: 'high' },
        expected: { required: 'yes', kind: 'without_delay', due_at: null },
      },
      {
        name: 's.10.1(3): no risk → individuals no',
        rule: 'ca-pipeda.individuals',
        over: { risk_of_harm: 'none' },
        expected: { required: 'no' },
      },
      // No encryption safe harbour: encryption is only a factor of the RROSH assessment (s.10.1(8)).
      {
        name: 's.10.1(8): no encryption safe harbour',
        rule: 'ca-pipeda.individuals',
        over: { risk_of_harm: 'high', data_encrypted: true },
        expected: { required: 'yes' },
      },
      {
        name: 's.2: name + email is personal information → still decided on RROSH',
        rule: 'ca-pipeda.opc',
        over: { affected: [g('CA-ON', 5, 'name', 'email')] },
        expected: { required: 'decide' },
      },
      // Fixed data bug: rules/intl/ca-pipeda.json ca-pipeda.opc, ca-pipeda.individuals, ca-pipeda.mitigating_organizations: no
      // effective_from; the breach provisions and SOR/2018-64 apply from 1 Nov 2018 (intl-federal.json ca-pipeda "From 1 Nov
      // 2018", high confidence; dataprotectionreport.com 2018-04). Add "effective_from": "2018-11-01".
      {
        name: 'in force 1 Nov 2018: aware 31 Oct 2018 → no PIPEDA breach duty',
        rule: 'ca-pipeda.*',
        over: { aware_at: '2018-10-31T16:00:00Z' },
        expected: 'absent',
      },
      {
        name: 'in force 1 Nov 2018: aware 1 Nov 2018 → OPC decide',
        rule: 'ca-pipeda.opc',
        over: { aware_at: '2018-11-01T16:00:00Z' },
        expected: { required: 'decide' },
      },
    ],
  },
  {
    id: 'ca-qc-law25',
    dir: 'intl',
    title: 'Quebec P-39.1 ss.3.5-3.8 (Law 25)',
    base: { aware_at: '2026-10-30T14:00:00Z', entity: { countries: ['CA-QC'] }, affected: [g('CA-QC', 300, 'name', 'national_id')] },
    rows: [
      // s.3.5: CAI and persons "promptly" where there is a risk of serious injury (s.3.7 factors).
      {
        name: 's.3.5: CAI "decide" on risk of serious injury, no fixed day',
        rule: 'ca-qc-law25.cai',
        expected: { required: 'decide', kind: 'without_delay', due_at: null, question: /serious injury/ },
      },
      {
        name: 's.3.5: no serious injury → no CAI notice',
        rule: 'ca-qc-law25.cai',
        over: { risk_of_harm: 'low' },
        expected: { required: 'no' },
      },
      {
        name: 's.3.5: serious injury → CAI yes',
        rule: 'ca-qc-law25.cai',
        over: { risk_of_harm: 'high' },
        expected: { required: 'yes', due_at: null },
      },
      {
        name: 's.3.5: serious injury → persons concerned yes',
        rule: 'ca-qc-law25.individuals',
        over: { risk_of_harm: 'high' },
        expected: { required: 'yes', kind: 'without_delay' },
      },
      {
        name: 's.3.5: no risk → persons concerned no',
        rule: 'ca-qc-law25.individuals',
        over: { risk_of_harm: 'none' },
        expected: { required: 'no' },
      },
      // s.3.5: need not notify while it could hamper a criminal investigation.
      {
        name: 's.3.5: notice to persons may wait for a criminal investigation',
        rule: 'ca-qc-law25.individuals',
        over: { risk_of_harm: 'high', law_enforcement_delay: true },
        expected: { required: 'yes', law_enforcement_delay: true },
      },
      {
        name: 'Quebec only: Ontario residents → no Law 25 duty',
        rule: 'ca-qc-law25.*',
        over: { affected: [g('CA-ON', 300, 'name', 'national_id')] },
        expected: 'absent',
      },
      // Fixed data bug: rules/intl/ca-qc-law25.json ca-qc-law25.cai, ca-qc-law25.individuals: no effective_from; the incident
      // provisions (ss.3.5-3.8) are in force since 22 Sept 2022 (intl-federal.json ca-qc-law25, high confidence; Lexology
      // dc919e02). Add "effective_from": "2022-09-22".
      {
        name: 'in force 22 Sept 2022: aware 21 Sept 2022 → no s.3.5 duty',
        rule: 'ca-qc-law25.*',
        over: { aware_at: '2022-09-21T16:00:00Z' },
        expected: 'absent',
      },
      {
        name: 'in force 22 Sept 2022: aware 22 Sept 2022 → CAI decide',
        rule: 'ca-qc-law25.cai',
        over: { aware_at: '2022-09-22T16:00:00Z' },
        expected: { required: 'decide' },
      },
    ],
  },
  {
    id: 'au-ndb',
    dir: 'intl',
    title: 'Australia Privacy Act Part IIIC (NDB)',
    // Fri 2026-03-20 12:00 AEDT (UTC+11); Sydney DST ends Sun 2026-04-05 → AEST (UTC+10).
    base: {
      aware_at: '2026-03-20T01:00:00Z',
      entity: { countries: ['AU'] },
      affected: [g('AU', 2000, 'name', 'drivers_license', 'date_of_birth')],
    },
    rows: [
      // s.26WH(2): assessment within 30 days. 2026-03-20 12:00 AEDT + 30 calendar days = 2026-04-19 12:00 AEST = 02:00Z.
      {
        name: 's.26WH: 30-day assessment, wall clock kept across the end of AEDT',
        rule: 'au-ndb.assessment',
        expected: { required: 'yes', kind: 'fixed', due_at: '2026-04-19T02:00:00.000Z' },
      },
      // s.26WK(2): OAIC "as soon as practicable" for an eligible data breach (likely serious harm, s.26WE).
      {
        name: 's.26WK: OAIC "decide" on likely serious harm, no fixed day',
        rule: 'au-ndb.oaic',
        expected: { required: 'decide', kind: 'without_delay', due_at: null, question: /serious harm/ },
      },
      {
        name: 's.26WE: serious harm not likely → no OAIC statement',
        rule: 'au-ndb.oaic',
        over: { risk_of_harm: 'low' },
        expected: { required: 'no' },
      },
      {
        name: 's.26WK: likely serious harm → OAIC yes',
        rule: 'au-ndb.oaic',
        over: { risk_of_harm: 'high' },
        expected: { required: 'yes', due_at: null },
      },
      {
        name: 's.26WL(3): likely serious harm → individuals yes, as soon as practicable',
        rule: 'au-ndb.individuals',
        over: { risk_of_harm: 'high' },
        expected: { required: 'yes', kind: 'without_delay', due_at: null },
      },
      {
        name: 's.26WE: no harm → individuals no',
        rule: 'au-ndb.individuals',
        over: { risk_of_harm: 'none' },
        expected: { required: 'no' },
      },
      // No encryption safe harbour in Part IIIC (only remedial action, s.26WF).
      {
        name: 'Part IIIC: no encryption safe harbour',
        rule: 'au-ndb.individuals',
        over: { risk_of_harm: 'high', data_encrypted: true },
        expected: { required: 'yes' },
      },
      {
        name: 's.6: name + email is personal information → still decided on serious harm',
        rule: 'au-ndb.oaic',
        over: { affected: [g('AU', 5, 'name', 'email')] },
        expected: { required: 'decide' },
      },
    ],
  },
  {
    id: 'br-lgpd',
    dir: 'intl',
    title: 'LGPD Art 48 + ANPD Res. 15/2024',
    // Brazil has had no DST since 2019: BRT = UTC-3 all year. Business days skip Brazilian national holidays.
    base: {
      aware_at: '2026-04-02T15:00:00Z',
      entity: { countries: ['BR'] },
      affected: [g('BR', 5000, 'name', 'national_id', 'bank_account')],
    },
    rows: [
      // Res. 15/2024: ANPD within 3 business days of knowledge. Thu 2 Apr 12:00 BRT; Fri 3 Apr = Good Friday (national
      // holiday), weekend; Mon 6 (1), Tue 7 (2), Wed 8 (3) → 2026-04-08 12:00 BRT = 15:00Z.
      {
        name: 'Res. 15 Art 6: ANPD "decide" on relevant risk, 3 business days skipping Good Friday',
        rule: 'br-lgpd.anpd',
        expected: { required: 'decide', kind: 'fixed', due_at: '2026-04-08T15:00:00.000Z', question: /relevant risk/ },
      },
      {
        name: 'Res. 15: data subjects within the same 3 business days',
        rule: 'br-lgpd.individuals',
        over: { risk_of_harm: 'high' },
        expected: { required: 'yes', kind: 'fixed', due_at: '2026-04-08T15:00:00.000Z' },
      },
      {
        name: 'Art 48: no relevant risk → no ANPD communication',
        rule: 'br-lgpd.anpd',
        over: { risk_of_harm: 'none' },
        expected: { required: 'no' },
      },
      // Fri 17 Apr; Mon 20 (1), Tue 21 Tiradentes (holiday), Wed 22 (2), Thu 23 (3) → 2026-04-23 15:00Z.
      {
        name: 'Res. 15: 3 business days skipping Tiradentes (21 Apr)',
        rule: 'br-lgpd.anpd',
        over: { aware_at: '2026-04-17T15:00:00Z', risk_of_harm: 'high' },
        expected: { required: 'yes', due_at: '2026-04-23T15:00:00.000Z' },
      },
      // Fri 30 Oct 15:00 BRT; Mon 2 Nov Finados (holiday), Tue 3 (1), Wed 4 (2), Thu 5 (3) → 2026-11-05 18:00Z.
      {
        name: 'Res. 15: 3 business days skipping Finados (2 Nov)',
        rule: 'br-lgpd.anpd',
        over: { aware_at: '2026-10-30T18:00:00Z', risk_of_harm: 'high' },
        expected: { required: 'yes', due_at: '2026-11-05T18:00:00.000Z' },
      },
      // Complement within 20 business days of the communication. Filed Wed 8 Apr 10:00 BRT: Apr 9,10,13,14,15,16,17,20 (8),
      // 21 Tiradentes skipped, 22,23,24,27,28,29,30 (15), 1 May Labour Day skipped, May 4,5,6,7,8 (20) → 2026-05-08 13:00Z.
      {
        name: 'Res. 15: complement 20 business days after the communication (Tiradentes, 1 May skipped)',
        rule: 'br-lgpd.anpd_complement',
        over: { risk_of_harm: 'high', met: { 'br-lgpd.anpd': '2026-04-08T13:00:00Z' } },
        expected: { required: 'yes', kind: 'after', due_at: '2026-05-08T13:00:00.000Z', depends_on: 'br-lgpd.anpd' },
      },
      // No encryption safe harbour: Art 48 §3 makes protective measures a factor, not an exemption.
      {
        name: 'Art 48 §3: no encryption safe harbour',
        rule: 'br-lgpd.anpd',
        over: { risk_of_harm: 'high', data_encrypted: true },
        expected: { required: 'yes' },
      },
      {
        name: 'Art 5(I): name + email is personal data → still decided on relevant risk',
        rule: 'br-lgpd.individuals',
        over: { affected: [g('BR', 5, 'name', 'email')] },
        expected: { required: 'decide' },
      },
    ],
  },
  {
    id: 'sg-pdpa',
    dir: 'intl',
    title: 'Singapore PDPA Part 6A',
    // 18:00 SGT (UTC+8, no DST).
    base: {
      aware_at: '2026-03-06T10:00:00Z',
      entity: { countries: ['SG'] },
      affected: [g('SG', 120, 'name', 'national_id', 'bank_account')],
    },
    rows: [
      // s.26D(1): PDPC no later than 3 calendar days after the determination (counted here from awareness = earliest):
      // 2026-03-06 18:00 SGT + 3 days = 2026-03-09 18:00 SGT = 10:00Z.
      {
        name: 's.26B(1)(a)/26D(1): PDPC "decide" on significant harm, 3 calendar days',
        rule: 'sg-pdpa.pdpc_significant_harm',
        expected: { required: 'decide', kind: 'fixed', due_at: '2026-03-09T10:00:00.000Z', question: /significant harm/ },
      },
      // s.26B(1)(b) + Regs: significant scale = 500 or more individuals, whatever the harm.
      {
        name: 's.26B(1)(b): 499 people, no harm → no significant-scale notice',
        rule: 'sg-pdpa.pdpc_significant_scale',
        over: { risk_of_harm: 'none', affected: [g('SG', 499, 'name', 'email')] },
        expected: { required: 'no' },
      },
      {
        name: 's.26B(1)(b): 500 people, no harm → PDPC yes within 3 days',
        rule: 'sg-pdpa.pdpc_significant_scale',
        over: { risk_of_harm: 'none', affected: [g('SG', 500, 'name', 'email')] },
        expected: { required: 'yes', due_at: '2026-03-09T10:00:00.000Z' },
      },
      // s.26D(2): scale alone triggers the PDPC notice only; individuals only for significant harm.
      {
        name: 's.26D(2): scale alone does not require notifying individuals',
        rule: 'sg-pdpa.individuals',
        over: { risk_of_harm: 'low', affected: [g('SG', 600, 'name', 'email')] },
        expected: { required: 'no' },
      },
      {
        name: 's.26D(2): individuals "decide" on significant harm, no fixed day',
        rule: 'sg-pdpa.individuals',
        expected: { required: 'decide', kind: 'without_delay', due_at: null },
      },
      {
        name: 's.26D(2): significant harm → individuals yes',
        rule: 'sg-pdpa.individuals',
        over: { risk_of_harm: 'high' },
        expected: { required: 'yes', due_at: null },
      },
      {
        name: 's.26B: no harm → individuals no',
        rule: 'sg-pdpa.individuals',
        over: { risk_of_harm: 'none' },
        expected: { required: 'no' },
      },
      // s.26D(5)(b): a technological measure (encryption) in place before the breach → no notice to individuals.
      {
        name: 's.26D(5)(b): encrypted, key safe → individuals no',
        rule: 'sg-pdpa.individuals',
        over: { risk_of_harm: 'high', data_encrypted: true },
        expected: { required: 'no' },
      },
      {
        name: 's.26D(5)(b): key also taken → individuals yes',
        rule: 'sg-pdpa.individuals',
        over: { risk_of_harm: 'high', data_encrypted: true, key_compromised: true },
        expected: { required: 'yes' },
      },
      {
        name: 's.26D(5) exempts only the notice to individuals: PDPC still yes when encrypted',
        rule: 'sg-pdpa.pdpc_significant_harm',
        over: { risk_of_harm: 'high', data_encrypted: true },
        expected: { required: 'yes' },
      },
      // Fixed data bug: rules/intl/sg-pdpa.json sg-pdpa.pdpc_significant_harm (and sg-pdpa.individuals): significant harm is
      // DEEMED by s.26B(2) + PDP (Notification of Data Breaches) Regs 2021 for prescribed data (intl-federal.json sg-pdpa
      // risk_threshold: "deemed for prescribed classes of data, e.g. financial, health ..."), so it cannot hinge on the team's
      // risk answer. Add rules with triggers [["name", ["health", "card_pan", "bank_account", "iban"]], ["national_id",
      // ["health", "card_pan", "bank_account", "iban"]]] and harm_standard "none" (PDPC, 3 calendar days) / "exception"
      // (individuals: s.26D(5)(a) remedial action), encryption exemption for individuals only.
      {
        name: 's.26B(2): name + health is deemed significant harm → PDPC notice even if the team says "low"',
        rule: { recipient: 'regulator' },
        over: { risk_of_harm: 'low', affected: [g('SG', 10, 'name', 'health')] },
        expected: { required: 'yes', due_at: '2026-03-09T10:00:00.000Z' },
      },
      // Fixed data bug: rules/intl/sg-pdpa.json (all rules): no effective_from; Part 6A is in force from 1 Feb 2021
      // (intl-federal.json sg-pdpa name "in force 1 Feb 2021", high confidence). Add "effective_from": "2021-02-01".
      {
        name: 'in force 1 Feb 2021: aware 31 Jan 2021 → no Part 6A duty',
        rule: 'sg-pdpa.*',
        over: { aware_at: '2021-01-31T10:00:00Z' },
        expected: 'absent',
      },
      {
        name: 'in force 1 Feb 2021: aware 1 Feb 2021 → PDPC decide',
        rule: 'sg-pdpa.pdpc_significant_harm',
        over: { aware_at: '2021-02-01T10:00:00Z' },
        expected: { required: 'decide' },
      },
    ],
  },
  {
    id: 'jp-appi',
    dir: 'intl',
    title: 'Japan APPI Art 26',
    // 19:00 JST (UTC+9, no DST).
    base: { aware_at: '2026-03-06T10:00:00Z', entity: { countries: ['JP'] }, affected: [g('JP', 1, 'name', 'card_pan')] },
    rows: [
      // Category (2) (property-damage data, e.g. card numbers) applies from ONE person; final report 30 days from learning
      // of it: 2026-03-06 + 30 days = 2026-04-05 19:00 JST = 10:00Z. No harm test.
      {
        name: 'Rule 7(ii)/8(2): one card number → PPC final report in 30 days',
        rule: 'jp-appi.ppc_final_data',
        expected: { required: 'yes', kind: 'fixed', due_at: '2026-04-05T10:00:00.000Z' },
      },
      {
        name: 'Rule 8(1): preliminary report "promptly" (no statutory number)',
        rule: 'jp-appi.ppc_preliminary_data',
        expected: { required: 'yes', kind: 'without_delay', due_at: null },
      },
      {
        name: 'Art 26(2): the person is told promptly',
        rule: 'jp-appi.individuals_data',
        expected: { required: 'yes', kind: 'without_delay', due_at: null },
      },
      {
        name: 'category-based, no harm test: "no risk" still notifiable',
        rule: 'jp-appi.individuals_data',
        over: { risk_of_harm: 'none' },
        expected: { required: 'yes' },
      },
      {
        name: 'Rule 7(i): special-care data (health) of one person → notifiable',
        rule: 'jp-appi.individuals_data',
        over: { affected: [g('JP', 1, 'name', 'health')] },
        expected: { required: 'yes' },
      },
      // Category (4): MORE THAN 1,000 people → 1,001.
      {
        name: 'Rule 7(iv): 1,000 people (not more than 1,000) → no count-based report',
        rule: 'jp-appi.ppc_final_over_1000',
        over: { risk_of_harm: 'none', affected: [g('JP', 1000, 'name', 'email')] },
        expected: { required: 'no' },
      },
      {
        name: 'Rule 7(iv): 1,001 people → PPC final report in 30 days',
        rule: 'jp-appi.ppc_final_over_1000',
        over: { risk_of_harm: 'none', affected: [g('JP', 1001, 'name', 'email')] },
        expected: { required: 'yes', due_at: '2026-04-05T10:00:00.000Z' },
      },
      {
        name: 'Rule 7(iv): 1,001 people → individuals yes',
        rule: 'jp-appi.individuals_over_1000',
        over: { risk_of_harm: 'none', affected: [g('JP', 1001, 'name', 'email')] },
        expected: { required: 'yes' },
      },
      // Category (3): possible unlawful purpose; final report 60 days: 2026-03-06 + 60 days = 2026-05-05 19:00 JST = 10:00Z.
      {
        name: 'Rule 7(iii)/8(2): possible unlawful purpose → "decide", final report in 60 days',
        rule: 'jp-appi.ppc_final_unlawful',
        over: { affected: [g('JP', 50, 'name', 'email')] },
        expected: { required: 'decide', kind: 'fixed', due_at: '2026-05-05T10:00:00.000Z', question: /unlawful purpose/ },
      },
      // Advanced encryption: no report and no notice needed (PPC guidelines).
      {
        name: 'advanced encryption, key safe → no PPC report',
        rule: 'jp-appi.ppc_final_data',
        over: { data_encrypted: true },
        expected: { required: 'no' },
      },
      {
        name: 'encryption, key also taken → PPC report',
        rule: 'jp-appi.ppc_final_data',
        over: { data_encrypted: true, key_compromised: true },
        expected: { required: 'yes' },
      },
      {
        name: 'name + email of 50, no unlawful purpose → not category (1)/(2) data',
        rule: 'jp-appi.individuals_data',
        over: { risk_of_harm: 'none', affected: [g('JP', 50, 'name', 'email')] },
        expected: { required: 'no' },
      },
      // Fixed data bug: rules/intl/jp-appi.json (all rules): no effective_from; mandatory reporting (Art 26, PPC Rules 7-10) is in
      // force from 1 Apr 2022 (intl-federal.json jp-appi name "in force 1 Apr 2022", high confidence; legal-gpt.com/?p=2889).
      // Before, reporting was only an effort obligation. Add "effective_from": "2022-04-01".
      {
        name: 'mandatory from 1 Apr 2022: aware 31 Mar 2022 → no Art 26 duty',
        rule: 'jp-appi.*',
        over: { aware_at: '2022-03-31T10:00:00Z' },
        expected: 'absent',
      },
      {
        name: 'mandatory from 1 Apr 2022: aware 1 Apr 2022 → PPC final report',
        rule: 'jp-appi.ppc_final_data',
        over: { aware_at: '2022-04-01T10:00:00Z' },
        expected: { required: 'yes' },
      },
    ],
  },
  {
    id: 'kr-pipa',
    dir: 'intl',
    title: 'Korea PIPA Art 34',
    // 19:00 KST (UTC+9, no DST). Note: the Feb 2026 amendment may shorten 72 h; the new number is unknown (reference).
    base: {
      aware_at: '2026-03-06T10:00:00Z',
      entity: { countries: ['KR'] },
      risk_of_harm: 'none',
      affected: [g('KR', 10, 'name', 'email')],
    },
    rows: [
      // Art 34(1) + Decree Art 39: individuals within 72 h for ANY leakage (no harm threshold, any personal information,
      // so name + email is covered): 10:00Z + 72 h = 2026-03-09 10:00Z.
      {
        name: 'Art 34(1): any leak (even name + email, no harm) → individuals within 72 h',
        rule: 'kr-pipa.individuals',
        expected: { required: 'yes', kind: 'fixed', due_at: '2026-03-09T10:00:00.000Z' },
      },
      // Decree Art 40: PIPC/KISA report for 1,000 or more data subjects.
      {
        name: 'Decree Art 40: 999 people → no count-based report',
        rule: 'kr-pipa.regulator_1000',
        over: { affected: [g('KR', 999, 'name', 'email')] },
        expected: { required: 'no' },
      },
      {
        name: 'Decree Art 40: 1,000 people → PIPC/KISA within 72 h',
        rule: 'kr-pipa.regulator_1000',
        over: { affected: [g('KR', 1000, 'name', 'email')] },
        expected: { required: 'yes', due_at: '2026-03-09T10:00:00.000Z' },
      },
      {
        name: 'Decree Art 40: unique identification information of 5 → report regardless of count',
        rule: 'kr-pipa.regulator_sensitive',
        over: { affected: [g('KR', 5, 'name', 'national_id')] },
        expected: { required: 'yes', due_at: '2026-03-09T10:00:00.000Z' },
      },
      {
        name: 'Decree Art 40: sensitive (health) data of 5 → report regardless of count',
        rule: 'kr-pipa.regulator_sensitive',
        over: { affected: [g('KR', 5, 'name', 'health')] },
        expected: { required: 'yes' },
      },
      {
        name: 'Decree Art 40: leak by external unauthorized access → "decide"',
        rule: 'kr-pipa.regulator_hacking',
        over: { risk_of_harm: 'unknown' },
        expected: { required: 'decide', question: /unauthorized external access/ },
      },
      {
        name: 'Art 34: no encryption safe harbour for individuals',
        rule: 'kr-pipa.individuals',
        over: { data_encrypted: true },
        expected: { required: 'yes' },
      },
    ],
  },
  {
    id: 'za-popia',
    dir: 'intl',
    title: 'POPIA s.22',
    base: {
      aware_at: '2026-03-06T10:00:00Z',
      entity: { countries: ['ZA'] },
      risk_of_harm: 'none',
      affected: [g('ZA', 40, 'name', 'email')],
    },
    rows: [
      // s.22(1)-(2): Regulator and data subjects "as soon as reasonably possible"; no harm threshold; any PI.
      {
        name: 's.22(1): Regulator, no harm threshold, no fixed day',
        rule: 'za-popia.regulator',
        expected: { required: 'yes', kind: 'without_delay', due_at: null },
      },
      {
        name: 's.22(1): data subjects, no harm threshold (name + email is PI)',
        rule: 'za-popia.individuals',
        expected: { required: 'yes', kind: 'without_delay', due_at: null },
      },
      {
        name: 's.22: no encryption safe harbour',
        rule: 'za-popia.individuals',
        over: { data_encrypted: true },
        expected: { required: 'yes' },
      },
      // s.22(3): delay only where a crime-prevention body or the Regulator says notice would impede an investigation.
      {
        name: 's.22(3): law-enforcement delay noted',
        rule: 'za-popia.individuals',
        over: { law_enforcement_delay: true },
        expected: { required: 'yes', law_enforcement_delay: true },
      },
      // s.21(2): an operator notifies the responsible party immediately.
      {
        name: 's.21(2): an operator tells the responsible party',
        rule: 'za-popia.controller',
        over: { entity: { role: 'processor' } },
        expected: { required: 'yes', kind: 'without_delay' },
      },
      {
        name: 's.21(2): an operator does not notify the Regulator itself',
        rule: 'za-popia.regulator',
        over: { entity: { role: 'processor' } },
        expected: 'absent',
      },
    ],
  },
  {
    id: 'us-hipaa',
    dir: 'sector',
    title: 'HIPAA Breach Notification Rule, 45 CFR 164.400-414',
    // Mon 2026-03-02 10:00 EST; US DST starts Sun 2026-03-08.
    base: {
      aware_at: '2026-03-02T15:00:00Z',
      entity: { countries: ['US'], hipaa: 'covered_entity' },
      affected: [g('US-NY', 1200, 'name', 'health')],
    },
    rows: [
      // 164.404(b): without unreasonable delay, no later than 60 calendar days after discovery:
      // 2026-03-02 10:00 EST + 60 days = 2026-05-01 10:00 EDT = 14:00Z (outer limit; no fixed due date before it).
      {
        name: '164.404(b): individuals "decide" on low probability of compromise; outer limit 60 days',
        rule: 'us-hipaa.individuals',
        expected: {
          required: 'decide',
          kind: 'without_delay',
          due_at: null,
          outer_limit_at: '2026-05-01T14:00:00.000Z',
          question: /low probability/,
        },
      },
      {
        name: '164.402(2): low probability of compromise shown → individuals no',
        rule: 'us-hipaa.individuals',
        over: { risk_of_harm: 'none' },
        expected: { required: 'no' },
      },
      {
        name: '164.404: compromise likely → individuals yes',
        rule: 'us-hipaa.individuals',
        over: { risk_of_harm: 'high' },
        expected: { required: 'yes', outer_limit_at: '2026-05-01T14:00:00.000Z' },
      },
      // 164.408(b): 500 or more → HHS contemporaneously, within 60 days.
      {
        name: '164.408(b): 499 people → no immediate HHS notice',
        rule: 'us-hipaa.hhs',
        over: { risk_of_harm: 'high', affected: [g('US-NY', 499, 'name', 'health')] },
        expected: { required: 'no' },
      },
      {
        name: '164.408(b): 500 people → HHS within 60 days',
        rule: 'us-hipaa.hhs',
        over: { risk_of_harm: 'high', affected: [g('US-NY', 500, 'name', 'health')] },
        expected: { required: 'yes', outer_limit_at: '2026-05-01T14:00:00.000Z' },
      },
      // 164.408(c): fewer than 500 → annual log, within 60 days after the end of the calendar year.
      {
        name: '164.408(c): 499 people → annual log to HHS',
        rule: 'us-hipaa.hhs_annual_log',
        over: { risk_of_harm: 'high', affected: [g('US-NY', 499, 'name', 'health')] },
        expected: { required: 'yes', kind: 'event', due_at: null },
      },
      {
        name: '164.408(c): 500 people → not the annual log',
        rule: 'us-hipaa.hhs_annual_log',
        over: { risk_of_harm: 'high', affected: [g('US-NY', 500, 'name', 'health')] },
        expected: { required: 'no' },
      },
      // 164.406: media for MORE THAN 500 residents of one State → 501 in a single State.
      {
        name: '164.406: 500 in NY + 500 in NJ → no media notice',
        rule: 'us-hipaa.media',
        over: { risk_of_harm: 'high', affected: [g('US-NY', 500, 'name', 'health'), g('US-NJ', 500, 'name', 'health')] },
        expected: { required: 'no' },
      },
      {
        name: '164.406: 501 in NY → media notice',
        rule: 'us-hipaa.media',
        over: { risk_of_harm: 'high', affected: [g('US-NY', 501, 'name', 'health')] },
        expected: { required: 'yes', outer_limit_at: '2026-05-01T14:00:00.000Z' },
      },
      // 164.402: only UNSECURED PHI (not encrypted per HHS guidance).
      {
        name: '164.402: secured (encrypted) PHI → no notice',
        rule: 'us-hipaa.individuals',
        over: { risk_of_harm: 'high', data_encrypted: true },
        expected: { required: 'no' },
      },
      {
        name: '164.402: key also taken → unsecured → notice',
        rule: 'us-hipaa.individuals',
        over: { risk_of_harm: 'high', data_encrypted: true, key_compromised: true },
        expected: { required: 'yes' },
      },
      {
        name: '164.400: not a covered entity or business associate → no HIPAA duty',
        rule: 'us-hipaa.*',
        over: { entity: { hipaa: 'none' } },
        expected: 'absent',
      },
      // 164.410: a business associate tells the covered entity, no later than 60 days after discovery.
      {
        name: '164.410: business associate → covered entity within 60 days',
        rule: 'us-hipaa.covered_entity',
        over: { entity: { hipaa: 'business_associate' } },
        expected: { required: 'yes', kind: 'without_delay', outer_limit_at: '2026-05-01T14:00:00.000Z' },
      },
      {
        name: '164.410: a business associate does not notify individuals itself',
        rule: 'us-hipaa.individuals',
        over: { entity: { hipaa: 'business_associate' } },
        expected: 'absent',
      },
    ],
  },
  {
    id: 'us-ftc-hbnr',
    dir: 'sector',
    title: 'FTC Health Breach Notification Rule, 16 CFR 318',
    // Fri 2026-10-30 10:00 EDT; DST ends Sun 2026-11-01.
    base: {
      aware_at: '2026-10-30T14:00:00Z',
      entity: { countries: ['US'], industry: 'health_app' },
      risk_of_harm: 'none',
      affected: [g('US-CA', 600, 'name', 'email', 'health')],
    },
    rows: [
      // 318.4(a): no later than 60 calendar days after discovery: 2026-10-30 10:00 EDT + 60 days = 2026-12-29 10:00 EST = 15:00Z.
      {
        name: '318.4(a): individuals, no harm threshold, outer limit 60 days across the end of DST',
        rule: 'us-ftc-hbnr.individuals',
        expected: { required: 'yes', kind: 'without_delay', due_at: null, outer_limit_at: '2026-12-29T15:00:00.000Z' },
      },
      // 318.5(c) as amended 2024: 500 or more → FTC at the same time as the individual notice, within 60 days.
      {
        name: '318.5(c): 499 people → no contemporaneous FTC notice',
        rule: 'us-ftc-hbnr.ftc',
        over: { affected: [g('US-CA', 499, 'health')] },
        expected: { required: 'no' },
      },
      {
        name: '318.5(c): 500 people → FTC within 60 days',
        rule: 'us-ftc-hbnr.ftc',
        over: { affected: [g('US-CA', 500, 'health')] },
        expected: { required: 'yes', outer_limit_at: '2026-12-29T15:00:00.000Z' },
      },
      {
        name: '318.5(c): under 500 → annual log',
        rule: 'us-ftc-hbnr.ftc_annual_log',
        over: { affected: [g('US-CA', 499, 'health')] },
        expected: { required: 'yes', kind: 'event', due_at: null },
      },
      // 318.5(b): media for a large number of residents of one State. Exactly 500 is not tested: the reference says
      // "500+" (background knowledge) and the rules use "more than 500"; 499 and 501 are unambiguous.
      {
        name: '318.5(b): 499 residents of a State → no media notice',
        rule: 'us-ftc-hbnr.media',
        over: { affected: [g('US-CA', 499, 'health')] },
        expected: { required: 'no' },
      },
      {
        name: '318.5(b): 501 residents of a State → media notice',
        rule: 'us-ftc-hbnr.media',
        over: { affected: [g('US-CA', 501, 'health')] },
        expected: { required: 'yes' },
      },
      {
        name: '318.2: name + email without health information → not PHR identifiable health information',
        rule: 'us-ftc-hbnr.individuals',
        over: { affected: [g('US-CA', 600, 'name', 'email')] },
        expected: { required: 'no' },
      },
      {
        name: '318.2: secured (encrypted) data → no notice',
        rule: 'us-ftc-hbnr.individuals',
        over: { data_encrypted: true },
        expected: { required: 'no' },
      },
      {
        name: '318.2: key also taken → unsecured → notice',
        rule: 'us-ftc-hbnr.individuals',
        over: { data_encrypted: true, key_compromised: true },
        expected: { required: 'yes' },
      },
      {
        name: '318.1: not a PHR vendor / related entity → no HBNR duty',
        rule: 'us-ftc-hbnr.*',
        over: { entity: { industry: 'ecommerce' } },
        expected: 'absent',
      },
      // Fixed data bug: rules/sector/us-ftc-hbnr.json us-ftc-hbnr.ftc: no effective_from; the contemporaneous 60-day FTC notice
      // comes from the 2024 amendment, effective 29 Jul 2024 (intl-federal.json us-ftc-hbnr sources: 89 FR 47028; point 16:
      // "the earlier 10-business-day rule is gone"). Add "effective_from": "2024-07-29" and a us-ftc-hbnr.ftc_pre2024 rule
      // (effective_to 2024-07-28, min_affected 500): fixed 10 business days from discovery (old 318.5(c)).
      {
        name: '2024 amendment: aware 1 Jul 2024 → not the contemporaneous 60-day FTC rule',
        rule: 'us-ftc-hbnr.ftc',
        over: { aware_at: '2024-07-01T14:00:00Z' },
        expected: 'absent',
      },
      {
        name: '2024 amendment: aware 29 Jul 2024 → contemporaneous 60-day FTC rule',
        rule: 'us-ftc-hbnr.ftc',
        over: { aware_at: '2024-07-29T14:00:00Z' },
        expected: { required: 'yes', kind: 'without_delay' },
      },
    ],
  },
  {
    id: 'us-sec-8k-105',
    dir: 'sector',
    title: 'SEC Form 8-K Item 1.05',
    // Fri 2026-10-30 10:00 EDT; DST ends Sun 2026-11-01. Business days = US federal business days.
    base: {
      aware_at: '2026-10-30T14:00:00Z',
      entity: { countries: ['US'], publicly_traded: true },
      affected: [g('US-DE', 100_000, 'name', 'email')],
    },
    rows: [
      // Item 1.05: 4 business days after the materiality determination (counted from awareness = earliest):
      // Mon 2 Nov (1), Tue 3 (2), Wed 4 (3), Thu 5 (4) → 10:00 EST = 2026-11-05 15:00Z.
      {
        name: 'Item 1.05: "decide" on materiality; 4 business days across the end of DST',
        rule: 'us-sec-8k-105.form_8k',
        expected: { required: 'decide', kind: 'fixed', due_at: '2026-11-05T15:00:00.000Z', question: /material/ },
      },
      {
        name: 'Item 1.05: determined material → file within 4 business days',
        rule: 'us-sec-8k-105.form_8k',
        over: decided('us-sec-8k-105.form_8k', 'yes'),
        expected: { required: 'yes', due_at: '2026-11-05T15:00:00.000Z' },
      },
      {
        name: 'Item 1.05: determined not material → no Item 1.05 filing',
        rule: 'us-sec-8k-105.form_8k',
        over: decided('us-sec-8k-105.form_8k', 'no'),
        expected: { required: 'no' },
      },
      // Fri 6 Nov 10:00 EST: Mon 9 (1), Tue 10 (2), Wed 11 Veterans Day (federal holiday), Thu 12 (3), Fri 13 (4) → 15:00Z.
      {
        name: 'Item 1.05: Veterans Day is not a business day',
        rule: 'us-sec-8k-105.form_8k',
        over: { aware_at: '2026-11-06T15:00:00Z', ...decided('us-sec-8k-105.form_8k', 'yes') },
        expected: { required: 'yes', due_at: '2026-11-13T15:00:00.000Z' },
      },
      // Wed 25 Nov: Thu 26 Thanksgiving (holiday), Fri 27 (1; not a federal holiday), Mon 30 (2), Tue 1 Dec (3), Wed 2 (4).
      {
        name: 'Item 1.05: Thanksgiving is not a business day, the Friday after is',
        rule: 'us-sec-8k-105.form_8k',
        over: { aware_at: '2026-11-25T15:00:00Z', ...decided('us-sec-8k-105.form_8k', 'yes') },
        expected: { required: 'yes', due_at: '2026-12-02T15:00:00.000Z' },
      },
      {
        name: 'Instruction 2: 8-K/A when missing information becomes available (no computable day)',
        rule: 'us-sec-8k-105.form_8k_amendment',
        expected: { required: 'decide', kind: 'event', due_at: null },
      },
      {
        name: 'registrants only: not publicly traded → no 8-K duty',
        rule: 'us-sec-8k-105.*',
        over: { entity: { publicly_traded: false } },
        expected: 'absent',
      },
      // Effective 18 Dec 2023. Mon 2023-12-18 10:00 EST + 4 business days = Fri 2023-12-22 10:00 EST = 15:00Z.
      {
        name: 'effective 18 Dec 2023: aware 17 Dec 2023 → no Item 1.05 duty',
        rule: 'us-sec-8k-105.*',
        over: { aware_at: '2023-12-17T15:00:00Z' },
        expected: 'absent',
      },
      {
        name: 'effective 18 Dec 2023: aware 18 Dec 2023 → Item 1.05 applies',
        rule: 'us-sec-8k-105.form_8k',
        over: { aware_at: '2023-12-18T15:00:00Z' },
        expected: { required: 'decide', due_at: '2023-12-22T15:00:00.000Z' },
      },
    ],
  },
  {
    id: 'us-nydfs-500-17',
    dir: 'sector',
    title: 'NYDFS 23 NYCRR 500.17',
    // Sat 2026-10-31 12:00 EDT; DST ends Sun 2026-11-01.
    base: {
      aware_at: '2026-10-31T16:00:00Z',
      entity: { countries: ['US'], financial_institution: true },
      affected: [g('US-NY', 3000, 'name', 'bank_account')],
    },
    rows: [
      // 500.17(a)(1): no later than 72 hours after determining an incident occurred: 16:00Z + 72 h = 2026-11-03 16:00Z
      // (11:00 EST: exact elapsed hours across the DST change).
      {
        name: '500.17(a)(1): DFS "decide" on the reportable-incident prongs, 72 h exact across the end of DST',
        rule: 'us-nydfs-500-17.dfs',
        expected: { required: 'decide', kind: 'fixed', due_at: '2026-11-03T16:00:00.000Z', question: /ransomware/ },
      },
      {
        name: '500.17(a)(1): reportable incident → DFS within 72 h',
        rule: 'us-nydfs-500-17.dfs',
        over: decided('us-nydfs-500-17.dfs', 'yes'),
        expected: { required: 'yes', due_at: '2026-11-03T16:00:00.000Z' },
      },
      // 500.17(c): extortion payment notice within 24 h of the payment (no computable instant from awareness).
      {
        name: '500.17(c): extortion payment notice is tied to the payment',
        rule: 'us-nydfs-500-17.extortion_payment',
        expected: { required: 'decide', kind: 'event', due_at: null },
      },
      {
        name: '500.1: not a DFS-regulated financial institution → no 500.17 duty',
        rule: 'us-nydfs-500-17.*',
        over: { entity: { financial_institution: false } },
        expected: 'absent',
      },
    ],
  },
  {
    id: 'pci-card-brands',
    dir: 'sector',
    title: 'Card brands (Visa WTDIC, Mastercard ADC)',
    // Fri 2026-03-06 15:00 EST; US DST starts Sun 2026-03-08 (then EDT, UTC-4).
    base: {
      aware_at: '2026-03-06T20:00:00Z',
      entity: { countries: ['US'], card_merchant: true },
      risk_of_harm: 'none',
      affected: [g('US-TX', 2000, 'name', 'card_pan', 'card_expiry')],
    },
    rows: [
      // Any suspected compromise; no harm threshold. Acquirer and Visa "immediately".
      {
        name: 'Visa checklist: notify the acquirer immediately, whatever the harm',
        rule: 'pci-card-brands.acquirer',
        expected: { required: 'yes', kind: 'without_delay', due_at: null },
      },
      {
        name: 'Visa: notify Visa Fraud Control immediately',
        rule: 'pci-card-brands.visa',
        expected: { required: 'yes', kind: 'without_delay', due_at: null },
      },
      // Incident report within 3 working days: Mon 9 (1), Tue 10 (2), Wed 11 (3) → 15:00 EDT = 2026-03-11 19:00Z.
      {
        name: 'Visa: incident report within 3 working days, across the DST start',
        rule: 'pci-card-brands.visa_incident_report',
        expected: { required: 'yes', kind: 'fixed', due_at: '2026-03-11T19:00:00.000Z' },
      },
      // Account numbers within 10 business days: 9-13 Mar (5), 16-20 Mar (10) → Fri 20 Mar 15:00 EDT = 19:00Z.
      {
        name: 'Visa: compromised account numbers within 10 business days',
        rule: 'pci-card-brands.visa_account_numbers',
        expected: { required: 'yes', kind: 'fixed', due_at: '2026-03-20T19:00:00.000Z' },
      },
      // Mastercard ADC: within 24 h of awareness. Sat 7 Mar 15:00 EST + 24 h = Sun 8 Mar 20:00Z (16:00 EDT).
      {
        name: 'Mastercard ADC: 24 h exact across the DST start',
        rule: 'pci-card-brands.mastercard',
        over: { aware_at: '2026-03-07T20:00:00Z' },
        expected: { required: 'yes', kind: 'fixed', due_at: '2026-03-08T20:00:00.000Z' },
      },
      {
        name: 'card account data = the PAN: name + last 4 digits is not a compromise of account data',
        rule: 'pci-card-brands.acquirer',
        over: { affected: [g('US-TX', 2000, 'name', 'card_last4')] },
        expected: { required: 'no' },
      },
      {
        name: 'contract duty of card merchants only: not a card merchant → no card-brand duty',
        rule: 'pci-card-brands.*',
        over: { entity: { card_merchant: false } },
        expected: 'absent',
      },
    ],
  },
  {
    id: 'eu-nis2',
    dir: 'sector',
    title: 'NIS2 Art 23',
    // Sat 2026-03-28 13:00 CET; EU summer time starts Sun 2026-03-29 01:00Z.
    base: { aware_at: '2026-03-28T12:00:00Z', entity: { countries: ['DE'] }, affected: [g('DE', 5000, 'name', 'email')] },
    rows: [
      // Art 23(4)(a): early warning within 24 h of awareness: 12:00Z + 24 h = Sun 2026-03-29 12:00Z (14:00 CEST).
      {
        name: 'Art 23(4)(a): early warning "decide" on significance, 24 h exact across the DST start',
        rule: 'eu-nis2.early_warning',
        expected: { required: 'decide', kind: 'fixed', due_at: '2026-03-29T12:00:00.000Z', question: /significant incident/ },
      },
      // Art 23(4)(b): incident notification within 72 h of awareness → Tue 2026-03-31 12:00Z.
      {
        name: 'Art 23(4)(b): incident notification 72 h exact',
        rule: 'eu-nis2.incident_notification',
        expected: { required: 'decide', kind: 'fixed', due_at: '2026-03-31T12:00:00.000Z' },
      },
      {
        name: 'Art 23(3): not significant → no early warning',
        rule: 'eu-nis2.early_warning',
        over: { risk_of_harm: 'none' },
        expected: { required: 'no' },
      },
      {
        name: 'Art 23(3): significant incident recorded → early warning required',
        rule: 'eu-nis2.early_warning',
        over: decided('eu-nis2.early_warning', 'yes'),
        expected: { required: 'yes', due_at: '2026-03-29T12:00:00.000Z' },
      },
      {
        name: 'Art 23(4)(d): final report waits for the incident notification',
        rule: 'eu-nis2.final_report',
        expected: { required: 'decide', kind: 'after', due_at: null, depends_on: 'eu-nis2.incident_notification' },
      },
      // One month after the notification filed Fri 2026-03-20 11:00 CET → 2026-04-20 11:00 CEST = 09:00Z.
      {
        name: 'Art 23(4)(d): final report one month after the notification (wall clock kept across DST)',
        rule: 'eu-nis2.final_report',
        over: { aware_at: '2026-03-18T10:00:00Z', risk_of_harm: 'high', met: { 'eu-nis2.incident_notification': '2026-03-20T10:00:00Z' } },
        expected: { required: 'yes', kind: 'after', due_at: '2026-04-20T09:00:00.000Z' },
      },
    ],
  },
  {
    id: 'eu-dora',
    dir: 'sector',
    title: 'DORA Art 19 + RTS 2025/301',
    // Sun 2026-10-25 00:00 CEST (= Sat 22:00Z); EU summer time ends Sun 2026-10-25 01:00Z.
    base: {
      aware_at: '2026-10-24T22:00:00Z',
      entity: { countries: ['DE'], financial_institution: true },
      affected: [g('DE', 20_000, 'name', 'iban')],
    },
    rows: [
      // RTS 2025/301 Art 5(1)(a): initial notification within 4 h of classification and no later than 24 h from
      // awareness: the backstop 22:00Z + 24 h = 2026-10-25 22:00Z (23:00 CET).
      {
        name: 'RTS Art 5(1)(a): initial notification "decide" on major, 24 h backstop across the DST end',
        rule: 'eu-dora.initial_notification',
        expected: { required: 'decide', kind: 'fixed', due_at: '2026-10-25T22:00:00.000Z', question: /major/ },
      },
      {
        name: 'RTS 2024/1772: not major → no initial notification',
        rule: 'eu-dora.initial_notification',
        over: { risk_of_harm: 'none' },
        expected: { required: 'no' },
      },
      // Art 5(1)(b): intermediate within 72 h of SUBMITTING the initial notification: 08:00Z + 72 h = 2026-10-28 08:00Z.
      {
        name: 'RTS Art 5(1)(b): intermediate report 72 h after the initial notification was submitted',
        rule: 'eu-dora.intermediate_report',
        over: { risk_of_harm: 'high', met: { 'eu-dora.initial_notification': '2026-10-25T08:00:00Z' } },
        expected: { required: 'yes', kind: 'after', due_at: '2026-10-28T08:00:00.000Z', depends_on: 'eu-dora.initial_notification' },
      },
      // Art 5(1)(c): final report one month after the latest intermediate report: Fri 2026-10-23 10:00 CEST + 1 month
      // = Mon 2026-11-23 10:00 CET = 09:00Z.
      {
        name: 'RTS Art 5(1)(c): final report one month after the latest intermediate report (wall clock kept)',
        rule: 'eu-dora.final_report',
        over: { aware_at: '2026-10-20T06:00:00Z', risk_of_harm: 'high', met: { 'eu-dora.intermediate_report': '2026-10-23T08:00:00Z' } },
        expected: { required: 'yes', kind: 'after', due_at: '2026-11-23T09:00:00.000Z', depends_on: 'eu-dora.intermediate_report' },
      },
      {
        name: 'Art 19(3): clients told without undue delay when their financial interests are hit',
        rule: 'eu-dora.clients',
        expected: { required: 'decide', kind: 'without_delay', due_at: null },
      },
      {
        name: 'Art 2: not a financial entity → no DORA duty',
        rule: 'eu-dora.*',
        over: { entity: { financial_institution: false } },
        expected: 'absent',
      },
      {
        name: 'applies from 17 Jan 2025: aware 16 Jan 2025 → no DORA duty',
        rule: 'eu-dora.*',
        over: { aware_at: '2025-01-16T12:00:00Z' },
        expected: 'absent',
      },
      {
        name: 'applies from 17 Jan 2025: aware 17 Jan 2025 → initial notification',
        rule: 'eu-dora.initial_notification',
        over: { aware_at: '2025-01-17T12:00:00Z' },
        expected: { required: 'decide', due_at: '2025-01-18T12:00:00.000Z' },
      },
    ],
  },
];

/** DATA BUG rows are skipped; `SCENARIO_DATA_BUGS=1 npx vitest run <this file>` runs them to check a data fix. */
const runDataBugs = process.env.SCENARIO_DATA_BUGS === '1';

// `%s` with [name, row] tuples: `$name` would quote and truncate the titles.
const table = (rows: Row[]) => rows.map((row) => [row.name, row] as const);

describe.each(suites.map((suite) => [`${suite.id}: ${suite.title}`, suite] as const))('%s', (_title, suite) => {
  it.each(table(suite.rows.filter((r) => !r.skip)))('%s', (_name, row) => check(suite, row));
  const bugs = table(suite.rows.filter((r) => r.skip));
  if (bugs.length) (runDataBugs ? it.each(bugs) : it.skip.each(bugs))('DATA BUG: %s', (_name, row) => check(suite, row));
});
