#!/usr/bin/env node
/* global process */
// Entry point for `npx breachdesk`. The TypeScript sources run through tsx's loader so that
// `npm ci` alone leaves the command usable (no separate build step for the server).
import { register } from 'tsx/esm/api';

// A closed pipe (`breachdesk audit head | head -1`) is a normal end, not a crash.
process.stdout.on('error', (/** @type {NodeJS.ErrnoException} */ err) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
