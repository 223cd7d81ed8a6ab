// Sent after an account has been erased (the address comes from the erasure job: no account is left).
import { z } from 'zod';
import { html } from '../html';
import { isoTime, readableTime } from '../params';
import { defineTemplate } from '../template';

export const deletionCompleted = defineTemplate({
  params: z.object({ completedAt: isoTime }),
  subject: () => 'Your Vitalis account has been deleted',
  text: (p) =>
    `Your Vitalis account and its data were deleted on ${readableTime(p.completedAt)}.\n\n` +
    `This is the last message we send to this address.\n`,
  html: (p) => html`<p>Your Vitalis account and its data were deleted on ${readableTime(p.completedAt)}.</p>
<p>This is the last message we send to this address.</p>`,
});
