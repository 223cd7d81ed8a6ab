// Every mail template by name. The names and their params are a contract: tasks, SQL
// (vitalis_private.queue_mail, whose list vitalis_private.mail_templates() must match) and other
// features queue mail by them. Params may gain optional fields; never rename one.
import { backupRestoreFailed } from './backupRestoreFailed';
import { billingPaymentFailed } from './billingPaymentFailed';
import { deletionCancelled } from './deletionCancelled';
import { deletionCompleted } from './deletionCompleted';
import { deletionRequested } from './deletionRequested';
import { emailVerification } from './emailVerification';
import { goalAlert } from './goalAlert';
import { exportReady } from './exportReady';
import { householdInvite } from './householdInvite';
import { passwordReset } from './passwordReset';

export const templates = {
  email_verification: emailVerification,
  password_reset: passwordReset,
  export_ready: exportReady,
  deletion_requested: deletionRequested,
  deletion_cancelled: deletionCancelled,
  deletion_completed: deletionCompleted,
  household_invite: householdInvite,
  billing_payment_failed: billingPaymentFailed,
  backup_restore_failed: backupRestoreFailed,
  goal_alert: goalAlert,
};

export type MailTemplateName = keyof typeof templates;
