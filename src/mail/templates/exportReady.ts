// Sent when the export of a user's data (task exports__build) is ready to download.
import { z } from 'zod';
import { button, html } from '../html';
import { isoTime, link, readableSize, readableTime } from '../params';
import { defineTemplate } from '../template';

export const exportReady = defineTemplate({
  params: z.object({
    downloadUrl: link,
    expiresAt: isoTime,
    format: z.enum(['json', 'csv']),
    sizeBytes: z.number().int().nonnegative(),
  }),
  subject: () => 'Your Vitalis data export is ready',
  text: (p, ctx) =>
    `The export of your Vitalis data you asked for is ready (${p.format.toUpperCase()}, ${readableSize(p.sizeBytes)}).\n\n` +
    `Download it: ${ctx.link(p.downloadUrl)}\n\n` +
    `The link works until ${readableTime(p.expiresAt)}; after that the file is deleted. It holds your health data: keep it somewhere safe.\n`,
  html: (p, ctx) => html`<p>The export of your Vitalis data you asked for is ready (${p.format.toUpperCase()}, ${readableSize(p.sizeBytes)}).</p>
${button(ctx.link(p.downloadUrl), 'Download my data')}
<p>The link works until ${readableTime(p.expiresAt)}; after that the file is deleted. It holds your health data: keep it somewhere safe.</p>`,
});
