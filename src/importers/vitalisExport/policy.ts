// Which tables of an archive become rows here, and why the others do not. The rule comes from the
// catalog (a table with user_id is the user's data; one without is shared or server state), with
// the exceptions below: rows that describe the other instance rather than the person, and would
// be a lie here.
import { hasColumn, type CatalogTable } from './catalog';

export const USERS = 'vitalis.users';
export const ACCOUNTS = 'vitalis.accounts';

const NOT_RESTORED: Record<string, string> = {
  'vitalis.accounts': 'the target user keeps their own account and subscription tier',
  'vitalis.audit_log': "the other instance's history; this instance's audit log records the import itself",
  'vitalis.deletion_requests': 'requests made on the other instance',
  'vitalis.data_export_requests': 'requests made on the other instance',
  'vitalis.ingestion_jobs': "the other instance's jobs: their worker jobs and uploaded files do not exist here",
  'vitalis.oauth_identities': 'sign-in identities belong to the instance signed in to: sign in with Google or Apple here again',
  'vitalis.connected_devices': 'provider tokens are never exported: connect the provider again on this instance',
  'vitalis.household_invites': 'they name other users and accounts of the other instance',
  'vitalis.profile_shares': 'they name other users of the other instance',
  'vitalis_private.activity_source_keys': 'derived: rebuilt here from the restored activities',
  'vitalis_private.sessions': "sign-in sessions of the other instance",
  'vitalis_private.email_tokens': "one-time email links of the other instance",
  'vitalis_private.provider_oauth_states': "provider sign-ins in progress on the other instance",
  'vitalis_private.login_known_sources': "the other instance's sign-in history",
  'vitalis_private.user_passwords': 'passwords are never exported: set one here, or sign in with Google or Apple',
};
const SERVER_STATE = "the other instance's server-side state";
/** Why reference rows (manifest reference: true) without a natural key here are not restored. */
export const REFERENCE_WITHOUT_KEY = "shared reference rows with no unique name to match them by on this instance; the links to them are left empty";

/** Why a table outside schema vitalis (server state, never the person's data) is not restored. */
export const privateTableReason = (name: string) => NOT_RESTORED[name] ?? SERVER_STATE;

export type TableRole =
  | { kind: 'rows' }
  /** The target user's own row (users): its profile fields are updated. */
  | { kind: 'profile' }
  /** A shared dictionary: its rows are matched to this instance's by naturalKey, never inserted. */
  | { kind: 'dictionary'; naturalKey: string }
  | { kind: 'skip'; reason: string };

export function tableRole(name: string, table: CatalogTable): TableRole {
  if (name === USERS) return { kind: 'profile' };
  const reason = NOT_RESTORED[name];
  if (reason) return { kind: 'skip', reason };
  if (hasColumn(table, 'user_id')) return { kind: 'rows' };
  if (table.naturalKey && table.primaryKey.length === 1) return { kind: 'dictionary', naturalKey: table.naturalKey };
  return { kind: 'skip', reason: REFERENCE_WITHOUT_KEY };
}

/** Tables whose only key is user_id hold one row per user, made with the user: updated, not inserted. */
export const isOneToOne = (t: CatalogTable) => t.primaryKey.length === 1 && t.primaryKey[0] === 'user_id';
