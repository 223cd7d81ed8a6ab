// Sent when a subscription payment fails (Stripe invoice.payment_failed).
import { z } from 'zod';
import { html } from '../html';
import { link } from '../params';
import { defineTemplate } from '../template';

const params = z.object({
  tier: z.string().min(1).max(50),
  /** Optional: where to update the payment method; default /settings/billing under PUBLIC_URL. */
  manageUrl: link.optional(),
});

export const billingPaymentFailed = defineTemplate({
  params,
  subject: () => 'Your Vitalis payment did not go through',
  text: (p, ctx) =>
    `The latest payment for your Vitalis ${p.tier} subscription failed.\n\n` +
    `Please update your payment method: ${ctx.link(p.manageUrl ?? '/settings/billing')}\n\n` +
    `Your data is safe whatever happens; without payment the account returns to the free tier.\n`,
  html: (p, ctx) => html`<p>The latest payment for your Vitalis ${p.tier} subscription failed.</p>
<p>Please <a href="${ctx.link(p.manageUrl ?? '/settings/billing')}">update your payment method</a>.</p>
<p>Your data is safe whatever happens; without payment the account returns to the free tier.</p>`,
});
