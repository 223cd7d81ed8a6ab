// Sent on POST /auth/password-reset/request for an address that has an account.
import { z } from 'zod';
import { button, html } from '../html';
import { link, readableDuration, token } from '../params';
import { defineTemplate } from '../template';

export const passwordReset = defineTemplate({
  params: z.object({ link, token, expiresInMinutes: z.number().int().positive() }),
  subject: () => 'Reset your Vitalis password',
  text: (p, ctx) =>
    `Someone (hopefully you) asked to reset the password of your Vitalis account.\n\n` +
    `Open ${ctx.link(p.link)}\nor use this token: ${p.token}\n\n` +
    `It works once, within ${readableDuration(p.expiresInMinutes)}. If you did not ask, ignore this message.\n`,
  html: (p, ctx) => html`<p>Someone (hopefully you) asked to reset the password of your Vitalis account.</p>
${button(ctx.link(p.link), 'Choose a new password')}
<p>Or use this token: <code>${p.token}</code></p>
<p>It works once, within ${readableDuration(p.expiresInMinutes)}. If you did not ask, ignore this message.</p>`,
});
