// Sent by vitalis.invite_household_member to the invited address.
import { z } from 'zod';
import { button, html } from '../html';
import { isoTime, link, readableTime, token } from '../params';
import { defineTemplate, type MailContext } from '../template';

const params = z.object({
  inviterName: z.string().min(1).max(200),
  /** Optional: SQL does not know PUBLIC_URL; without it the link is /household/accept?token=<token> under PUBLIC_URL. */
  acceptUrl: link.optional(),
  token,
  expiresAt: isoTime,
});

const acceptLink = (p: z.output<typeof params>, ctx: MailContext) =>
  ctx.link(p.acceptUrl ?? `/household/accept?token=${encodeURIComponent(p.token)}`);

export const householdInvite = defineTemplate({
  params,
  subject: (p) => `${p.inviterName} invited you to their Vitalis household`,
  text: (p, ctx) =>
    `${p.inviterName} invited you to join their family account on Vitalis. Each member's health data stays their own;\n` +
    `members can choose to share a read-only view of it with each other.\n\n` +
    `Accept: ${acceptLink(p, ctx)}\nor use this token: ${p.token}\n\n` +
    `Sign in (or register) with this email address first. The invitation works once, until ${readableTime(p.expiresAt)}.\n`,
  html: (p, ctx) => html`<p>${p.inviterName} invited you to join their family account on Vitalis. Each member's health data stays their own;
members can choose to share a read-only view of it with each other.</p>
${button(acceptLink(p, ctx), 'Accept the invitation')}
<p>Or use this token: <code>${p.token}</code></p>
<p>Sign in (or register) with this email address first. The invitation works once, until ${readableTime(p.expiresAt)}.</p>`,
});
