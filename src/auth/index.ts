export { createAuthRouter, type AuthRouterOptions } from './router';
export { createMailer, type Mailer, type OutgoingMail } from './mailer';
export { issueSession, tokenResponse, type TokenResponse } from './sessions';
