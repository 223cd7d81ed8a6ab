// queueMail: the TypeScript twin of vitalis_private.queue_mail. The mail is a mail__send job in the
// caller's transaction, sent only if it commits; params are checked now, so a mistake fails the
// caller rather than a worker later.
import type { ClientBase } from 'pg';
import { checkMailParams, type MailParams } from './render';
import type { MailTemplateName } from './templates';

export async function queueMail<N extends MailTemplateName>(
  client: Pick<ClientBase, 'query'>,
  template: N,
  to: string,
  params: MailParams<N>,
): Promise<void> {
  checkMailParams(template, params);
  // The params as given (not as parsed): the worker parses them again with the same schema.
  await client.query('select vitalis_private.queue_mail($1, $2, $3::jsonb)', [template, to, JSON.stringify(params)]);
}
