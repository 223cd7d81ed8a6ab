// renderMail(name, params, config): the subject, text and HTML of one mail, or a MailTemplateError
// naming the template and the field.
import type { z } from 'zod';
import type { Config } from '../config';
import { page } from './html';
import type { MailContext, MailTemplate } from './template';
import { templates, type MailTemplateName } from './templates';

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

export type MailParams<N extends MailTemplateName> = z.input<(typeof templates)[N]['params']>;

/** A mail that cannot be rendered: an unknown template or params that break its schema. Never worth a retry. */
export class MailTemplateError extends Error {
  constructor(
    readonly template: string,
    /** The offending param's path (e.g. "sizeBytes"), or "template" for an unknown name. */
    readonly field: string,
    readonly rule: string,
  ) {
    super(field === 'template' ? `mail template ${JSON.stringify(template)}: ${rule}` : `mail template ${template}: params.${field}: ${rule}`);
    this.name = 'MailTemplateError';
  }
}

export function isMailTemplateName(name: string): name is MailTemplateName {
  return Object.prototype.hasOwnProperty.call(templates, name);
}

/** Checks params against the template's schema; returns them as the template reads them. */
export function checkMailParams(name: string, params: unknown): { name: MailTemplateName; params: unknown } {
  if (!isMailTemplateName(name)) throw new MailTemplateError(name, 'template', 'is not a mail template');
  const parsed = templates[name].params.safeParse(params ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new MailTemplateError(name, issue.path.length ? issue.path.join('.') : '(params)', issue.message);
  }
  return { name, params: parsed.data };
}

export function renderMail<N extends MailTemplateName>(name: N, params: MailParams<N>, config: Pick<Config, 'PUBLIC_URL'>): RenderedMail;
export function renderMail(name: string, params: unknown, config: Pick<Config, 'PUBLIC_URL'>): RenderedMail;
export function renderMail(name: string, params: unknown, config: Pick<Config, 'PUBLIC_URL'>): RenderedMail {
  const checked = checkMailParams(name, params);
  // One template's three renderings read the same parsed params; the union of templates is erased here.
  const template = templates[checked.name] as unknown as MailTemplate;
  const base = config.PUBLIC_URL.replace(/\/+$/, '');
  const ctx: MailContext = { link: (value) => (value.startsWith('/') ? base + value : value) };
  // One line whatever a param holds: a subject is a mail header.
  const subject = template.subject(checked.params).replace(/[\r\n\t]+/g, ' ').trim();
  return {
    subject,
    text: template.text(checked.params, ctx),
    html: page(subject, template.html(checked.params, ctx)),
  };
}
