--! Previous: sha1:a542f8529437aeb28d3d273e4b07563e2349210a
--! Hash: sha1:4d9dc2623da842505cc1a0bd6ef4d4d85119e3e0
--! Message: Secrets live in vitalis_private one-to-one tables

--! split: 1-current.sql
set local lock_timeout = '5s';
set local role vitalis_owner;



reset role;

--! split: 3-private-secrets.sql
set local lock_timeout = '5s';
set local role vitalis_owner;

/* ---------------------------------------------------------------------------------------------
 * Secrets live in vitalis_private, one row per owner row (issue 10).
 *
 * Password hashes and provider tokens used to sit in vitalis.users, vitalis.oauth_identities and
 * vitalis.connected_devices, hidden by three separate lists: column-level SELECT grants, the
 * GraphQL smart tags and the audit redaction list. Each list had to name every new secret. Here
 * they move to one-to-one tables in vitalis_private, which no application role may touch
 * (test/db/rls.test.ts): one rule protects them, and the three lists lose those entries. The API
 * role reads users, oauth_identities and connected_devices whole again.
 *
 * Who reaches them: the sign-in functions (SECURITY DEFINER, vitalis_owner) for passwords; the
 * connect and disconnect functions, and the worker through read_device_tokens/write_device_tokens
 * (SECURITY DEFINER, checked against the acting user) for provider tokens. Ciphertexts move as
 * they are: the AES-GCM associated data names the old column ('access_token_enc'), and the
 * columns here keep those names, so tokens encrypted before the move still decrypt.
 * ------------------------------------------------------------------------------------------- */

create table if not exists vitalis_private.user_passwords (
  user_id uuid primary key references vitalis.users (user_id) on delete cascade,
  password_hash text not null,
  updated_at timestamptz not null default now()
);
comment on table vitalis_private.user_passwords is 'A user''s bcrypt password hash; no row for accounts that only sign in with Google or Apple. Read and written only by the vitalis_private.auth_* functions.';
comment on column vitalis_private.user_passwords.user_id is 'The user (vitalis.users); the row goes with them.';
comment on column vitalis_private.user_passwords.password_hash is 'bcrypt hash (pgcrypto crypt with gen_salt(''bf'', 11)).';
comment on column vitalis_private.user_passwords.updated_at is 'When the password was last set (register, change, reset).';

create table if not exists vitalis_private.oauth_identity_tokens (
  identity_id uuid primary key references vitalis.oauth_identities (identity_id) on delete cascade,
  access_token_enc text,
  refresh_token_enc text
);
comment on table vitalis_private.oauth_identity_tokens is 'Tokens a Google or Apple sign-in returned, kept apart from vitalis.oauth_identities so no application role can read them.';
comment on column vitalis_private.oauth_identity_tokens.identity_id is 'The sign-in identity (vitalis.oauth_identities); the row goes with it.';
comment on column vitalis_private.oauth_identity_tokens.access_token_enc is 'AES-256-GCM ciphertext; the key is held by the application, never by the database.';
comment on column vitalis_private.oauth_identity_tokens.refresh_token_enc is 'AES-256-GCM ciphertext; the key is held by the application, never by the database.';

create table if not exists vitalis_private.device_tokens (
  device_id uuid primary key references vitalis.connected_devices (device_id) on delete cascade,
  access_token_enc text,
  refresh_token_enc text
);
comment on table vitalis_private.device_tokens is 'A provider connection''s encrypted tokens; no row once disconnected. Reached through save_device_connection, disconnect_device, read_device_tokens and write_device_tokens only.';
comment on column vitalis_private.device_tokens.device_id is 'The connection (vitalis.connected_devices); the row goes with it.';
comment on column vitalis_private.device_tokens.access_token_enc is 'AES-256-GCM ciphertext with key version prefix. The column name is part of the associated data (src/providers/engine/tokenCrypto.ts): renaming it would make every stored token undecryptable.';
comment on column vitalis_private.device_tokens.refresh_token_enc is 'AES-256-GCM ciphertext with key version prefix; associated data as for access_token_enc.';

-- Copy, then drop: only while the old columns are there, so a re-run does nothing. The three
-- tables force RLS on their owner too, which would hide every other user's row from the copy:
-- forcing is lifted for the copy and restored in the same transaction (ALTER TABLE holds an
-- exclusive lock until commit, so nobody sees the gap).
do $$
begin
  if exists (select 1 from pg_attribute where attrelid = 'vitalis.users'::regclass and attname = 'password_hash' and not attisdropped) then
    alter table vitalis.users no force row level security;
    insert into vitalis_private.user_passwords (user_id, password_hash, updated_at)
    select u.user_id, u.password_hash, u.updated_at from vitalis.users u where u.password_hash is not null
    on conflict (user_id) do update set password_hash = excluded.password_hash;
    alter table vitalis.users drop column password_hash;
    alter table vitalis.users force row level security;
  end if;
  if exists (select 1 from pg_attribute where attrelid = 'vitalis.oauth_identities'::regclass and attname = 'access_token_enc' and not attisdropped) then
    alter table vitalis.oauth_identities no force row level security;
    insert into vitalis_private.oauth_identity_tokens (identity_id, access_token_enc, refresh_token_enc)
    select i.identity_id, i.access_token_enc, i.refresh_token_enc from vitalis.oauth_identities i
     where i.access_token_enc is not null or i.refresh_token_enc is not null
    on conflict (identity_id) do update set access_token_enc = excluded.access_token_enc, refresh_token_enc = excluded.refresh_token_enc;
    alter table vitalis.oauth_identities drop column access_token_enc, drop column refresh_token_enc;
    alter table vitalis.oauth_identities force row level security;
  end if;
  if exists (select 1 from pg_attribute where attrelid = 'vitalis.connected_devices'::regclass and attname = 'access_token_enc' and not attisdropped) then
    alter table vitalis.connected_devices no force row level security;
    insert into vitalis_private.device_tokens (device_id, access_token_enc, refresh_token_enc)
    select d.device_id, d.access_token_enc, d.refresh_token_enc from vitalis.connected_devices d
     where d.access_token_enc is not null or d.refresh_token_enc is not null
    on conflict (device_id) do update set access_token_enc = excluded.access_token_enc, refresh_token_enc = excluded.refresh_token_enc;
    alter table vitalis.connected_devices drop column access_token_enc, drop column refresh_token_enc;
    alter table vitalis.connected_devices force row level security;
  end if;
end $$;

-- No secret column is left in these tables, so the API reads them whole again. A table-level
-- revoke also removes the column-level SELECT grants (the UPDATE ones stay with set_client_columns).
revoke select on vitalis.users, vitalis.oauth_identities, vitalis.connected_devices from vitalis_api;
grant select on vitalis.users, vitalis.oauth_identities, vitalis.connected_devices to vitalis_api;

-- The audit images drop only what is not a secret now: secrets are in tables that are not audited.
create or replace function vitalis_private.audit_redacted_columns() returns text[]
  language sql immutable parallel safe as $$
  select array['raw_data', 'updated_at']
$$;
comment on function vitalis_private.audit_redacted_columns() is 'Columns never copied into audit images: bulky payloads, and updated_at (it changes on every write). Secrets are not listed: they live in vitalis_private tables, which are not audited.';

/* Passwords ------------------------------------------------------------------------------------ */

create or replace function vitalis_private.auth_user_by_email(p_email text, out user_id uuid, out password_hash text, out email_verified_at timestamptz)
  language plpgsql volatile security definer set search_path = pg_catalog as $$
begin
  perform set_config('vitalis.auth_email', coalesce(p_email, ''), true);
  select u.user_id, p.password_hash, u.email_verified_at into user_id, password_hash, email_verified_at
    from vitalis.users u left join vitalis_private.user_passwords p on p.user_id = u.user_id
   where u.email = p_email and u.deleted_at is null;
  perform set_config('vitalis.auth_email', '', true);
end $$;
comment on function vitalis_private.auth_user_by_email(text) is 'The live user with this email and their password hash (null without a password), for auth_login. Definer: the caller is not signed in yet, and the hash is in vitalis_private.';

create or replace function vitalis_private.auth_register(p_email text, p_password text, p_display_name text, p_refresh_ttl_seconds integer)
  returns table (status text, user_id uuid, session_id uuid, refresh_token text, refresh_expires_at timestamptz)
  language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_email text := lower(btrim(p_email));
  v_hash text := vitalis_private.auth_hash_password(p_password);
  v_account uuid := gen_random_uuid();
  v_user uuid := gen_random_uuid();
  v_previous text := current_setting('app.current_user_id', true);
  s record;
begin
  perform set_config('app.current_user_id', v_user::text, true);
  begin
    insert into vitalis.accounts (account_id, subscription_tier, max_users) values (v_account, 'free', 1);
    insert into vitalis.users (user_id, account_id, email, display_name)
    values (v_user, v_account, v_email, btrim(p_display_name));
    insert into vitalis_private.user_passwords (user_id, password_hash) values (v_user, v_hash);
  exception when unique_violation then
    perform set_config('app.current_user_id', coalesce(v_previous, ''), true);
    return query select 'email_taken'::text, null::uuid, null::uuid, null::text, null::timestamptz;
    return;
  end;
  select * into s from vitalis_private.auth_sign_in(v_user, p_refresh_ttl_seconds, jsonb_build_object('method', 'register'));
  perform set_config('app.current_user_id', coalesce(v_previous, ''), true);
  return query select 'ok'::text, v_user, s.session_id, s.refresh_token, s.expires_at;
end $$;
comment on function vitalis_private.auth_register(text, text, text, integer) is 'Creates an account, a user (and, by trigger, their preferences) with a bcrypt password (vitalis_private.user_passwords), and signs them in. status email_taken when the email is in use.';

create or replace function vitalis_private.auth_change_password(p_session_id uuid, p_current_password text, p_new_password text)
  returns table (status text, sessions_revoked integer)
  language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_user uuid := vitalis.current_user_id();
  v_old text;
  v_family uuid;
begin
  perform vitalis_private.auth_check_password(p_new_password);
  select p.password_hash into v_old
    from vitalis.users u join vitalis_private.user_passwords p on p.user_id = u.user_id
   where u.user_id = v_user and u.deleted_at is null;
  if v_old is null or v_old is distinct from public.crypt(coalesce(p_current_password, ''), v_old) then
    return query select 'invalid'::text, null::integer;
    return;
  end if;
  select x.family_id into v_family from vitalis_private.sessions x where x.session_id = p_session_id and x.user_id = v_user;
  update vitalis_private.user_passwords set password_hash = vitalis_private.auth_hash_password(p_new_password), updated_at = now()
   where user_id = v_user;
  return query select 'ok'::text, vitalis_private.auth_revoke_sessions(v_user, 'password_changed', v_family);
end $$;
comment on function vitalis_private.auth_change_password(uuid, text, text) is 'The signed-in user replaces their password after proving the current one; every other session is revoked (the calling one''s family stays). status invalid when the current password is wrong or there is none. Definer: the hash is in vitalis_private.';

create or replace function vitalis_private.auth_reset_password(p_token text, p_new_password text)
  returns table (status text, user_id uuid, sessions_revoked integer)
  language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_hash text := vitalis_private.auth_hash_password(p_new_password);
  v_token vitalis_private.email_tokens;
  v_revoked integer;
begin
  update vitalis_private.email_tokens t set used_at = now()
   where t.token_hash = vitalis_private.auth_token_hash(p_token) and t.purpose = 'password_reset'
     and t.used_at is null and t.expires_at > now()
  returning * into v_token;
  if not found then
    return query select 'invalid'::text, null::uuid, null::integer;
    return;
  end if;
  perform set_config('app.current_user_id', v_token.user_id::text, true);
  -- The link reached this address, so it is verified too (unless the email changed since).
  update vitalis.users u
     set email_verified_at = case when u.email = v_token.email then coalesce(u.email_verified_at, now()) else u.email_verified_at end
   where u.user_id = v_token.user_id and u.deleted_at is null;
  if not found then
    perform set_config('app.current_user_id', '', true);
    return query select 'invalid'::text, null::uuid, null::integer;
    return;
  end if;
  -- A Google or Apple account gains a password this way.
  insert into vitalis_private.user_passwords (user_id, password_hash) values (v_token.user_id, v_hash)
  on conflict on constraint user_passwords_pkey do update set password_hash = excluded.password_hash, updated_at = now();
  v_revoked := vitalis_private.auth_revoke_sessions(v_token.user_id, 'password_reset');
  delete from vitalis_private.login_attempts a where a.email = v_token.email;
  perform set_config('app.current_user_id', '', true);
  return query select 'ok'::text, v_token.user_id, v_revoked;
end $$;
comment on function vitalis_private.auth_reset_password(text, text) is 'Sets a new password from an emailed single-use reset token (which also verifies the address it reached) and revokes every session. status invalid for an unknown, used or expired token or a deleted user. Definer: the caller is not signed in.';

/* Provider tokens ------------------------------------------------------------------------------ */

create or replace function vitalis_private.save_device_connection(
  p_source vitalis.data_source, p_display_name text, p_access_token_enc text, p_refresh_token_enc text,
  p_token_expires_at timestamptz, p_scope text[], p_external_user_id text) returns uuid
  language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_me uuid := vitalis.current_user_id();
  v_device uuid;
begin
  if v_me is null then
    raise exception 'connected_devices: sign in to connect a provider' using errcode = '42501';
  end if;
  insert into vitalis.connected_devices (user_id, source, display_name) values (v_me, p_source, p_display_name)
    on conflict (user_id, source) do nothing;
  -- The sync cursor is kept, so reconnecting does not download again what is stored.
  update vitalis.connected_devices d
     set token_expires_at = p_token_expires_at, scope = p_scope,
         external_user_id = coalesce(p_external_user_id, d.external_user_id), is_active = true, last_sync_error = null
   where d.user_id = v_me and d.source = p_source
  returning d.device_id into v_device;
  -- The refresh token is kept when the provider does not rotate it.
  insert into vitalis_private.device_tokens as t (device_id, access_token_enc, refresh_token_enc)
  values (v_device, p_access_token_enc, p_refresh_token_enc)
  on conflict (device_id) do update
    set access_token_enc = excluded.access_token_enc, refresh_token_enc = coalesce(excluded.refresh_token_enc, t.refresh_token_enc);
  return v_device;
end $$;
comment on function vitalis_private.save_device_connection(vitalis.data_source, text, text, text, timestamptz, text[], text) is 'Connect flow: creates or re-activates the signed-in user''s connection to a provider with fresh (encrypted) tokens (vitalis_private.device_tokens) and the provider''s user id. Server code only.';

create or replace function vitalis_private.disconnect_device(p_source vitalis.data_source) returns boolean
  language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_device uuid;
begin
  update vitalis.connected_devices d set is_active = false, token_expires_at = null
   where d.user_id = vitalis.current_user_id() and d.source = p_source
  returning d.device_id into v_device;
  if v_device is null then
    return false;
  end if;
  delete from vitalis_private.device_tokens t where t.device_id = v_device;
  return true;
end $$;
comment on function vitalis_private.disconnect_device(vitalis.data_source) is 'Disconnect flow: the signed-in user''s connection stops syncing and its tokens are erased. Server code only.';

-- The worker syncs one user at a time (app.current_user_id is the connection's owner); these two
-- are its only way to the tokens, and they refuse a connection that is not that user's.
create or replace function vitalis_private.read_device_tokens(p_device_id uuid, p_for_update boolean)
  returns table (access_token_enc text, refresh_token_enc text)
  language plpgsql volatile security definer set search_path = pg_catalog as $$
begin
  if not exists (select 1 from vitalis.connected_devices d where d.device_id = p_device_id and d.user_id = vitalis.current_user_id()) then
    raise exception 'deviceId: no such connection for the acting user' using errcode = 'VT404', column = 'device_id';
  end if;
  if p_for_update then
    return query select t.access_token_enc, t.refresh_token_enc from vitalis_private.device_tokens t where t.device_id = p_device_id for update;
  else
    return query select t.access_token_enc, t.refresh_token_enc from vitalis_private.device_tokens t where t.device_id = p_device_id;
  end if;
end $$;
comment on function vitalis_private.read_device_tokens(uuid, boolean) is 'The worker reads the encrypted tokens of a connection of the user it acts for (no row once disconnected); p_for_update locks them until the transaction ends, so concurrent refreshes of one connection queue. Volatile: it may lock.';

create or replace function vitalis_private.write_device_tokens(p_device_id uuid, p_access_token_enc text, p_refresh_token_enc text) returns boolean
  language plpgsql volatile security definer set search_path = pg_catalog as $$
begin
  if not exists (select 1 from vitalis.connected_devices d where d.device_id = p_device_id and d.user_id = vitalis.current_user_id()) then
    raise exception 'deviceId: no such connection for the acting user' using errcode = 'VT404', column = 'device_id';
  end if;
  update vitalis_private.device_tokens t
     set access_token_enc = coalesce(p_access_token_enc, t.access_token_enc), refresh_token_enc = coalesce(p_refresh_token_enc, t.refresh_token_enc)
   where t.device_id = p_device_id;
  return found;
end $$;
comment on function vitalis_private.write_device_tokens(uuid, text, text) is 'The worker stores re-encrypted or refreshed tokens of a connection of the user it acts for; a null keeps the stored value (providers that do not rotate refresh tokens). False when the connection was disconnected meanwhile: tokens are not brought back.';

create or replace function vitalis_private.device_has_token(p_device_id uuid) returns boolean
  language sql stable security definer set search_path = pg_catalog as $$
  select exists (select 1 from vitalis_private.device_tokens t where t.device_id = p_device_id and t.access_token_enc is not null)
$$;
comment on function vitalis_private.device_has_token(uuid) is 'Whether a connection holds an access token, for enqueue_daily_syncs, which runs as the worker across users. Says nothing about the token itself.';

create or replace function vitalis_private.enqueue_daily_syncs() returns integer
  language plpgsql volatile set search_path = pg_catalog, public as $$
declare
  v_device record;
  v_queued integer := 0;
begin
  for v_device in
    select d.user_id, d.source from vitalis.connected_devices d
     where d.is_active and vitalis_private.device_has_token(d.device_id)
       and not exists (select 1 from vitalis.ingestion_jobs j
                        where j.user_id = d.user_id and j.source = d.source and j.job_type in ('daily_sync', 'backfill')
                          and (j.status in ('queued', 'running', 'retrying') or j.queued_at > now() - interval '20 hours'))
     order by d.last_sync_at nulls first
  loop
    perform vitalis_private.enqueue_ingestion_job(v_device.user_id, 'daily_sync', v_device.source, jsonb_build_object('mode', 'daily'), 7::smallint);
    v_queued := v_queued + 1;
  end loop;
  return v_queued;
end
$$;
comment on function vitalis_private.enqueue_daily_syncs() is 'Queues the daily sync of every active provider connection holding a token (priority 7: user-requested work goes first); skips connections with a sync waiting, running, or queued in the last 20 hours. Returns how many were queued.';

revoke all on function vitalis_private.read_device_tokens(uuid, boolean) from public;
revoke all on function vitalis_private.write_device_tokens(uuid, text, text) from public;
revoke all on function vitalis_private.device_has_token(uuid) from public;
grant execute on function vitalis_private.read_device_tokens(uuid, boolean) to vitalis_worker;
grant execute on function vitalis_private.write_device_tokens(uuid, text, text) to vitalis_worker;
grant execute on function vitalis_private.device_has_token(uuid) to vitalis_worker;

reset role;
