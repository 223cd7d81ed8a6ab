import type { Response } from 'express';
import type { ZodError } from 'zod';

export type AuthErrorCode = 'BAD_USER_INPUT' | 'UNAUTHENTICATED' | 'RATE_LIMITED' | 'CONFLICT' | 'NOT_FOUND' | 'SERVICE_UNAVAILABLE';

export interface ApiError {
  message: string;
  extensions: { code: AuthErrorCode; field?: string };
}

/** The same error shape as the GraphQL endpoint: {"errors":[{"message","extensions":{"code","field"}}]}. */
export function sendErrors(res: Response, status: number, errors: ApiError[]): void {
  if (status === 401) res.set('WWW-Authenticate', 'Bearer');
  res.status(status).json({ errors });
}

export function sendError(res: Response, status: number, code: AuthErrorCode, message: string, field?: string): void {
  sendErrors(res, status, [{ message, extensions: field ? { code, field } : { code } }]);
}

/** One BAD_USER_INPUT error per zod issue, naming the field and the rule. */
export function sendValidationErrors(res: Response, error: ZodError): void {
  sendErrors(
    res,
    400,
    error.issues.map((issue) => {
      const field = issue.path.map(String).join('.') || undefined;
      const message = issue.message.startsWith(`${field} `) || !field ? issue.message : `${field}: ${issue.message}`;
      return { message, extensions: field ? { code: 'BAD_USER_INPUT' as const, field } : { code: 'BAD_USER_INPUT' as const } };
    }),
  );
}
