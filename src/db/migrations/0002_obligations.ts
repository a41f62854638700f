import type { Kysely } from 'kysely';
import type { DialectName } from '../database.js';

/** Obligations: facts per incident, computed obligations, recorded decisions, filings and reminders. */
export function obligations(dialect: DialectName) {
  const instant = dialect === 'postgres' ? 'timestamptz' : 'text';
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('obligation_facts')
        .addColumn('incident_id', 'text', (c) => c.primaryKey().references('incidents.id'))
        .addColumn('facts_json', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.references('users.id'))
        .addColumn('updated_at', instant, (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
        .execute();

      await db.schema
        .createTable('obligations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id'))
        .addColumn('rule_id', 'text', (c) => c.notNull())
        .addColumn('regime', 'text', (c) => c.notNull())
        .addColumn('jurisdiction', 'text', (c) => c.notNull())
        .addColumn('recipient', 'text', (c) => c.notNull())
        .addColumn('required', 'text', (c) => c.notNull())
        .addColumn('due_at', instant)
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('snapshot_json', 'text', (c) => c.notNull())
        .addColumn('owner_id', 'text', (c) => c.references('users.id'))
        .addColumn('created_at', instant, (c) => c.notNull())
        .addColumn('updated_at', instant, (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
        .addUniqueConstraint('obligations_incident_rule', ['incident_id', 'rule_id'])
        .execute();
      await db.schema.createIndex('obligations_due').on('obligations').columns(['status', 'due_at']).execute();

      // Append-only: a "not required" decision is kept forever, a later decision supersedes it.
      await db.schema
        .createTable('obligation_decisions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id'))
        .addColumn('rule_id', 'text', (c) => c.notNull())
        .addColumn('required', 'text', (c) => c.notNull())
        .addColumn('rationale', 'text', (c) => c.notNull())
        .addColumn('decided_by', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('decided_at', instant, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('filings')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('obligation_id', 'text', (c) => c.notNull().references('obligations.id'))
        .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id'))
        .addColumn('filed_at', instant, (c) => c.notNull())
        .addColumn('method', 'text', (c) => c.notNull())
        .addColumn('reference', 'text', (c) => c.notNull())
        .addColumn('note', 'text', (c) => c.notNull())
        .addColumn('evidence_id', 'text', (c) => c.references('evidence.id'))
        .addColumn('filed_by', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('created_at', instant, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('obligation_reminders')
        .addColumn('obligation_id', 'text', (c) => c.notNull().references('obligations.id'))
        .addColumn('offset_hours', 'integer', (c) => c.notNull())
        .addColumn('due_at', instant, (c) => c.notNull())
        .addColumn('sent_at', instant, (c) => c.notNull())
        .addPrimaryKeyConstraint('obligation_reminders_pk', ['obligation_id', 'offset_hours', 'due_at'])
        .execute();
    },
  };
}
