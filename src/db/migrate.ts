import { type Migration, type MigrationProvider, Migrator } from 'kysely';
import type { Db, DialectName } from './database.js';
import { foundation } from './migrations/0001_foundation.js';
import { obligations } from './migrations/0002_obligations.js';
import { scoping } from './migrations/0003_scoping.js';

/** Migrations are listed here (not discovered on disk) so they work the same under tsx and in tests. */
function migrations(dialect: DialectName): Record<string, Migration> {
  return { '0001_foundation': foundation(dialect), '0002_obligations': obligations(dialect), '0003_scoping': scoping(dialect) };
}

/** Applies pending migrations; throws with the failing migration's name on error. */
export async function migrateToLatest(db: Db, dialect: DialectName): Promise<string[]> {
  const provider: MigrationProvider = { getMigrations: async () => migrations(dialect) };
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error) {
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${String((error as Error).message ?? error)}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
