import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeBrowser, launchBrowser, startServer } from '../helpers/browser.js';
import { createActor } from '../helpers/services.js';
import { field, newPage, signIn, uncaughtErrors } from './ui.js';

const fixtures = path.resolve('tests/fixtures/customers');

describeBrowser('customers page', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  let lead: Awaited<ReturnType<typeof createActor>>;
  let support: Awaited<ReturnType<typeof createActor>>;
  let viewer: Awaited<ReturnType<typeof createActor>>;

  beforeAll(async () => {
    server = await startServer('sqlite');
    browser = await launchBrowser();
    lead = await createActor(server.services, 'lead', 'lead@example.com');
    support = await createActor(server.services, 'support', 'support@example.com');
    viewer = await createActor(server.services, 'viewer', 'viewer@example.com');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.cleanup();
  });

  async function openCustomers(page: Page, email: string) {
    await signIn(page, server.url, email);
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Customers' }).click();
    await page.getByRole('heading', { level: 1, name: 'Customers' }).waitFor();
  }

  const mappingRow = (page: Page, column: string) =>
    page
      .getByRole('table', { name: 'Column mapping' })
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: column, exact: true }) });

  it('previews a file, changes a mapping, previews again, imports, and shows the summary and history', async () => {
    const page = await newPage(browser);
    await openCustomers(page, lead.email);
    await page.getByLabel('Customers: 0').waitFor();
    await page.getByRole('heading', { name: 'Import history' }).waitFor();
    await page.getByText('No imports yet').waitFor();

    await page.locator('input[type=file]').setInputFiles(path.join(fixtures, 'crm-export.csv'));
    expect(await page.getByRole('button', { name: 'Import', exact: true }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Preview (dry run)' }).click();
    await page.getByText('Preview of crm-export.csv: nothing was written').waitFor();

    // Detection: the id and contact columns by name; "Kunde" (customer) is not recognized as a name.
    await mappingRow(page, 'Kundennummer').getByRole('cell', { name: 'Recognized from the column name' }).waitFor();
    await mappingRow(page, 'Kunde').getByRole('cell', { name: 'Not used' }).waitFor();
    await page.getByLabel('Would be inserted: 3').waitFor();
    await page.getByLabel('Skipped: 1').waitFor();
    await page.getByRole('table', { name: 'Skipped rows' }).getByRole('row', { name: '4 No customer id' }).waitFor();
    await page
      .getByRole('table', { name: 'Jurisdictions in the file' })
      .getByRole('row', { name: /^US-CA 1$/ })
      .waitFor();
    const samples = page.getByRole('table', { name: 'Masked sample rows' });
    await samples.getByRole('cell', { name: 'a***@e***.de' }).waitFor();
    expect(await samples.getByText('anna.schmidt@example.de').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Import', exact: true }).isEnabled()).toBe(true);

    // The user gives the full name its column: Import waits for a new preview of exactly that.
    expect(await field(page, 'Full name column').inputValue()).toBe('');
    await field(page, 'Full name column').selectOption('Kunde');
    await page.getByText('The mapping changed: preview again before importing.').waitFor();
    expect(await page.getByRole('button', { name: 'Import', exact: true }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Preview (dry run)' }).click();
    await mappingRow(page, 'Kunde').getByRole('cell', { name: 'Chosen by you' }).waitFor();
    await mappingRow(page, 'Kunde').getByRole('cell', { name: 'Full name', exact: true }).waitFor();
    await samples.getByRole('columnheader', { name: 'Full name' }).waitFor();

    const imported = page.waitForResponse((r) => r.url().endsWith('/api/customers/imports') && r.request().method() === 'POST');
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    expect((await imported).status()).toBe(201);
    await page.getByText('Imported crm-export.csv').waitFor();
    await page.getByLabel('Inserted: 3').waitFor();

    // Summary and history follow without a reload.
    await page.getByLabel('Customers: 3').waitFor();
    const perJurisdiction = page.getByRole('table', { name: 'Customers per jurisdiction' });
    await perJurisdiction.getByRole('row', { name: /^DE 1$/ }).waitFor();
    await perJurisdiction.getByRole('row', { name: /^CA-QC 1$/ }).waitFor();
    const history = page.getByRole('table', { name: 'Import history' }).getByRole('row').filter({ hasText: 'crm-export.csv' });
    await history.getByText('Done', { exact: true }).waitFor();
    await history.getByText('lead@example.com').waitFor();
    const [stored] = await server.services.customers.listImports(lead);
    expect(stored).toMatchObject({ file_name: 'crm-export.csv', inserted: 3, skipped: 1 });
    await history.getByText(`${stored!.sha256!.slice(0, 12)}…`).waitFor();

    // A malformed file is refused with the line the server names.
    await page.locator('input[type=file]').setInputFiles(path.join(fixtures, 'broken.jsonl'));
    await page.getByRole('button', { name: 'Preview (dry run)' }).click();
    await page.getByRole('list', { name: 'Problems in the file' }).getByText('Line 2').waitFor();
    expect(await uncaughtErrors(page)).toEqual([]);
  });

  it('support searches by email and sees the contact, without an import form', async () => {
    const page = await newPage(browser);
    await openCustomers(page, support.email);
    await page.getByText('Only administrators and incident leads can import the customer master.').waitFor();
    expect(await page.getByRole('button', { name: 'Preview (dry run)' }).count()).toBe(0);

    await field(page, 'Email').fill('john.doe@example.com');
    await page.getByRole('button', { name: 'Search customers' }).click();
    const row = page
      .getByRole('table', { name: 'Customers found' })
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: 'K-102' }) });
    await row.getByRole('cell', { name: 'US-CA' }).waitFor();
    await row.getByText('John Doe').waitFor();
    expect(await uncaughtErrors(page)).toEqual([]);
  });

  it('a viewer sees the summary and history but no import form and no search', async () => {
    const page = await newPage(browser);
    await openCustomers(page, viewer.email);
    await page.getByLabel('Customers: 3').waitFor();
    await page.getByRole('table', { name: 'Import history' }).getByText('crm-export.csv').waitFor();
    await page.getByText('Only administrators and incident leads can import the customer master.').waitFor();
    expect(await page.locator('input[type=file]').count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'Search customers' }).count()).toBe(0);
    expect(await uncaughtErrors(page)).toEqual([]);
  });
});
