import { type Insertable, sql, type Updateable } from 'kysely';
import type { ApiTokensTable, SessionsTable, UsersTable } from '../../db/schema.js';
import type { Executor } from '../../db/database.js';

export const findUserByEmail = (db: Executor, email: string) =>
  db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();

export const findUserById = (db: Executor, id: string) => db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();

export const listUsers = (db: Executor) => db.selectFrom('users').selectAll().orderBy('email').execute();

export async function countUsers(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export const insertUser = (db: Executor, user: Insertable<UsersTable>) => db.insertInto('users').values(user).execute();

/** Optimistic update: returns false when `expectedVersion` is stale. */
export async function updateUser(db: Executor, id: string, expectedVersion: number, patch: Updateable<UsersTable>) {
  const res = await db
    .updateTable('users')
    .set({ ...patch, version: expectedVersion + 1 })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Login bookkeeping is not a user edit, so it does not bump the version. */
export const setLoginState = (db: Executor, id: string, state: { failed_logins: number; locked_until: string | null }) =>
  db.updateTable('users').set(state).where('id', '=', id).execute();

/** Stores a new TOTP secret (encrypted) with the second factor off until a code confirms it; no version bump. */
export const storePendingTotpSecret = (db: Executor, id: string, totpSecretEnc: string) =>
  db.updateTable('users').set({ totp_secret_enc: totpSecretEnc, totp_enabled: 0 }).where('id', '=', id).execute();

/** Turns the second factor on for the stored secret; no version bump. */
export const activateTotp = (db: Executor, id: string) => db.updateTable('users').set({ totp_enabled: 1 }).where('id', '=', id).execute();

/** Turns the second factor off and forgets its secret; no version bump. */
export const clearTotp = (db: Executor, id: string) =>
  db.updateTable('users').set({ totp_enabled: 0, totp_secret_enc: null }).where('id', '=', id).execute();

export const insertSession = (db: Executor, s: SessionsTable) => db.insertInto('sessions').values(s).execute();

export const findSessionByHash = (db: Executor, tokenHash: string) =>
  db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.id',
      'sessions.csrf_token',
      'sessions.expires_at',
      'users.id as user_id',
      'users.email',
      'users.role',
      'users.disabled_at',
    ])
    .where('sessions.token_hash', '=', tokenHash)
    .executeTakeFirst();

export const deleteSessionByHash = (db: Executor, tokenHash: string) =>
  db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
export const deleteSessionsOfUser = (db: Executor, userId: string) => db.deleteFrom('sessions').where('user_id', '=', userId).execute();

export const insertToken = (db: Executor, t: ApiTokensTable) => db.insertInto('api_tokens').values(t).execute();

export const findTokenByHash = (db: Executor, tokenHash: string) =>
  db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select([
      'api_tokens.id',
      'api_tokens.scope',
      'api_tokens.expires_at',
      'api_tokens.revoked_at',
      'users.id as user_id',
      'users.email',
      'users.role',
      'users.disabled_at',
    ])
    .where('api_tokens.token_hash', '=', tokenHash)
    .executeTakeFirst();

export const touchToken = (db: Executor, id: string, at: string) =>
  db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();

export const listTokensOfUser = (db: Executor, userId: string) =>
  db.selectFrom('api_tokens').selectAll().where('user_id', '=', userId).orderBy('created_at', 'desc').execute();

export const findToken = (db: Executor, id: string) => db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();

export const revokeToken = (db: Executor, id: string, at: string) =>
  db.updateTable('api_tokens').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).execute();
/** Worker maintenance: sessions past their expiry are deleted so stolen old cookies are useless. */
export const deleteExpiredSessions = (db: Executor, now: string) => db.deleteFrom('sessions').where('expires_at', '<=', now).execute();
/** A new password hash; failed logins, lock and disable are cleared (operator reset). */
export const resetUserPassword = (db: Executor, id: string, passwordHash: string, at: string) =>
  db
    .updateTable('users')
    .set({
      password_hash: passwordHash,
      failed_logins: 0,
      locked_until: null,
      disabled_at: null,
      updated_at: at,
      version: sql`version + 1`,
    })
    .where('id', '=', id)
    .execute();
