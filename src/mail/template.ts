// What a mail template is: a zod schema for its params and three renderings of them. One file per
// template in ./templates; the list is ./templates/index.ts.
import type { z } from 'zod';
import type { SafeHtml } from './html';

export interface MailContext {
  /** An absolute address: a param that is already absolute stays; a path (/x?y) is put under PUBLIC_URL. */
  link(pathOrUrl: string): string;
}

export interface MailTemplate<S extends z.ZodType = z.ZodType> {
  params: S;
  subject(params: z.output<S>): string;
  text(params: z.output<S>, ctx: MailContext): string;
  /** The body inside the shared page (html.ts page()), every value escaped by the html`` tag. */
  html(params: z.output<S>, ctx: MailContext): SafeHtml;
}

/** Keeps the params' type flowing from the schema into the three renderings. */
export function defineTemplate<S extends z.ZodType>(template: MailTemplate<S>): MailTemplate<S> {
  return template;
}
