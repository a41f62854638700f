import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, loginAs, type Session } from '../../../tests/helpers/http.js';
import { openIncident } from '../../../tests/helpers/incident.js';
import { dialects } from '../../../tests/helpers/services.js';

type Item = { id: string; key: string; version: number; answer: string; confidence: string };

describe.each(dialects)('investigation checklist on %s', (dialect) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let lead: Session;
  let comms: Session;
  let incidentId: string;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    lead = await loginAs(t.app, t, 'lead');
    comms = await loginAs(t.app, t, 'comms');
    incidentId = await openIncident(t.app, lead);
  });
  afterAll(async () => t.cleanup());

  const items = async () =>
    (await as(t.app, lead)({ method: 'GET', url: `/api/incidents/${incidentId}/checklist` })).json<{ items: Item[] }>().items;

  it('is seeded with the data-leak questions', async () => {
    expect((await items()).map((i) => i.key)).toEqual(['when', 'how', 'who', 'what_data', 'systems', 'ongoing', 'prevention']);
  });

  it('records answers with confidence and keeps history; stale edits conflict; roles are enforced', async () => {
    const how = (await items()).find((i) => i.key === 'how')!;
    const url = `/api/incidents/${incidentId}/checklist/${how.id}`;
    expect((await as(t.app, comms)({ method: 'PUT', url, payload: { version: 1, answer: 'x', confidence: 'low' } })).statusCode).toBe(403);
    const first = await as(
      t.app,
      lead,
    )({ method: 'PUT', url, payload: { version: 1, answer: 'Cache key ignores session', confidence: 'low' } });
    expect(first.json()).toMatchObject({ answer: 'Cache key ignores session', confidence: 'low', version: 2, updated_by: lead.email });
    const stale = await as(t.app, lead)({ method: 'PUT', url, payload: { version: 1, answer: 'other', confidence: 'high' } });
    expect(stale.statusCode).toBe(409);
    await as(
      t.app,
      lead,
    )({
      method: 'PUT',
      url,
      payload: { version: 2, answer: 'Cache key ignores session cookie (confirmed in code)', confidence: 'confirmed' },
    });
    const history = (await as(t.app, lead)({ method: 'GET', url: `${url}/history` })).json().history;
    expect(history.map((h: { confidence: string }) => h.confidence)).toEqual(['confirmed', 'low']);
    const badConfidence = await as(t.app, lead)({ method: 'PUT', url, payload: { version: 3, answer: 'x', confidence: 'sure' } });
    expect(badConfidence.json().error.details[0].path).toBe('body.confidence');
  });

  it('links only evidence of the same incident', async () => {
    const when = (await items()).find((i) => i.key === 'when')!;
    const res = await as(
      t.app,
      lead,
    )({
      method: 'PUT',
      url: `/api/incidents/${incidentId}/checklist/${when.id}`,
      payload: { version: 1, answer: 'since release', confidence: 'medium', evidence_ids: ['0b7d1f34-3c51-4d1e-9a51-3c0f5d2b7a11'] },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(/Evidence not found/);
    expect((await items()).find((i) => i.key === 'when')!.version).toBe(1);
  });

  it('404s for an item of another incident', async () => {
    const other = await openIncident(t.app, lead, 'Other');
    const item = (await items())[0]!;
    const res = await as(
      t.app,
      lead,
    )({ method: 'PUT', url: `/api/incidents/${other}/checklist/${item.id}`, payload: { version: 1, answer: 'x', confidence: 'low' } });
    expect(res.statusCode).toBe(404);
  });
});
