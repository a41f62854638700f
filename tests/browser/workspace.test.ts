import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeBrowser, launchBrowser, startServer } from '../helpers/browser.js';
import { createActor } from '../helpers/services.js';
import { field, newPage, signIn, uncaughtErrors } from './ui.js';

describeBrowser('incident workspace tabs', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  let lead: Awaited<ReturnType<typeof createActor>>;

  beforeAll(async () => {
    server = await startServer('sqlite');
    browser = await launchBrowser();
    lead = await createActor(server.services, 'lead', 'lead@example.com');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.cleanup();
  });

  const openIncident = (title: string) =>
    server.services.incidents.createIncident(lead, { title, summary: '', kind: 'real', severity: 'high' });

  it('sets the aware time with a reason, shows who set it, and moves the status on', async () => {
    const incident = await openIncident('Overview checks');
    const page = await newPage(browser, { timezoneId: 'America/New_York' });
    await signIn(page, server.url, lead.email);
    await page.goto(`${server.url}/incidents/${incident.id}`);
    await page.getByText('Aware time not set').first().waitFor();

    await field(page, 'Timestamp to set').selectOption('aware_at');
    await field(page, 'Date and time').fill('2026-03-02T09:30');
    await field(page, 'Reason / source of this time').fill('Support ticket #4711 logged the first customer call');
    await page.getByRole('button', { name: 'Save timestamp' }).click();

    const aware = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: /^Aware/ }) });
    // 09:30 in New York (UTC−5 in March) is 14:30 UTC; both are shown.
    await aware.getByText('2026-03-02 09:30:00 GMT-5').waitFor();
    await aware.getByText('2026-03-02 14:30:00 GMT').waitFor();
    await aware.getByText(lead.email).waitFor();
    await aware.getByText('Support ticket #4711 logged the first customer call').waitFor();
    await page.getByRole('timer').waitFor();
    await page.getByRole('heading', { name: 'Timestamp change history' }).waitFor();

    await field(page, 'New status').selectOption('investigating');
    await field(page, 'Reason for status change').fill('Reproduced the leak on the staging shop');
    await page.getByRole('button', { name: 'Change status' }).click();
    await page.getByText('Current status:').filter({ hasText: 'Investigating' }).waitFor();
    expect(await uncaughtErrors(page)).toEqual([]);
  });

  it('explains a stale-version conflict and recovers after reload', async () => {
    const incident = await openIncident('Conflict checks');
    const page = await newPage(browser);
    await signIn(page, server.url, lead.email);
    await page.goto(`${server.url}/incidents/${incident.id}`);
    await field(page, 'Reason for status change').waitFor();

    // Someone else changes the incident after the page loaded.
    await server.services.incidents.updateIncident(lead, incident.id, { version: incident.version, severity: 'critical' });

    await field(page, 'Reason for status change').fill('Starting the investigation');
    await page.getByRole('button', { name: 'Change status' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'changed by someone else' });
    await alert.waitFor();
    await alert.getByRole('button', { name: 'Reload data' }).click();
    await page.getByText('Severity: Critical').waitFor();
    await page.getByRole('button', { name: 'Change status' }).click();
    await page.getByText('Current status:').filter({ hasText: 'Investigating' }).waitFor();
    expect(await uncaughtErrors(page)).toEqual([]);
  });

  it('flags overdue tasks and tracks a countermeasure through its lifecycle', async () => {
    const incident = await openIncident('Tasks and containment');
    const page = await newPage(browser);
    await signIn(page, server.url, lead.email);
    await page.goto(`${server.url}/incidents/${incident.id}?tab=tasks`);
    await page.getByText('No tasks yet').waitFor();

    await field(page, 'Task title').fill('Call the payment provider');
    await field(page, 'Owner').selectOption(lead.userId);
    await field(page, 'Due').fill('2020-01-01T09:00');
    await page.getByRole('button', { name: 'Add task' }).click();
    const row = page.getByRole('row').filter({ hasText: 'Call the payment provider' });
    await row.getByText('Overdue').waitFor();
    await row.getByText(lead.email).waitFor();
    await page.getByText('1 overdue task').waitFor();
    await page.getByLabel('Status of Call the payment provider').selectOption('done');
    await page.getByText('1 overdue task').waitFor({ state: 'detached' });
    expect(await row.getByText('Overdue').count()).toBe(0);

    await page.getByRole('tab', { name: 'Containment' }).click();
    await field(page, 'Countermeasure').fill('Maintenance page on the storefront');
    await page.getByRole('button', { name: 'Add countermeasure' }).click();
    const card = page.getByRole('region', { name: 'Maintenance page on the storefront' });
    await card.getByText('Planned', { exact: true }).waitFor();
    await field(card, 'Move to').selectOption('active');
    await field(card, 'Note').fill('Switched on by ops');
    await card.getByRole('button', { name: 'Update status' }).click();
    await page.getByRole('region', { name: 'Maintenance page on the storefront' }).getByText('Active', { exact: true }).waitFor();
    expect(await uncaughtErrors(page)).toEqual([]);
  });

  it('uploads evidence, shows its SHA-256 and size, verifies it and links it from the checklist', async () => {
    const incident = await openIncident('Evidence checks');
    const file = path.join(server.dataDir, 'access.log');
    writeFileSync(file, 'GET /account/orders?id=1042 200\n');
    const page = await newPage(browser);
    await signIn(page, server.url, lead.email);
    await page.goto(`${server.url}/incidents/${incident.id}?tab=evidence`);
    await page.getByText('No evidence uploaded yet').waitFor();

    await field(page, 'File description').fill('Web server log excerpt');
    await page.locator('input[type=file]').setInputFiles(file);
    await page.getByRole('button', { name: 'Upload' }).click();
    const row = page.getByRole('row').filter({ hasText: 'access.log' });
    await row.getByText('Web server log excerpt').waitFor();
    // sha256("GET /account/orders?id=1042 200\n")
    const { createHash } = await import('node:crypto');
    const sha = createHash('sha256').update('GET /account/orders?id=1042 200\n').digest('hex');
    await row.getByText(sha).waitFor();
    await row.getByText('32 B').waitFor();
    await page.getByRole('button', { name: 'Verify hash of access.log' }).click();
    await row.getByText('Hash verified: file unchanged').waitFor();

    await page.getByRole('tab', { name: 'Investigation' }).click();
    const first = page
      .locator('section')
      .filter({ has: page.getByRole('button', { name: 'Save answer' }) })
      .first();
    await field(first, 'Answer').fill('Since the release on 1 March, per the access log');
    await field(first, 'Confidence').selectOption('high');
    await page.getByRole('button', { name: 'Save answer' }).first().click();
    await page.getByText('Confidence: High').first().waitFor();
    await page.getByText(`Last answered by ${lead.email}`).first().waitFor();
    expect(await uncaughtErrors(page)).toEqual([]);
  });
});
