import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeBrowser, launchBrowser, startServer } from '../helpers/browser.js';
import { createActor } from '../helpers/services.js';
import { field, newPage, signIn, uncaughtErrors } from './ui.js';

const HOUR = 3_600_000;

describeBrowser('obligations deadline board', () => {
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

  const openIncident = (title: string, awareAt: string | undefined) =>
    server.services.incidents.createIncident(lead, { title, summary: '', kind: 'real', severity: 'high', aware_at: awareAt });

  /** Picks options in a Mantine MultiSelect (the options live in a portal listbox). */
  async function pickDataTypes(page: Page, input: Locator, names: string[]) {
    await input.click();
    for (const name of names) await page.getByRole('option', { name, exact: true }).click();
    await page.keyboard.press('Escape');
  }

  async function fillGroup(page: Page, n: number, jurisdiction: string, count: string, types: string[]) {
    await page.getByLabel(`Jurisdiction, group ${n}`, { exact: true }).fill(jurisdiction);
    await page.getByLabel(`People affected, group ${n}`, { exact: true }).fill(count);
    await pickDataTypes(page, page.getByRole('combobox', { name: `Data types, group ${n}`, exact: true }), types);
  }

  const card = (page: Page, name: string) => page.getByRole('article', { name, exact: true });

  it('computes the board from the facts, decides the GDPR question and records a filing', async () => {
    const incident = await openIncident('Storefront customer export', new Date(Date.now() - 2 * HOUR).toISOString());
    const page = await newPage(browser);
    await signIn(page, server.url, lead.email);
    await page.goto(`${server.url}/incidents/${incident.id}?tab=obligations`);

    // Banner: not legal advice, with the rules' verification date.
    const banner = page.getByRole('note').filter({ hasText: 'not legal advice' });
    await banner.getByText(/Rules last verified \d{4}-\d{2}-\d{2}/).waitFor();
    await page.getByText('No obligations computed yet').waitFor();

    // No facts yet: the form is open.
    await page.getByRole('button', { name: 'Hide facts', expanded: true }).waitFor();
    await field(page, 'Countries where the organisation is established').fill('US');
    await fillGroup(page, 1, 'US-CA', '1200', ['Name', 'Social Security number (SSN)']);
    await page.getByRole('button', { name: 'Add affected group' }).click();
    // A name instead of a code is caught before anything is sent.
    await fillGroup(page, 2, 'Germany', '40', ['Email address']);
    await page.getByRole('button', { name: 'Save facts and recompute' }).click();
    await page.getByText('ISO code: country (DE, FR) or subdivision (US-CA, CA-QC)', { exact: true }).waitFor();
    await page.getByRole('alert').filter({ hasText: 'Please check the highlighted fields' }).waitFor();
    await page.getByLabel('Jurisdiction, group 2', { exact: true }).fill('de');
    await page.getByRole('button', { name: 'Save facts and recompute' }).click();

    // The board, grouped by recipient kind, with live countdowns.
    await page.getByRole('heading', { level: 2, name: 'Deadline board' }).waitFor();
    await page.getByRole('heading', { level: 3, name: /^Individuals \(\d+\)$/ }).waitFor();
    await page.getByRole('heading', { level: 3, name: /^Regulators \(\d+\)$/ }).waitFor();
    const residents = card(page, 'Affected California residents');
    await residents.getByText('REQUIRED', { exact: true }).waitFor();
    await residents.getByText('Status: Open').waitFor();
    const timer = residents.getByRole('timer');
    await expect.poll(() => timer.textContent()).toMatch(/^Due in 29d 2[0-2]:\d\d:\d\d$/);
    const before = await timer.textContent();
    await expect.poll(() => timer.textContent(), { timeout: 4_000 }).not.toBe(before);
    const ag = card(page, 'California Attorney General');
    await ag.getByText(/due after “Affected California residents” \(us-ca\.individuals\) is met/).waitFor();
    // Facts collapse after saving and show a summary instead.
    await page.getByRole('button', { name: 'Edit facts', expanded: false }).waitFor();
    await page.getByText(/1,240 people in 2 groups \(US-CA, DE\)/).waitFor();

    // The GDPR supervisory authority needs a decision.
    const sa = card(page, 'Competent (lead) supervisory authority (national data protection authority)');
    await sa.getByText('DECIDE', { exact: true }).waitFor();
    await sa
      .getByRole('timer')
      .getByText(/^Due in 2d 2[12]:/)
      .waitFor();
    await page
      .getByText(/decisions? needed/)
      .first()
      .waitFor();
    await sa.getByRole('button', { name: /^Decide/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText(/Is the breach likely to result in a risk to the rights and freedoms/).waitFor();
    await dialog.getByRole('button', { name: 'Record decision' }).click();
    await dialog.getByText('Choose whether notice is required').waitFor();
    await dialog.getByText('Write down why: the rationale is kept permanently').waitFor();
    await dialog.getByRole('radio', { name: 'No — notice not required' }).check();
    const rationale = 'Only email addresses of 40 people; DPO assessed no risk under Art 33(1); documented per Art 33(5).';
    await field(dialog, 'Rationale').fill(rationale);
    await dialog.getByRole('button', { name: 'Record decision' }).click();

    // Back in the details: not required, and the decision stays in the history.
    await dialog.getByText('Status: Not required').waitFor();
    const history = dialog.getByRole('region', { name: 'Decision history' });
    const row = history.getByRole('row').filter({ hasText: rationale });
    await row.getByText('Not required', { exact: true }).waitFor();
    await row.getByText(lead.email).waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    // Not-required obligations are hidden behind the toggle.
    await expect.poll(() => sa.count()).toBe(0);
    const toggle = page.getByRole('switch', { name: /^Show not required \(\d+\)$/ });
    await toggle.check();
    await sa.getByText('Status: Not required').waitFor();
    await sa.getByText('Not required', { exact: true }).waitFor();

    // Assign an owner and record the filing for the California residents.
    await residents.getByRole('button', { name: 'Details for Affected California residents' }).click();
    await field(dialog, 'Owner of this obligation').selectOption(lead.userId);
    await residents.getByText(`Owner: ${lead.email}`).waitFor();
    await dialog.getByRole('region', { name: 'Required content' }).getByText('Title "Notice of Data Breach"').waitFor();
    await dialog.getByRole('link', { name: /Cal\. Civ\. Code § 1798\.82/ }).waitFor();
    await dialog.getByRole('button', { name: 'Record filing' }).click();
    await field(dialog, 'Reference number').fill('MAIL-2026-0042');
    await field(dialog, 'Note').fill('Letters sent by the mailing house');
    await dialog.getByRole('button', { name: 'Record filing' }).click();
    await dialog.getByText('Status: Met').waitFor();
    await dialog.getByRole('row').filter({ hasText: 'MAIL-2026-0042' }).getByText(lead.email).waitFor();
    await page.keyboard.press('Escape');
    await residents.getByText('Status: Met').waitFor();
    await residents.getByText(/^Met — filed /).waitFor();
    // The Attorney General's 15-day clock starts with that filing.
    await ag
      .getByRole('timer')
      .getByText(/^Due in 1[45]d /)
      .waitFor();
    await page.getByRole('link', { name: 'Add deadlines to calendar (.ics)' }).waitFor();
    expect(await uncaughtErrors(page)).toEqual([]);
  });

  it('asks for the aware time first, then saves the same facts once it is set', async () => {
    const incident = await openIncident('No aware time yet', undefined);
    const page = await newPage(browser);
    await signIn(page, server.url, lead.email);
    await page.goto(`${server.url}/incidents/${incident.id}?tab=obligations`);
    await page.getByRole('status').filter({ hasText: 'Set the aware time first' }).waitFor();

    await fillGroup(page, 1, 'US-CA', '10', ['Email address', 'Password (readable)']);
    await page.getByRole('button', { name: 'Save facts and recompute' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Set the aware time first' });
    await alert
      .getByText(/aware time first/i)
      .first()
      .waitFor();
    expect(await page.getByText('Changed by someone else').count()).toBe(0);

    const current = await server.services.incidents.getIncident(lead, incident.id);
    await server.services.incidents.setTimestamp(lead, incident.id, {
      version: current.version,
      field: 'aware_at',
      value: new Date(Date.now() - HOUR).toISOString(),
      reason: 'First customer call',
    });
    await page.getByRole('button', { name: 'Save facts and recompute' }).click();
    await card(page, 'Affected California residents').getByRole('timer').waitFor();
    await page.getByRole('status').filter({ hasText: 'Set the aware time first' }).waitFor({ state: 'detached' });

    // Someone else changes the facts meanwhile: saving explains the conflict and loads their version.
    const stored = await server.services.obligations.getFacts(lead, incident.id);
    await server.services.obligations.setFacts(lead, incident.id, {
      version: stored!.version,
      facts: { ...stored!.facts, affected: [{ jurisdiction: 'US-CA', count: 25, data_types: ['email', 'password_plain'] }] },
    });
    await page.getByRole('button', { name: 'Edit facts' }).click();
    await page.getByLabel('People affected, group 1', { exact: true }).fill('12');
    await page.getByRole('button', { name: 'Save facts and recompute' }).click();
    const conflict = page.getByRole('alert').filter({ hasText: 'The facts were changed by someone else' });
    await conflict.getByRole('button', { name: 'Load the latest facts' }).click();
    await expect.poll(() => page.getByLabel('People affected, group 1', { exact: true }).inputValue()).toBe('25');
    await page.getByRole('button', { name: 'Save facts and recompute' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /^Facts saved; \d+ obligations recomputed\.$/ })
      .waitFor();
    expect(await uncaughtErrors(page)).toEqual([]);
  });
});
