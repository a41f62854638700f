import { readdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, loginAs } from '../../../tests/helpers/http.js';
import { openIncident } from '../../../tests/helpers/incident.js';
import { testClock } from '../../../tests/helpers/services.js';
import { createMailer } from './mail.service.js';

/** A real SMTP server on loopback that keeps what it receives. */
async function startSmtp() {
  const received: Array<{ from: string; to: string[]; raw: string }> = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, done) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        done();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('mailer', () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  beforeAll(async () => {
    smtp = await startSmtp();
  });
  afterAll(async () => smtp.close());

  it('delivers through SMTP when SMTP_URL is set', async () => {
    const mailer = createMailer({ smtpUrl: smtp.url, outboxDir: '/nonexistent', from: 'Breachdesk <bd@shop.example>', clock: testClock() });
    const sent = await mailer.send({ to: 'lead@shop.example', subject: 'Hello', text: 'Body text' });
    mailer.close();
    expect(sent.via).toBe('smtp');
    const mail = smtp.received.at(-1)!;
    expect(mail.to).toEqual(['lead@shop.example']);
    expect(mail.from).toBe('bd@shop.example');
    expect(mail.raw).toContain('Subject: Hello');
    expect(mail.raw).toContain('Body text');
  });

  it('emails a task owner through the job queue, and writes .eml files to the outbox without SMTP', async () => {
    const t = await createTestApp('sqlite', { clock: testClock() });
    try {
      const lead = await loginAs(t.app, t, 'lead');
      const engineer = await loginAs(t.app, t, 'engineer');
      const incidentId = await openIncident(t.app, lead, 'Cache leak');
      await as(
        t.app,
        lead,
      )({ method: 'POST', url: `/api/incidents/${incidentId}/tasks`, payload: { title: 'Rotate cache keys', owner_id: engineer.userId } });
      await as(
        t.app,
        lead,
      )({ method: 'POST', url: `/api/incidents/${incidentId}/tasks`, payload: { title: 'My own task', owner_id: lead.userId } });
      expect(await t.services.jobs.runDue('test')).toBe(1);
      const files = readdirSync(t.config.outboxDir);
      expect(files).toHaveLength(1);
      const eml = readFileSync(path.join(t.config.outboxDir, files[0]!), 'utf8');
      expect(eml).toContain(`To: ${engineer.email}`);
      expect(eml).toMatch(/Subject: \[BD-2026-\d{4}\] Task assigned to you: Rotate cache keys/);
      expect(eml).toContain(`/incidents/${incidentId}`);
    } finally {
      await t.cleanup();
    }
  });
});
