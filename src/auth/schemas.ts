import { z } from 'zod';
import { email } from '../validation/schemas';

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 200;
const PASSWORD_RULE = `must be ${PASSWORD_MIN} to ${PASSWORD_MAX} characters long`;

/** The rule vitalis_private.auth_check_password enforces in SQL too. */
export const newPassword = z
  .string({ error: `password ${PASSWORD_RULE}` })
  .min(PASSWORD_MIN, { message: `password ${PASSWORD_RULE} (at least ${PASSWORD_MIN})` })
  .max(PASSWORD_MAX, { message: `password ${PASSWORD_RULE} (at most ${PASSWORD_MAX})` });

const emailField = email;
const token = z.string({ error: 'token is required' }).min(1, { message: 'token is required' }).max(512);

export const registerBody = z.object({
  email: emailField,
  password: newPassword,
  displayName: z
    .string({ error: 'displayName is required' })
    .trim()
    .min(1, { message: 'displayName must be 1 to 200 characters' })
    .max(200, { message: 'displayName must be 1 to 200 characters' }),
});

export const loginBody = z.object({
  email: z.string({ error: 'email is required' }).min(1, { message: 'email is required' }).max(320),
  password: z.string({ error: 'password is required' }).min(1, { message: 'password is required' }).max(1000),
});

export const refreshBody = z.object({ refreshToken: token });
export const changePasswordBody = z.object({
  currentPassword: z.string({ error: 'currentPassword is required' }).max(1000),
  newPassword,
});
export const tokenBody = z.object({ token });
export const resetRequestBody = z.object({ email: emailField });
export const resetBody = z.object({ token, newPassword });
export const idTokenBody = z.object({ idToken: z.string({ error: 'idToken is required' }).min(1, { message: 'idToken is required' }).max(16_384) });
