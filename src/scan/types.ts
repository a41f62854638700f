import type { DataType } from '../contract/data-types.js';
import type { Role } from './detect/column-classifier.js';

/** Formats the readers understand (the container, gzip or zip, is reported separately). */
export type LeakFormat = 'csv' | 'tsv' | 'json' | 'jsonl' | 'sql' | 'text' | 'html' | 'xlsx';

/** A problem in one file: what went wrong and where (line and/or byte offset), so a person can look. */
export interface FileError {
  message: string;
  line?: number;
  offset?: number;
}

/** The per-file report of a scoping run. */
export interface FileReport {
  file: string;
  format: LeakFormat | 'zip' | 'unknown';
  records: number;
  /** Columns and what they were classified as; `role` is finer than the data type (first_name, postal_code, customer_id…). */
  columns: Array<{ name: string; data_type: DataType | null; role?: Role }>;
  errors: FileError[];
  compression?: 'gzip';
  encoding?: string;
}

/** What a parser hands on: rows of a table, JSON objects, or lines of text, plus errors. */
export interface ParseTarget {
  /** A structured row; `table` names the SQL table (null for CSV), `columns` its column names when the format states them. */
  row(table: string | null, columns: readonly string[] | null, fields: string[], line: number): void;
  /** One JSON record (an object, or an array treated as indexed fields). */
  object(value: unknown, line: number): void;
  /** One line of free text. */
  text(line: string, lineNo: number): void;
  error(err: FileError): void;
  /**
   * Columns of a table (null: the unnamed table of a CSV) whose values are not needed, by position (1 = not
   * needed): the CSV and SQL parsers give '' for them instead of a copy of the text. Asked once per chunk of
   * input (CSV) or per INSERT statement (SQL, with the statement's column list when it has one).
   */
  unusedColumns?(table?: string | null, columns?: readonly string[] | null): Uint8Array | null;
}

/** A push parser: feed decoded text in chunks, then `end()`. `aborted` means the rest of the input cannot be read safely. */
export interface Parser {
  push(chunk: string): void;
  end(): void;
  readonly aborted: boolean;
}

/** How a customer was matched; confidence 1 is certain. */
export type MatchRule = 'email' | 'phone_last_name' | 'name_postal_code';

export const matchConfidence: Readonly<Record<MatchRule, number>> = { email: 1, phone_last_name: 0.9, name_postal_code: 0.8 };

/** A customer of the master found in the leak: which data, from which files, by which match rule. */
export interface AffectedCustomer {
  customer_id: string;
  data_types: DataType[];
  sources: Array<{ file: string; records: number }>;
  match: { rule: MatchRule; confidence: number };
}

/** An unmatched individual as results show it. */
export interface UnmatchedIndividual {
  email: string | null;
  phone: string | null;
  name: string | null;
  postal_code: string | null;
  data_types: DataType[];
  sources: Array<{ file: string; records: number }>;
}

/**
 * A list of a result read from typed storage one entry at a time (collect/result-list.ts): a run can find
 * tens of millions of people, and an object each would need gigabytes before anyone reads them.
 */
export interface ResultEntries<T> extends Iterable<T> {
  readonly length: number;
  /** Entry `i`, made when asked for (a new object each call). */
  at(i: number): T | undefined;
  /** Renames the files the entries name as sources. */
  renameSources(rename: (file: string) => string): void;
  toJSON(): T[];
}

export interface ReviewItem {
  file: string;
  line: number;
  rule: MatchRule;
  reason: string;
  candidates: string[];
  /** What the record exposes, so a reviewer's decision can add it to the register. */
  data_types: DataType[];
  /** The record's identifying fields as found in the leak, for the reviewer to compare with the candidates. */
  record: { email: string | null; phone: string | null; name: string | null; postal_code: string | null };
}

export interface ScopeResult {
  affected: ResultEntries<AffectedCustomer>;
  unmatched_records: number;
  data_type_totals: Record<DataType, number>;
  files: FileReport[];
  /** False when any file had an error: the register may be missing people. */
  complete: boolean;
  jurisdiction_totals: Record<string, number>;
  review: ReviewItem[];
  review_total: number;
  unmatched_individuals: ResultEntries<UnmatchedIndividual>;
  authenticity: {
    records_with_personal_data: number;
    matched_records: number;
    match_rate: number;
    fields_compared: number;
    consistency_rate: number | null;
  };
}

/** A result as read back from its JSON document (the unmatched individuals as a plain list). */
export type ScopeJson = Omit<ScopeResult, 'affected' | 'unmatched_individuals'> & {
  affected: AffectedCustomer[];
  unmatched_individuals: UnmatchedIndividual[];
};

export interface ScopeProgress {
  bytes: number;
  records: number;
  file: string;
  filesDone: number;
  filesTotal: number;
}
