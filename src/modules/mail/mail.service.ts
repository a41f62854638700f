import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { z } from 'zod';
import type { Clock } from '../../core/clock.js';
import { newId } from '../../core/ids.js';
import type { JobQueue } from '../../jobs/jobs.js';
import type { Executor } from '../../db/database.js';

export const mailMessage = z.object({
  to: z.email().max(320),
  subject: z.string().min(1).max(300),
  text: z.string().max(100_000),
});
export type MailMessage = z.infer<typeof mailMessage>;
export type SentMail = { messageId: string; via: 'smtp' | 'outbox'; file?: string };

export type Mailer = { send(message: MailMessage): Promise<SentMail>; close(): void };

/**
 * Sends mail through SMTP (pooled nodemailer transport) when SMTP_URL is set; otherwise writes each
 * message as an .eml file into the outbox directory, so a shop without a mail server still sees
 * exactly what would have been sent.
 */
export function createMailer(deps: { smtpUrl: string | undefined; outboxDir: string; from: string; clock: Clock }): Mailer {
  if (deps.smtpUrl) {
    const transport = nodemailer.createTransport({ url: deps.smtpUrl, pool: true } as Parameters<typeof nodemailer.createTransport>[0]);
    return {
      async send(message) {
        const info = (await transport.sendMail({ from: deps.from, ...message })) as { messageId: string };
        return { messageId: info.messageId, via: 'smtp' };
      },
      close: () => transport.close(),
    };
  }
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async send(message) {
      const info = (await transport.sendMail({ from: deps.from, ...message })) as unknown as { messageId: string; message: Buffer };
      await mkdir(deps.outboxDir, { recursive: true });
      const stamp = deps.clock.now().toISOString().replace(/[:.]/g, '-');
      const file = path.join(deps.outboxDir, `${stamp}-${newId()}.eml`);
      await writeFile(file, info.message, { mode: 0o600 });
      return { messageId: info.messageId, via: 'outbox', file };
    },
    close: () => transport.close(),
  };
}

/**
 * Mail goes through the job queue: services queue it inside the transaction that makes the change
 * (an outbox row, so it exists only if the change commits) and never send inside one; a failed send
 * is retried with backoff by the worker.
 */
export function defineMailJobs(queue: JobQueue, mailer: Mailer) {
  queue.define({ kind: 'mail.send', payload: mailMessage, handler: async (message) => void (await mailer.send(message)) });
  /** Pass the caller's transaction so the mail is queued if and only if the change commits (outbox). */
  return {
    enqueueMail: (message: MailMessage, executor?: Executor) => queue.enqueue('mail.send', message, undefined, undefined, executor),
  };
}
