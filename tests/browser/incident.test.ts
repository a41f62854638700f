import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeBrowser, launchBrowser, startServer } from '../helpers/browser.js';
import { createActor } from '../helpers/services.js';
import { field, newPage, signIn, uncaughtErrors } from './ui.js';

describeBrowser('incident workspace', () => {
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

  it('turns a reported observation into an incident through triage and opens its workspace', async () => {
    const page = await newPage(browser);
    await signIn(page, server.url, lead.email);
    await page.getByRole('button', { name: 'Report something' }).click();
    await page.getByRole('heading', { level: 1, name: 'Reports' }).waitFor();

    await page.getByLabel('Source').selectOption('customer_call');
    await page.getByLabel('Reporter name').fill('Dana Customer');
    await page.getByLabel('What was observed').fill('My orders page shows other people’s names and billing addresses.');
    await page.getByRole('button', { name: 'Save report' }).click();

    // Saving opens the report for triage right away.
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Dana Customer').waitFor();
    await dialog.getByRole('radio', { name: 'Create incident' }).check();
    await dialog.getByLabel('Incident title').fill('Order history shows other customers');
    await dialog.getByLabel('Severity').selectOption('critical');
    await dialog.getByRole('button', { name: 'Create incident' }).click();

    await page.getByRole('heading', { level: 1, name: 'Order history shows other customers' }).waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/incidents\/[0-9a-f-]{36}$/);
    await page.getByText('Severity: Critical').waitFor();
    // aware_at defaults to the report time, so the legal clock runs and ticks.
    const clock = page.getByRole('timer');
    const first = await clock.textContent();
    expect(first).toMatch(/^\d+d \d\d:\d\d:\d\d$/);
    await page.waitForTimeout(1_200);
    expect(await clock.textContent()).not.toBe(first);
    await page.getByRole('tab', { name: 'Overview' }).waitFor();

    // The report list now shows it as triaged, linked to the incident.
    await page.getByRole('link', { name: 'Reports' }).click();
    await page.getByText('Nothing awaiting triage').waitFor();
    await page.getByText('Became incidents').click();
    expect(await page.getByRole('radio', { name: 'Became incidents' }).isChecked()).toBe(true);
    await page.getByRole('link', { name: 'Open incident' }).waitFor();
    expect(await uncaughtErrors(page)).toEqual([]);
  });

  it('adds a timeline entry and lists it with its event time in the event zone and its record time', async () => {
    // The browser runs in Berlin, so the default event zone is Europe/Berlin and times are converted from it.
    const page = await newPage(browser, { timezoneId: 'Europe/Berlin' });
    await signIn(page, server.url, lead.email);
    await page.getByRole('button', { name: 'New incident' }).click();
    const dialog = page.getByRole('dialog', { name: 'New incident' });
    await dialog.getByLabel('Title').fill('Timeline drill');
    await dialog.getByLabel('Kind').selectOption('drill');
    await dialog.getByRole('button', { name: 'Open incident' }).click();
    await page.getByRole('heading', { level: 1, name: 'Timeline drill' }).waitFor();
    // No aware time given: the legal clock warns instead of ticking.
    await page.getByText('Aware time not set').first().waitFor();

    await page.getByRole('tab', { name: 'Timeline' }).click();
    expect(await page.getByRole('combobox', { name: 'Event time zone' }).inputValue()).toBe('Europe/Berlin');
    await field(page, 'Event time').fill('2026-03-02T16:05');
    await page.getByLabel('Category', { exact: true }).selectOption('detection');
    await page.getByLabel('What happened').fill('Support logs the first customer call about foreign order data.');
    await page.getByRole('button', { name: 'Add entry' }).click();

    const row = page.getByRole('row').filter({ hasText: 'Support logs the first customer call' });
    await row.waitFor();
    // 16:05 in Berlin (UTC+1 in March) is shown as such, with the zone named.
    await row.getByText('2026-03-02 16:05:00 GMT+1').waitFor();
    await row.getByText('Europe/Berlin').waitFor();
    await row.getByText('Detection').waitFor();
    await row.getByText(lead.email).waitFor();
    // The form was cleared for the next entry.
    expect(await page.getByLabel('What happened').inputValue()).toBe('');

    // Filtering by another category hides it; the export links carry the filter.
    await page.getByLabel('Category filter').selectOption('containment');
    await page.getByText('No timeline entries match').waitFor();
    expect(await page.getByRole('link', { name: 'CSV' }).getAttribute('href')).toContain('category=containment');
    await page.getByLabel('Category filter').selectOption('detection');
    await row.waitFor();
    expect(await uncaughtErrors(page)).toEqual([]);
  });

  it('records a decision from the template, scores it, approves it with a rationale and shows it read-only', async () => {
    const incident = await server.services.incidents.createIncident(lead, {
      title: 'Storefront leak',
      summary: '',
      kind: 'real',
      severity: 'high',
    });
    const page = await newPage(browser);
    await signIn(page, server.url, lead.email);
    await page.goto(`${server.url}/incidents/${incident.id}?tab=decisions`);
    await page.getByText('No decisions recorded yet').waitFor();
    await page.getByRole('button', { name: 'Create from template' }).click();

    const card = page.getByRole('region', { name: 'Take the storefront offline? (revision 1)' });
    await card.getByText('Draft', { exact: true }).waitFor();
    // Template scores: "Keep the site online" totals 2×5 + 5×0 + 4×2 + 3×1 + 3×5 = 36.
    const onlineTotal = card.getByRole('row', { name: /Weighted total/ });
    await onlineTotal.getByText('36 (').waitFor();
    await card.getByLabel('Score of “Keep the site online” for “Preserves evidence (logs, server state)”').fill('5');
    await card.getByText('Unsaved changes').waitFor();
    await onlineTotal.getByText('48 (').waitFor();
    expect(await card.getByRole('button', { name: 'Approve decision' }).isDisabled()).toBe(true);
    await card.getByRole('button', { name: 'Save draft' }).click();
    await card.getByText('Unsaved changes').waitFor({ state: 'detached' });

    const approved = page.getByRole('region', { name: 'Take the storefront offline? (revision 1)' });
    await approved.getByRole('radio', { name: 'Take the whole site offline' }).check();
    await approved.getByLabel('Approval rationale').fill('Ongoing exposure of customer data outweighs lost revenue.');
    await approved.getByRole('button', { name: 'Approve decision' }).click();

    await approved.getByText('Approved', { exact: true }).waitFor();
    await approved.getByText('Chosen option:').waitFor();
    expect(await approved.getByText('Chosen option:').locator('..').textContent()).toContain('Take the whole site offline');
    await approved.getByText('Ongoing exposure of customer data outweighs lost revenue.').waitFor();
    // Read-only: the saved score is shown, but no inputs or edit buttons remain.
    expect(await approved.getByRole('textbox').count()).toBe(0);
    expect(await approved.getByRole('radio').count()).toBe(0);
    expect(await approved.getByRole('button', { name: 'Save draft' }).count()).toBe(0);
    expect(await approved.getByRole('button', { name: 'Approve decision' }).count()).toBe(0);
    await approved
      .getByRole('row', { name: /Weighted total/ })
      .getByText('48 (')
      .waitFor();
    await approved.getByRole('button', { name: 'Revise decision' }).waitFor();
    expect(await uncaughtErrors(page)).toEqual([]);
  });
});
