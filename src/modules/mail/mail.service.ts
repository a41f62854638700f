import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { z } from 'zod';
import type { Clock } from '../../core/clock.js';
import { newId } from '../../core/ids.js';

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
