import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, loginAs, type Session } from '../../../tests/helpers/http.js';
import { openIncident } from '../../../tests/helpers/incident.js';
import { dialects } from '../../../tests/helpers/services.js';

describe.each(dialects)('tasks and countermeasures on %s', (dialect) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let lead: Session;
  let engineer: Session;
  let viewer: Session;
  let incidentId: string;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    lead = await loginAs(t.app, t, 'lead');
    engineer = await loginAs(t.app, t, 'engineer');
    viewer = await loginAs(t.app, t, 'viewer');
    incidentId = await openIncident(t.app, lead);
  });
  afterAll(async () => t.cleanup());

  it('creates tasks with owner and due date and moves them through statuses', async () => {
    const url = `/api/incidents/${incidentId}/tasks`;
    expect((await as(t.app, viewer)({ method: 'POST', url, payload: { title: 'x' } })).statusCode).toBe(403);
    const badOwner = await as(
      t.app,
      lead,
    )({ method: 'POST', url, payload: { title: 'Preserve logs', owner_id: '0b7d1f34-3c51-4d1e-9a51-3c0f5d2b7a11' } });
    expect(badOwner.json().error.details[0].path).toBe('owner_id');
    const created = await as(
      t.app,
      lead,
    )({ method: 'POST', url, payload: { title: 'Preserve logs', owner_id: engineer.userId, due_at: '2026-03-03T12:00:00Z' } });
    expect(created.json()).toMatchObject({ status: 'open', owner_email: engineer.email, due_at: '2026-03-03T12:00:00.000Z' });
    const id = created.json().id as string;
    const done = await as(t.app, engineer)({ method: 'PATCH', url: `${url}/${id}`, payload: { version: 1, status: 'done' } });
    expect(done.json()).toMatchObject({ status: 'done', version: 2 });
    expect((await as(t.app, engineer)({ method: 'PATCH', url: `${url}/${id}`, payload: { version: 1, status: 'open' } })).statusCode).toBe(
      409,
    );
    expect((await as(t.app, viewer)({ method: 'GET', url })).json().tasks).toHaveLength(1);
  });

  it('walks a countermeasure through planned → active → pending removal → removed, refusing skips', async () => {
    const url = `/api/incidents/${incidentId}/countermeasures`;
    const cm = (
      await as(t.app, engineer)({ method: 'POST', url, payload: { title: 'Maintenance page', description: 'LB serves static page' } })
    ).json();
    expect(cm.status).toBe('planned');
    const skip = await as(
      t.app,
      engineer,
    )({ method: 'POST', url: `${url}/${cm.id}/transition`, payload: { version: 1, status: 'pending_removal' } });
    expect(skip.statusCode).toBe(409);
    let version = 1;
    for (const status of ['active', 'pending_removal', 'removed']) {
      const res = await as(
        t.app,
        engineer,
      )({ method: 'POST', url: `${url}/${cm.id}/transition`, payload: { version, status, note: `now ${status}` } });
      expect(res.json().status).toBe(status);
      version = res.json().version;
    }
    const timeline = (await as(t.app, lead)({ method: 'GET', url: `/api/incidents/${incidentId}/timeline?category=containment` })).json()
      .entries;
    expect(timeline.map((e: { text: string }) => e.text)).toContain(
      'Countermeasure "Maintenance page": pending removal → removed (now removed)',
    );
  });
});
