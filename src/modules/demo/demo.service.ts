import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Clock } from '../../core/clock.js';
import type { Db } from '../../db/database.js';
import { type Actor, authorize } from '../auth/auth.permissions.js';
import type { ChecklistService } from '../checklist/checklist.service.js';
import type { DecisionService } from '../decisions/decisions.service.js';
import type { IncidentService } from '../incidents/incidents.service.js';
import type { ObligationService } from '../obligations/obligations.service.js';
import type { CustomerService } from '../customers/customers.service.js';
import { generateSyntheticLeak } from '../../scan/index.js';
import type { ScopingService } from '../scoping/scoping.service.js';
import type { TaskService } from '../tasks/tasks.service.js';

export const DEMO_TITLE = 'DRILL: Storefront shows other customers’ personal and billing data';

/**
 * Seeds the classic e-commerce drill: a shop selling books, CDs and videos; a customer phones support
 * because the site shows other people's names, contacts and billing data; the CIO alerts the
 * vice-president; the site is taken down while the team investigates. Idempotent by title.
 */
export function createDemoService(deps: {
  db: Db;
  clock: Clock;
  incidents: IncidentService;
  checklist: ChecklistService;
  decisions: DecisionService;
  tasks: TaskService;
  obligations: Pick<ObligationService, 'setFacts'>;
  customers: Pick<CustomerService, 'importFile'>;
  scoping: Pick<ScopingService, 'addFiles'>;
  /** The drill's leaked files are written here (inside BREACHDESK_LEAK_DIR) so they can be added by server path. */
  leakDir: string;
}) {
  const { clock, incidents, checklist, decisions, tasks, obligations } = deps;

  async function seed(actor: Actor): Promise<{ incidentId: string; created: boolean; scopingRunId?: string }> {
    authorize(actor, 'demo.seed');
    const existingId = await incidents.findDrillIdByTitle(DEMO_TITLE);
    if (existingId) return { incidentId: existingId, created: false };

    const now = clock.now().getTime();
    const hoursAgo = (h: number) => new Date(now - h * 3600_000).toISOString();
    const tz = 'America/New_York';

    const report = await incidents.createReport(actor, {
      source: 'customer_call',
      reporter_name: 'Jane Roe (customer #104233)',
      reporter_contact: 'jane.roe@example.com, +1 212 555 0147',
      observed:
        'When I opened "My orders" I saw a list of other people: names, email addresses, phone numbers, billing addresses and the last digits of their cards. I did not click anything unusual.',
      reported_at: hoursAgo(26),
      reporter_tz: tz,
    });
    const triage = await incidents.triageReport(actor, report.id, {
      outcome: 'incident',
      version: report.version,
      title: DEMO_TITLE,
      severity: 'critical',
      kind: 'drill',
      aware_at: hoursAgo(25),
    });
    const incidentId = triage.incident_id!;
    let incident = await incidents.getIncident(actor, incidentId);
    incident = await incidents.updateIncident(actor, incidentId, {
      version: incident.version,
      summary:
        'Online shop for books, CDs and videos. A customer called support: the "My orders" page showed other customers’ names, contact details and billing data. The CIO alerted the vice-president; the storefront was taken offline while we investigate when it started, why, who saw what, which data of which customers, and how to prevent it.',
    });
    incident = await incidents.setTimestamp(actor, incidentId, {
      version: incident.version,
      field: 'discovered_at',
      value: hoursAgo(26),
      reason: 'customer call to support (ticket #88412)',
    });
    incident = await incidents.setTimestamp(actor, incidentId, {
      version: incident.version,
      field: 'occurred_from',
      value: hoursAgo(24 * 10),
      reason: 'release 4.12 with the new page cache went live (deploy log)',
    });

    const story: Array<[number, string, string]> = [
      [24 * 10, 'investigation', 'Release 4.12 of the storefront deployed: new page cache in front of account pages.'],
      [25.5, 'detection', 'Support lead escalates the call to the CIO after reproducing it: the order page shows another customer’s data.'],
      [25, 'communication', 'CIO alerts the vice-president of operations by phone; incident response starts.'],
      [24.5, 'containment', 'Web and cache server logs copied to the evidence store before any change.'],
      [24, 'containment', 'Storefront replaced by a maintenance page; checkout and account pages unreachable.'],
      [20, 'investigation', 'Engineers reproduce the leak on staging: cached "My orders" pages are served to other signed-in customers.'],
    ];
    for (const [h, category, text] of story) {
      await incidents.addTimelineEntry(actor, incidentId, { event_at: hoursAgo(h), event_tz: tz, category: category as 'other', text });
    }

    incident = await incidents.changeStatus(actor, incidentId, {
      version: incident.version,
      status: 'investigating',
      reason: 'customer report reproduced by support',
    });
    await incidents.changeStatus(actor, incidentId, {
      version: incident.version,
      status: 'confirmed_breach',
      reason: 'staging reproduction shows personal and billing data served to other customers',
    });

    const decision = await decisions.create(actor, incidentId, { template: 'take_storefront_offline' });
    await decisions.approve(actor, incidentId, decision.id, {
      version: decision.version,
      chosen_option: 'offline',
      rationale:
        'Exposure is ongoing for every signed-in customer and we cannot yet tell which pages are safe. Lost sales for a day are acceptable; support phone line and a status notice stay up.',
    });

    const items = await checklist.list(actor, incidentId);
    const answers: Record<string, [string, 'low' | 'medium' | 'high']> = {
      when: ['Most likely since release 4.12 went live ten days ago; cache logs before that show no shared account pages.', 'medium'],
      how: [
        'The new page cache keys "My orders" pages by URL only, not by session, so one customer’s page is served to the next visitor.',
        'low',
      ],
      what_data: [
        'Names, email addresses, phone numbers, billing addresses, last four card digits and order history. Full card numbers are not shown on the page. Which customers: to be scoped from cache logs.',
        'medium',
      ],
    };
    for (const item of items) {
      const a = answers[item.key];
      if (a)
        await checklist.answer(actor, incidentId, item.id, { version: item.version, answer: a[0], confidence: a[1], evidence_ids: [] });
    }

    const taskList: Array<[string, number, string]> = [
      ['Preserve web server, CDN and cache logs', 24.5, 'done'],
      ['Identify every customer whose page was served to someone else', -24, 'in_progress'],
      ['Fix the cache key and add a regression test', -12, 'open'],
      ['Call counsel and the cyber insurer', -2, 'open'],
      ['Draft the customer notice and the public page', -36, 'open'],
    ];
    for (const [title, dueHoursAgo, status] of taskList) {
      const t = await tasks.createTask(actor, incidentId, { title, owner_id: null, due_at: hoursAgo(dueHoursAgo) });
      if (status !== 'open') await tasks.updateTask(actor, incidentId, t.id, { version: t.version, status: status as 'done' });
    }
    await tasks.createCountermeasure(actor, incidentId, {
      title: 'Storefront replaced by a maintenance page',
      description: 'Load balancer serves a static page; support number shown.',
      owner_id: null,
      status: 'active',
    });
    await tasks.createCountermeasure(actor, incidentId, {
      title: 'Disable the page cache for all account pages',
      description: 'Config flag cache.account_pages=false before reopening.',
      owner_id: null,
      status: 'planned',
    });
    // A first estimate of who is affected, entered by hand before scoping: it drives the deadline board.
    await obligations.setFacts(actor, incidentId, {
      version: null,
      facts: {
        entity: {
          industry: 'ecommerce',
          countries: ['US'],
          publicly_traded: false,
          hipaa: 'none',
          financial_institution: false,
          card_merchant: true,
          role: 'controller',
        },
        data_encrypted: false,
        key_compromised: false,
        risk_of_harm: 'unknown',
        law_enforcement_delay: false,
        affected: [
          { jurisdiction: 'US-CA', count: 1240, data_types: ['name', 'email', 'phone', 'postal_address', 'card_last4'] },
          { jurisdiction: 'US-NY', count: 610, data_types: ['name', 'email', 'phone', 'postal_address', 'card_last4'] },
          { jurisdiction: 'US-TX', count: 388, data_types: ['name', 'email', 'phone', 'postal_address', 'card_last4'] },
          { jurisdiction: 'DE', count: 42, data_types: ['name', 'email', 'postal_address'] },
        ],
      },
    });
    const scopingRunId = await seedScoping(actor, incidentId);
    return { incidentId, created: true, scopingRunId };
  }

  /**
   * The shop's customer master (2,000 synthetic customers in nine countries) and the files the team pulled
   * from the storefront (page cache dumps, logs, an export), added to the incident for scoping. The run is
   * queued: the worker (or `breachdesk demo`) scans it, and the register then replaces the hand estimate.
   */
  async function seedScoping(actor: Actor, incidentId: string): Promise<string> {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'breachdesk-demo-'));
    try {
      const leak = generateSyntheticLeak(tmp, { seed: 2026, customers: 2000 });
      await deps.customers.importFile(actor, { path: leak.customersFile, fileName: 'shop-customers.csv' });
      const dir = path.join(deps.leakDir, 'demo-drill');
      mkdirSync(dir, { recursive: true });
      const names = leak.leakPaths.map((p) => {
        copyFileSync(p, path.join(dir, path.basename(p)));
        return path.join('demo-drill', path.basename(p));
      });
      return (await deps.scoping.addFiles(actor, incidentId, { paths: names, evidence_ids: [] })).run_id;
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }

  return { seed };
}
