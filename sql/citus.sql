-- Distributing Vitalis over a Citus cluster, by user (docs/distribution.md).
--
-- NOT RUN BY ANYTHING IN THIS REPOSITORY, and never run on a single PostgreSQL server: no Citus is
-- available where the project is built and tested. test/db/distributable.test.ts keeps this file
-- in sync with the migrated catalog instead: every table of schemas vitalis and vitalis_private is
-- named in exactly one call below, in an order where every table comes after the tables its
-- foreign keys reference, and the keys of each table allow what the call asks of Citus.
--
-- The classification, one call per table:
-- - create_reference_table: replicated to every node. Dictionaries, users and accounts (every
--   user-data table references users; users.email and the account links are global), and small
--   settings read by functions that may run on any node.
-- - create_distributed_table(..., 'user_id', colocate_with => 'vitalis.user_preferences'): the
--   user's health data, hash-distributed by user_id and co-located, so one user's rows of every
--   table live on one node and a request (RLS adds user_id = current_user_id()) is routed to it.
-- - citus_add_local_table_to_metadata: stays on the coordinator. Tables looked up by something
--   other than the user (a token hash, a provider identity, an account, an e-mail), that outlive
--   the user, or that have no user at all; they may reference reference tables only.
--
-- Before running it, on the coordinator of a Citus 12+ cluster whose workers run the same
-- PostgreSQL major version:
-- 1. Every node: the roles of sql/roles.sql (recent Citus versions propagate CREATE ROLE issued on
--    the coordinator; check the one in use) and the extensions the schema uses (pgcrypto, btree_gist).
-- 2. Coordinator: create extension citus; then select citus_set_coordinator_host(...) and
--    citus_add_node(...) for each worker.
-- 3. Coordinator: npm run db:migrate (the whole schema, RLS policies, triggers and functions are
--    created on the coordinator first; this file then distributes the tables).
-- 4. Stop the API and the worker: create_distributed_table copies existing rows and takes
--    exclusive locks.
-- 5. Set citus.enable_unsafe_triggers = on (the audit, validation and derive triggers of
--    distributed tables must fire on the shards), and citus.multi_shard_modify_mode = 'sequential'
--    for this script (foreign keys between distributed and reference tables in one transaction).
-- 6. The triggers of users, accounts and profile_shares (reference tables) would fire on every
--    node's replica: the ones with side effects on other tables (users: _500_create_preferences,
--    _510_account_owner, _520_billing_over_cap, _600_auth_revoke_sessions; the audit triggers)
--    must first be made to run once, on the coordinator (docs/distribution.md).
-- 7. psql -v ON_ERROR_STOP=1 -f sql/citus.sql
--
-- Row-level security: the policies compare user_id with vitalis.current_user_id(), which reads the
-- transaction-local app.current_user_id setting. Citus propagates the policies of distributed
-- tables to their shards (check it for the version in use: select * from pg_policies on a worker);
-- PostGraphile sets app.current_user_id with set_config(..., true) in the request's transaction,
-- and Citus sends that transaction's statements to the worker on the same connection, so the
-- setting must be propagated too: citus.propagate_set_commands = 'local' does that for SET LOCAL,
-- and set_config(..., true) has to become SET LOCAL (or the policies must read a value the
-- query carries) before RLS can be trusted on the workers. Not verified: see docs/distribution.md.
--
-- Functions: the batch upserts (vitalis.upsert_wearable_daily, upsert_wearable_sleep,
-- upsert_wearable_activities, upsert_measurements) take one JSON array that may name several users
-- and find the user per row, so they cannot be delegated to one node by an argument; they run on
-- the coordinator, and their statements are routed per shard. vitalis_private.evaluate_goals
-- (p_user_id uuid, ...) acts for one user and could be delegated after the tables are distributed:
--   select create_distributed_function('vitalis_private.evaluate_goals(uuid, text)', 'p_user_id',
--                                      colocate_with => 'vitalis.user_preferences');
-- Not done here: it reads reference tables and fires pg_notify, which must then work on a worker.

-- Reference tables ---------------------------------------------------------------------------

-- users <-> accounts reference each other (users.account_id, accounts.owner_user_id): the owner
-- link is set aside while both become reference tables, then restored as it was.
alter table vitalis.accounts drop constraint accounts_owner_user_id_fkey;
select create_reference_table('vitalis.accounts');
select create_reference_table('vitalis.users');
alter table vitalis.accounts add constraint accounts_owner_user_id_fkey
  foreign key (owner_user_id) references vitalis.users (user_id) on delete set null;

-- Dictionaries.
select create_reference_table('vitalis.biomarker_dictionary');
select create_reference_table('vitalis.exercise_dictionary');
select create_reference_table('vitalis.unit_conversions');

-- A household member's reads: vitalis.viewable_user_ids(), called (through readable_user_ids())
-- inside the user_isolation RLS policy of every shared distributed table, reads profile_shares, so every node needs it. It points at two
-- users (user_id shares with viewer_user_id), which no single shard holds.
select create_reference_table('vitalis.profile_shares');

-- One-row settings, read by functions that may run on any node.
select create_reference_table('vitalis_private.analytics_salt');
select create_reference_table('vitalis_private.household_gate_key');
select create_reference_table('vitalis_private.insights_settings');

-- Tables distributed by user_id, co-located, parents before children ------------------------

select create_distributed_table('vitalis.user_preferences', 'user_id', colocate_with => 'none');
select create_distributed_table('vitalis_private.user_passwords', 'user_id', colocate_with => 'vitalis.user_preferences');
select create_distributed_table('vitalis_private.login_known_sources', 'user_id', colocate_with => 'vitalis.user_preferences');
select create_distributed_table('vitalis.user_timezones', 'user_id', colocate_with => 'vitalis.user_preferences');
select create_distributed_table('vitalis.ingestion_jobs', 'user_id', colocate_with => 'vitalis.user_preferences');
select create_distributed_table('vitalis.documents', 'user_id', colocate_with => 'vitalis.user_preferences');
select create_distributed_table('vitalis.blood_panels', 'user_id', colocate_with => 'vitalis.user_preferences');
select create_distributed_table('vitalis.blood_markers', 'user_id', colocate_with => 'vitalis.user_preferences');
select create_distributed_table('vitalis.dexa_scans', 'user_id', colocate_with => 'vitalis.user_preferences');
select create_distributed_table('vitalis.dexa_regions', 'user_id', colocate_with => 'vitalis.user_preferences');
select create_distributed_table('vitalis.dexa_bone_density', 'user_id', colocate_with => 'vitalis.user_preferences');
select create_distributed_table('vitalis.epigenetic_tests', 'user_id', colocate_with => 'vitalis.user_preferences');
select create_distributed_table('vitalis.epigenetic_organ_ages', 'user_id', colocate_with => 'vitalis.user_preferences');
select create_distributed_table('vitalis.doctor_visits', 'user_id', colocate_with => 'vitalis.user_preferences');
select create_distributed_table('vitalis.doctor_visit_panels', 'user_id', colocate_with => 'vitalis.user_preferences');
select create_distributed_table('vitalis.custom_metrics', 'user_id', colocate_with => 'vitalis.user_preferences');
select create_distributed_table('vitalis.custom_metric_entries', 'user_id', colocate_with => 'vitalis.user_preferences');
select create_distributed_table('vitalis.supplements', 'user_id', colocate_with => 'vitalis.user_preferences');
select create_distributed_table('vitalis.supplement_logs', 'user_id', colocate_with => 'vitalis.user_preferences');
select create_distributed_table('vitalis.lifting_sessions', 'user_id', colocate_with => 'vitalis.user_preferences');
select create_distributed_table('vitalis.lifting_sets', 'user_id', colocate_with => 'vitalis.user_preferences');
select create_distributed_table('vitalis.goals', 'user_id', colocate_with => 'vitalis.user_preferences');
select create_distributed_table('vitalis.goal_alerts', 'user_id', colocate_with => 'vitalis.user_preferences');
select create_distributed_table('vitalis.insights', 'user_id', colocate_with => 'vitalis.user_preferences');
select create_distributed_table('vitalis.measurements', 'user_id', colocate_with => 'vitalis.user_preferences');
select create_distributed_table('vitalis.menstrual_cycles', 'user_id', colocate_with => 'vitalis.user_preferences');
select create_distributed_table('vitalis.mood_journal', 'user_id', colocate_with => 'vitalis.user_preferences');
select create_distributed_table('vitalis.nutrition_logs', 'user_id', colocate_with => 'vitalis.user_preferences');
select create_distributed_table('vitalis.photos', 'user_id', colocate_with => 'vitalis.user_preferences');
select create_distributed_table('vitalis.data_export_requests', 'user_id', colocate_with => 'vitalis.user_preferences');
-- Partitioned tables: distributing the parent distributes its partitions, existing and future
-- (vitalis_private.ensure_partitions runs on the coordinator).
select create_distributed_table('vitalis.wearable_daily', 'user_id', colocate_with => 'vitalis.user_preferences');
select create_distributed_table('vitalis.wearable_sleep', 'user_id', colocate_with => 'vitalis.user_preferences');
select create_distributed_table('vitalis.wearable_activities', 'user_id', colocate_with => 'vitalis.user_preferences');
select create_distributed_table('vitalis_private.activity_source_keys', 'user_id', colocate_with => 'vitalis.user_preferences');

-- The audit trail, distributed by its own id ------------------------------------------------

-- audit_log.user_id is NULL for system rows and after an erasure anonymises a user's rows, and
-- Citus refuses NULL in a distribution column, so it cannot join the users' co-location group. It
-- has no foreign keys and is append-only, so it is spread by audit_id (its primary key is
-- (audit_id, created_at)); a user's audit reads (rare: the audit view, exports) visit every shard.
select create_distributed_table('vitalis.audit_log', 'audit_id', colocate_with => 'none');

-- Tables kept on the coordinator ------------------------------------------------------------

-- Operations bookkeeping, no user.
select citus_add_local_table_to_metadata('vitalis.backup_runs');
-- Kept after the user is erased (user_id is set to NULL then): the proof that the erasure ran.
select citus_add_local_table_to_metadata('vitalis.deletion_requests');
-- Provider connections: the sync scheduler scans them across users by (source, last_sync_at);
-- a few rows per user. Their tokens are keyed by device_id.
select citus_add_local_table_to_metadata('vitalis.connected_devices');
select citus_add_local_table_to_metadata('vitalis_private.device_tokens');
-- Sign-in with a provider finds the user by (provider, provider_user_id), a key across users.
select citus_add_local_table_to_metadata('vitalis.oauth_identities');
select citus_add_local_table_to_metadata('vitalis_private.oauth_identity_tokens');
-- Household invitations belong to an account and are accepted by token, before the invitee's user
-- exists or is known.
select citus_add_local_table_to_metadata('vitalis.household_invites');
-- Looked up by a token hash before the user is known: refresh sessions, e-mail tokens, provider
-- OAuth states.
select citus_add_local_table_to_metadata('vitalis_private.sessions');
select citus_add_local_table_to_metadata('vitalis_private.email_tokens');
select citus_add_local_table_to_metadata('vitalis_private.provider_oauth_states');
-- Rate limiting and sign-in attempts, by address or e-mail: no user, or none known yet.
select citus_add_local_table_to_metadata('vitalis_private.auth_rate_events');
select citus_add_local_table_to_metadata('vitalis_private.login_attempts');
-- Billing, by account and by Stripe event.
select citus_add_local_table_to_metadata('vitalis_private.stripe_events');
select citus_add_local_table_to_metadata('vitalis_private.stripe_subscription_state');
