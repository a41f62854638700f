import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { type Config, loadConfig } from '../../src/config/config.js';
import type { Clock } from '../../src/core/clock.js';
import { openServices, type Services } from '../../src/composition.js';
import type { DialectName } from '../../src/db/database.js';
import type { Actor, Role } from '../../src/modules/auth/auth.permissions.js';

/** Every repository and service test runs once per dialect: `describe.each(dialects)(…)`. */
export const dialects: DialectName[] = ['sqlite', 'postgres'];

export const TEST_PASSWORD = 'correct horse battery staple';

/** A clock tests can move; starts at a fixed instant so outputs are reproducible. */
export function testClock(start = '2026-03-02T15:00:00.000Z'): Clock & { set(iso: string): void; advance(ms: number): void } {
  let now = new Date(start);
  return {
    now: () => new Date(now),
    set: (iso) => {
      now = new Date(iso);
    },
    advance: (ms) => {
      now = new Date(now.getTime() + ms);
    },
  };
}

export type TestContext = { services: Services; config: Config; dataDir: string; cleanup: () => Promise<void> };

/** Fresh, migrated database of the given dialect (a temp SQLite file or a new PostgreSQL database). */
export async function createTestServices(
  dialect: DialectName,
  opts: { clock?: Clock; setupToken?: string; env?: Record<string, string> } = {},
): Promise<TestContext> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'breachdesk-test-'));
  const env: Record<string, string> = {
    BREACHDESK_DATA_DIR: dataDir,
    BREACHDESK_SECRET_KEY: Buffer.alloc(32, 7).toString('base64'),
    ...opts.env,
  };
  if (dialect === 'postgres') {
    const base = inject('pgUrl');
    const dbName = `bd_test_${Math.random().toString(36).slice(2, 10)}`;
    const admin = new pg.Client({ connectionString: `${base}/postgres` });
    await admin.connect();
    await admin.query(`create database ${dbName}`);
    await admin.end();
    env.DATABASE_URL = `${base}/${dbName}`;
  }
  const config = loadConfig(env);
  const services = await openServices(config, { clock: opts.clock, setupToken: opts.setupToken });
  return {
    services,
    config,
    dataDir,
    cleanup: async () => {
      await services.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Creates a user with a role and returns the actor a service call would get for them. */
export async function createActor(
  services: Services,
  role: Role,
  email = `${role}-${Math.random().toString(36).slice(2, 8)}@example.com`,
): Promise<Actor & { kind: 'user' }> {
  const { user } = await services.auth.createUser({ kind: 'system', label: 'test' }, { email, role, password: TEST_PASSWORD });
  return { kind: 'user', userId: user.id, email: user.email, role, scope: 'full' };
}
