import type { Pool } from 'pg';

export interface QueuedMail {
  template: string;
  to: string;
  params: Record<string, any>;
}

/** The mails queued for an address (mail__send jobs not yet sent), oldest first. */
export async function queuedMails(pool: Pool, to: string): Promise<QueuedMail[]> {
  const { rows } = await pool.query<{ payload: QueuedMail }>(
    `select j.payload from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
      where t.identifier = 'mail__send' and j.payload ->> 'to' = $1 order by j.id`,
    [to],
  );
  return rows.map((r) => r.payload);
}
