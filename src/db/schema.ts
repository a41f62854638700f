/**
 * Table types for Kysely. Instants are ISO-8601 UTC strings on both dialects (PostgreSQL stores
 * them as timestamptz; the pg type parser turns them back into ISO strings, see database.ts).
 * JSON values are stored as text and parsed in repositories.
 */
export interface UsersTable {
  id: string;
  email: string;
  display_name: string;
  role: string;
  password_hash: string;
  totp_secret_enc: string | null;
  totp_enabled: number;
  failed_logins: number;
  locked_until: string | null;
  disabled_at: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface SessionsTable {
  id: string;
  token_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  token_prefix: string;
  scope: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface AuditHeadTable {
  id: number;
  entry_count: number;
  last_hash: string;
}

export interface AuditEntriesTable {
  seq: number;
  at: string;
  actor_id: string | null;
  actor_label: string;
  action: string;
  entity_type: string;
  entity_id: string | null;
  incident_id: string | null;
  data_json: string;
  prev_hash: string;
  hash: string;
}

export interface ReportsTable {
  id: string;
  source: string;
  reporter_name_enc: string | null;
  reporter_contact_enc: string | null;
  observed: string;
  reported_at: string;
  reporter_tz: string;
  status: string;
  triage_reason: string | null;
  incident_id: string | null;
  created_by: string;
  created_at: string;
  triaged_by: string | null;
  triaged_at: string | null;
  version: number;
}

export interface IncidentsTable {
  id: string;
  ref: string;
  title: string;
  summary: string;
  kind: string;
  severity: string;
  status: string;
  occurred_from: string | null;
  occurred_to: string | null;
  discovered_at: string | null;
  aware_at: string | null;
  contained_at: string | null;
  closed_at: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface IncidentTimestampChangesTable {
  id: string;
  incident_id: string;
  field: string;
  value: string | null;
  previous_value: string | null;
  reason: string;
  set_by: string;
  set_at: string;
}

export interface TimelineEntriesTable {
  id: string;
  incident_id: string;
  event_at: string;
  event_tz: string;
  recorded_at: string;
  author_id: string | null;
  kind: string;
  category: string;
  text: string;
}

export interface ChecklistItemsTable {
  id: string;
  incident_id: string;
  key: string;
  position: number;
  question: string;
  answer: string;
  confidence: string;
  evidence_ids_json: string;
  updated_by: string | null;
  updated_at: string | null;
  version: number;
}

export interface ChecklistAnswerHistoryTable {
  id: string;
  item_id: string;
  answer: string;
  confidence: string;
  evidence_ids_json: string;
  answered_by: string;
  answered_at: string;
}

export interface DecisionsTable {
  id: string;
  incident_id: string;
  series_id: string;
  revision: number;
  question: string;
  options_json: string;
  criteria_json: string;
  scores_json: string;
  chosen_option: string | null;
  rationale: string;
  status: string;
  created_by: string;
  created_at: string;
  approved_by: string | null;
  approved_at: string | null;
  superseded_by: string | null;
  version: number;
}

export interface TasksTable {
  id: string;
  incident_id: string;
  title: string;
  owner_id: string | null;
  due_at: string | null;
  status: string;
  created_by: string;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface CountermeasuresTable {
  id: string;
  incident_id: string;
  title: string;
  description: string;
  status: string;
  owner_id: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface EvidenceTable {
  id: string;
  incident_id: string | null;
  report_id: string | null;
  filename: string;
  media_type: string;
  size_bytes: number;
  sha256: string;
  storage_key: string;
  description: string;
  uploaded_by: string;
  uploaded_at: string;
}

export interface CustodyEntriesTable {
  id: string;
  evidence_id: string;
  action: string;
  actor_id: string;
  at: string;
  note: string;
}

export interface JobsTable {
  id: string;
  kind: string;
  payload_json: string;
  status: string;
  run_at: string;
  attempts: number;
  last_error: string | null;
  locked_by: string | null;
  locked_at: string | null;
  created_at: string;
}

export interface CountersTable {
  name: string;
  value: number;
}

export interface ObligationFactsTable {
  incident_id: string;
  facts_json: string;
  updated_by: string | null;
  updated_at: string;
  version: number;
}

export interface ObligationsTable {
  id: string;
  incident_id: string;
  rule_id: string;
  regime: string;
  jurisdiction: string;
  recipient: string;
  required: string;
  due_at: string | null;
  status: string;
  snapshot_json: string;
  owner_id: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface ObligationDecisionsTable {
  id: string;
  incident_id: string;
  rule_id: string;
  required: string;
  rationale: string;
  decided_by: string;
  decided_at: string;
}

export interface FilingsTable {
  id: string;
  obligation_id: string;
  incident_id: string;
  filed_at: string;
  method: string;
  reference: string;
  note: string;
  evidence_id: string | null;
  filed_by: string;
  created_at: string;
}

export interface ObligationRemindersTable {
  obligation_id: string;
  offset_hours: number;
  due_at: string;
  sent_at: string;
}

export interface CustomersTable {
  id: string;
  /** The shop's own customer id (the master's id column). */
  customer_ref: string;
  /** AES-256-GCM JSON of the contact fields (email, phone, names, address, postal code, city). */
  contact_enc: string;
  email_bidx: string | null;
  phone_bidx: string | null;
  /** Blind index of normalized full name + postal code. */
  name_bidx: string | null;
  country: string | null;
  region: string | null;
  /** ISO 3166-1 alpha-2 or ISO 3166-2 code (US-CA), or "unknown". */
  jurisdiction: string;
  import_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface CustomerImportsTable {
  id: string;
  file_name: string;
  sha256: string | null;
  mapping_json: string;
  rows_read: number;
  inserted: number;
  updated: number;
  skipped: number;
  errors_json: string;
  status: string;
  imported_by: string | null;
  started_at: string;
  finished_at: string | null;
}

export interface ScopingRunsTable {
  id: string;
  incident_id: string;
  /** queued | running | done | failed | cancelled */
  status: string;
  cancel_requested: number;
  progress_json: string;
  error: string | null;
  created_by: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

export interface ScopingFilesTable {
  id: string;
  incident_id: string;
  run_id: string;
  /** As the user named it (upload file name or server path). */
  name: string;
  /** upload | path */
  source_kind: string;
  path: string;
  evidence_id: string | null;
  sha256: string;
  size_bytes: number;
  /** queued | running | done | failed | cancelled | duplicate */
  status: string;
  records: number;
  reports_json: string;
  column_overrides_json: string;
  stats_json: string;
  complete: number;
  created_at: string;
  finished_at: string | null;
}

export interface ScopingFileExposuresTable {
  file_id: string;
  customer_id: string;
  incident_id: string;
  type_mask: number;
  records: number;
  rule: string;
}

export interface ScopingRegisterTable {
  incident_id: string;
  customer_id: string;
  type_mask: number;
  records: number;
  files: number;
  rule: string;
  jurisdiction: string;
  updated_at: string;
}

export interface ScopingUnmatchedTable {
  file_id: string;
  key_bidx: string;
  incident_id: string;
  contact_enc: string;
  type_mask: number;
  records: number;
}

export interface ScopingReviewsTable {
  id: string;
  incident_id: string;
  file_id: string;
  line: number;
  rule: string;
  reason: string;
  candidates_json: string;
  record_enc: string;
  type_mask: number;
  /** open | matched | rejected */
  status: string;
  resolved_customer_id: string | null;
  resolution_note: string | null;
  resolved_by: string | null;
  resolved_at: string | null;
  created_at: string;
}

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  audit_head: AuditHeadTable;
  audit_entries: AuditEntriesTable;
  reports: ReportsTable;
  incidents: IncidentsTable;
  incident_timestamp_changes: IncidentTimestampChangesTable;
  timeline_entries: TimelineEntriesTable;
  checklist_items: ChecklistItemsTable;
  checklist_answer_history: ChecklistAnswerHistoryTable;
  decisions: DecisionsTable;
  tasks: TasksTable;
  countermeasures: CountermeasuresTable;
  evidence: EvidenceTable;
  custody_entries: CustodyEntriesTable;
  jobs: JobsTable;
  counters: CountersTable;
  obligation_facts: ObligationFactsTable;
  obligations: ObligationsTable;
  obligation_decisions: ObligationDecisionsTable;
  filings: FilingsTable;
  obligation_reminders: ObligationRemindersTable;
  customers: CustomersTable;
  customer_imports: CustomerImportsTable;
  scoping_runs: ScopingRunsTable;
  scoping_files: ScopingFilesTable;
  scoping_file_exposures: ScopingFileExposuresTable;
  scoping_register: ScopingRegisterTable;
  scoping_unmatched: ScopingUnmatchedTable;
  scoping_reviews: ScopingReviewsTable;
}
