// Sent when a user asks for their account to be deleted: it is, after the grace period.
import { z } from 'zod';
import { button, html } from '../html';
import { isoTime, link, readableTime, token } from '../params';
import { defineTemplate } from '../template';

const params = z.object({
  graceEndsAt: isoTime,
  cancelUrl: link,
  /** Optional: the cancel token on its own, for clients that take it typed or pasted. */
  token: token.optional(),
});

export const deletionRequested = defineTemplate({
  params,
  subject: () => 'Your Vitalis account will be deleted',
  text: (p, ctx) =>
    `You asked for your Vitalis account and all its data to be deleted.\n\n` +
    `This happens on ${readableTime(p.graceEndsAt)}. Until then you can change your mind:\n${ctx.link(p.cancelUrl)}\n` +
    (p.token ? `or use this token: ${p.token}\n` : '') +
    `\nIf you did not ask for this, cancel the deletion and change your password.\n`,
  html: (p, ctx) => html`<p>You asked for your Vitalis account and all its data to be deleted.</p>
<p>This happens on <strong>${readableTime(p.graceEndsAt)}</strong>. Until then you can change your mind:</p>
${button(ctx.link(p.cancelUrl), 'Keep my account')}
${p.token ? html`<p>Or use this token: <code>${p.token}</code></p>` : ''}
<p>If you did not ask for this, cancel the deletion and change your password.</p>`,
});
