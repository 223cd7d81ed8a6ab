--! Previous: sha1:d46796ad3fd2b197255e81a018a4b0b6e48ae935
--! Hash: sha1:c3cf9f77133422e73c373d19db98d2ec1bdf7ddd
--! Message: Secret columns unreadable by users; dexa_region GraphQL name

--! split: 1-current.sql
set local lock_timeout = '5s';
set local role vitalis_owner;

/*
 * Secrets are not readable by signed-in users: password hashes and encrypted OAuth tokens are
 * written by server-side functions and read only by the worker (provider syncs) and admins.
 * Column-level SELECT grants, so the API role can still read every other column.
 */
revoke select on vitalis.users, vitalis.oauth_identities, vitalis.connected_devices from vitalis_api;
grant select (user_id, account_id, email, email_verified_at, display_name, date_of_birth, biological_sex, role,
              last_login_at, created_at, updated_at, deleted_at) on vitalis.users to vitalis_api;
grant select (identity_id, user_id, provider, provider_user_id, expires_at, created_at) on vitalis.oauth_identities to vitalis_api;
grant select (device_id, user_id, source, display_name, token_expires_at, scope, external_user_id, last_sync_at,
              last_sync_status, last_sync_error, sync_cursor, is_active, created_at, updated_at) on vitalis.connected_devices to vitalis_api;

-- The enum dexa_region and the table dexa_regions would both be called DexaRegion in GraphQL.
comment on type vitalis.dexa_region is E'@name dexa_body_region\nAnatomical region of a DEXA body-composition result: total, arms, legs, trunk, android, gynoid, ...';

reset role;
