import SQLite from 'better-sqlite3';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  Kysely,
  type Transaction,
  PostgresDialect,
  SqliteDialect,
  SqliteDriver,
  sql,
} from 'kysely';
import pg from 'pg';
import type { Config } from '../config/config.js';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;
/** An open transaction (for functions that must run inside one). */
export type Trx = Transaction<Database>;
/** The database or an open transaction: every repository function takes one, so a query runs inside or outside a transaction. */
export type Executor = Db | Trx;
export type DialectName = 'sqlite' | 'postgres';

// PostgreSQL returns timestamptz as Date and int8 as string; the domain uses ISO strings and numbers
// on both dialects, so parse them once here rather than in every repository.
pg.types.setTypeParser(pg.types.builtins.TIMESTAMPTZ, (value) => new Date(value).toISOString());
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

/**
 * SQLite transactions start with BEGIN IMMEDIATE: a deferred BEGIN that reads first and writes later
 * fails at once with SQLITE_BUSY_SNAPSHOT when another process (serve, worker, CLI) committed in
 * between; IMMEDIATE takes the write lock up front and waits busy_timeout for it instead.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly config: ConstructorParameters<typeof SqliteDialect>[0]) {
    super(config);
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.config);
  }
}

/** Opens the configured database. SQLite runs in WAL mode with a busy timeout for concurrent processes. */
export function createDatabase(database: Config['database']): { db: Db; dialect: DialectName } {
  if (database.kind === 'postgres') {
    const pool = new pg.Pool({ connectionString: database.url, max: 10 });
    return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), dialect: 'postgres' };
  }
  const file = new SQLite(database.file);
  file.pragma('journal_mode = WAL');
  file.pragma('busy_timeout = 10000');
  file.pragma('foreign_keys = ON');
  file.pragma('synchronous = NORMAL');
  return { db: new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: file }) }), dialect: 'sqlite' };
}

/** Health probe used by GET /api/health. */
export async function pingDatabase(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}
