import { createHash } from 'node:crypto';
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, loginAs, type Session } from '../../../tests/helpers/http.js';
import { openIncident } from '../../../tests/helpers/incident.js';
import { multipart } from '../../../tests/helpers/multipart.js';
import { dialects } from '../../../tests/helpers/services.js';

describe.each(dialects)('evidence on %s', (dialect) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let lead: Session;
  let comms: Session;
  let incidentId: string;
  beforeAll(async () => {
    t = await createTestApp(dialect, { env: { BREACHDESK_MAX_UPLOAD_MB: '1' } });
    lead = await loginAs(t.app, t, 'lead');
    comms = await loginAs(t.app, t, 'comms');
    incidentId = await openIncident(t.app, lead);
  });
  afterAll(async () => t.cleanup());
  const url = () => `/api/incidents/${incidentId}/evidence`;
  const content = 'GET /account/orders 200 session=abc cache=HIT\n'.repeat(100);

  it('stores the file outside the DB with its SHA-256, audits downloads and keeps chain of custody', async () => {
    const up = await as(
      t.app,
      lead,
    )({ method: 'POST', url: url(), ...multipart({ name: 'access.log', content, type: 'text/plain' }, { description: 'nginx log' }) });
    expect(up.statusCode).toBe(201);
    const ev = up.json();
    expect(ev).toMatchObject({
      filename: 'access.log',
      size_bytes: content.length,
      sha256: createHash('sha256').update(content).digest('hex'),
      description: 'nginx log',
    });
    expect((await as(t.app, comms)({ method: 'GET', url: `${url()}/${ev.id}/download` })).statusCode).toBe(403);
    const down = await as(t.app, lead)({ method: 'GET', url: `${url()}/${ev.id}/download` });
    expect(down.body).toBe(content);
    expect(down.headers['x-content-sha256']).toBe(ev.sha256);
    const custody = (await as(t.app, lead)({ method: 'GET', url: `${url()}/${ev.id}/custody` })).json().custody;
    expect(custody.map((c: { action: string }) => c.action)).toEqual(['uploaded', 'downloaded']);
    const audited = await t.services.db
      .selectFrom('audit_entries')
      .select('actor_label')
      .where('action', '=', 'evidence.download')
      .where('entity_id', '=', ev.id)
      .execute();
    expect(audited).toEqual([{ actor_label: lead.email }]);
    await as(
      t.app,
      lead,
    )({ method: 'POST', url: `${url()}/${ev.id}/custody`, payload: { action: 'transferred', note: 'copy handed to forensic firm' } });
    expect((await as(t.app, lead)({ method: 'POST', url: `${url()}/${ev.id}/verify` })).json()).toMatchObject({ ok: true });
  });

  it('detects a file changed on disk', async () => {
    const ev = (
      await as(t.app, lead)({ method: 'POST', url: url(), ...multipart({ name: 'db.sql', content: 'INSERT INTO x VALUES (1);' }) })
    ).json();
    const stored = await t.services.db.selectFrom('evidence').select('storage_key').where('id', '=', ev.id).executeTakeFirstOrThrow();
    writeFileSync(path.join(t.config.evidenceDir, stored.storage_key.slice(0, 2), stored.storage_key), 'tampered');
    const res = (await as(t.app, lead)({ method: 'POST', url: `${url()}/${ev.id}/verify` })).json();
    expect(res).toMatchObject({ ok: false, expected_sha256: ev.sha256 });
  });

  it('answers 413 for an oversized upload and leaves nothing behind', async () => {
    const before = (await as(t.app, lead)({ method: 'GET', url: url() })).json().evidence.length;
    const res = await as(
      t.app,
      lead,
    )({ method: 'POST', url: url(), ...multipart({ name: 'big.bin', content: Buffer.alloc(1024 * 1024 + 10, 1) }) });
    expect(res.statusCode).toBe(413);
    expect((await as(t.app, lead)({ method: 'GET', url: url() })).json().evidence.length).toBe(before);
    expect(readdirSync(path.join(t.config.evidenceDir, 'tmp'))).toEqual([]);
  });

  it('rejects a request without a file', async () => {
    const res = await as(t.app, lead)({ method: 'POST', url: url(), payload: {} });
    expect(res.statusCode).toBe(400);
  });

  it('attaches files to a report and moves them to the incident on triage', async () => {
    const report = (
      await as(t.app, comms)({ method: 'POST', url: '/api/reports', payload: { source: 'email', observed: 'screenshot attached' } })
    ).json();
    const att = await as(
      t.app,
      comms,
    )({
      method: 'POST',
      url: `/api/reports/${report.id}/attachments`,
      ...multipart({ name: 'screenshot.png', content: 'png-bytes', type: 'image/png' }),
    });
    expect(att.statusCode).toBe(201);
    const triage = (
      await as(
        t.app,
        lead,
      )({ method: 'POST', url: `/api/reports/${report.id}/triage`, payload: { outcome: 'incident', version: 1, title: 'From email' } })
    ).json();
    const files = (await as(t.app, lead)({ method: 'GET', url: `/api/incidents/${triage.incident_id}/evidence` })).json().evidence;
    expect(files.map((f: { filename: string }) => f.filename)).toEqual(['screenshot.png']);
    const late = await as(
      t.app,
      comms,
    )({ method: 'POST', url: `/api/reports/${report.id}/attachments`, ...multipart({ name: 'follow-up.txt', content: 'more' }) });
    expect(late.json().incident_id).toBe(triage.incident_id);
  });
});
