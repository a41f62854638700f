import { type Kysely, sql } from 'kysely';
import type { DialectName } from '../database.js';

/**
 * Foundation schema: users and sessions, the audit chain, reports and the incident workspace.
 * Instants are timestamptz on PostgreSQL and ISO text on SQLite (both sort correctly).
 */
export function foundation(dialect: DialectName) {
  const instant = dialect === 'postgres' ? 'timestamptz' : 'text';
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('users')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('email', 'text', (c) => c.notNull().unique())
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('totp_secret_enc', 'text')
        .addColumn('totp_enabled', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('locked_until', instant)
        .addColumn('disabled_at', instant)
        .addColumn('created_at', instant, (c) => c.notNull())
        .addColumn('updated_at', instant, (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
        .execute();

      await db.schema
        .createTable('sessions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('csrf_token', 'text', (c) => c.notNull())
        .addColumn('created_at', instant, (c) => c.notNull())
        .addColumn('expires_at', instant, (c) => c.notNull())
        .addColumn('last_seen_at', instant, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('api_tokens')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('token_prefix', 'text', (c) => c.notNull())
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('created_at', instant, (c) => c.notNull())
        .addColumn('expires_at', instant)
        .addColumn('last_used_at', instant)
        .addColumn('revoked_at', instant)
        .execute();

      // One row holds the chain head; appenders lock it first, so concurrent writers cannot fork the chain.
      await db.schema
        .createTable('audit_head')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('entry_count', 'bigint', (c) => c.notNull())
        .addColumn('last_hash', 'text', (c) => c.notNull())
        .execute();
      await sql`insert into audit_head (id, entry_count, last_hash) values (1, 0, ${'0'.repeat(64)})`.execute(db);

      await db.schema
        .createTable('audit_entries')
        .addColumn('seq', 'bigint', (c) => c.primaryKey())
        .addColumn('at', instant, (c) => c.notNull())
        .addColumn('actor_id', 'text')
        .addColumn('actor_label', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('entity_type', 'text', (c) => c.notNull())
        .addColumn('entity_id', 'text')
        .addColumn('incident_id', 'text')
        .addColumn('data_json', 'text', (c) => c.notNull())
        .addColumn('prev_hash', 'text', (c) => c.notNull().unique())
        .addColumn('hash', 'text', (c) => c.notNull().unique())
        .execute();
      await db.schema.createIndex('audit_entries_incident').on('audit_entries').columns(['incident_id', 'seq']).execute();

      await db.schema
        .createTable('incidents')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('ref', 'text', (c) => c.notNull().unique())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('summary', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('severity', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('occurred_from', instant)
        .addColumn('occurred_to', instant)
        .addColumn('discovered_at', instant)
        .addColumn('aware_at', instant)
        .addColumn('contained_at', instant)
        .addColumn('closed_at', instant)
        .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('created_at', instant, (c) => c.notNull())
        .addColumn('updated_at', instant, (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
        .execute();
      await db.schema.createIndex('incidents_status').on('incidents').columns(['status', 'created_at']).execute();

      await db.schema
        .createTable('reports')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('reporter_name_enc', 'text')
        .addColumn('reporter_contact_enc', 'text')
        .addColumn('observed', 'text', (c) => c.notNull())
        .addColumn('reported_at', instant, (c) => c.notNull())
        .addColumn('reporter_tz', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('triage_reason', 'text')
        .addColumn('incident_id', 'text', (c) => c.references('incidents.id'))
        .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('created_at', instant, (c) => c.notNull())
        .addColumn('triaged_by', 'text', (c) => c.references('users.id'))
        .addColumn('triaged_at', instant)
        .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
        .execute();

      await db.schema
        .createTable('incident_timestamp_changes')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id'))
        .addColumn('field', 'text', (c) => c.notNull())
        .addColumn('value', instant)
        .addColumn('previous_value', instant)
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('set_by', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('set_at', instant, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('timestamp_changes_incident')
        .on('incident_timestamp_changes')
        .columns(['incident_id', 'set_at'])
        .execute();

      await db.schema
        .createTable('timeline_entries')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id'))
        .addColumn('event_at', instant, (c) => c.notNull())
        .addColumn('event_tz', 'text', (c) => c.notNull())
        .addColumn('recorded_at', instant, (c) => c.notNull())
        .addColumn('author_id', 'text', (c) => c.references('users.id'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('category', 'text', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('timeline_incident_event').on('timeline_entries').columns(['incident_id', 'event_at']).execute();

      await db.schema
        .createTable('checklist_items')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id'))
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('question', 'text', (c) => c.notNull())
        .addColumn('answer', 'text', (c) => c.notNull())
        .addColumn('confidence', 'text', (c) => c.notNull())
        .addColumn('evidence_ids_json', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.references('users.id'))
        .addColumn('updated_at', instant)
        .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
        .addUniqueConstraint('checklist_items_incident_key', ['incident_id', 'key'])
        .execute();

      await db.schema
        .createTable('checklist_answer_history')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('item_id', 'text', (c) => c.notNull().references('checklist_items.id'))
        .addColumn('answer', 'text', (c) => c.notNull())
        .addColumn('confidence', 'text', (c) => c.notNull())
        .addColumn('evidence_ids_json', 'text', (c) => c.notNull())
        .addColumn('answered_by', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('answered_at', instant, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('decisions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id'))
        .addColumn('series_id', 'text', (c) => c.notNull())
        .addColumn('revision', 'integer', (c) => c.notNull())
        .addColumn('question', 'text', (c) => c.notNull())
        .addColumn('options_json', 'text', (c) => c.notNull())
        .addColumn('criteria_json', 'text', (c) => c.notNull())
        .addColumn('scores_json', 'text', (c) => c.notNull())
        .addColumn('chosen_option', 'text')
        .addColumn('rationale', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('created_at', instant, (c) => c.notNull())
        .addColumn('approved_by', 'text', (c) => c.references('users.id'))
        .addColumn('approved_at', instant)
        .addColumn('superseded_by', 'text')
        .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
        .addUniqueConstraint('decisions_series_revision', ['series_id', 'revision'])
        .execute();

      await db.schema
        .createTable('tasks')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id'))
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('owner_id', 'text', (c) => c.references('users.id'))
        .addColumn('due_at', instant)
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('created_at', instant, (c) => c.notNull())
        .addColumn('updated_at', instant, (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
        .execute();

      await db.schema
        .createTable('countermeasures')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id'))
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('owner_id', 'text', (c) => c.references('users.id'))
        .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('created_at', instant, (c) => c.notNull())
        .addColumn('updated_at', instant, (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
        .execute();

      await db.schema
        .createTable('evidence')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('incident_id', 'text', (c) => c.references('incidents.id'))
        .addColumn('report_id', 'text', (c) => c.references('reports.id'))
        .addColumn('filename', 'text', (c) => c.notNull())
        .addColumn('media_type', 'text', (c) => c.notNull())
        .addColumn('size_bytes', 'bigint', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('storage_key', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('uploaded_by', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('uploaded_at', instant, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('custody_entries')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('evidence_id', 'text', (c) => c.notNull().references('evidence.id'))
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('actor_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('at', instant, (c) => c.notNull())
        .addColumn('note', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('jobs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('payload_json', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('run_at', instant, (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('last_error', 'text')
        .addColumn('locked_by', 'text')
        .addColumn('locked_at', instant)
        .addColumn('created_at', instant, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('jobs_due').on('jobs').columns(['status', 'run_at']).execute();

      await db.schema
        .createTable('counters')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('value', 'bigint', (c) => c.notNull())
        .execute();
    },
  };
}
