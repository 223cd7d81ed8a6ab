// One queued mail (a mail__send job's payload), rendered and sent. A payload or template error is
// reported as 'rejected' (retrying cannot fix it); a mailer error is thrown, for the queue to retry.
import { z } from 'zod';
import type { Config } from '../config';
import type { Mailer } from './mailer';
import { MailTemplateError, renderMail } from './render';

export const mailJobPayload = z.object({
  template: z.string().min(1).max(100),
  to: z.string().trim().min(3).max(320).regex(/^[^@\s]+@[^@\s]+$/, 'must be an email address'),
  params: z.record(z.string(), z.unknown()).default({}),
});

export type MailJobOutcome = { status: 'sent'; template: string } | { status: 'rejected'; template?: string; reason: string };

export async function sendQueuedMail(mailer: Mailer, config: Pick<Config, 'PUBLIC_URL'>, payload: unknown): Promise<MailJobOutcome> {
  const parsed = mailJobPayload.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { status: 'rejected', reason: `payload.${issue.path.join('.')}: ${issue.message}` };
  }
  const { template, to, params } = parsed.data;
  let rendered;
  try {
    rendered = renderMail(template, params, config);
  } catch (error) {
    if (error instanceof MailTemplateError) return { status: 'rejected', template, reason: error.message };
    throw error;
  }
  await mailer.send({ to, ...rendered });
  return { status: 'sent', template };
}
