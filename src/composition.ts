import path from 'node:path';
import type { Config } from './config/config.js';
import { type Clock, systemClock } from './core/clock.js';
import { createCipher } from './core/crypto.js';
import { createDatabase, type Db, type DialectName } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { createJobQueue, defineMaintenanceJobs } from './jobs/jobs.js';
import { createAuditService } from './modules/audit/audit.service.js';
import { createAuthService } from './modules/auth/auth.service.js';
import { createChecklistService, seedIncidentChecklist } from './modules/checklist/checklist.service.js';
import { createCustomerService } from './modules/customers/customers.service.js';
import { createDecisionService } from './modules/decisions/decisions.service.js';
import { createDemoService } from './modules/demo/demo.service.js';
import { createEvidenceService } from './modules/evidence/evidence.service.js';
import { createMailer, defineMailJobs } from './modules/mail/mail.service.js';
import { createObligationService } from './modules/obligations/obligations.service.js';
import { loadRegimes } from './modules/obligations/rules.loader.js';
import type { Regime } from './modules/obligations/rules.schema.js';
import { z } from 'zod';
import { createIncidentService } from './modules/incidents/incidents.service.js';
import { createTaskService } from './modules/tasks/tasks.service.js';
import { createCustomerDirectory } from './modules/scoping/scoping.customer-directory.js';
import { engineScanner } from './modules/scoping/scoping.file-scanner.js';
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
  const incidents = createIncidentService({
    db,
    clock,
    cipher,
    audit,
    seedChecklist: seedIncidentChecklist,
    onAwareAtChanged: (trx, incidentId) => jobs.enqueue('obligations.recompute', { incident_id: incidentId }, undefined, undefined, trx),
  });
  const checklist = createChecklistService({ db, clock, audit, incidents });
  const decisions = createDecisionService({ db, clock, audit, incidents });
  const scheduleMaintenance = defineMaintenanceJobs(jobs, { db, clock });
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
  jobs.define({
    kind: 'obligations.recompute',
    payload: z.object({ incident_id: z.string() }),
    handler: async ({ incident_id }) =>
      void (await obligations.recomputeIfFacts({ kind: 'system', label: 'aware-at-changed' }, incident_id)),
  });
  jobs.define({ kind: 'obligations.remind', payload: z.object({}), handler: async () => void (await obligations.sendReminders()) });
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
    enqueueRun: (runId, executor) => jobs.enqueue('scoping.run', { run_id: runId }, undefined, undefined, executor),
    customers: createCustomerDirectory({ db, cipher, customers }),
    scanner: engineScanner,
    setAffectedPopulation: (...args) => obligations.setAffectedPopulation(...args),
    leakDir: config.leakDir,
    log: deps.log,
  });
  jobs.define({
    kind: 'scoping.run',
    payload: z.object({ run_id: z.string() }),
    handler: ({ run_id }, ctx) => scoping.executeRun(run_id, { heartbeat: () => ctx.heartbeat() }),
    maxAttempts: 3,
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
    /** Each worker tick: hourly maintenance plus a reminder sweep every minute (idempotent per slot). */
    scheduleMaintenance: async () => {
      await scheduleMaintenance();
      await jobs.enqueue('obligations.remind', {}, undefined, `obligations.remind:${clock.now().toISOString().slice(0, 16)}`);
    },
    /** Closes the SMTP pool and the database connections. */
    close: async () => {
      mailer.close();
      await db.destroy();
    },
  };
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
