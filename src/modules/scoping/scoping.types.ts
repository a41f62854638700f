import type { DataType } from '../obligations/obligations.vocabulary.js';
import type { Role } from './scoping.classify.js';

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
