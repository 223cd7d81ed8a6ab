set local lock_timeout = '5s';
set local role vitalis_owner;

/*
 * Accounts and sign-in (issue #3): sessions with rotating refresh tokens, single-use email tokens,
 * login rate limiting, and SECURITY DEFINER functions the API calls as vitalis_anonymous (register,
 * log in, refresh, reset) or vitalis_api (log out, change password, request verification).
 *
 * Secrets are never stored: refresh tokens and email tokens are random 256-bit values kept as
 * sha256 hashes; passwords are bcrypt (pgcrypto, cost 11). Every function acts for exactly one
 * user: it sets app.current_user_id to that user before touching RLS-protected rows, so RLS and
 * the audit triggers see the right owner. Looking a user up by email (or by OAuth subject) before
 * that is allowed by narrow owner-only policies keyed on a transaction-local setting holding that
 * one email (or subject), which the functions clear again at once.
 *
 * Idempotent: everything created here is dropped first (graphile-migrate re-runs current whole).
 */

-- Drop in reverse dependency order: triggers, functions, policies, tables.
drop trigger if exists _600_auth_revoke_sessions on vitalis.users;
do $$
declare
  f regprocedure;
begin
  for f in
    select p.oid::regprocedure from pg_proc p join pg_namespace n on n.oid = p.pronamespace
     where n.nspname = 'vitalis_private' and p.proname like 'auth\_%'
  loop
    execute format('drop function %s', f);
  end loop;
end $$;
drop policy if exists auth_lookup_by_email on vitalis.users;
drop policy if exists auth_lookup_by_identity on vitalis.oauth_identities;
drop policy if exists auth_register on vitalis.accounts;
drop table if exists vitalis_private.email_tokens;
drop table if exists vitalis_private.login_attempts;
drop table if exists vitalis_private.sessions;

------------------------------------------------------------------------------------------------
-- Tables (private: no grants, no GraphQL; only the functions below touch them)
------------------------------------------------------------------------------------------------

create table vitalis_private.sessions (
  session_id uuid primary key default gen_random_uuid(),
  -- The first session of a sign-in; every rotation keeps it. Reusing a revoked refresh token
  -- revokes the whole family (theft detection).
  family_id uuid not null,
  user_id uuid not null references vitalis.users on delete cascade,
  refresh_token_hash bytea not null unique check (length(refresh_token_hash) = 32),
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  expires_at timestamptz not null,
  revoked_at timestamptz,
  revoked_reason text check (revoked_reason in ('logout', 'rotated', 'refresh_token_reuse', 'password_changed', 'password_reset', 'user_deleted')),
  ip_address inet,
  user_agent text,
  rotated_from uuid references vitalis_private.sessions on delete set null,
  constraint sessions_revoked_with_reason check ((revoked_at is null) = (revoked_reason is null))
);
comment on table vitalis_private.sessions is 'One row per refresh token. An access token (JWT) names its session in `sid` and is accepted only while that row is live (not revoked, not expired). Refreshing revokes the row and creates its successor (rotated_from) in the same family.';
comment on column vitalis_private.sessions.refresh_token_hash is 'sha256 of the refresh token; the token itself is never stored.';
create index sessions_user_id_live_idx on vitalis_private.sessions (user_id) where revoked_at is null;
create index sessions_family_id_idx on vitalis_private.sessions (family_id);
create index sessions_rotated_from_idx on vitalis_private.sessions (rotated_from);

create table vitalis_private.login_attempts (
  attempt_id bigint generated always as identity primary key,
  email text not null,
  ip_address inet,
  attempted_at timestamptz not null default now()
);
comment on table vitalis_private.login_attempts is 'Failed password logins, for rate limiting per account (email) and per IP across processes. A successful login deletes the account''s rows; rows older than a day are pruned on each attempt.';
create index login_attempts_email_idx on vitalis_private.login_attempts (email, attempted_at);
create index login_attempts_ip_idx on vitalis_private.login_attempts (ip_address, attempted_at);
create index login_attempts_attempted_at_idx on vitalis_private.login_attempts (attempted_at);

create table vitalis_private.email_tokens (
  token_hash bytea primary key check (length(token_hash) = 32),
  user_id uuid not null references vitalis.users on delete cascade,
  purpose text not null check (purpose in ('verify_email', 'password_reset')),
  -- The address the token was sent to: a verification only counts for that address.
  email text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz
);
comment on table vitalis_private.email_tokens is 'Single-use tokens sent by email (verification, password reset), stored as sha256 hashes.';
create index email_tokens_user_id_purpose_idx on vitalis_private.email_tokens (user_id, purpose) where used_at is null;

------------------------------------------------------------------------------------------------
-- Narrow lookups for the owner (SECURITY DEFINER functions): one email / one OAuth subject at a time
------------------------------------------------------------------------------------------------

create policy auth_lookup_by_email on vitalis.users for select to vitalis_owner
  using (email = current_setting('vitalis.auth_email', true));
create policy auth_lookup_by_identity on vitalis.oauth_identities for select to vitalis_owner
  using (provider = current_setting('vitalis.auth_provider', true)
         and provider_user_id = current_setting('vitalis.auth_subject', true));
-- Registration creates the account before there is a user to own it.
create policy auth_register on vitalis.accounts for insert to vitalis_owner with check (true);

------------------------------------------------------------------------------------------------
-- Internal helpers (not granted to anyone)
------------------------------------------------------------------------------------------------

create function vitalis_private.auth_token_hash(p_token text) returns bytea
  language sql immutable strict parallel safe set search_path = pg_catalog as $$
  select sha256(convert_to(p_token, 'UTF8'))
$$;

create function vitalis_private.auth_random_token() returns text
  language sql volatile parallel safe set search_path = pg_catalog as $$
  select encode(public.gen_random_bytes(32), 'hex')
$$;

create function vitalis_private.auth_check_password(p_password text) returns void
  language plpgsql immutable set search_path = pg_catalog as $$
begin
  if p_password is null or char_length(p_password) < 10 or char_length(p_password) > 200 then
    raise exception 'password must be 10 to 200 characters long' using errcode = '22023', column = 'password';
  end if;
end $$;

create function vitalis_private.auth_hash_password(p_password text) returns text
  language plpgsql volatile set search_path = pg_catalog as $$
begin
  perform vitalis_private.auth_check_password(p_password);
  return public.crypt(p_password, public.gen_salt('bf', 11));
end $$;

-- The user with this email (not deleted), whatever app.current_user_id says.
create function vitalis_private.auth_user_by_email(p_email text, out user_id uuid, out password_hash text, out email_verified_at timestamptz)
  language plpgsql volatile security definer set search_path = pg_catalog as $$
begin
  perform set_config('vitalis.auth_email', coalesce(p_email, ''), true);
  select u.user_id, u.password_hash, u.email_verified_at into user_id, password_hash, email_verified_at
    from vitalis.users u where u.email = p_email and u.deleted_at is null;
  perform set_config('vitalis.auth_email', '', true);
end $$;

-- A new session (refresh token) for a user; the caller's app.ip_address / app.user_agent are recorded.
create function vitalis_private.auth_new_session(p_user_id uuid, p_ttl_seconds integer, p_family_id uuid default null, p_rotated_from uuid default null,
                                                 out session_id uuid, out refresh_token text, out expires_at timestamptz)
  language plpgsql volatile security definer set search_path = pg_catalog as $$
begin
  if p_ttl_seconds is null or p_ttl_seconds < 60 then
    raise exception 'refresh token lifetime must be at least 60 seconds' using errcode = '22023';
  end if;
  session_id := gen_random_uuid();
  refresh_token := vitalis_private.auth_random_token();
  expires_at := now() + make_interval(secs => p_ttl_seconds);
  insert into vitalis_private.sessions (session_id, family_id, user_id, refresh_token_hash, expires_at, ip_address, user_agent, rotated_from)
  values (session_id, coalesce(p_family_id, session_id), p_user_id, vitalis_private.auth_token_hash(refresh_token), expires_at,
          vitalis_private.try_inet(current_setting('app.ip_address', true)),
          left(nullif(current_setting('app.user_agent', true), ''), 512), p_rotated_from);
end $$;

-- Signs a user in: last_login_at, a new session, a LOGIN audit row. Acts as that user.
create function vitalis_private.auth_sign_in(p_user_id uuid, p_ttl_seconds integer, p_details jsonb,
                                             out session_id uuid, out refresh_token text, out expires_at timestamptz)
  language plpgsql volatile security definer set search_path = pg_catalog as $$
begin
  perform set_config('app.current_user_id', p_user_id::text, true);
  update vitalis.users set last_login_at = now() where user_id = p_user_id;
  select s.session_id, s.refresh_token, s.expires_at into session_id, refresh_token, expires_at
    from vitalis_private.auth_new_session(p_user_id, p_ttl_seconds) s;
  perform vitalis_private.audit_security_event('LOGIN', p_user_id, coalesce(p_details, '{}'::jsonb) || jsonb_build_object('session_id', session_id));
end $$;

-- Revokes sessions of a user (all, or all but one family) and records a LOGOUT audit row when any were live.
create function vitalis_private.auth_revoke_sessions(p_user_id uuid, p_reason text, p_keep_family uuid default null) returns integer
  language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_count integer;
begin
  update vitalis_private.sessions set revoked_at = now(), revoked_reason = p_reason
   where user_id = p_user_id and revoked_at is null and family_id is distinct from p_keep_family;
  get diagnostics v_count = row_count;
  if v_count > 0 then
    perform vitalis_private.audit_security_event('LOGOUT', p_user_id, jsonb_build_object('reason', p_reason, 'sessions_revoked', v_count));
  end if;
  return v_count;
end $$;

------------------------------------------------------------------------------------------------
-- The API (vitalis_anonymous)
------------------------------------------------------------------------------------------------

-- status: 'ok' | 'email_taken'
create function vitalis_private.auth_register(p_email text, p_password text, p_display_name text, p_refresh_ttl_seconds integer)
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
    insert into vitalis.users (user_id, account_id, email, password_hash, display_name)
    values (v_user, v_account, v_email, v_hash, btrim(p_display_name));
  exception when unique_violation then
    perform set_config('app.current_user_id', coalesce(v_previous, ''), true);
    return query select 'email_taken'::text, null::uuid, null::uuid, null::text, null::timestamptz;
    return;
  end;
  select * into s from vitalis_private.auth_sign_in(v_user, p_refresh_ttl_seconds, jsonb_build_object('method', 'register'));
  perform set_config('app.current_user_id', coalesce(v_previous, ''), true);
  return query select 'ok'::text, v_user, s.session_id, s.refresh_token, s.expires_at;
end $$;
comment on function vitalis_private.auth_register(text, text, text, integer) is 'Creates an account, a user (and, by trigger, their preferences) with a bcrypt password, and signs them in. status email_taken when the email is in use.';

-- status: 'ok' | 'invalid' (unknown email and wrong password alike) | 'rate_limited' (retry_after seconds)
create function vitalis_private.auth_login(p_email text, p_password text, p_refresh_ttl_seconds integer,
                                           p_window_seconds integer, p_max_per_account integer, p_max_per_ip integer)
  returns table (status text, user_id uuid, session_id uuid, refresh_token text, refresh_expires_at timestamptz, retry_after integer)
  language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_email text := lower(btrim(p_email));
  v_ip inet := vitalis_private.try_inet(current_setting('app.ip_address', true));
  v_window interval := make_interval(secs => p_window_seconds);
  v_previous text := current_setting('app.current_user_id', true);
  v_count bigint;
  v_retry integer := 0;
  v_user record;
  s record;
begin
  -- Serialise attempts on one account so concurrent guesses cannot slip past the limit.
  perform pg_advisory_xact_lock(hashtextextended('vitalis.login:' || v_email, 0));
  delete from vitalis_private.login_attempts a
   where a.attempted_at < now() - greatest(v_window, interval '1 day') and (a.email = v_email or a.ip_address = v_ip);

  -- Retry-After: when the oldest failure that keeps the count at the limit leaves the window.
  select count(*) into v_count from vitalis_private.login_attempts a where a.email = v_email and a.attempted_at > now() - v_window;
  if v_count >= p_max_per_account then
    select greatest(v_retry, ceil(extract(epoch from (a.attempted_at + v_window - now())))::integer) into v_retry
      from vitalis_private.login_attempts a where a.email = v_email and a.attempted_at > now() - v_window
     order by a.attempted_at offset v_count - p_max_per_account limit 1;
  end if;
  if v_ip is not null then
    select count(*) into v_count from vitalis_private.login_attempts a where a.ip_address = v_ip and a.attempted_at > now() - v_window;
    if v_count >= p_max_per_ip then
      select greatest(v_retry, ceil(extract(epoch from (a.attempted_at + v_window - now())))::integer) into v_retry
        from vitalis_private.login_attempts a where a.ip_address = v_ip and a.attempted_at > now() - v_window
       order by a.attempted_at offset v_count - p_max_per_ip limit 1;
    end if;
  end if;
  if v_retry > 0 then
    return query select 'rate_limited'::text, null::uuid, null::uuid, null::text, null::timestamptz, greatest(v_retry, 1);
    return;
  end if;

  select * into v_user from vitalis_private.auth_user_by_email(v_email);
  if v_user.user_id is null or v_user.password_hash is null then
    -- Same work as a real check, so the response time does not tell whether the email exists.
    perform public.crypt(coalesce(p_password, ''), public.gen_salt('bf', 11));
  end if;
  if v_user.user_id is null or v_user.password_hash is null
     or v_user.password_hash is distinct from public.crypt(coalesce(p_password, ''), v_user.password_hash) then
    insert into vitalis_private.login_attempts (email, ip_address) values (v_email, v_ip);
    return query select 'invalid'::text, null::uuid, null::uuid, null::text, null::timestamptz, null::integer;
    return;
  end if;

  delete from vitalis_private.login_attempts a where a.email = v_email;
  select * into s from vitalis_private.auth_sign_in(v_user.user_id, p_refresh_ttl_seconds, jsonb_build_object('method', 'password'));
  perform set_config('app.current_user_id', coalesce(v_previous, ''), true);
  return query select 'ok'::text, v_user.user_id, s.session_id, s.refresh_token, s.expires_at, null::integer;
end $$;
comment on function vitalis_private.auth_login(text, text, integer, integer, integer, integer) is 'Password login with rate limiting per account and per IP (failures within the window). Records failures, clears the account''s failures on success, writes the LOGIN audit row.';

-- status: 'ok' | 'invalid' (unknown or expired) | 'reused' (a revoked token: its whole family is revoked)
create function vitalis_private.auth_refresh(p_refresh_token text, p_refresh_ttl_seconds integer)
  returns table (status text, user_id uuid, session_id uuid, refresh_token text, refresh_expires_at timestamptz)
  language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_old vitalis_private.sessions;
  v_count integer;
  s record;
begin
  select * into v_old from vitalis_private.sessions x
   where x.refresh_token_hash = vitalis_private.auth_token_hash(p_refresh_token) for update;
  if not found then
    return query select 'invalid'::text, null::uuid, null::uuid, null::text, null::timestamptz;
    return;
  end if;
  if v_old.revoked_at is not null then
    update vitalis_private.sessions x set revoked_at = now(), revoked_reason = 'refresh_token_reuse'
     where x.family_id = v_old.family_id and x.revoked_at is null;
    get diagnostics v_count = row_count;
    if v_old.revoked_reason = 'rotated' or v_count > 0 then
      perform set_config('app.current_user_id', v_old.user_id::text, true);
      perform vitalis_private.audit_security_event('LOGOUT', v_old.user_id,
        jsonb_build_object('reason', 'refresh_token_reuse', 'family_id', v_old.family_id, 'sessions_revoked', v_count));
      perform set_config('app.current_user_id', '', true);
    end if;
    return query select 'reused'::text, null::uuid, null::uuid, null::text, null::timestamptz;
    return;
  end if;
  perform set_config('app.current_user_id', v_old.user_id::text, true);
  if v_old.expires_at <= now()
     or not exists (select 1 from vitalis.users u where u.user_id = v_old.user_id and u.deleted_at is null) then
    perform set_config('app.current_user_id', '', true);
    return query select 'invalid'::text, null::uuid, null::uuid, null::text, null::timestamptz;
    return;
  end if;
  perform set_config('app.current_user_id', '', true);
  update vitalis_private.sessions x set revoked_at = now(), revoked_reason = 'rotated', last_used_at = now()
   where x.session_id = v_old.session_id;
  select * into s from vitalis_private.auth_new_session(v_old.user_id, p_refresh_ttl_seconds, v_old.family_id, v_old.session_id);
  return query select 'ok'::text, v_old.user_id, s.session_id, s.refresh_token, s.expires_at;
end $$;
comment on function vitalis_private.auth_refresh(text, integer) is 'Rotates a refresh token: the old session is revoked and a successor issued. Presenting a revoked token again revokes the whole family (token theft).';

-- Creates a single-use token for the user with this email; no row when there is none.
create function vitalis_private.auth_request_password_reset(p_email text, p_ttl_seconds integer)
  returns table (user_id uuid, email text, token text)
  language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_email text := lower(btrim(p_email));
  v_user record;
  v_token text := vitalis_private.auth_random_token();
begin
  select * into v_user from vitalis_private.auth_user_by_email(v_email);
  if v_user.user_id is null then
    return;
  end if;
  -- Only the newest reset link works.
  update vitalis_private.email_tokens t set used_at = now()
   where t.user_id = v_user.user_id and t.purpose = 'password_reset' and t.used_at is null;
  insert into vitalis_private.email_tokens (token_hash, user_id, purpose, email, expires_at)
  values (vitalis_private.auth_token_hash(v_token), v_user.user_id, 'password_reset', v_email, now() + make_interval(secs => p_ttl_seconds));
  return query select v_user.user_id, v_email, v_token;
end $$;

-- status: 'ok' | 'invalid' (unknown, used or expired token)
create function vitalis_private.auth_reset_password(p_token text, p_new_password text)
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
  update vitalis.users u set password_hash = v_hash,
         email_verified_at = case when u.email = v_token.email then coalesce(u.email_verified_at, now()) else u.email_verified_at end
   where u.user_id = v_token.user_id and u.deleted_at is null;
  if not found then
    perform set_config('app.current_user_id', '', true);
    return query select 'invalid'::text, null::uuid, null::integer;
    return;
  end if;
  v_revoked := vitalis_private.auth_revoke_sessions(v_token.user_id, 'password_reset');
  delete from vitalis_private.login_attempts a where a.email = v_token.email;
  perform set_config('app.current_user_id', '', true);
  return query select 'ok'::text, v_token.user_id, v_revoked;
end $$;

-- status: 'ok' | 'invalid'
create function vitalis_private.auth_verify_email(p_token text)
  returns table (status text, user_id uuid)
  language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_token vitalis_private.email_tokens;
  v_previous text := current_setting('app.current_user_id', true);
begin
  update vitalis_private.email_tokens t set used_at = now()
   where t.token_hash = vitalis_private.auth_token_hash(p_token) and t.purpose = 'verify_email'
     and t.used_at is null and t.expires_at > now()
  returning * into v_token;
  if not found then
    return query select 'invalid'::text, null::uuid;
    return;
  end if;
  perform set_config('app.current_user_id', v_token.user_id::text, true);
  update vitalis.users u set email_verified_at = coalesce(u.email_verified_at, now())
   where u.user_id = v_token.user_id and u.email = v_token.email and u.deleted_at is null;
  perform set_config('app.current_user_id', coalesce(v_previous, ''), true);
  if not found then
    return query select 'invalid'::text, null::uuid;
    return;
  end if;
  return query select 'ok'::text, v_token.user_id;
end $$;

-- Sign in with Google or Apple (the ID token already verified by the API).
-- status: 'ok' | 'no_email' (new identity without an email) | 'email_conflict' (the email belongs
-- to a user and the provider does not vouch for it) | 'deleted'
create function vitalis_private.auth_oauth_sign_in(p_provider text, p_subject text, p_email text, p_email_verified boolean,
                                                   p_display_name text, p_refresh_ttl_seconds integer)
  returns table (status text, user_id uuid, created boolean, linked boolean, session_id uuid, refresh_token text, refresh_expires_at timestamptz)
  language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_email text := lower(btrim(p_email));
  v_user uuid;
  v_created boolean := false;
  v_linked boolean := false;
  v_account uuid;
  v_found record;
  s record;
begin
  perform set_config('vitalis.auth_provider', p_provider, true);
  perform set_config('vitalis.auth_subject', p_subject, true);
  select i.user_id into v_user from vitalis.oauth_identities i where i.provider = p_provider and i.provider_user_id = p_subject;
  perform set_config('vitalis.auth_provider', '', true);
  perform set_config('vitalis.auth_subject', '', true);

  if v_user is not null then
    perform set_config('app.current_user_id', v_user::text, true);
    if not exists (select 1 from vitalis.users u where u.user_id = v_user and u.deleted_at is null) then
      perform set_config('app.current_user_id', '', true);
      return query select 'deleted'::text, null::uuid, false, false, null::uuid, null::text, null::timestamptz;
      return;
    end if;
  else
    if v_email is null or v_email = '' then
      return query select 'no_email'::text, null::uuid, false, false, null::uuid, null::text, null::timestamptz;
      return;
    end if;
    select * into v_found from vitalis_private.auth_user_by_email(v_email);
    if v_found.user_id is not null then
      if not coalesce(p_email_verified, false) then
        return query select 'email_conflict'::text, null::uuid, false, false, null::uuid, null::text, null::timestamptz;
        return;
      end if;
      v_user := v_found.user_id;
      v_linked := true;
      perform set_config('app.current_user_id', v_user::text, true);
      update vitalis.users u set email_verified_at = now() where u.user_id = v_user and u.email_verified_at is null;
    else
      v_user := gen_random_uuid();
      v_account := gen_random_uuid();
      v_created := true;
      perform set_config('app.current_user_id', v_user::text, true);
      insert into vitalis.accounts (account_id, subscription_tier, max_users) values (v_account, 'free', 1);
      insert into vitalis.users (user_id, account_id, email, email_verified_at, display_name)
      values (v_user, v_account, v_email, case when p_email_verified then now() end,
              coalesce(nullif(left(btrim(p_display_name), 200), ''), split_part(v_email, '@', 1)));
    end if;
    insert into vitalis.oauth_identities (user_id, provider, provider_user_id) values (v_user, p_provider, p_subject);
  end if;

  select * into s from vitalis_private.auth_sign_in(v_user, p_refresh_ttl_seconds,
    jsonb_build_object('method', p_provider, 'created', v_created, 'linked', v_linked));
  perform set_config('app.current_user_id', '', true);
  return query select 'ok'::text, v_user, v_created, v_linked, s.session_id, s.refresh_token, s.expires_at;
end $$;

------------------------------------------------------------------------------------------------
-- The API (vitalis_api: the signed-in user in app.current_user_id)
------------------------------------------------------------------------------------------------

create function vitalis_private.auth_logout(p_session_id uuid) returns boolean
  language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_user uuid := vitalis.current_user_id();
begin
  update vitalis_private.sessions set revoked_at = now(), revoked_reason = 'logout'
   where session_id = p_session_id and user_id = v_user and revoked_at is null;
  if not found then
    return false;
  end if;
  perform vitalis_private.audit_security_event('LOGOUT', v_user, jsonb_build_object('reason', 'logout', 'session_id', p_session_id));
  return true;
end $$;

-- status: 'ok' | 'invalid' (wrong current password, or no password yet). Other sessions are revoked.
create function vitalis_private.auth_change_password(p_session_id uuid, p_current_password text, p_new_password text)
  returns table (status text, sessions_revoked integer)
  language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_user uuid := vitalis.current_user_id();
  v_old text;
  v_family uuid;
begin
  perform vitalis_private.auth_check_password(p_new_password);
  select u.password_hash into v_old from vitalis.users u where u.user_id = v_user and u.deleted_at is null;
  if v_old is null or v_old is distinct from public.crypt(coalesce(p_current_password, ''), v_old) then
    return query select 'invalid'::text, null::integer;
    return;
  end if;
  select x.family_id into v_family from vitalis_private.sessions x where x.session_id = p_session_id and x.user_id = v_user;
  update vitalis.users set password_hash = vitalis_private.auth_hash_password(p_new_password) where user_id = v_user;
  return query select 'ok'::text, vitalis_private.auth_revoke_sessions(v_user, 'password_changed', v_family);
end $$;

-- status: 'ok' (token for email) | 'already_verified'
create function vitalis_private.auth_request_email_verification(p_ttl_seconds integer)
  returns table (status text, email text, token text)
  language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_user uuid := vitalis.current_user_id();
  v_email text;
  v_verified timestamptz;
  v_token text := vitalis_private.auth_random_token();
begin
  select u.email, u.email_verified_at into v_email, v_verified from vitalis.users u where u.user_id = v_user and u.deleted_at is null;
  if v_email is null then
    raise exception 'no signed-in user' using errcode = '28000';
  end if;
  if v_verified is not null then
    return query select 'already_verified'::text, v_email, null::text;
    return;
  end if;
  insert into vitalis_private.email_tokens (token_hash, user_id, purpose, email, expires_at)
  values (vitalis_private.auth_token_hash(v_token), v_user, 'verify_email', v_email, now() + make_interval(secs => p_ttl_seconds));
  return query select 'ok'::text, v_email, v_token;
end $$;

------------------------------------------------------------------------------------------------
-- Every request with a token (vitalis_authenticator, before it switches role): one PK lookup
------------------------------------------------------------------------------------------------

create function vitalis_private.auth_session_is_live(p_session_id uuid, p_user_id uuid) returns boolean
  language sql stable security definer set search_path = pg_catalog as $$
  select exists (select 1 from vitalis_private.sessions
                  where session_id = p_session_id and user_id = p_user_id and revoked_at is null and expires_at > now())
$$;
comment on function vitalis_private.auth_session_is_live(uuid, uuid) is 'Whether an access token''s session (sid) is live for its user (sub): checked on every authenticated request.';

-- Server-side tooling (tests, the development demo token): a session for a user, no password.
create function vitalis_private.auth_issue_session(p_user_id uuid, p_refresh_ttl_seconds integer)
  returns table (session_id uuid, refresh_token text, refresh_expires_at timestamptz)
  language plpgsql volatile security definer set search_path = pg_catalog as $$
begin
  return query select s.session_id, s.refresh_token, s.expires_at from vitalis_private.auth_new_session(p_user_id, p_refresh_ttl_seconds) s;
end $$;

-- Soft-deleting a user (deleted_at set) ends their sessions at once; deleting the row cascades.
create function vitalis_private.auth_tg_users__revoke_sessions() returns trigger
  language plpgsql security definer set search_path = pg_catalog as $$
begin
  update vitalis_private.sessions set revoked_at = now(), revoked_reason = 'user_deleted'
   where user_id = new.user_id and revoked_at is null;
  return null;
end $$;
create trigger _600_auth_revoke_sessions after update of deleted_at on vitalis.users
  for each row when (old.deleted_at is null and new.deleted_at is not null)
  execute function vitalis_private.auth_tg_users__revoke_sessions();

------------------------------------------------------------------------------------------------
-- Grants
------------------------------------------------------------------------------------------------

do $$
declare
  f regprocedure;
begin
  for f in
    select p.oid::regprocedure from pg_proc p join pg_namespace n on n.oid = p.pronamespace
     where n.nspname = 'vitalis_private' and p.proname like 'auth\_%'
  loop
    execute format('revoke all on function %s from public', f);
  end loop;
end $$;
grant execute on function
  vitalis_private.auth_register(text, text, text, integer),
  vitalis_private.auth_login(text, text, integer, integer, integer, integer),
  vitalis_private.auth_refresh(text, integer),
  vitalis_private.auth_request_password_reset(text, integer),
  vitalis_private.auth_reset_password(text, text),
  vitalis_private.auth_verify_email(text),
  vitalis_private.auth_oauth_sign_in(text, text, text, boolean, text, integer)
  to vitalis_anonymous;
grant execute on function
  vitalis_private.auth_logout(uuid),
  vitalis_private.auth_change_password(uuid, text, text),
  vitalis_private.auth_request_email_verification(integer),
  vitalis_private.auth_verify_email(text)
  to vitalis_api;
-- The API's own connection checks sessions without switching role (one round trip per request).
grant usage on schema vitalis_private to vitalis_authenticator;
grant execute on function vitalis_private.auth_session_is_live(uuid, uuid) to vitalis_authenticator;

reset role;
