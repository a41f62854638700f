import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeBrowser, launchBrowser, startServer } from '../helpers/browser.js';
import { fixtureCustomers, seedCustomers } from '../helpers/customers.js';
import { createActor } from '../helpers/services.js';
import { field, newPage, signIn, uncaughtErrors } from './ui.js';

const fixtures = path.resolve('tests/fixtures/scoping');

describeBrowser('incident scoping tab', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  let lead: Awaited<ReturnType<typeof createActor>>;
  let viewer: Awaited<ReturnType<typeof createActor>>;
  let incidentId: string;

  beforeAll(async () => {
    server = await startServer('sqlite');
    browser = await launchBrowser();
    lead = await createActor(server.services, 'lead', 'lead@example.com');
    viewer = await createActor(server.services, 'viewer', 'viewer@example.com');
    await seedCustomers(server.services, fixtureCustomers);
    const incident = await server.services.incidents.createIncident(lead, {
      title: 'Storefront order export leaked',
      summary: '',
      kind: 'real',
      severity: 'high',
      aware_at: new Date(Date.now() - 3_600_000).toISOString(),
    });
    incidentId = incident.id;
    // users.jsonl is added by server path, so it must sit in the leak directory; orders.csv is uploaded.
    mkdirSync(server.config.leakDir, { recursive: true });
    copyFileSync(path.join(fixtures, 'users.jsonl'), path.join(server.config.leakDir, 'users.jsonl'));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.cleanup();
  });

  /** The test server runs no worker: a queued scan shows up, then the test runs the job queue by hand. */
  async function runQueuedScan(page: Page) {
    const progress = page.getByLabel('Scan progress');
    await progress.getByText('Scan queued').waitFor();
    await progress.getByRole('button', { name: 'Cancel scan' }).waitFor();
    expect(await server.services.jobs.runDue('browser-test')).toBeGreaterThan(0);
    await progress.waitFor({ state: 'detached' });
  }

  const registerRow = (page: Page, ref: string) =>
    page
      .getByRole('table', { name: 'Exposure register' })
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: ref }) });

  it('scans uploaded and server files into totals and a register, corrects columns, resolves a review, finds a person', async () => {
    const page = await newPage(browser);
    await signIn(page, server.url, lead.email);
    await page.goto(`${server.url}/incidents/${incidentId}?tab=scoping`);
    await page.getByRole('tab', { name: 'Scoping', selected: true }).waitFor();
    await page.getByText('No leak files added yet').waitFor();
    await page.getByText(/^5 customers in the master \(/).waitFor();

    // Upload: stored as evidence first, then queued for a scan.
    await page.locator('input[type=file]').setInputFiles(path.join(fixtures, 'orders.csv'));
    await page.getByRole('button', { name: 'Upload and scan' }).click();
    await page.getByRole('status').filter({ hasText: '1 file added; scan queued.' }).waitFor();
    await runQueuedScan(page);

    const ordersRow = page.getByRole('row').filter({ hasText: 'orders.csv' }).first();
    await ordersRow.getByText('Done', { exact: true }).waitFor();
    await ordersRow.getByRole('cell', { name: 'CSV · UTF-8', exact: true }).waitFor();
    await page.getByLabel('Affected customers: 2').waitFor();
    const byType = page.getByRole('table', { name: 'Affected customers by data type' });
    await byType.getByRole('row', { name: /Email address 2/ }).waitFor();
    await page.getByRole('table', { name: 'Affected customers by jurisdiction' }).getByRole('row', { name: /DE 1/ }).waitFor();
    const juergen = registerRow(page, 'K-1001');
    await juergen.getByText('Card security code (CVV)').waitFor();
    await juergen.getByText('Email address (100 %)').waitFor();

    // Correct a column: cvv is not to be counted; the file is scanned again and the register follows.
    await ordersRow.getByRole('button', { name: 'Show columns of orders.csv' }).click();
    const columns = page.getByRole('form', { name: 'Column classification of orders.csv' });
    await expect.poll(() => columns.getByLabel('Role of column cvv').inputValue()).toBe('card_cvv');
    await columns.getByLabel('Role of column cvv').selectOption('none');
    await columns.getByRole('button', { name: 'Re-scan with corrections' }).click();
    await columns.getByRole('status').filter({ hasText: 'Corrections saved' }).waitFor();
    await runQueuedScan(page);
    await juergen.getByText('Full card number (PAN)').waitFor();
    await expect.poll(() => juergen.getByText('Card security code (CVV)').count()).toBe(0);
    await columns.getByText('corrected by a reviewer').waitFor();

    // A server file with a broken line: listed with its error and the register flagged INCOMPLETE.
    await field(page, 'Server paths, one per line').fill('users.jsonl');
    await page.getByRole('button', { name: 'Scan server files' }).click();
    await runQueuedScan(page);
    await page
      .getByRole('alert')
      .filter({ hasText: 'INCOMPLETE: the register may be missing people' })
      .getByText(/users\.jsonl/)
      .waitFor();
    await page
      .getByRole('list', { name: 'Read errors in users.jsonl' })
      .getByText(/^users\.jsonl, line 3: /)
      .waitFor();

    // Two Ann Lees at the same postal code: the reviewer compares and decides.
    await page.getByRole('radio', { name: 'Open (1)', checked: true }).waitFor({ state: 'attached' });
    const review = page.getByRole('article', { name: 'Review: users.jsonl, line 2' });
    await review.getByText('ANN LEE').waitFor();
    await review.getByText('ann.lee@example.com').waitFor();
    await review.getByLabel('Note on users.jsonl, line 2').fill('Order 42 was shipped to her address');
    await review.getByRole('button', { name: 'This is K-1003' }).click();
    await page.getByRole('status').filter({ hasText: 'users.jsonl, line 2: matched to K-1003' }).waitFor();
    await page.getByText('Nothing to review').waitFor();
    await registerRow(page, 'K-1003').waitFor();

    // Register filter by jurisdiction (kept in the URL).
    await field(page, 'Jurisdiction').selectOption('FR');
    await registerRow(page, 'K-1002').waitFor();
    await expect.poll(() => registerRow(page, 'K-1001').count()).toBe(0);
    expect(new URL(page.url()).searchParams.get('jurisdiction')).toBe('FR');
    await field(page, 'Jurisdiction').selectOption('');
    await registerRow(page, 'K-1001').waitFor();

    // Find a person who called in.
    const search = page.getByRole('form', { name: 'Find a person' });
    await field(search, 'Email').fill('juergen.gross@example.de');
    await search.getByRole('button', { name: 'Find person' }).click();
    const person = page.getByRole('article', { name: 'Customer K-1001' });
    await person.getByText(/Exposed in 1 file/).waitFor();
    await person.getByRole('cell', { name: 'orders.csv' }).waitFor();

    // Unmatched individuals (the guest buyer) on request.
    await page.getByRole('button', { name: 'Show unmatched individuals (1)' }).click();
    await page.getByRole('table', { name: 'Unmatched individuals' }).getByText('nobody@example.net').waitFor();

    // CSV export: the link downloads the register; the lead may also export contact data.
    const csv = page.getByRole('link', { name: 'Export CSV', exact: true });
    const res = await page.request.get(new URL((await csv.getAttribute('href'))!, server.url).toString());
    expect(res.status()).toBe(200);
    const body = await res.text();
    expect(body.split('\n')[0]).toContain('customer_ref');
    expect(body).toContain('K-1001');
    expect(body).not.toContain('juergen.gross@example.de');
    await page.getByRole('link', { name: 'Export CSV with contact data' }).waitFor();

    await page.getByRole('button', { name: 'Use for obligations' }).click();
    await page.getByRole('status').filter({ hasText: 'Obligation facts updated from the register' }).waitFor();

    expect(await uncaughtErrors(page)).toEqual([]);
  }, 60_000);

  it('shows a viewer the register without actions or contact data, on a narrow screen', async () => {
    const page = await newPage(browser);
    await page.setViewportSize({ width: 390, height: 900 });
    await signIn(page, server.url, viewer.email);
    await page.goto(`${server.url}/incidents/${incidentId}?tab=scoping`);
    await registerRow(page, 'K-1001').waitFor();
    await page.getByRole('link', { name: 'Export CSV', exact: true }).waitFor();
    for (const hidden of ['Add leak files', 'Find a person', 'Unmatched individuals'])
      expect(await page.getByRole('heading', { name: hidden }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Export CSV with contact data' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Use for obligations' }).count()).toBe(0);
    // The page itself does not scroll sideways; wide tables scroll inside their container.
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    expect(await uncaughtErrors(page)).toEqual([]);
  });
});
