import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('config', () => {
  const dirs: string[] = [];
  const tmp = () => {
    const d = mkdtempSync(path.join(os.tmpdir(), 'breachdesk-config-'));
    dirs.push(d);
    return d;
  };
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('defaults to SQLite in the data dir and generates a private key file once', () => {
    const dir = tmp();
    const config = loadConfig({ BREACHDESK_DATA_DIR: dir });
    expect(config).toMatchObject({
      port: 3000,
      database: { kind: 'sqlite', file: path.join(dir, 'breachdesk.sqlite') },
      smtpUrl: undefined,
      secureCookies: false,
    });
    const keyFile = path.join(dir, 'secret.key');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(loadConfig({ BREACHDESK_DATA_DIR: dir }).secretKey.equals(config.secretKey)).toBe(true);
    expect(Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'base64')).toHaveLength(32);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('uses PostgreSQL, SMTP and Secure cookies when configured', () => {
    const config = loadConfig({
      BREACHDESK_DATA_DIR: tmp(),
      DATABASE_URL: 'postgres://u:p@db/bd',
      SMTP_URL: 'smtp://mail:25',
      BREACHDESK_PUBLIC_URL: 'https://breach.shop.example',
    });
    expect(config.database).toEqual({ kind: 'postgres', url: 'postgres://u:p@db/bd' });
    expect(config.secureCookies).toBe(true);
  });

  it('names every bad variable in one error', () => {
    const run = () => loadConfig({ BREACHDESK_DATA_DIR: tmp(), PORT: '70000', SMTP_URL: 'http://x', BREACHDESK_MAX_UPLOAD_MB: '0' });
    expect(run).toThrow(ConfigError);
    try {
      run();
    } catch (err) {
      const lines = (err as Error).message.split('\n').slice(1);
      expect(lines.map((l) => l.trim().split(':')[0])).toEqual(['PORT', 'SMTP_URL', 'BREACHDESK_MAX_UPLOAD_MB']);
    }
  });
});
