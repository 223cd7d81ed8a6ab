// Sent after an account has been erased (the address comes from the erasure job: no account is left).
import { z } from 'zod';
import { html } from '../html';
import { isoTime, readableTime } from '../params';
import { defineTemplate } from '../template';

const params = z.object({
  /** Optional: without it the mail says the deletion is done, without a date. */
  completedAt: isoTime.optional(),
});
const when = (p: z.output<typeof params>) => (p.completedAt ? ` on ${readableTime(p.completedAt)}` : '');

export const deletionCompleted = defineTemplate({
  params,
  subject: () => 'Your Vitalis account has been deleted',
  text: (p) => `Your Vitalis account and its data were deleted${when(p)}.\n\n` + `This is the last message we send to this address.\n`,
  html: (p) => html`<p>Your Vitalis account and its data were deleted${when(p)}.</p>
<p>This is the last message we send to this address.</p>`,
});
