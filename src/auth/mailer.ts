// The mailer lives in src/mail (templates, queue and sending in one place); auth keeps its import path.
export { createMailer, type Mailer, type OutgoingMail } from '../mail/mailer';
