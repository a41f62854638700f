import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { type Browser, chromium } from 'playwright-core';
import { describe } from 'vitest';
import type { DialectName } from '../../src/db/database.js';
import { buildApp } from '../../src/server/app.js';
import { createTestServices, type TestContext } from './services.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Browser tests need Debian's chromium. Locally they are skipped (with a visible reason) when it is
 * missing; with CI=true a missing browser fails the run instead of skipping silently.
 */
export const describeBrowser = (() => {
  if (existsSync(CHROMIUM)) return describe;
  if (process.env.CI === 'true') throw new Error(`CI=true but no chromium at ${CHROMIUM}: install it (apt-get install chromium)`);
  console.warn(`Skipping browser tests: no chromium at ${CHROMIUM}`);
  return describe.skip;
})();

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A real server on a random loopback port over fresh services (the SPA must be built: npm run build:web). */
export async function startServer(
  dialect: DialectName = 'sqlite',
  opts: Parameters<typeof createTestServices>[1] = {},
): Promise<TestContext & { url: string }> {
  const ctx = await createTestServices(dialect, opts);
  const app = await buildApp(ctx.services);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return {
    ...ctx,
    url: `http://127.0.0.1:${port}`,
    cleanup: async () => {
      await app.close();
      await ctx.cleanup();
    },
  };
}
