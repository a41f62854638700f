import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, loginAs, type Session } from '../../../tests/helpers/http.js';
import { openIncident } from '../../../tests/helpers/incident.js';
import { dialects } from '../../../tests/helpers/services.js';

describe.each(dialects)('decisions on %s', (dialect) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let lead: Session;
  let engineer: Session;
  let incidentId: string;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    lead = await loginAs(t.app, t, 'lead');
    engineer = await loginAs(t.app, t, 'engineer');
    incidentId = await openIncident(t.app, lead);
  });
  afterAll(async () => t.cleanup());
  const base = () => `/api/incidents/${incidentId}/decisions`;

  it('proposes the storefront decision from the template with weighted scores', async () => {
    const res = await as(t.app, engineer)({ method: 'POST', url: base(), payload: { template: 'take_storefront_offline' } });
    expect(res.statusCode).toBe(201);
    const d = res.json();
    expect(d).toMatchObject({ question: 'Take the storefront offline?', status: 'draft', revision: 1 });
    // offline: 5*5 + 4*4 + 2*0 + 3*3 + 3*2 = 56 of 85
    expect(d.totals.find((x: { option: string }) => x.option === 'offline')).toEqual({ option: 'offline', total: 56, percent: 66 });
  });

  it('edits a draft, lets only leads approve, then freezes it; a revision supersedes it', async () => {
    const created = (
      await as(
        t.app,
        engineer,
      )({
        method: 'POST',
        url: base(),
        payload: {
          question: 'Force password reset for all customers?',
          options: [
            { key: 'all', label: 'All' },
            { key: 'affected', label: 'Affected only' },
          ],
          criteria: [{ key: 'risk', name: 'Risk', weight: 5 }],
          scores: { risk: { all: 5, affected: 3 } },
        },
      })
    ).json();
    const url = `${base()}/${created.id}`;
    const bad = await as(
      t.app,
      engineer,
    )({
      method: 'PUT',
      url,
      payload: { version: 1, question: 'Q', options: created.options, criteria: created.criteria, scores: { risk: { nobody: 3 } } },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0]).toEqual({ path: 'scores.risk.nobody', message: 'unknown option' });
    const edited = await as(
      t.app,
      engineer,
    )({
      method: 'PUT',
      url,
      payload: {
        version: 1,
        question: created.question,
        options: created.options,
        criteria: created.criteria,
        scores: { risk: { all: 5, affected: 4 } },
      },
    });
    expect(edited.json().version).toBe(2);
    expect(
      (await as(t.app, engineer)({ method: 'POST', url: `${url}/approve`, payload: { version: 2, chosen_option: 'all', rationale: 'r' } }))
        .statusCode,
    ).toBe(403);
    const noRationale = await as(t.app, lead)({ method: 'POST', url: `${url}/approve`, payload: { version: 2, chosen_option: 'all' } });
    expect(noRationale.statusCode).toBe(400);
    const approved = await as(
      t.app,
      lead,
    )({ method: 'POST', url: `${url}/approve`, payload: { version: 2, chosen_option: 'all', rationale: 'Passwords may be reused' } });
    expect(approved.json()).toMatchObject({
      status: 'approved',
      chosen_option: 'all',
      approved_by: lead.email,
      rationale: 'Passwords may be reused',
    });
    const silentEdit = await as(
      t.app,
      lead,
    )({
      method: 'PUT',
      url,
      payload: { version: 3, question: 'changed', options: created.options, criteria: created.criteria, scores: {} },
    });
    expect(silentEdit.statusCode).toBe(409);

    const revision = await as(t.app, lead)({ method: 'POST', url: `${url}/revise` });
    expect((await as(t.app, lead)({ method: 'POST', url: `${url}/revise` })).statusCode).toBe(409);
    expect(revision.json()).toMatchObject({ revision: 2, status: 'draft', series_id: created.series_id });
    const rev = revision.json();
    await as(
      t.app,
      lead,
    )({
      method: 'POST',
      url: `${base()}/${rev.id}/approve`,
      payload: { version: 1, chosen_option: 'affected', rationale: 'Scoping shows only 2,000 affected' },
    });
    const list = (await as(t.app, lead)({ method: 'GET', url: base() }))
      .json()
      .decisions.filter((d: { series_id: string }) => d.series_id === created.series_id);
    expect(list.map((d: { revision: number; status: string }) => [d.revision, d.status])).toEqual([
      [1, 'superseded'],
      [2, 'approved'],
    ]);
    const timeline = (await as(t.app, lead)({ method: 'GET', url: `/api/incidents/${incidentId}/timeline?category=decision` })).json()
      .entries;
    expect(
      timeline.some((e: { text: string }) => e.text.includes('Decision approved: Force password reset for all customers? → Affected only')),
    ).toBe(true);
  });

  it('rejects an unknown template and an unknown chosen option', async () => {
    expect((await as(t.app, lead)({ method: 'POST', url: base(), payload: { template: 'nope' } })).statusCode).toBe(400);
    const d = (await as(t.app, lead)({ method: 'POST', url: base(), payload: { template: 'take_storefront_offline' } })).json();
    const res = await as(
      t.app,
      lead,
    )({ method: 'POST', url: `${base()}/${d.id}/approve`, payload: { version: 1, chosen_option: 'maybe', rationale: 'x' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0].path).toBe('chosen_option');
  });

  it('reads one decision, and 404s for a decision of another incident', async () => {
    const d = (await as(t.app, lead)({ method: 'POST', url: base(), payload: { template: 'take_storefront_offline' } })).json();
    const one = await as(t.app, engineer)({ method: 'GET', url: `${base()}/${d.id}` });
    expect(one.json()).toMatchObject({ id: d.id, question: 'Take the storefront offline?', created_by: lead.email });
    const other = await openIncident(t.app, lead, 'Other');
    expect((await as(t.app, lead)({ method: 'GET', url: `/api/incidents/${other}/decisions/${d.id}` })).statusCode).toBe(404);
  });

  it('lists templates', async () => {
    const res = await as(t.app, engineer)({ method: 'GET', url: '/api/decision-templates' });
    expect(Object.keys(res.json().templates)).toEqual(['take_storefront_offline']);
  });
});
