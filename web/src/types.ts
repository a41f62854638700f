/** Response shapes of the Breachdesk API, mirrored from the zod schemas in src/modules/*\/*.routes.ts. */
import type { Role } from '../../src/contract/roles.js';

export type { Role };

export type User = {
  id: string;
  email: string;
  display_name: string;
  role: Role;
  totp_enabled: boolean;
  disabled: boolean;
  created_at: string;
  version: number;
};

export type Session = { user: User; csrf_token: string };

export type ApiToken = {
  id: string;
  name: string;
  prefix: string;
  scope: 'full' | 'read';
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked: boolean;
};

export type Report = {
  id: string;
  source: string;
  reporter_name: string | null;
  reporter_contact: string | null;
  observed: string;
  reported_at: string;
  reporter_tz: string;
  status: 'new' | 'incident' | 'not_incident';
  triage_reason: string | null;
  incident_id: string | null;
  created_at: string;
  version: number;
};

export type Incident = {
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
  elapsed_since_aware_seconds: number | null;
  created_at: string;
  updated_at: string;
  version: number;
};

export type TimestampProvenance = { set_by: string; set_at: string; reason: string };

export type IncidentDetail = Incident & {
  timestamp_provenance: Record<string, TimestampProvenance>;
  timestamp_history: Array<{
    field: string;
    value: string | null;
    previous_value: string | null;
    reason: string;
    set_at: string;
    set_by: string;
  }>;
  allowed_next_statuses: string[];
};

export type TimelineEntry = {
  id: string;
  event_at: string;
  event_tz: string;
  recorded_at: string;
  kind: string;
  category: string;
  text: string;
  author: string | null;
};

export type ChecklistItem = {
  id: string;
  key: string;
  question: string;
  answer: string;
  confidence: string;
  evidence_ids: string[];
  updated_by: string | null;
  updated_at: string | null;
  version: number;
};

export type ChecklistHistoryEntry = {
  answer: string;
  confidence: string;
  evidence_ids: string[];
  answered_at: string;
  answered_by: string;
};

export type DecisionOption = { key: string; label: string; description: string };
export type DecisionCriterion = { key: string; name: string; weight: number };
export type DecisionScores = Record<string, Record<string, number>>;

export type Decision = {
  id: string;
  incident_id: string;
  series_id: string;
  revision: number;
  question: string;
  options: DecisionOption[];
  criteria: DecisionCriterion[];
  scores: DecisionScores;
  totals: Array<{ option: string; total: number; percent: number }>;
  chosen_option: string | null;
  rationale: string;
  status: 'draft' | 'approved' | 'superseded';
  created_by: string | null;
  created_at: string;
  approved_by: string | null;
  approved_at: string | null;
  superseded_by: string | null;
  version: number;
};

export type DecisionTemplate = { question: string; options: DecisionOption[]; criteria: DecisionCriterion[]; scores: DecisionScores };

export type Task = {
  id: string;
  incident_id: string;
  title: string;
  owner_id: string | null;
  owner_email: string | null;
  due_at: string | null;
  status: string;
  created_at: string;
  updated_at: string;
  version: number;
};

export type Countermeasure = {
  id: string;
  incident_id: string;
  title: string;
  description: string;
  status: string;
  owner_id: string | null;
  owner_email: string | null;
  created_at: string;
  updated_at: string;
  version: number;
};

export type Evidence = {
  id: string;
  incident_id: string | null;
  report_id: string | null;
  filename: string;
  media_type: string;
  size_bytes: number;
  sha256: string;
  description: string;
  uploaded_by: string | null;
  uploaded_at: string;
};

export type CustodyEntry = { action: string; at: string; note: string; actor: string };

export type AuditEntry = {
  seq: number;
  at: string;
  actor: string;
  action: string;
  entity_type: string;
  entity_id: string | null;
  incident_id: string | null;
  data: unknown;
  hash: string;
};

export type AuditVerifyResult = { ok: boolean; count: number; head?: string; first_bad_seq?: number; problem?: string };
export type AuditHead = { count: number; hash: string; exported_at: string; algorithm: string };

/** Scoping (src/modules/scoping/scoping.routes.ts): leak files scanned against the customer master. */
export type ScopingColumn = { name: string; data_type: string | null; role?: string };
export type ScopingFileReport = {
  file: string;
  format: string;
  records: number;
  columns: ScopingColumn[];
  errors: Array<{ message: string; line?: number; offset?: number }>;
  compression?: string;
  encoding?: string;
};
export type ScopingRunStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
export type ScopingProgress = {
  bytes: number;
  records: number;
  file: string;
  files_done: number;
  files_total: number;
  updated_at: string | null;
};
export type ScopingRun = {
  id: string;
  status: ScopingRunStatus;
  cancel_requested: boolean;
  progress: ScopingProgress;
  error: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
};
export type ScopingFile = {
  id: string;
  run_id: string;
  name: string;
  source: 'path' | 'upload';
  evidence_id: string | null;
  sha256: string;
  size_bytes: number;
  status: ScopingRunStatus | 'duplicate';
  records: number;
  complete: boolean;
  reports: ScopingFileReport[];
  column_overrides: Record<string, string>;
  stats: { affected?: number; unmatched_records?: number; unmatched_people?: number; review_total?: number; duplicate_of?: string };
  created_at: string;
  finished_at: string | null;
};
export type ScopingSummary = {
  affected_customers: number;
  data_type_totals: Record<string, number>;
  jurisdiction_totals: Record<string, number>;
  unmatched_records: number;
  unmatched_people: number;
  reviews: { open: number; matched: number; rejected: number };
  authenticity: {
    records_with_personal_data: number;
    matched_records: number;
    match_rate: number;
    fields_compared: number;
    consistency_rate: number | null;
  };
  files: ScopingFile[];
  complete: boolean;
  runs: ScopingRun[];
};
export type ScopingMatch = { rule: string; confidence: number };
export type RegisterEntry = {
  customer_id: string;
  customer_ref: string;
  jurisdiction: string;
  data_types: string[];
  records: number;
  files: number;
  match: ScopingMatch;
};
/** Decrypted contact fields (email, phone, first_name, …); null when the role may not read contact data. */
export type ScopingContact = Record<string, string | null> | null;
export type ScopingReview = {
  id: string;
  file_id: string;
  file: string;
  line: number;
  rule: string;
  reason: string;
  data_types: string[];
  record: ScopingContact;
  candidates: Array<{ customer_id: string; customer_ref: string; jurisdiction: string; contact: ScopingContact }>;
  status: 'open' | 'matched' | 'rejected';
  resolved_customer_id: string | null;
  resolution_note: string | null;
  resolved_at: string | null;
};
export type UnmatchedPerson = {
  email: string | null;
  phone: string | null;
  name: string | null;
  postal_code: string | null;
  data_types: string[];
  sources: Array<{ file: string; records: number }>;
};
export type PersonResult = {
  customers: Array<{
    customer_id: string;
    customer_ref: string;
    jurisdiction: string;
    contact: ScopingContact;
    exposed: RegisterEntry | null;
    sources: Array<{ file_id: string; file: string; records: number; data_types: string[]; rule: string }>;
  }>;
  unmatched: UnmatchedPerson[];
};

/** A field of the customer master (customers.contact.ts `customerFields`). */
export type CustomerField =
  'id' | 'email' | 'phone' | 'first_name' | 'last_name' | 'full_name' | 'street' | 'postal_code' | 'city' | 'region' | 'country';
/** How the import decided a column (customers.reader.ts `MappingReason`). */
export type CustomerMappingReason = 'override' | 'id-column' | 'header' | 'content' | 'unused';
/** POST /api/customers/imports: an import or, with dry_run, its preview (importResultSchema). */
export type CustomerImportResult = {
  import_id: string | null;
  dry_run: boolean;
  file: string;
  sha256: string;
  format: string;
  mapping: Array<{ column: string; field: CustomerField | null; role: string; how: CustomerMappingReason; note?: string }>;
  fields: Record<CustomerField, string | null>;
  rows: number;
  inserted: number;
  updated: number;
  skipped: { total: number; missing_id: number; duplicate_id: number };
  bad_rows: Array<{ line: number; reason: 'missing_id' | 'duplicate_id' }>;
  jurisdictions: Record<string, number>;
  samples: Array<Partial<Record<CustomerField, string>>>;
};
/** GET /api/customers/imports: one past import (importRecordSchema). */
export type CustomerImportRecord = {
  id: string;
  file_name: string;
  sha256: string | null;
  status: string;
  rows_read: number;
  inserted: number;
  updated: number;
  skipped: number;
  imported_by: string | null;
  started_at: string;
  finished_at: string | null;
};
/** GET /api/customers/summary (summarySchema). */
export type CustomerSummary = { total: number; jurisdictions: Array<{ jurisdiction: string; count: number }> };
/** GET /api/customers/search: one customer with decrypted contact (customerSchema). */
export type Customer = {
  id: string;
  customer_ref: string;
  jurisdiction: string;
  country: string | null;
  region: string | null;
  contact: Record<string, string | null>;
  updated_at: string;
};
