import argon2 from 'argon2';
import * as OTPAuth from 'otpauth';
import type { Clock } from '../../core/clock.js';
import { type Cipher, randomToken, safeEqual, sha256Hex } from '../../core/crypto.js';
import { AppError, conflict, invalid, notFound } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import type { Db } from '../../db/database.js';
import type { UsersTable } from '../../db/schema.js';
import type { AuditService } from '../audit/audit.service.js';
import { type Actor, authorize, type Role, roles, type TokenScope } from './auth.permissions.js';
import * as repo from './auth.repository.js';

export const SESSION_HOURS = 12;
export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MINUTES = 15;
export const MIN_PASSWORD_LENGTH = 12;

export type PublicUser = {
  id: string;
  email: string;
  display_name: string;
  role: Role;
  totp_enabled: boolean;
  disabled: boolean;
  created_at: string;
  version: number;
};

const toPublicUser = (u: UsersTable): PublicUser => ({
  id: u.id,
  email: u.email,
  display_name: u.display_name,
  role: u.role as Role,
  totp_enabled: u.totp_enabled === 1,
  disabled: u.disabled_at !== null,
  created_at: u.created_at,
  version: u.version,
});

export type AuthService = ReturnType<typeof createAuthService>;

const normalizeEmail = (email: string) => email.trim().toLowerCase();

/** A random password a person can read aloud and type: 4 groups of 5 base32 characters. */
function generatePassword(): string {
  const raw = new OTPAuth.Secret({ size: 15 }).base32;
  return raw
    .match(/.{1,6}/g)!
    .join('-')
    .toLowerCase();
}

function checkPasswordStrength(password: string) {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw invalid(`Password must have at least ${MIN_PASSWORD_LENGTH} characters`, [{ path: 'password', message: 'too short' }]);
  }
}

/**
 * Users, sessions, API tokens and TOTP. Passwords are argon2id; session and API tokens are stored only
 * as SHA-256 hashes (they are long random values, so a fast hash is enough and lookups stay indexed).
 */
export function createAuthService(deps: { db: Db; clock: Clock; cipher: Cipher; audit: AuditService; setupToken?: string }) {
  const { db, clock, cipher, audit } = deps;
  const now = () => clock.now().toISOString();
  let dummyHash: Promise<string> | undefined;

  async function createUser(actor: Actor, input: { email: string; role: Role; displayName?: string; password?: string }) {
    authorize(actor, 'user.manage');
    if (!roles.includes(input.role)) throw invalid(`Unknown role ${input.role}`, [{ path: 'role', message: `one of ${roles.join(', ')}` }]);
    const email = normalizeEmail(input.email);
    const generated = input.password ? undefined : generatePassword();
    const password = input.password ?? generated!;
    checkPasswordStrength(password);
    if (await repo.findUserByEmail(db, email)) throw conflict(`A user with email ${email} already exists`);
    const passwordHash = await argon2.hash(password, { type: argon2.argon2id });
    const at = now();
    const user: UsersTable = {
      id: newId(),
      email,
      display_name: input.displayName?.trim() || email.split('@')[0]!,
      role: input.role,
      password_hash: passwordHash,
      totp_secret_enc: null,
      totp_enabled: 0,
      failed_logins: 0,
      locked_until: null,
      disabled_at: null,
      created_at: at,
      updated_at: at,
      version: 1,
    };
    await db.transaction().execute(async (trx) => {
      await repo.insertUser(trx, user);
      await audit.record(trx, actor, { action: 'user.create', entityType: 'user', entityId: user.id, after: { email, role: input.role } });
    });
    return { user: toPublicUser(user), generatedPassword: generated };
  }

  /**
   * An operator (CLI) sets a new password for an existing user and lifts any lock or disable, audited;
   * `demo` uses it so its printed login always works. Returns null when no such user exists.
   */
  async function resetPasswordByOperator(actor: Actor, input: { email: string; password: string }) {
    authorize(actor, 'user.manage');
    if (actor.kind !== 'system') throw new AppError('FORBIDDEN', 'Only an operator at the server (CLI) resets passwords this way');
    checkPasswordStrength(input.password);
    const user = await repo.findUserByEmail(db, normalizeEmail(input.email));
    if (!user) return null;
    const passwordHash = await argon2.hash(input.password, { type: argon2.argon2id });
    await db.transaction().execute(async (trx) => {
      await repo.resetUserPassword(trx, user.id, passwordHash, now());
      await audit.record(trx, actor, { action: 'user.password_reset', entityType: 'user', entityId: user.id, after: { unlocked: true } });
    });
    return toPublicUser({ ...user, disabled_at: null, locked_until: null });
  }

  async function needsSetup() {
    return (await repo.countUsers(db)) === 0;
  }

  /** One-time web setup of the first admin, protected by the token printed in the server log. */
  async function setupFirstAdmin(input: { setupToken: string; email: string; password: string; displayName?: string }) {
    if (!deps.setupToken || !safeEqual(input.setupToken, deps.setupToken)) throw new AppError('FORBIDDEN', 'Setup token is wrong');
    if (!(await needsSetup())) throw conflict('Setup is already done');
    return createUser(
      { kind: 'system', label: 'setup' },
      { email: input.email, role: 'admin', displayName: input.displayName, password: input.password },
    );
  }

  async function login(input: { email: string; password: string; totp?: string }) {
    const email = normalizeEmail(input.email);
    const user = await repo.findUserByEmail(db, email);
    const at = clock.now();
    const fail = async (reason: string) => {
      await audit.recordRead(
        { kind: 'system', label: 'login' },
        // The typed email is not recorded: the audit log is permanent and a mistyped address is personal data.
        { action: 'auth.login_failed', entityType: 'user', entityId: user?.id ?? null, details: { reason } },
      );
      return new AppError('UNAUTHENTICATED', 'Email, password or code is wrong');
    };
    if (!user || user.disabled_at) {
      // Spend the same time as a real check so response timing does not reveal which emails exist.
      dummyHash ??= argon2.hash(randomToken(), { type: argon2.argon2id });
      await argon2.verify(await dummyHash, input.password);
      throw await fail('unknown or disabled user');
    }
    if (user.locked_until && user.locked_until > at.toISOString()) {
      throw new AppError('TOO_MANY_REQUESTS', `Too many failed logins; try again after ${user.locked_until}`);
    }
    const passwordOk = await argon2.verify(user.password_hash, input.password);
    const totpOk = user.totp_enabled !== 1 || (input.totp !== undefined && verifyTotp(user, input.totp));
    if (passwordOk && user.totp_enabled === 1 && input.totp === undefined) {
      // First step of a two-step login: the password was right, ask for the code (not a failed attempt).
      throw new AppError('UNAUTHENTICATED', 'A code from your authenticator app is required', { totp_required: true });
    }
    if (!passwordOk || !totpOk) {
      const failed = user.failed_logins + 1;
      const lock = failed >= MAX_FAILED_LOGINS;
      await repo.setLoginState(db, user.id, {
        failed_logins: lock ? 0 : failed,
        locked_until: lock ? new Date(at.getTime() + LOCKOUT_MINUTES * 60_000).toISOString() : null,
      });
      throw await fail(passwordOk ? 'bad totp' : 'bad password');
    }
    const token = randomToken();
    const csrfToken = randomToken(24);
    await db.transaction().execute(async (trx) => {
      await repo.setLoginState(trx, user.id, { failed_logins: 0, locked_until: null });
      await repo.insertSession(trx, {
        id: newId(),
        token_hash: sha256Hex(token),
        user_id: user.id,
        csrf_token: csrfToken,
        created_at: at.toISOString(),
        expires_at: new Date(at.getTime() + SESSION_HOURS * 3600_000).toISOString(),
        last_seen_at: at.toISOString(),
      });
      await audit.record(
        trx,
        { kind: 'user', userId: user.id, email: user.email, role: user.role as Role, scope: 'full' },
        { action: 'auth.login', entityType: 'user', entityId: user.id },
      );
    });
    return { token, csrfToken, user: toPublicUser(user) };
  }

  function verifyTotp(user: UsersTable, code: string): boolean {
    if (!user.totp_secret_enc) return false;
    const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(cipher.decrypt(user.totp_secret_enc)) });
    return totp.validate({ token: code.replace(/\s/g, ''), window: 1 }) !== null;
  }

  /** Resolves a session cookie to an actor and its CSRF token; null when missing, expired or disabled. */
  async function authenticateSession(token: string): Promise<{ actor: Actor; csrfToken: string } | null> {
    const s = await repo.findSessionByHash(db, sha256Hex(token));
    if (!s || s.disabled_at || s.expires_at <= now()) return null;
    return { actor: { kind: 'user', userId: s.user_id, email: s.email, role: s.role as Role, scope: 'full' }, csrfToken: s.csrf_token };
  }

  async function authenticateApiToken(token: string): Promise<Actor | null> {
    const t = await repo.findTokenByHash(db, sha256Hex(token));
    const at = now();
    if (!t || t.revoked_at || t.disabled_at || (t.expires_at && t.expires_at <= at)) return null;
    await repo.touchToken(db, t.id, at);
    return { kind: 'user', userId: t.user_id, email: t.email, role: t.role as Role, scope: t.scope as TokenScope };
  }

  async function logout(token: string) {
    await repo.deleteSessionByHash(db, sha256Hex(token));
  }

  /** Account-security changes need a browser session or a full-scope token, never a read-only token. */
  function requireFullScope(actor: Actor) {
    if (actor.kind === 'user' && actor.scope === 'read')
      throw new AppError('FORBIDDEN', 'A read-only API token cannot change account security settings');
  }

  async function me(actor: Actor) {
    if (actor.kind !== 'user') throw new AppError('UNAUTHENTICATED', 'Not signed in');
    const u = await repo.findUserById(db, actor.userId);
    if (!u) throw notFound('User');
    return toPublicUser(u);
  }

  async function listUsers(actor: Actor) {
    authorize(actor, 'user.list');
    return (await repo.listUsers(db)).map(toPublicUser);
  }

  async function updateUser(actor: Actor, id: string, input: { version: number; role?: Role; disabled?: boolean; displayName?: string }) {
    authorize(actor, 'user.manage');
    const u = await repo.findUserById(db, id);
    if (!u) throw notFound('User');
    if (actor.kind === 'user' && actor.userId === id && (input.disabled || (input.role && input.role !== 'admin'))) {
      throw conflict('You cannot disable yourself or remove your own admin role');
    }
    const patch = {
      ...(input.role ? { role: input.role } : {}),
      ...(input.displayName ? { display_name: input.displayName } : {}),
      ...(input.disabled !== undefined ? { disabled_at: input.disabled ? (u.disabled_at ?? now()) : null } : {}),
      updated_at: now(),
    };
    await db.transaction().execute(async (trx) => {
      if (!(await repo.updateUser(trx, id, input.version, patch)))
        throw conflict('The user was changed by someone else; reload and try again', { current_version: u.version });
      if (input.disabled) await repo.deleteSessionsOfUser(trx, id);
      await audit.record(trx, actor, {
        action: 'user.update',
        entityType: 'user',
        entityId: id,
        before: { role: u.role, disabled: u.disabled_at !== null, display_name: u.display_name },
        after: {
          role: input.role ?? u.role,
          disabled: input.disabled ?? u.disabled_at !== null,
          display_name: input.displayName ?? u.display_name,
        },
      });
    });
    return toPublicUser((await repo.findUserById(db, id))!);
  }

  async function changePassword(actor: Actor, input: { currentPassword: string; newPassword: string }) {
    requireFullScope(actor);
    const user = await repo.findUserById(db, (await me(actor)).id);
    if (!user || !(await argon2.verify(user.password_hash, input.currentPassword)))
      throw invalid('Current password is wrong', [{ path: 'current_password', message: 'wrong' }]);
    checkPasswordStrength(input.newPassword);
    const hash = await argon2.hash(input.newPassword, { type: argon2.argon2id });
    await db.transaction().execute(async (trx) => {
      if (!(await repo.updateUser(trx, user.id, user.version, { password_hash: hash, updated_at: now() }))) throw conflict('Try again');
      await audit.record(trx, actor, { action: 'user.password_change', entityType: 'user', entityId: user.id });
    });
  }

  /** Starts TOTP enrolment: stores a new (not yet active) secret and returns it for the authenticator app. */
  async function beginTotp(actor: Actor) {
    requireFullScope(actor);
    const user = await me(actor);
    // Re-enrolling would silently switch the second factor off; that must go through disableTotp (password).
    if (user.totp_enabled) throw conflict('The second factor is already on; turn it off first (needs your password)');
    const secret = new OTPAuth.Secret({ size: 20 });
    const totp = new OTPAuth.TOTP({ issuer: 'Breachdesk', label: user.email, secret });
    await db.transaction().execute(async (trx) => {
      await repo.storePendingTotpSecret(trx, user.id, cipher.encrypt(secret.base32));
      await audit.record(trx, actor, { action: 'user.totp_begin', entityType: 'user', entityId: user.id });
    });
    return { secret: secret.base32, otpauth_uri: totp.toString() };
  }

  async function enableTotp(actor: Actor, code: string) {
    requireFullScope(actor);
    const user = await repo.findUserById(db, (await me(actor)).id);
    if (!user?.totp_secret_enc) throw conflict('Start TOTP enrolment first');
    if (!verifyTotp(user, code)) throw invalid('The code is wrong or expired', [{ path: 'code', message: 'wrong code' }]);
    await db.transaction().execute(async (trx) => {
      await repo.activateTotp(trx, user.id);
      await audit.record(trx, actor, { action: 'user.totp_enable', entityType: 'user', entityId: user.id });
    });
  }

  /** Turning off your own second factor needs your password; an admin may reset another user's (lost phone). */
  async function disableTotp(actor: Actor, input: { userId?: string; currentPassword?: string }) {
    requireFullScope(actor);
    const self = await me(actor);
    const id = input.userId ?? self.id;
    if (id !== self.id) authorize(actor, 'user.manage');
    else {
      const row = await repo.findUserById(db, self.id);
      if (!row || !input.currentPassword || !(await argon2.verify(row.password_hash, input.currentPassword))) {
        throw invalid('Enter your current password to turn off the second factor', [
          { path: 'current_password', message: 'wrong or missing' },
        ]);
      }
    }
    await db.transaction().execute(async (trx) => {
      await repo.clearTotp(trx, id);
      await audit.record(trx, actor, { action: 'user.totp_disable', entityType: 'user', entityId: id });
    });
  }

  async function createApiToken(actor: Actor, input: { name: string; scope: TokenScope; expiresInDays?: number }) {
    const user = await me(actor);
    if (actor.kind === 'user' && actor.scope === 'read') throw new AppError('FORBIDDEN', 'A read-only token cannot create tokens');
    const token = `bd_${randomToken(30)}`;
    const at = clock.now();
    const row = {
      id: newId(),
      user_id: user.id,
      name: input.name,
      token_hash: sha256Hex(token),
      token_prefix: token.slice(0, 10),
      scope: input.scope,
      created_at: at.toISOString(),
      expires_at: input.expiresInDays ? new Date(at.getTime() + input.expiresInDays * 86400_000).toISOString() : null,
      last_used_at: null,
      revoked_at: null,
    };
    await db.transaction().execute(async (trx) => {
      await repo.insertToken(trx, row);
      await audit.record(trx, actor, {
        action: 'token.create',
        entityType: 'api_token',
        entityId: row.id,
        after: { name: row.name, scope: row.scope, expires_at: row.expires_at },
      });
    });
    return { token, info: toPublicToken(row) };
  }

  async function listApiTokens(actor: Actor) {
    const user = await me(actor);
    return (await repo.listTokensOfUser(db, user.id)).map(toPublicToken);
  }

  async function revokeApiToken(actor: Actor, id: string) {
    requireFullScope(actor);
    const user = await me(actor);
    const t = await repo.findToken(db, id);
    if (!t) throw notFound('Token');
    if (t.user_id !== user.id) authorize(actor, 'user.manage');
    await db.transaction().execute(async (trx) => {
      await repo.revokeToken(trx, id, now());
      await audit.record(trx, actor, { action: 'token.revoke', entityType: 'api_token', entityId: id });
    });
  }

  return {
    createUser,
    resetPasswordByOperator,
    needsSetup,
    setupFirstAdmin,
    login,
    authenticateSession,
    authenticateApiToken,
    logout,
    me,
    listUsers,
    updateUser,
    changePassword,
    beginTotp,
    enableTotp,
    disableTotp,
    createApiToken,
    listApiTokens,
    revokeApiToken,
  };
}

function toPublicToken(t: {
  id: string;
  name: string;
  token_prefix: string;
  scope: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}) {
  return {
    id: t.id,
    name: t.name,
    prefix: t.token_prefix,
    scope: t.scope as TokenScope,
    created_at: t.created_at,
    expires_at: t.expires_at,
    last_used_at: t.last_used_at,
    revoked: t.revoked_at !== null,
  };
}
