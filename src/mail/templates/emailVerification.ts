// Sent when a signed-in user asks to confirm their address (POST /auth/verify-email/request).
import { z } from 'zod';
import { button, html } from '../html';
import { link, readableDuration, token } from '../params';
import { defineTemplate } from '../template';

export const emailVerification = defineTemplate({
  params: z.object({ link, token, expiresInMinutes: z.number().int().positive() }),
  subject: () => 'Confirm your email for Vitalis',
  text: (p, ctx) =>
    `Confirm that this address is yours:\n\n` +
    `Open ${ctx.link(p.link)}\nor use this token: ${p.token}\n\n` +
    `It works once, within ${readableDuration(p.expiresInMinutes)}.\n`,
  html: (p, ctx) => html`<p>Confirm that this address is yours:</p>
${button(ctx.link(p.link), 'Confirm my email')}
<p>Or use this token: <code>${p.token}</code></p>
<p>It works once, within ${readableDuration(p.expiresInMinutes)}.</p>`,
});
