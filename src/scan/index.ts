/**
 * The scan library: leaked files → records → personal data → matched customers. This file is the only
 * one code outside src/scan/ imports (lint enforces it); the library itself imports nothing from the
 * modules, the database or the HTTP server, only the zod-free vocabularies in src/contract/.
 *
 * Stages, one folder each: formats (files, containers and parsers → records), detect (validators, column
 * classification, findings per record), match (the customer index and master loading, the matcher),
 * collect (the run's register of affected customers, review items and unmatched individuals), run (file
 * scans, worker threads, the engine), output (the JSON document, the CLI progress bar), synthetic (seeded
 * test and drill data with ground truth).
 */
export type {
  AffectedCustomer,
  FileError,
  FileReport,
  LeakFormat,
  MatchRule,
  ParseTarget,
  ResultEntries,
  ReviewItem,
  ScopeJson,
  ScopeProgress,
  ScopeResult,
  UnmatchedIndividual,
} from './types.js';
export { matchConfidence } from './types.js';

export { expandInputs, scanFile } from './formats/sources.js';
export { StructuredTable } from './formats/structured-table.js';

export { headerRole, roleDataType } from './detect/column-classifier.js';
export type { Role } from './detect/column-classifier.js';
export { typeBit, typesOfMask } from './detect/record-findings.js';
export { luhnValid, normalizeEmail, normalizePostalCode } from './detect/validators.js';

export { CustomerChunkEncoder, chunkBuffers } from './match/customer-encoder.js';
export type { CustomerChunk } from './match/customer-encoder.js';
export { CustomerIndexBuilder, buildCustomerIndex, personNameKey, phoneKeys } from './match/customer-index.js';
export type { CustomerIndex, CustomerRow } from './match/customer-index.js';
export { CustomerMasterError, MASTER_SAMPLE, customerFileTarget, loadCustomerMaster } from './match/master-loader.js';

export { prestartScopeThreads, runScope } from './run/engine.js';
export type { ScopeOptions } from './run/engine.js';
export { prestartScanWorkers } from './run/thread-pool.js';

export { scopeJsonPieces, writeScopeJson } from './output/json-document.js';
export { createProgressReporter } from './output/progress-bar.js';

export { createRandom, generateSyntheticLeak, writeZip } from './synthetic/leak-generator.js';
