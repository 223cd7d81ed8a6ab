// Sent when a pending account deletion is cancelled within the grace period.
import { z } from 'zod';
import { html } from '../html';
import { defineTemplate } from '../template';

export const deletionCancelled = defineTemplate({
  params: z.object({}),
  subject: () => 'Your Vitalis account will not be deleted',
  text: () => `The deletion of your Vitalis account was cancelled. Your account and data stay as they are.\n`,
  html: () => html`<p>The deletion of your Vitalis account was cancelled. Your account and data stay as they are.</p>`,
});
