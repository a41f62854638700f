import type { Kysely } from 'kysely';
import type { DialectName } from '../database.js';

/**
 * Customer master and per-incident scoping: runs, leak files, the exposure register and what needs review.
 *
 * The register is kept twice on purpose: `scoping_file_exposures` holds what each file showed about each
 * customer (so a file can be re-scanned or removed without touching the others, and adding the same file
 * twice changes nothing), and `scoping_register` holds the union per customer for fast reads and totals.
 */
export function scoping(dialect: DialectName) {
  const instant = dialect === 'postgres' ? 'timestamptz' : 'text';
  const big = dialect === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<unknown>) {
      // One customer master per installation: the shop's customers, contact data encrypted, looked up by blind index.
      await db.schema
        .createTable('customers')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('customer_ref', 'text', (c) => c.notNull().unique())
        .addColumn('contact_enc', 'text', (c) => c.notNull())
        .addColumn('email_bidx', 'text')
        .addColumn('phone_bidx', 'text')
        .addColumn('name_bidx', 'text')
        .addColumn('country', 'text')
        .addColumn('region', 'text')
        .addColumn('jurisdiction', 'text', (c) => c.notNull())
        .addColumn('import_id', 'text')
        .addColumn('created_at', instant, (c) => c.notNull())
        .addColumn('updated_at', instant, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('customers_email_bidx').on('customers').column('email_bidx').execute();
      await db.schema.createIndex('customers_phone_bidx').on('customers').column('phone_bidx').execute();
      await db.schema.createIndex('customers_name_bidx').on('customers').column('name_bidx').execute();

      await db.schema
        .createTable('customer_imports')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('file_name', 'text', (c) => c.notNull())
        .addColumn('sha256', 'text')
        .addColumn('mapping_json', 'text', (c) => c.notNull())
        .addColumn('rows_read', big, (c) => c.notNull().defaultTo(0))
        .addColumn('inserted', big, (c) => c.notNull().defaultTo(0))
        .addColumn('updated', big, (c) => c.notNull().defaultTo(0))
        .addColumn('skipped', big, (c) => c.notNull().defaultTo(0))
        .addColumn('errors_json', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('imported_by', 'text', (c) => c.references('users.id'))
        .addColumn('started_at', instant, (c) => c.notNull())
        .addColumn('finished_at', instant)
        .execute();

      await db.schema
        .createTable('scoping_runs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id'))
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('cancel_requested', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('progress_json', 'text', (c) => c.notNull())
        .addColumn('error', 'text')
        .addColumn('created_by', 'text', (c) => c.references('users.id'))
        .addColumn('created_at', instant, (c) => c.notNull())
        .addColumn('started_at', instant)
        .addColumn('finished_at', instant)
        .execute();
      await db.schema.createIndex('scoping_runs_incident').on('scoping_runs').columns(['incident_id', 'created_at']).execute();

      await db.schema
        .createTable('scoping_files')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id'))
        .addColumn('run_id', 'text', (c) => c.notNull().references('scoping_runs.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('source_kind', 'text', (c) => c.notNull())
        .addColumn('path', 'text', (c) => c.notNull())
        .addColumn('evidence_id', 'text', (c) => c.references('evidence.id'))
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('size_bytes', big, (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('records', big, (c) => c.notNull().defaultTo(0))
        .addColumn('reports_json', 'text', (c) => c.notNull())
        .addColumn('column_overrides_json', 'text', (c) => c.notNull())
        .addColumn('stats_json', 'text', (c) => c.notNull())
        .addColumn('complete', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', instant, (c) => c.notNull())
        .addColumn('finished_at', instant)
        .execute();
      await db.schema.createIndex('scoping_files_incident').on('scoping_files').columns(['incident_id', 'sha256']).execute();
      await db.schema.createIndex('scoping_files_run').on('scoping_files').column('run_id').execute();

      await db.schema
        .createTable('scoping_file_exposures')
        .addColumn('file_id', 'text', (c) => c.notNull().references('scoping_files.id'))
        .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
        .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id'))
        .addColumn('type_mask', 'integer', (c) => c.notNull())
        .addColumn('records', big, (c) => c.notNull())
        .addColumn('rule', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('scoping_file_exposures_pk', ['file_id', 'customer_id'])
        .execute();
      await db.schema
        .createIndex('scoping_file_exposures_customer')
        .on('scoping_file_exposures')
        .columns(['incident_id', 'customer_id'])
        .execute();

      await db.schema
        .createTable('scoping_register')
        .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id'))
        .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
        .addColumn('type_mask', 'integer', (c) => c.notNull())
        .addColumn('records', big, (c) => c.notNull())
        .addColumn('files', 'integer', (c) => c.notNull())
        .addColumn('rule', 'text', (c) => c.notNull())
        .addColumn('jurisdiction', 'text', (c) => c.notNull())
        .addColumn('updated_at', instant, (c) => c.notNull())
        .addPrimaryKeyConstraint('scoping_register_pk', ['incident_id', 'customer_id'])
        .execute();
      await db.schema
        .createIndex('scoping_register_jurisdiction')
        .on('scoping_register')
        .columns(['incident_id', 'jurisdiction'])
        .execute();

      // People in the leak who are not customers (guest buyers): kept per file, merged by key on read.
      await db.schema
        .createTable('scoping_unmatched')
        .addColumn('file_id', 'text', (c) => c.notNull().references('scoping_files.id'))
        .addColumn('key_bidx', 'text', (c) => c.notNull())
        .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id'))
        .addColumn('contact_enc', 'text', (c) => c.notNull())
        .addColumn('type_mask', 'integer', (c) => c.notNull())
        .addColumn('records', big, (c) => c.notNull())
        .addPrimaryKeyConstraint('scoping_unmatched_pk', ['file_id', 'key_bidx'])
        .execute();
      await db.schema.createIndex('scoping_unmatched_incident').on('scoping_unmatched').columns(['incident_id', 'key_bidx']).execute();

      await db.schema
        .createTable('scoping_reviews')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id'))
        .addColumn('file_id', 'text', (c) => c.notNull().references('scoping_files.id'))
        .addColumn('line', big, (c) => c.notNull())
        .addColumn('rule', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('candidates_json', 'text', (c) => c.notNull())
        .addColumn('record_enc', 'text', (c) => c.notNull())
        .addColumn('type_mask', 'integer', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('resolved_customer_id', 'text', (c) => c.references('customers.id'))
        .addColumn('resolution_note', 'text')
        .addColumn('resolved_by', 'text', (c) => c.references('users.id'))
        .addColumn('resolved_at', instant)
        .addColumn('created_at', instant, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('scoping_reviews_incident').on('scoping_reviews').columns(['incident_id', 'status']).execute();
      await db.schema.createIndex('scoping_reviews_file').on('scoping_reviews').columns(['file_id', 'line']).execute();
    },
  };
}
