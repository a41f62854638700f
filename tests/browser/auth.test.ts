import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeBrowser, launchBrowser, startServer } from '../helpers/browser.js';
import { newPage, uncaughtErrors } from './ui.js';

const SETUP_TOKEN = 'browser-setup-token-0123456789';
const ADMIN_EMAIL = 'first-admin@example.com';
const ADMIN_PASSWORD = 'a long and memorable passphrase';

describeBrowser('first run: setup and sign-in', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer('sqlite', { setupToken: SETUP_TOKEN });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.cleanup();
  });

  it('sends /login to /setup on a fresh install, creates the first admin, then signs in and out', async () => {
    const page = await newPage(browser);
    await page.goto(`${server.url}/login`);
    await page.getByRole('heading', { level: 1, name: 'Set up Breachdesk' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/setup');

    // A wrong token is refused with a visible error and nothing is created.
    await page.getByLabel('Setup token').fill('wrong-token');
    await page.getByLabel('Email').fill(ADMIN_EMAIL);
    await page.getByLabel('Display name').fill('First Admin');
    await page.getByRole('textbox', { name: 'Password', exact: true }).fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Create administrator' }).click();
    await page.getByRole('alert').getByText('Setup token is wrong').waitFor();

    await page.getByLabel('Setup token').fill(SETUP_TOKEN);
    await page.getByRole('button', { name: 'Create administrator' }).click();

    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await page.getByText(`Administrator ${ADMIN_EMAIL} created`).waitFor();
    expect(await page.getByLabel('Email').inputValue()).toBe(ADMIN_EMAIL);

    // Wrong password first: the error is shown, the user stays on the login page.
    await page.getByRole('textbox', { name: 'Password', exact: true }).fill('not the password at all');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').getByText('Email, password or code is wrong').waitFor();

    await page.getByRole('textbox', { name: 'Password', exact: true }).fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Incidents' }).waitFor();
    await page.getByText('No incidents yet').waitFor();
    await page.getByRole('banner').getByText('First Admin').waitFor();
    await page.getByRole('banner').getByText('Admin', { exact: true }).waitFor();
    // An admin sees the admin-only navigation.
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Users' }).waitFor();

    // Setup cannot run twice.
    await page.goto(`${server.url}/setup`);
    await page.getByText('Setup is already done').waitFor();

    await page.goto(`${server.url}/`);
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    // Signed out for real: a protected page sends us back to the login form.
    await page.goto(`${server.url}/audit`);
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    expect(await uncaughtErrors(page)).toEqual([]);
  });
});
