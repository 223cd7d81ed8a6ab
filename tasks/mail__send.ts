// Sends one queued mail (vitalis_private.queue_mail / src/mail/queue.ts). A mail that cannot be
// rendered is logged and dropped: graphile-worker retries thrown errors, and no retry fixes a bad
// template or params. SMTP errors throw, so the mail is retried (five attempts, backing off).
import type { Task } from 'graphile-worker';
import type { TaskContext } from '../src/jobs/context';
import { createMailer, type Mailer } from '../src/mail/mailer';
import { sendQueuedMail } from '../src/mail/send';

export function mailSend(ctx: Pick<TaskContext, 'config'>, mailer?: Mailer): Task {
  // One mailer per worker process, made on first use.
  let shared = mailer;
  return async (payload, helpers) => {
    shared ??= createMailer(ctx.config);
    const outcome = await sendQueuedMail(shared, ctx.config, payload);
    // Neither the address nor the params reach the log: they carry tokens and personal data.
    if (outcome.status === 'rejected') {
      helpers.logger.error(`mail__send: dropped job ${helpers.job.id}: ${outcome.reason}`, { template: outcome.template, jobId: helpers.job.id });
    } else {
      helpers.logger.info(`mail__send: sent ${outcome.template}`, { template: outcome.template, jobId: helpers.job.id });
    }
  };
}
