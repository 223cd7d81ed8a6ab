import type { Response } from 'express';
import type { ZodError } from 'zod';
import { STATUS_CODES, type ApiErrorBody, type ErrorCode } from './errorCodes';

/** Any code of the one list (src/http/errorCodes.ts); the name stays for the routes that import it. */
export type AuthErrorCode = ErrorCode;

export type ApiError = ApiErrorBody;

/**
 * The same error shape as the GraphQL endpoint: {"errors":[{"message","extensions":{"code","field"}}]}.
 * A status that has a code of its own (404, 405, 413, 415, 429: STATUS_CODES) always carries that
 * code, whatever the route passed, so one situation has one code on every route. An input error
 * (BAD_USER_INPUT, PAYLOAD_TOO_LARGE) that names no field is about the request body as a whole:
 * its field is "body".
 */
export function sendErrors(res: Response, status: number, errors: ApiError[]): void {
  if (status === 401) res.set('WWW-Authenticate', 'Bearer');
  const own = STATUS_CODES[status];
  const coded = errors.map((error) => {
    const code = own ?? error.extensions.code;
    const field = error.extensions.field ?? (code === 'BAD_USER_INPUT' || code === 'PAYLOAD_TOO_LARGE' ? 'body' : undefined);
    return { ...error, extensions: { ...error.extensions, code, ...(field ? { field } : {}) } };
  });
  res.status(status).json({ errors: coded });
}

export function sendError(res: Response, status: number, code: ErrorCode, message: string, field?: string): void {
  sendErrors(res, status, [{ message, extensions: field ? { code, field } : { code } }]);
}

/** One BAD_USER_INPUT error per zod issue, naming the field and the rule. */
export function sendValidationErrors(res: Response, error: ZodError): void {
  sendErrors(
    res,
    400,
    error.issues.map((issue) => {
      const field = issue.path.map(String).join('.') || undefined;
      // zod says a missing field is "Invalid input: expected string, received undefined".
      const rule = issue.code === 'invalid_type' && /received undefined$/.test(issue.message) ? 'is required' : issue.message;
      const message = !field || rule.startsWith(`${field} `) ? rule : rule === 'is required' ? `${field} is required` : `${field}: ${rule}`;
      return { message, extensions: field ? { code: 'BAD_USER_INPUT' as const, field } : { code: 'BAD_USER_INPUT' as const } };
    }),
  );
}
