import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, loginAs, type Session } from '../../../tests/helpers/http.js';
import { dialects, testClock } from '../../../tests/helpers/services.js';

const facts = {
  entity: { industry: 'ecommerce', countries: ['US'], card_merchant: false },
  risk_of_harm: 'unknown',
  affected: [
    { jurisdiction: 'US-CA', count: 1200, data_types: ['name', 'ssn', 'email'] },
    { jurisdiction: 'DE', count: 30, data_types: ['email', 'name'] },
  ],
};

describe.each(dialects)('obligations on %s', (dialect) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let lead: Session;
  let legal: Session;
  let support: Session;
  let incidentId: string;
  const clock = testClock('2026-03-02T15:00:00.000Z');
  const url = () => `/api/incidents/${incidentId}`;

  beforeAll(async () => {
    t = await createTestApp(dialect, { clock });
    lead = await loginAs(t.app, t, 'lead');
    legal = await loginAs(t.app, t, 'legal');
    support = await loginAs(t.app, t, 'support');
    const res = await as(
      t.app,
      lead,
    )({ method: 'POST', url: '/api/incidents', payload: { title: 'Leak', aware_at: '2026-03-02T15:00:00Z' } });
    incidentId = res.json().id;
  });
  afterAll(async () => t.cleanup());

  it('evaluates a scenario statelessly and names the bad field', async () => {
    const ok = await as(
      t.app,
      support,
    )({ method: 'POST', url: '/api/obligations/evaluate', payload: { aware_at: '2026-03-02T15:00:00Z', affected: facts.affected } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().disclaimer).toMatch(/not legal advice/);
    expect(ok.json().obligations.map((o: { rule_id: string }) => o.rule_id)).toEqual(
      expect.arrayContaining(['us-ca.individuals', 'eu-gdpr.supervisory_authority']),
    );
    const bad = await as(
      t.app,
      support,
    )({
      method: 'POST',
      url: '/api/obligations/evaluate',
      payload: { aware_at: 'soon', affected: [{ jurisdiction: 'California', count: -1, data_types: ['ssn', 'shoe_size'] }] },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.map((d: { path: string }) => d.path)).toEqual([
      'aware_at',
      'affected.0.jurisdiction',
      'affected.0.count',
      'affected.0.data_types.1',
    ]);
  });

  it('computes and stores obligations from the incident facts, with a timeline entry and emails to leads', async () => {
    expect(
      (await as(t.app, support)({ method: 'PUT', url: `${url()}/obligation-facts`, payload: { version: null, facts } })).statusCode,
    ).toBe(403);
    const res = await as(t.app, legal)({ method: 'PUT', url: `${url()}/obligation-facts`, payload: { version: null, facts } });
    expect(res.statusCode).toBe(200);
    const list = res.json().obligations as Array<{
      rule_id: string;
      status: string;
      required: string;
      deadline: { due_at: string | null };
    }>;
    expect(list.find((o) => o.rule_id === 'us-ca.individuals')).toMatchObject({
      status: 'open',
      required: 'yes',
      deadline: { due_at: '2026-04-01T14:00:00.000Z' },
    });
    expect(list.find((o) => o.rule_id === 'eu-gdpr.supervisory_authority')).toMatchObject({
      status: 'open',
      required: 'decide',
      deadline: { due_at: '2026-03-05T15:00:00.000Z' },
    });
    const timeline = (await as(t.app, lead)({ method: 'GET', url: `${url()}/timeline?category=communication` })).json().entries;
    expect(timeline.some((e: { text: string }) => e.text.startsWith('New obligation: notify Affected California residents'))).toBe(true);
    await t.services.jobs.runDue('test');
    const outbox = readdirSync(t.config.outboxDir).map((f) => readFileSync(path.join(t.config.outboxDir, f), 'utf8'));
    expect(outbox.some((m) => m.includes(`To: ${lead.email}`) && m.includes('notification obligations new or changed'))).toBe(true);
    const stale = await as(t.app, legal)({ method: 'PUT', url: `${url()}/obligation-facts`, payload: { version: null, facts } });
    expect(stale.statusCode).toBe(409);
  });

  it('records a decision (kept forever) and a filing that marks the obligation met and starts dependent clocks', async () => {
    const listRes = await as(t.app, lead)({ method: 'GET', url: `${url()}/obligations` });
    expect(listRes.statusCode, listRes.body).toBe(200);
    const list = listRes.json().obligations as Array<{ id: string; rule_id: string }>;
    const gdprIndividuals = list.find((o) => o.rule_id === 'eu-gdpr.individuals')!;
    expect(
      (
        await as(
          t.app,
          support,
        )({ method: 'POST', url: `${url()}/obligations/${gdprIndividuals.id}/decision`, payload: { required: 'no', rationale: 'x' } })
      ).statusCode,
    ).toBe(403);
    const decided = await as(
      t.app,
      legal,
    )({
      method: 'POST',
      url: `${url()}/obligations/${gdprIndividuals.id}/decision`,
      payload: { required: 'no', rationale: 'Only names and emails; no high risk' },
    });
    expect(decided.statusCode, decided.body).toBe(200);
    const after = decided.json().obligations.find((o: { rule_id: string }) => o.rule_id === 'eu-gdpr.individuals');
    expect(after).toMatchObject({
      required: 'no',
      status: 'not_required',
      decisions: [{ required: 'no', rationale: 'Only names and emails; no high risk', decided_by: legal.email }],
    });

    const residents = list.find((o) => o.rule_id === 'us-ca.individuals')!;
    const filed = await as(
      t.app,
      lead,
    )({
      method: 'POST',
      url: `${url()}/obligations/${residents.id}/filings`,
      payload: { filed_at: '2026-03-02T06:30:00-08:00', method: 'email + letters', reference: 'campaign 1' },
    });
    const obligations = filed.json().obligations;
    expect(obligations.find((o: { rule_id: string }) => o.rule_id === 'us-ca.individuals')).toMatchObject({
      status: 'met',
      filings: [{ method: 'email + letters', filed_by: lead.email }],
    });
    expect(obligations.find((o: { rule_id: string }) => o.rule_id === 'us-ca.attorney_general').deadline.due_at).toBe(
      '2026-03-17T13:30:00.000Z',
    );
    const future = await as(
      t.app,
      lead,
    )({ method: 'POST', url: `${url()}/obligations/${residents.id}/filings`, payload: { filed_at: '2027-01-01T00:00:00Z', method: 'x' } });
    expect(future.statusCode).toBe(400);
  });

  it('assigns an owner (optimistic version) and recomputes on demand', async () => {
    const list = (await as(t.app, lead)({ method: 'GET', url: `${url()}/obligations` })).json().obligations as Array<{
      id: string;
      rule_id: string;
      version: number;
    }>;
    const ag = list.find((o) => o.rule_id === 'us-ca.attorney_general')!;
    const assigned = await as(
      t.app,
      lead,
    )({ method: 'PATCH', url: `${url()}/obligations/${ag.id}`, payload: { version: ag.version, owner_id: legal.userId } });
    expect(assigned.json().obligations.find((o: { id: string }) => o.id === ag.id)).toMatchObject({ owner_email: legal.email });
    const stale = await as(
      t.app,
      lead,
    )({ method: 'PATCH', url: `${url()}/obligations/${ag.id}`, payload: { version: ag.version, owner_id: null } });
    expect(stale.statusCode).toBe(409);
    const recomputed = await as(t.app, support)({ method: 'POST', url: `${url()}/obligations/recompute` });
    expect(recomputed.statusCode).toBe(200);
    expect(recomputed.json().obligations.find((o: { id: string }) => o.id === ag.id)).toMatchObject({ owner_email: legal.email });
  });

  it('serves an iCalendar file of open deadlines', async () => {
    const res = await as(t.app, lead)({ method: 'GET', url: `${url()}/obligations.ics` });
    expect(res.headers['content-type']).toMatch(/text\/calendar/);
    expect(res.body).toContain('BEGIN:VCALENDAR');
    expect(res.body).toMatch(/SUMMARY:DUE: notify California Attorney General/);
    expect(res.body).not.toMatch(/notify Affected California residents/);
  });

  it('reminds before the deadline once per offset', async () => {
    const closedInc = (
      await as(t.app, lead)({ method: 'POST', url: '/api/incidents', payload: { title: 'Closed one', aware_at: '2026-03-02T15:00:00Z' } })
    ).json();
    await as(t.app, legal)({ method: 'PUT', url: `/api/incidents/${closedInc.id}/obligation-facts`, payload: { version: null, facts } });
    await t.services.db.updateTable('incidents').set({ status: 'closed' }).where('id', '=', closedInc.id).execute();
    clock.set('2026-03-15T00:00:00.000Z'); // AG notice due 2026-03-17T13:30Z: within 72 h
    expect(await t.services.obligations.sendReminders()).toBeGreaterThan(0);
    const reminded = await t.services.db
      .selectFrom('obligation_reminders')
      .innerJoin('obligations', 'obligations.id', 'obligation_reminders.obligation_id')
      .select('obligations.incident_id')
      .execute();
    expect(new Set(reminded.map((r) => r.incident_id))).toEqual(new Set([incidentId])); // never the closed incident
    expect(await t.services.obligations.sendReminders()).toBe(0);
    clock.set('2026-03-17T10:30:00.000Z'); // 3 h left: the 4 h reminder
    expect(await t.services.obligations.sendReminders()).toBeGreaterThan(0);
    clock.set('2026-03-02T15:00:00.000Z');
  });

  it('lists the rules catalogue with sources and verification dates', async () => {
    const res = await as(t.app, support)({ method: 'GET', url: '/api/rules' });
    const ca = res.json().regimes.find((r: { regime: string }) => r.regime === 'us-ca');
    expect(ca).toMatchObject({ last_verified: '2026-11-23', jurisdictions: ['US-CA'] });
    expect(ca.sources.length).toBeGreaterThan(0);
  });

  it('needs an aware time before computing', async () => {
    const other = (await as(t.app, lead)({ method: 'POST', url: '/api/incidents', payload: { title: 'No clock yet' } })).json();
    const res = await as(
      t.app,
      legal,
    )({ method: 'PUT', url: `/api/incidents/${other.id}/obligation-facts`, payload: { version: null, facts } });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toMatch(/aware time/);
  });
});

describe('obligations follow the aware time', () => {
  it('recomputes deadlines through the job queue when aware_at changes', async () => {
    const t = await createTestApp('sqlite', { clock: testClock('2026-03-02T15:00:00.000Z') });
    try {
      const lead = await loginAs(t.app, t, 'lead');
      const inc = (
        await as(t.app, lead)({ method: 'POST', url: '/api/incidents', payload: { title: 'Leak', aware_at: '2026-03-02T15:00:00Z' } })
      ).json();
      await as(t.app, lead)({ method: 'PUT', url: `/api/incidents/${inc.id}/obligation-facts`, payload: { version: null, facts } });
      await as(
        t.app,
        lead,
      )({
        method: 'POST',
        url: `/api/incidents/${inc.id}/timestamps`,
        payload: { version: inc.version, field: 'aware_at', value: '2026-03-01T15:00:00Z', reason: 'earlier call found in phone log' },
      });
      await t.services.jobs.runDue('test');
      const list = (await as(t.app, lead)({ method: 'GET', url: `/api/incidents/${inc.id}/obligations` })).json().obligations;
      expect(list.find((o: { rule_id: string }) => o.rule_id === 'eu-gdpr.supervisory_authority').deadline.due_at).toBe(
        '2026-03-04T15:00:00.000Z',
      );
    } finally {
      await t.cleanup();
    }
  });
});
