import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, loginAs, type Session } from '../../../tests/helpers/http.js';
import { dialects, testClock } from '../../../tests/helpers/services.js';

describe.each(dialects)('incident routes on %s', (dialect) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let lead: Session;
  let engineer: Session;
  let support: Session;
  const clock = testClock('2026-03-02T15:00:00.000Z');
  const call = () => as(t.app, lead);

  beforeAll(async () => {
    t = await createTestApp(dialect, { clock });
    lead = await loginAs(t.app, t, 'lead');
    engineer = await loginAs(t.app, t, 'engineer');
    support = await loginAs(t.app, t, 'support');
  });
  afterAll(async () => t.cleanup());

  async function newIncident(extra: object = {}) {
    const res = await call()({ method: 'POST', url: '/api/incidents', payload: { title: 'Order page shows other customers', ...extra } });
    expect(res.statusCode).toBe(201);
    return res.json<{ id: string; version: number; ref: string }>();
  }

  it('takes a report from any staff member, hides reporter contact from roles without access, audits every reveal', async () => {
    const created = await as(
      t.app,
      support,
    )({
      method: 'POST',
      url: '/api/reports',
      payload: {
        source: 'customer_call',
        reporter_name: 'Jane Roe',
        reporter_contact: 'jane@example.com',
        observed: 'I see other people’s addresses',
        reporter_tz: 'America/New_York',
      },
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id as string;
    const stored = await t.services.db.selectFrom('reports').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(stored.reporter_contact_enc).not.toContain('jane@example.com');
    const forEngineer = await as(t.app, engineer)({ method: 'GET', url: `/api/reports/${id}` });
    expect(forEngineer.json()).toMatchObject({ reporter_name: '[redacted]', reporter_contact: '[redacted]' });
    const forSupport = await as(t.app, support)({ method: 'GET', url: `/api/reports/${id}` });
    expect(forSupport.json()).toMatchObject({ reporter_name: 'Jane Roe', reporter_contact: 'jane@example.com' });
    const reads = await t.services.db
      .selectFrom('audit_entries')
      .selectAll()
      .where('action', '=', 'report.read_contact')
      .where('entity_id', '=', id)
      .execute();
    expect(reads).toHaveLength(1);
    expect(reads[0]!.actor_label).toBe(support.email);
    expect(JSON.stringify(reads)).not.toContain('jane@example.com');
  });

  it('turns a report into an incident (clock starts at the report time) or dismisses it with a reason', async () => {
    const report = (
      await call()({
        method: 'POST',
        url: '/api/reports',
        payload: { source: 'email', observed: 'Leak?', reported_at: '2026-03-02T09:30:00-05:00' },
      })
    ).json();
    const noReason = await call()({
      method: 'POST',
      url: `/api/reports/${report.id}/triage`,
      payload: { outcome: 'not_incident', version: 1 },
    });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.details[0].path).toBe('body.reason');
    const triaged = await call()({
      method: 'POST',
      url: `/api/reports/${report.id}/triage`,
      payload: { outcome: 'incident', version: 1, title: 'Shop leak', severity: 'critical' },
    });
    expect(triaged.statusCode).toBe(200);
    const incident = (await call()({ method: 'GET', url: `/api/incidents/${triaged.json().incident_id}` })).json();
    expect(incident).toMatchObject({
      title: 'Shop leak',
      status: 'reported',
      aware_at: '2026-03-02T14:30:00.000Z',
      elapsed_since_aware_seconds: 1800,
    });
    expect(incident.timestamp_provenance.aware_at.set_by).toBe(lead.email);
    const again = await call()({
      method: 'POST',
      url: `/api/reports/${report.id}/triage`,
      payload: { outcome: 'not_incident', version: 2, reason: 'x' },
    });
    expect(again.statusCode).toBe(409);
    const other = (
      await call()({ method: 'POST', url: '/api/reports', payload: { source: 'researcher', observed: 'Your robots.txt lists /admin' } })
    ).json();
    const dismissed = await call()({
      method: 'POST',
      url: `/api/reports/${other.id}/triage`,
      payload: { outcome: 'not_incident', version: 1, reason: 'No personal data involved' },
    });
    expect(dismissed.json()).toMatchObject({ outcome: 'not_incident', incident_id: null });
    expect(
      (await call()({ method: 'GET', url: '/api/reports?status=not_incident' })).json().reports.map((r: { id: string }) => r.id),
    ).toContain(other.id);
  });

  it('only leads and admins open incidents; input errors name the field', async () => {
    expect((await as(t.app, engineer)({ method: 'POST', url: '/api/incidents', payload: { title: 'x' } })).statusCode).toBe(403);
    const bad = await call()({
      method: 'POST',
      url: '/api/incidents',
      payload: { title: '', severity: 'apocalyptic', aware_at: 'yesterday' },
    });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .error.details.map((d: { path: string }) => d.path)
        .sort(),
    ).toEqual(['body.aware_at', 'body.severity', 'body.title']);
    expect(bad.body).not.toMatch(/at .*\.ts:\d+/);
    const future = await call()({ method: 'POST', url: '/api/incidents', payload: { title: 'x', aware_at: '2026-03-03T15:00:00Z' } });
    expect(future.statusCode).toBe(400);
    expect(future.json().error.details).toEqual([{ path: 'aware_at', message: 'in the future' }]);
    const notFound = await call()({ method: 'GET', url: '/api/incidents/3f1d2c7e-1111-4222-8333-444455556666' });
    expect(notFound.statusCode).toBe(404);
    expect((await call()({ method: 'GET', url: '/api/incidents/not-a-uuid' })).statusCode).toBe(400);
  });

  it('lists and filters incidents by status and kind', async () => {
    const drill = await newIncident({ kind: 'drill', title: 'Drill one' });
    const list = await call()({ method: 'GET', url: '/api/incidents?kind=drill' });
    expect(list.json().incidents.map((i: { id: string }) => i.id)).toEqual([drill.id]);
    expect(drill.ref).toMatch(/^BD-2026-\d{4}$/);
    const none = await call()({ method: 'GET', url: '/api/incidents?status=closed' });
    expect(none.json().incidents).toEqual([]);
    expect((await call()({ method: 'GET', url: '/api/incidents?status=bogus' })).statusCode).toBe(400);
  });

  it('edits with optimistic concurrency: a stale version gets 409 and nothing is lost', async () => {
    const inc = await newIncident();
    const first = await call()({ method: 'PATCH', url: `/api/incidents/${inc.id}`, payload: { version: 1, severity: 'critical' } });
    expect(first.json()).toMatchObject({ severity: 'critical', version: 2 });
    const stale = await call()({ method: 'PATCH', url: `/api/incidents/${inc.id}`, payload: { version: 1, title: 'Overwritten' } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.details).toMatchObject({ expected_version: 1, current_version: 2 });
    const now = (await call()({ method: 'GET', url: `/api/incidents/${inc.id}` })).json();
    expect(now).toMatchObject({ title: 'Order page shows other customers', severity: 'critical', version: 2 });
  });

  it('enforces the status workflow and stamps contained_at', async () => {
    const inc = await newIncident();
    const skip = await call()({
      method: 'POST',
      url: `/api/incidents/${inc.id}/status`,
      payload: { version: 1, status: 'closed', reason: 'done' },
    });
    expect(skip.statusCode).toBe(409);
    expect(skip.json().error.message).toMatch(/allowed: investigating, not_a_breach/);
    let v = 1;
    for (const status of ['investigating', 'confirmed_breach', 'contained']) {
      const res = await call()({
        method: 'POST',
        url: `/api/incidents/${inc.id}/status`,
        payload: { version: v, status, reason: `moving to ${status}` },
      });
      expect(res.statusCode).toBe(200);
      v = res.json().version;
    }
    const final = (await call()({ method: 'GET', url: `/api/incidents/${inc.id}` })).json();
    expect(final).toMatchObject({
      status: 'contained',
      contained_at: '2026-03-02T15:00:00.000Z',
      allowed_next_statuses: ['notifying', 'recovering'],
    });
    const timeline = (await call()({ method: 'GET', url: `/api/incidents/${inc.id}/timeline?kind=automatic&category=status` })).json()
      .entries;
    expect(timeline.map((e: { text: string }) => e.text)).toContain(
      'Status changed from confirmed_breach to contained: moving to contained',
    );
    let current = final.version as number;
    for (const status of ['recovering', 'closed', 'investigating']) {
      current = (
        await call()({
          method: 'POST',
          url: `/api/incidents/${inc.id}/status`,
          payload: { version: current, status, reason: `to ${status}` },
        })
      ).json().version;
    }
    const reopened = (await call()({ method: 'GET', url: `/api/incidents/${inc.id}` })).json();
    expect(reopened.closed_at).toBeNull();
    expect(reopened.timestamp_history.at(-1)).toMatchObject({
      field: 'closed_at',
      value: null,
      previous_value: '2026-03-02T15:00:00.000Z',
      reason: 'reopened: to investigating',
    });
  });

  it('sets legal timestamps with who and why, rejects future and inconsistent values', async () => {
    const inc = await newIncident({ occurred_from: '2026-02-20T00:00:00Z' });
    const noReason = await call()({
      method: 'POST',
      url: `/api/incidents/${inc.id}/timestamps`,
      payload: { version: 1, field: 'aware_at', value: '2026-03-01T10:00:00Z' },
    });
    expect(noReason.statusCode).toBe(400);
    const future = await call()({
      method: 'POST',
      url: `/api/incidents/${inc.id}/timestamps`,
      payload: { version: 1, field: 'aware_at', value: '2026-04-01T10:00:00Z', reason: 'x' },
    });
    expect(future.statusCode).toBe(400);
    const before = await call()({
      method: 'POST',
      url: `/api/incidents/${inc.id}/timestamps`,
      payload: { version: 1, field: 'aware_at', value: '2026-02-01T10:00:00Z', reason: 'x' },
    });
    expect(before.json().error.details[0]).toEqual({ path: 'aware_at', message: 'must not be before occurred_from' });
    const ok = await call()({
      method: 'POST',
      url: `/api/incidents/${inc.id}/timestamps`,
      payload: { version: 1, field: 'aware_at', value: '2026-03-01T11:00:00+01:00', reason: 'CIO call to VP' },
    });
    expect(ok.json()).toMatchObject({ aware_at: '2026-03-01T10:00:00.000Z', elapsed_since_aware_seconds: 29 * 3600 });
    expect(ok.json().timestamp_provenance.aware_at).toMatchObject({ reason: 'CIO call to VP', set_by: lead.email });
    clock.advance(60_000);
    const corrected = await call()({
      method: 'POST',
      url: `/api/incidents/${inc.id}/timestamps`,
      payload: { version: 2, field: 'aware_at', value: '2026-03-01T09:00:00Z', reason: 'phone log shows earlier call' },
    });
    expect(corrected.json().timestamp_history.filter((h: { field: string }) => h.field === 'aware_at')).toHaveLength(2);
    expect(corrected.json().timestamp_history.at(-1)).toMatchObject({
      previous_value: '2026-03-01T10:00:00.000Z',
      value: '2026-03-01T09:00:00.000Z',
    });
    clock.set('2026-03-02T15:00:00.000Z');
  });

  it('keeps event time apart from record time on the timeline, filters and exports it', async () => {
    const inc = await newIncident();
    const add = await as(
      t.app,
      engineer,
    )({
      method: 'POST',
      url: `/api/incidents/${inc.id}/timeline`,
      payload: {
        event_at: '2026-02-28T08:15:00-05:00',
        event_tz: 'America/New_York',
        category: 'detection',
        text: '=HYPERLINK("evil") customer saw data',
      },
    });
    expect(add.statusCode).toBe(201);
    const badTz = await call()({
      method: 'POST',
      url: `/api/incidents/${inc.id}/timeline`,
      payload: { event_at: '2026-02-28T08:15:00Z', event_tz: 'Mars/Olympus', text: 'x' },
    });
    expect(badTz.statusCode).toBe(400);
    expect(badTz.json().error.details[0].path).toBe('body.event_tz');
    const manual = (await call()({ method: 'GET', url: `/api/incidents/${inc.id}/timeline?kind=manual` })).json().entries;
    expect(manual).toHaveLength(1);
    expect(manual[0]).toMatchObject({
      event_at: '2026-02-28T13:15:00.000Z',
      recorded_at: '2026-03-02T15:00:00.000Z',
      author: engineer.email,
      kind: 'manual',
    });
    const all = (await call()({ method: 'GET', url: `/api/incidents/${inc.id}/timeline` })).json().entries;
    expect(all[0].kind).toBe('manual'); // ordered by event time, the manual entry happened first

    const csv = await call()({ method: 'GET', url: `/api/incidents/${inc.id}/timeline/export?format=csv&kind=manual` });
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const rows = parse<Record<string, string>>(csv.body, { columns: true });
    expect(rows[0]).toMatchObject({ event_local: '2026-02-28 08:15 EST', text: `'=HYPERLINK("evil") customer saw data` });
    const md = await call()({ method: 'GET', url: `/api/incidents/${inc.id}/timeline/export?format=md` });
    expect(md.body).toContain('| 2026-02-28 08:15 EST | detection |');
    expect(md.headers['content-disposition']).toMatch(/attachment; filename="BD-2026-\d{4}-timeline.md"/);
  });

  it('writes an audit entry for every change', async () => {
    const inc = await newIncident();
    const entries = (await call()({ method: 'GET', url: `/api/audit?incident_id=${inc.id}` })).json().entries;
    expect(entries.map((e: { action: string }) => e.action)).toContain('incident.create');
    expect((await as(t.app, engineer)({ method: 'GET', url: '/api/audit' })).statusCode).toBe(403);
    const verify = await call()({ method: 'POST', url: '/api/audit/verify' });
    expect(verify.json()).toMatchObject({ ok: true });
    const head = (await call()({ method: 'GET', url: '/api/audit/head' })).json();
    expect(head).toMatchObject({ count: verify.json().count, hash: verify.json().head });
  });
});
