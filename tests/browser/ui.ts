import type { Browser, Locator, Page } from 'playwright-core';
import { TEST_PASSWORD } from '../helpers/services.js';

/**
 * A fresh browser context (own cookies) with a short default timeout, so a missing element fails the
 * step in seconds with the locator in the message instead of running into the 30 s test timeout.
 */
export async function newPage(browser: Browser, opts: { timezoneId?: string } = {}): Promise<Page> {
  const context = await browser.newContext({ timezoneId: opts.timezoneId ?? 'UTC', viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  page.setDefaultTimeout(8_000);
  return page;
}

/** Uncaught errors thrown in the page (React crashes, bad promises); each test ends by expecting none. */
export async function uncaughtErrors(page: Page): Promise<string[]> {
  return (await page.pageErrors()).map((e) => e.message);
}

/** Signs in through the login form and waits for the incident list. */
export async function signIn(page: Page, baseUrl: string, email: string, password = TEST_PASSWORD): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Incidents' }).waitFor();
}

/**
 * An input by its exact visible label. Mantine appends an aria-hidden " *" to required fields' labels,
 * which getByLabel's exact matching still sees, so the optional asterisk is allowed here.
 */
export function field(scope: Page | Locator, label: string): Locator {
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return scope.getByLabel(new RegExp(`^${escaped}( \\*)?$`));
}
