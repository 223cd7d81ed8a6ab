// Sent to ADMIN_EMAIL when the weekly restore test (tasks/backups__restore_test.ts) fails: the
// newest backup could not be restored, or the restored data differs from its manifest.
import { z } from 'zod';
import { html } from '../html';
import { isoTime, readableTime } from '../params';
import { defineTemplate } from '../template';

const params = z.object({
  /** The backup that was tried (its storage key); absent when no backup was found at all. */
  objectKey: z.string().min(1).max(1024).optional(),
  /** Why it failed, as recorded in vitalis.backup_runs.error. */
  error: z.string().min(1).max(2000),
  failedAt: isoTime,
});

const what = (p: z.output<typeof params>) => (p.objectKey ? `the backup ${p.objectKey}` : 'the newest backup');

export const backupRestoreFailed = defineTemplate({
  params,
  subject: () => 'Vitalis: the weekly restore test failed',
  text: (p) =>
    `The weekly restore test on ${readableTime(p.failedAt)} could not restore ${what(p)}:\n\n${p.error}\n\n` +
    `Until a restore test succeeds, assume the backups cannot be restored. docs/backups.md says how to run one by hand.\n`,
  html: (p) => html`<p>The weekly restore test on ${readableTime(p.failedAt)} could not restore ${what(p)}:</p>
<pre>${p.error}</pre>
<p>Until a restore test succeeds, assume the backups cannot be restored. docs/backups.md says how to run one by hand.</p>`,
});
