import path from 'node:path';
import type { Config } from './config/config.js';
import { type Clock, systemClock } from './core/clock.js';
import { createCipher } from './core/crypto.js';
import { createDatabase, type Db, type DialectName } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { createJobQueue } from './jobs/jobs.js';
import { defineAuthJobs } from './modules/auth/auth.jobs.js';
import { createAuditService } from './modules/audit/audit.service.js';
import { createAuthService } from './modules/auth/auth.service.js';
import { createChecklistService, seedIncidentChecklist } from './modules/checklist/checklist.service.js';
import { createCustomerService } from './modules/customers/customers.service.js';
import { createDecisionService } from './modules/decisions/decisions.service.js';
import { createDemoService } from './modules/demo/demo.service.js';
import { createEvidenceService, moveReportEvidence } from './modules/evidence/evidence.service.js';
import { defineMailJobs } from './modules/mail/mail.jobs.js';
import { createMailer } from './modules/mail/mail.service.js';
import { defineObligationJobs } from './modules/obligations/obligations.jobs.js';
import { createObligationService } from './modules/obligations/obligations.service.js';
import { loadRegimes } from './modules/obligations/rules.loader.js';
import type { Regime } from './modules/obligations/rules.schema.js';
import { createIncidentService } from './modules/incidents/incidents.service.js';
import { createTaskService } from './modules/tasks/tasks.service.js';
import { createCustomerDirectory } from './modules/scoping/scoping.customer-directory.js';
import { engineScanner } from './modules/scoping/scoping.file-scanner.js';
import { defineScopingJobs } from './modules/scoping/scoping.jobs.js';
import { createScopingService } from './modules/scoping/scoping.service.js';

export type Services = ReturnType<typeof wireServices>;

/**
 * The one composition root: serve, worker, CLI and tests all build their services here, by hand,
 * so every process obeys the same rules.
 */
export function wireServices(deps: {
  config: Config;
  db: Db;
  dialect: DialectName;
  clock?: Clock;
  setupToken?: string;
  /** Rules data; defaults to the shipped rules/ directory (tests may pass a subset). */
  regimes?: Regime[];
  log?: (msg: string, extra?: object) => void;
}) {
  const { config, db, dialect } = deps;
  const clock = deps.clock ?? systemClock;
  const cipher = createCipher(config.secretKey);
  const audit = createAuditService({ db, clock });
  const auth = createAuthService({ db, clock, cipher, audit, setupToken: deps.setupToken });
  const jobs = createJobQueue({ db, dialect, clock, log: deps.log ?? (() => {}) });
  // Each module defines its own job kinds; handlers that call a service resolve it when the job runs.
  defineAuthJobs(jobs, { db, clock });
  const { enqueueRecompute } = defineObligationJobs(jobs, () => wired(obligations, 'obligations'));
  const { enqueueRun } = defineScopingJobs(jobs, () => wired(scoping, 'scoping'));
  const incidents = createIncidentService({
    db,
    clock,
    cipher,
    audit,
    seedChecklist: seedIncidentChecklist,
    moveReportEvidence,
    onAwareAtChanged: (trx, incidentId) => enqueueRecompute(incidentId, trx),
  });
  const checklist = createChecklistService({ db, clock, audit, incidents });
  const decisions = createDecisionService({ db, clock, audit, incidents });
  const mailer = createMailer({ smtpUrl: config.smtpUrl, outboxDir: config.outboxDir, from: config.mailFrom, clock });
  const { enqueueMail } = defineMailJobs(jobs, mailer);
  const obligations = createObligationService({
    db,
    clock,
    audit,
    incidents,
    regimes: deps.regimes ?? loadedRegimes(),
    enqueueMail,
    publicUrl: config.publicUrl,
    reminderHours: config.reminderHours,
  });
  const tasks = createTaskService({ db, clock, audit, incidents, enqueueMail, publicUrl: config.publicUrl });
  const evidence = createEvidenceService({
    db,
    clock,
    audit,
    incidents,
    evidenceDir: config.evidenceDir,
    maxUploadBytes: config.maxUploadBytes,
  });
  const customers = createCustomerService({
    db,
    clock,
    cipher,
    audit,
    uploadDir: path.join(config.dataDir, 'imports'),
    maxUploadBytes: config.maxUploadBytes,
  });
  const scoping = createScopingService({
    db,
    dialect,
    clock,
    cipher,
    audit,
    incidents,
    evidence,
    enqueueRun,
    customers: createCustomerDirectory({ db, cipher, customers }),
    scanner: engineScanner,
    setAffectedPopulation: (...args) => obligations.setAffectedPopulation(...args),
    leakDir: config.leakDir,
    log: deps.log,
  });
  const demo = createDemoService({
    db,
    clock,
    incidents,
    checklist,
    decisions,
    tasks,
    obligations,
    customers,
    scoping,
    leakDir: config.leakDir,
  });
  return {
    config,
    db,
    dialect,
    clock,
    cipher,
    audit,
    auth,
    incidents,
    checklist,
    decisions,
    tasks,
    evidence,
    demo,
    jobs,
    mailer,
    obligations,
    scoping,
    customers,
    /** Closes the SMTP pool and the database connections. */
    close: async () => {
      mailer.close();
      await db.destroy();
    },
  };
}

/** A service referenced by a job handler before the composition root has wired it is a wiring bug. */
function wired<T>(service: T | undefined, name: string): T {
  if (!service) throw new Error(`${name} service used by a job before it was wired`);
  return service;
}

let shippedRegimes: Regime[] | undefined;
/** The shipped rules files, read and validated once per process (a bad file stops the start with its path). */
function loadedRegimes(): Regime[] {
  shippedRegimes ??= loadRegimes();
  return shippedRegimes;
}

/** Opens the database, applies migrations and wires services. */
export async function openServices(
  config: Config,
  extra: { clock?: Clock; setupToken?: string; regimes?: Regime[]; log?: (msg: string, extra?: object) => void } = {},
) {
  const { db, dialect } = createDatabase(config.database);
  try {
    await migrateToLatest(db, dialect);
  } catch (err) {
    await db.destroy();
    throw err;
  }
  return wireServices({ config, db, dialect, ...extra });
}
