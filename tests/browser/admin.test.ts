import * as OTPAuth from 'otpauth';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeBrowser, launchBrowser, startServer } from '../helpers/browser.js';
import { createActor, TEST_PASSWORD } from '../helpers/services.js';
import { field, newPage, signIn, uncaughtErrors } from './ui.js';

describeBrowser('users and account', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  let admin: Awaited<ReturnType<typeof createActor>>;

  beforeAll(async () => {
    server = await startServer('sqlite');
    browser = await launchBrowser();
    admin = await createActor(server.services, 'admin', 'admin@example.com');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.cleanup();
  });

  it('adds a user with a generated password shown once, then changes their role and disables them', async () => {
    const page = await newPage(browser);
    await signIn(page, server.url, admin.email);
    await page.getByRole('link', { name: 'Users' }).click();
    await page.getByRole('heading', { level: 1, name: 'Users' }).waitFor();

    await field(page, 'Email').fill('new.engineer@example.com');
    await field(page, 'Display name').fill('New Engineer');
    await field(page, 'Role').selectOption('engineer');
    await page.getByRole('button', { name: 'Add user' }).click();

    await page.getByText('Generated password for new.engineer@example.com').waitFor();
    const generated = (await page.getByTestId('one-time-secret').textContent()) ?? '';
    expect(generated.length).toBeGreaterThanOrEqual(12);
    // The generated password works: the new user can sign in with it.
    const other = await newPage(browser);
    await signIn(other, server.url, 'new.engineer@example.com', generated);
    await other.getByRole('banner').getByText('Engineer', { exact: true }).waitFor();

    await page.getByRole('button', { name: 'I have saved it' }).click();
    expect(await page.getByTestId('one-time-secret').count()).toBe(0);

    // Each change waits for the list to reload, so the next one sends the row's new version.
    const reloaded = () => page.waitForResponse((r) => r.url().endsWith('/api/users') && r.request().method() === 'GET');
    let listReloaded = reloaded();
    await page.getByLabel('Role of new.engineer@example.com').selectOption('legal');
    await listReloaded;
    listReloaded = reloaded();
    await page.getByRole('button', { name: 'Disable new.engineer@example.com' }).click();
    await listReloaded;
    const row = page.getByRole('row').filter({ hasText: 'new.engineer@example.com' });
    await row.getByText('Disabled', { exact: true }).waitFor();
    expect(await page.getByLabel('Role of new.engineer@example.com').inputValue()).toBe('legal');
    const stored = (await server.services.auth.listUsers(admin)).find((u) => u.email === 'new.engineer@example.com');
    expect(stored).toMatchObject({ role: 'legal', disabled: true });
    expect(await uncaughtErrors(page)).toEqual([]);
  });

  it('creates an API token shown once with a copy button, lists it by prefix and revokes it', async () => {
    const page = await newPage(browser);
    await signIn(page, server.url, admin.email);
    await page.getByRole('link', { name: 'My account' }).click();
    await page.getByRole('heading', { level: 1, name: 'My account' }).waitFor();

    await field(page, 'Token name').fill('nightly export');
    await field(page, 'Scope').selectOption('read');
    await page.getByRole('button', { name: 'Create token' }).click();
    await page.getByText('Your new API token').waitFor();
    await page.getByRole('button', { name: 'Copy to clipboard' }).waitFor();
    const token = (await page.getByTestId('one-time-secret').textContent()) ?? '';
    expect(token.length).toBeGreaterThan(20);

    // The token really authenticates (read scope) against the API.
    const res = await fetch(`${server.url}/api/incidents`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);

    const row = page.getByRole('row').filter({ hasText: 'nightly export' });
    await row.getByText('Read only').waitFor();
    await page.getByRole('button', { name: 'Revoke token nightly export' }).click();
    await row.getByText('Revoked').waitFor();
    const after = await fetch(`${server.url}/api/incidents`, { headers: { authorization: `Bearer ${token}` } });
    expect(after.status).toBe(401);
    expect(await uncaughtErrors(page)).toEqual([]);
  });

  it('turns on two-factor sign-in, after which signing in asks for the authenticator code', async () => {
    const legal = await createActor(server.services, 'legal', 'legal@example.com');
    const page = await newPage(browser);
    await signIn(page, server.url, legal.email);
    await page.getByRole('link', { name: 'My account' }).click();
    await page.getByRole('button', { name: 'Set up two-factor' }).click();
    const uri = (await page.getByRole('link', { name: 'setup link' }).getAttribute('href')) ?? '';
    const secret = new URL(uri).searchParams.get('secret') ?? '';
    expect(secret).toMatch(/^[A-Z2-7]+=*$/);
    const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) });

    await field(page, 'Code from your authenticator app').fill('000000');
    await page.getByRole('button', { name: 'Turn on two-factor' }).click();
    await page.getByRole('alert').getByText('The code is wrong or expired').waitFor();
    await field(page, 'Code from your authenticator app').fill(totp.generate());
    await page.getByRole('button', { name: 'Turn on two-factor' }).click();
    await page.getByText('Two-factor sign-in is on').waitFor();

    await page.getByRole('button', { name: 'Log out' }).click();
    await field(page, 'Email').fill(legal.email);
    await page.getByRole('textbox', { name: 'Password', exact: true }).fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // The password was right; the form now asks for the code instead of showing an error.
    const code = field(page, 'Authenticator code');
    await code.waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
    // The next period's code (accepted within the ±1 step window) avoids reusing the enrolment code.
    await code.fill(totp.generate({ timestamp: Date.now() + 30_000 }));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Incidents' }).waitFor();
    expect(await uncaughtErrors(page)).toEqual([]);
  });
});
