import { readFileSync, writeFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { z } from 'zod';
import { type Config, ConfigError, describeConfig, loadConfig } from '../config/config.js';
import { randomToken } from '../core/crypto.js';
import { AppError } from '../core/errors.js';
import { createDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { openServices, type Services } from '../composition.js';
import { type Actor, cliOperator, roles } from '../modules/auth/auth.permissions.js';
import { buildApp, loggerOptions } from '../server/app.js';
import type { Obligation } from '../modules/obligations/obligations.engine.js';
import { loadRegimes, RulesError } from '../modules/obligations/rules.loader.js';
import { renderRulesMarkdown } from '../modules/obligations/rules.docs.js';
import { registerScopeCommand } from '../modules/scoping/scoping.cli.js';
import { registerCustomersCommand } from '../modules/customers/customers.cli.js';

type Io = { out: (s: string) => void; err: (s: string) => void; stdin: () => string; env: NodeJS.ProcessEnv };

const defaultIo: Io = {
  out: (s) => process.stdout.write(s + '\n'),
  err: (s) => process.stderr.write(s + '\n'),
  stdin: () => readFileSync(0, 'utf8'),
  env: process.env,
};

/** Exit codes: 0 ok, 1 failure (or a broken audit chain), 2 usage error (unknown command or bad flag). */
export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  let exitCode = 0;
  const withServices = async (fn: (s: Services) => Promise<number | void>) => {
    const services = await openServices(loadConfig(io.env));
    try {
      exitCode = (await fn(services)) ?? 0;
    } finally {
      await services.close();
    }
  };

  const program = new Command('breachdesk')
    .description('Breachdesk: self-hosted data-breach response platform')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .showHelpAfterError('(run breachdesk --help for usage)')
    .addHelpText(
      'after',
      `\nConfiguration (environment variables):\n${describeConfig()
        .map((c) => `  ${c.name.padEnd(26)} ${c.description}`)
        .join('\n')}`,
    );

  registerScopeCommand(program, io, withServices);
  registerCustomersCommand(program, io, withServices);

  program
    .command('serve')
    .description('run the API, admin UI and (by default) an in-process worker')
    .option('--no-worker', 'do not run background jobs in this process (run `breachdesk worker` separately)')
    .action(async (opts: { worker: boolean }) => {
      exitCode = await serve(loadConfig(io.env), { worker: opts.worker }, io);
    });

  program
    .command('worker')
    .description('run background jobs only (several workers may share one PostgreSQL database)')
    .action(async () => {
      const services = await openServices(loadConfig(io.env), { log: (m, e) => io.err(`${m} ${JSON.stringify(e ?? {})}`) });
      const stop = services.jobs.start(`worker-${process.pid}`);
      io.out('Worker started; press Ctrl+C to stop.');
      await waitForSignal();
      await stop();
      await services.close();
    });

  program
    .command('migrate')
    .description('apply database migrations (serve and worker also do this on start)')
    .action(async () => {
      const config = loadConfig(io.env);
      const { db, dialect } = createDatabase(config.database);
      try {
        const applied = await migrateToLatest(db, dialect);
        io.out(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date.');
      } finally {
        await db.destroy();
      }
    });

  const user = program.command('user').description('manage users');
  user
    .command('create')
    .description('create a user; the password comes from --password-stdin or is generated and printed once')
    .requiredOption('--email <email>', 'login email')
    .addOption(new Option('--role <role>', 'role').choices([...roles]).makeOptionMandatory())
    .option('--name <name>', 'display name')
    .option('--password-stdin', 'read the password from standard input')
    .action(async (opts: { email: string; role: (typeof roles)[number]; name?: string; passwordStdin?: boolean }) => {
      const email = z.email().safeParse(opts.email);
      if (!email.success) throw new CommanderError(2, 'breachdesk.bad-email', `error: --email is not a valid email address: ${opts.email}`);
      const password = opts.passwordStdin ? io.stdin().replace(/\r?\n$/, '') : undefined;
      await withServices(async (s) => {
        const { user: created, generatedPassword } = await s.auth.createUser(cliOperator('user-create'), {
          email: email.data,
          role: opts.role,
          displayName: opts.name,
          password,
        });
        io.out(`Created ${created.role} ${created.email}`);
        if (generatedPassword) io.out(`Password (shown once): ${generatedPassword}`);
      });
    });

  program
    .command('demo')
    .description('create (idempotently) the e-commerce drill incident and a demo admin; prints URL and login')
    .action(async () => {
      await withServices(async (s) => {
        const { actor, email, password } = await ensureDemoAdmin(s);
        const { incidentId, created, scopingRunId } = await s.demo.seed(actor);
        io.out(`${created ? 'Created' : 'Found existing'} drill incident ${incidentId}`);
        if (scopingRunId) {
          // Scan the drill's leaked files now, so the Scoping tab and the obligations show the register at once.
          await s.scoping.executeRun(scopingRunId);
          const summary = await s.scoping.summary(actor, incidentId);
          io.out(
            `Scoped ${summary.files.length} leaked files: ${summary.affected_customers} affected customers, ${summary.unmatched_people} unmatched individuals, ${summary.reviews.open} matches to review`,
          );
        }
        io.out(`Open ${s.config.publicUrl}/incidents/${incidentId} (after \`npm start\`)`);
        io.out(`Log in as ${email} with password ${password}`);
      });
    });

  program
    .command('mail')
    .description('check mail settings')
    .command('test')
    .description('send a test email now (through SMTP_URL, or into <data dir>/outbox when unset)')
    .requiredOption('--to <email>', 'recipient')
    .action(async (opts: { to: string }) => {
      const to = z.email().safeParse(opts.to);
      if (!to.success) throw new CommanderError(2, 'breachdesk.bad-email', `error: --to is not a valid email address: ${opts.to}`);
      await withServices(async (s) => {
        const sent = await s.mailer.send({
          to: to.data,
          subject: 'Breachdesk test message',
          text: 'If you can read this, Breachdesk can send you email.',
        });
        io.out(sent.via === 'smtp' ? `Sent through SMTP (message id ${sent.messageId})` : `No SMTP_URL set: written to ${sent.file}`);
      });
    });

  program
    .command('obligations')
    .description('who must be told, by when and what: for a scenario file or a stored incident (guidance, not legal advice)')
    .option('--input <file>', 'scenario JSON (see docs/obligations.md); - reads standard input')
    .option('--incident <id>', 'a stored incident (uses its facts, decisions and filings)')
    .option('--json', 'print one JSON document')
    .option('--out <file>', 'write the JSON document to a file')
    .action(async (opts: { input?: string; incident?: string; json?: boolean; out?: string }) => {
      if (!opts.input === !opts.incident)
        throw new CommanderError(2, 'breachdesk.obligations-usage', 'error: give exactly one of --input FILE or --incident ID');
      await withServices(async (s) => {
        let result: { disclaimer: string; rules_last_verified: string | null; obligations: Array<Obligation & { status?: string }> };
        if (opts.input) {
          let scenario: unknown;
          const text = opts.input === '-' ? io.stdin() : readFileSync(opts.input, 'utf8');
          try {
            scenario = JSON.parse(text);
          } catch (err) {
            io.err(`error: ${opts.input} is not valid JSON: ${(err as Error).message}`);
            return 1;
          }
          result = s.obligations.evaluateScenario(cliOperator('obligations'), scenario);
        } else {
          if (!z.uuid().safeParse(opts.incident).success)
            throw new CommanderError(
              2,
              'breachdesk.obligations-usage',
              `error: --incident must be an incident id (UUID), got ${opts.incident}`,
            );
          result = await s.obligations.list(cliOperator('obligations'), opts.incident!);
        }
        const json = JSON.stringify(result, null, 2);
        if (opts.out) writeFileSync(opts.out, json + '\n');
        if (opts.json) io.out(json);
        if (!opts.json && !opts.out) io.out(formatObligations(result));
        return 0;
      });
    });

  const rules = program.command('rules').description('the breach-notification rules data (rules/**/*.json)');
  rules
    .command('check')
    .description('validate every rules file; exit 1 naming the file and field of each problem')
    .action(() => {
      const regimes = loadRegimes();
      io.out(`${regimes.length} regimes, ${regimes.reduce((n, r) => n + r.rules.length, 0)} rules: all valid.`);
    });
  rules
    .command('docs')
    .description('print docs/rules.md (the table of every regime) generated from the rules files')
    .option('--out <file>', 'write to a file instead of standard output')
    .action((opts: { out?: string }) => {
      const markdown = renderRulesMarkdown(loadRegimes());
      if (opts.out) writeFileSync(opts.out, markdown);
      else io.out(markdown.trimEnd());
    });

  const audit = program.command('audit').description('tamper-evident audit log');
  audit
    .command('verify')
    .description('recompute the hash chain; exit 0 when intact, 1 naming the first bad entry')
    .option('--anchor <count:hash>', 'also check that entry <count> has the hash exported earlier (detects truncation)')
    .action(async (opts: { anchor?: string }) => {
      const anchor = opts.anchor?.match(/^(\d+):([0-9a-f]{64})$/);
      if (opts.anchor && !anchor)
        throw new CommanderError(
          2,
          'breachdesk.bad-anchor',
          'error: --anchor must be COUNT:HASH as printed by `breachdesk audit head` (e.g. 42:3fa9…)',
        );
      await withServices(async (s) => {
        const result = await s.audit.verify(cliOperator('audit-verify'));
        if (!result.ok) {
          io.err(`Audit chain BROKEN at entry ${result.firstBadSeq}: ${result.problem}`);
          return 1;
        }
        if (anchor && !(await s.audit.matchesAnchor(cliOperator('audit-verify'), Number(anchor[1]), anchor[2]!))) {
          io.err(`Audit chain does not contain the anchored entry ${anchor[1]} with hash ${anchor[2]}: entries were removed or rewritten`);
          return 1;
        }
        io.out(`Audit chain intact: ${result.count} entries, head ${result.head}`);
        return 0;
      });
    });
  audit
    .command('head')
    .description('print the chain head (count, hash, time) as JSON, to anchor outside Breachdesk')
    .action(async () => {
      await withServices(async (s) => {
        io.out(JSON.stringify(await s.audit.exportHead(cliOperator('audit-head'))));
      });
    });

  try {
    if (argv.length === 0) {
      program.outputHelp();
      return 2;
    }
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.exitCode === 0) return 0;
      if (err.code.startsWith('breachdesk.')) io.err(err.message);
      return 2;
    }
    if (err instanceof ConfigError || err instanceof RulesError) {
      io.err(err.message);
      return 1;
    }
    if (err instanceof AppError) {
      io.err(`error: ${err.message}${err.details ? ` ${JSON.stringify(err.details)}` : ''}`);
      return 1;
    }
    io.err(`error: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}

const DEMO_EMAIL = 'demo-admin@breachdesk.local';

/** The demo admin gets a fresh password on every `demo` run, so the printed login always works. */
async function ensureDemoAdmin(s: Services): Promise<{ actor: Actor; email: string; password: string }> {
  const password = `demo-${randomToken(9)}`;
  const existing = await s.auth.resetPasswordByOperator(cliOperator('demo'), { email: DEMO_EMAIL, password });
  if (existing)
    return { actor: { kind: 'user', userId: existing.id, email: DEMO_EMAIL, role: 'admin', scope: 'full' }, email: DEMO_EMAIL, password };
  const { user } = await s.auth.createUser(cliOperator('demo'), { email: DEMO_EMAIL, role: 'admin', displayName: 'Demo admin', password });
  return { actor: { kind: 'user', userId: user.id, email: user.email, role: 'admin', scope: 'full' }, email: DEMO_EMAIL, password };
}

async function serve(config: Config, opts: { worker: boolean }, io: Io): Promise<number> {
  const setupToken = randomToken(18);
  const services = await openServices(config, { setupToken, log: (m, e) => io.err(`${m} ${JSON.stringify(e ?? {})}`) });
  const app = await buildApp(services, { logger: loggerOptions(config.logLevel) });
  await app.listen({ port: config.port, host: config.host });
  const stopWorker = opts.worker ? services.jobs.start(`serve-${process.pid}`) : null;
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`;
  io.out(`Breachdesk is running at ${url}  (API docs: ${url}/docs; database: ${services.dialect})`);
  if (await services.auth.needsSetup()) {
    io.out('No users yet. Create the first admin in one of two ways:');
    io.out(`  - open ${url}/setup and enter this one-time setup token: ${setupToken}`);
    io.out('  - or run: npx breachdesk user create --email you@example.com --role admin');
    io.out('Want sample data? Run: npx breachdesk demo');
  } else {
    io.out(`Log in at ${url}/login`);
  }
  await waitForSignal();
  io.out('Shutting down…');
  await app.close();
  await stopWorker?.();
  await services.close();
  return 0;
}

function waitForSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

/** Human-readable table for the terminal: one line per obligation, soonest first. */
function formatObligations(result: {
  disclaimer: string;
  rules_last_verified: string | null;
  obligations: Array<Obligation & { status?: string }>;
}): string {
  const lines = result.obligations.map((o) => {
    const due = o.deadline.due_at ?? (o.deadline.policy_target_at ? `target ${o.deadline.policy_target_at}` : 'no fixed time');
    const required = o.required === 'decide' ? `DECIDE: ${o.question}` : o.required === 'yes' ? 'REQUIRED' : 'not required';
    return `${due.padEnd(32)} ${o.regime.padEnd(18)} ${o.recipient_name.slice(0, 40).padEnd(40)} ${required}${o.status ? ` [${o.status}]` : ''}`;
  });
  return [
    `${result.disclaimer} Rules last verified: ${result.rules_last_verified ?? 'n/a'}.`,
    '',
    ...lines,
    '',
    `${result.obligations.length} obligations. Use --json for reasons, content and sources.`,
  ].join('\n');
}
