import type { Executor } from '../../db/database.js';
import type { JobQueue } from '../../jobs/jobs.js';
import { type Mailer, type MailMessage, mailMessage } from './mail.service.js';

/**
 * Mail goes through the job queue: services queue it inside the transaction that makes the change
 * (an outbox row, so it exists only if the change commits) and never send inside one; a failed send
 * is retried with backoff by the worker.
 */
export function defineMailJobs(queue: JobQueue, mailer: Mailer) {
  const send = queue.define({ kind: 'mail.send', payload: mailMessage, handler: async (message) => void (await mailer.send(message)) });
  /** Pass the caller's transaction so the mail is queued if and only if the change commits (outbox). */
  return { enqueueMail: (message: MailMessage, executor?: Executor) => queue.enqueue(send, message, { executor }) };
}
