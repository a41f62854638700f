import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** Environment variables Breachdesk reads. Nothing else in the code base touches process.env. */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000).describe('TCP port of the HTTP server'),
  HOST: z.string().min(1).default('127.0.0.1').describe('interface to listen on'),
  BREACHDESK_DATA_DIR: z.string().min(1).default('./data').describe('directory for the SQLite file, key file, evidence and outbox'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// (leave unset for the embedded SQLite database)')
    .optional()
    .describe('PostgreSQL connection string; unset means SQLite in the data directory'),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
    .optional()
    .describe('SMTP server for outgoing mail; unset means .eml files in <data dir>/outbox'),
  BREACHDESK_MAIL_FROM: z.string().min(3).default('Breachdesk <breachdesk@localhost>').describe('sender of notification emails'),
  BREACHDESK_SECRET_KEY: z
    .string()
    .regex(/^[A-Za-z0-9+/]{43}=$/, 'must be 32 random bytes in base64 (openssl rand -base64 32)')
    .optional()
    .describe('encryption and signing key; unset means <data dir>/secret.key, generated on first start'),
  BREACHDESK_PUBLIC_URL: z.string().url().optional().describe('external URL (https://… turns on Secure cookies)'),
  BREACHDESK_MAX_UPLOAD_MB: z.coerce.number().int().min(1).max(10240).default(100).describe('largest evidence upload in MiB'),
  BREACHDESK_LEAK_DIR: z
    .string()
    .min(1)
    .optional()
    .describe('server directory whose files may be added to an incident for scoping by path; unset means <data dir>/leaks'),
  BREACHDESK_REMINDER_HOURS: z
    .string()
    .regex(/^\d+(,\d+)*$/, 'comma-separated whole hours, e.g. 72,24,4')
    .default('72,24,4')
    .describe('hours before each obligation deadline when its owner is reminded'),
  BREACHDESK_TRUST_PROXY: z
    .enum(['true', 'false'])
    .default('false')
    .describe('true only behind a reverse proxy that sets X-Forwarded-For (otherwise clients could fake their address)'),
  BREACHDESK_LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info')
    .describe(
      'server log level (request logs hold method, route pattern, status and timing; no bodies, query strings or client addresses)',
    ),
});

export type Config = Readonly<{
  port: number;
  host: string;
  dataDir: string;
  database: { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };
  smtpUrl: string | undefined;
  mailFrom: string;
  secretKey: Buffer;
  publicUrl: string;
  secureCookies: boolean;
  maxUploadBytes: number;
  logLevel: string;
  trustProxy: boolean;
  reminderHours: number[];
  evidenceDir: string;
  outboxDir: string;
  /** Leak files added by server path must lie inside this directory (uploads go to evidence). */
  leakDir: string;
}>;

/** Thrown when the environment is invalid; the message lists every bad variable. */
export class ConfigError extends Error {}

/**
 * Parses the environment once into a frozen, typed object. Creates the data directory and, when no
 * BREACHDESK_SECRET_KEY is given, a random key file inside it (mode 0600) on first start.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.BREACHDESK_DATA_DIR);
  mkdirSync(dataDir, { recursive: true });
  const publicUrl = e.BREACHDESK_PUBLIC_URL ?? `http://localhost:${e.PORT}`;
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    dataDir,
    database: e.DATABASE_URL
      ? { kind: 'postgres' as const, url: e.DATABASE_URL }
      : { kind: 'sqlite' as const, file: path.join(dataDir, 'breachdesk.sqlite') },
    smtpUrl: e.SMTP_URL,
    mailFrom: e.BREACHDESK_MAIL_FROM,
    secretKey: e.BREACHDESK_SECRET_KEY ? Buffer.from(e.BREACHDESK_SECRET_KEY, 'base64') : loadOrCreateKeyFile(dataDir),
    publicUrl,
    secureCookies: publicUrl.startsWith('https://'),
    maxUploadBytes: e.BREACHDESK_MAX_UPLOAD_MB * 1024 * 1024,
    logLevel: e.BREACHDESK_LOG_LEVEL,
    trustProxy: e.BREACHDESK_TRUST_PROXY === 'true',
    reminderHours: e.BREACHDESK_REMINDER_HOURS.split(',')
      .map(Number)
      .sort((a, b) => b - a),
    evidenceDir: path.join(dataDir, 'evidence'),
    outboxDir: path.join(dataDir, 'outbox'),
    leakDir: e.BREACHDESK_LEAK_DIR ? path.resolve(e.BREACHDESK_LEAK_DIR) : path.join(dataDir, 'leaks'),
  });
}

function loadOrCreateKeyFile(dataDir: string): Buffer {
  const file = path.join(dataDir, 'secret.key');
  if (!existsSync(file)) {
    // 'wx' fails if another process created the file meanwhile; then we read theirs.
    try {
      writeFileSync(file, randomBytes(32).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== 32) throw new ConfigError(`Invalid configuration:\n  ${file}: key file must hold 32 bytes in base64`);
  return key;
}

/** Variable names and descriptions, used by `breachdesk --help` and the README table. */
export function describeConfig(): Array<{ name: string; description: string }> {
  return Object.entries(envSchema.shape).map(([name, schema]) => ({ name, description: schema.description ?? '' }));
}
