import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeBrowser, launchBrowser, startServer } from '../helpers/browser.js';
import { createActor } from '../helpers/services.js';
import { newPage, signIn, uncaughtErrors } from './ui.js';

describeBrowser('audit log', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  let admin: Awaited<ReturnType<typeof createActor>>;

  beforeAll(async () => {
    server = await startServer('sqlite');
    browser = await launchBrowser();
    admin = await createActor(server.services, 'admin', 'auditor@example.com');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.cleanup();
  });

  it('lists entries and reports an intact chain, then names the first bad entry after tampering', async () => {
    const page = await newPage(browser);
    await signIn(page, server.url, admin.email);
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
    // The sign-in just now is itself audited.
    await page.getByRole('cell', { name: 'auth.login' }).first().waitFor();

    await page.getByRole('button', { name: 'Verify chain' }).click();
    const intact = page.getByRole('status').filter({ hasText: /Chain intact: \d+ entries/ });
    await intact.waitFor();
    const count = Number(/Chain intact: (\d+) entries/.exec((await intact.textContent()) ?? '')?.[1]);
    expect(count).toBeGreaterThanOrEqual(2); // user creation + login at least

    // Edit one stored entry behind the application's back: verification must now fail and say where.
    const first = await server.services.db.selectFrom('audit_entries').select('seq').orderBy('seq').executeTakeFirstOrThrow();
    await server.services.db.updateTable('audit_entries').set({ action: 'tampered' }).where('seq', '=', first.seq).execute();
    await page.getByRole('button', { name: 'Verify chain' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: `Chain broken at entry #${first.seq}` })
      .waitFor();
    await page.getByText(`entry ${first.seq} was modified`).waitFor();
    expect(await page.getByText(/Chain intact/).count()).toBe(0);
    expect(await uncaughtErrors(page)).toEqual([]);
  });

  it('hides the audit log from roles that may not read it', async () => {
    const viewer = await createActor(server.services, 'viewer', 'viewer@example.com');
    const page = await newPage(browser);
    await signIn(page, server.url, viewer.email);
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    await nav.getByRole('link', { name: 'Incidents' }).waitFor();
    expect(await nav.getByRole('link', { name: 'Audit log' }).count()).toBe(0);
    expect(await nav.getByRole('link', { name: 'Users' }).count()).toBe(0);
    // A viewer cannot open incidents either: the button is not offered.
    expect(await page.getByRole('button', { name: 'New incident' }).count()).toBe(0);
    await page.goto(`${server.url}/audit`);
    await page.getByText('Only administrators, incident leads and legal can read the audit log.').waitFor();
    expect(await uncaughtErrors(page)).toEqual([]);
  });
});
