set local lock_timeout = '5s';
set local role vitalis_owner;

/*
 * Issue 8: rate limits on everything that sends mail or creates accounts, and a login lockout an
 * attacker cannot turn against the owner (docs/auth.md, "Rate limits").
 *
 * - auth_rate_limit(action, address, ...) counts register / password_reset / verify_email requests
 *   per target address and per client IP in vitalis_private.auth_rate_events, shared by every API
 *   process. Requests are counted whether or not the address has an account, so a refusal says
 *   nothing about existence.
 * - auth_login now limits failures per (account, IP) pair and per IP, and throttles the account as
 *   a whole with an exponential delay after LOGIN_MAX_FAILURES_PER_ACCOUNT failures. IPs the account
 *   has signed in from with its password (vitalis_private.login_known_sources) skip the per-IP limit
 *   and the account throttle, so nobody else's failures keep the owner out of their usual network.
 * - IPs are compared by auth_ip_bucket: the IPv4 address, or the IPv6 /64 (one subscriber's prefix).
 *
 * Idempotent: tables are created if missing, functions dropped and created again.
 */

drop function if exists vitalis_private.auth_login(text, text, integer, integer, integer, integer);
drop function if exists vitalis_private.auth_login(text, text, integer, integer, integer, integer, integer, integer, integer, integer);
drop function if exists vitalis_private.auth_rate_limit(text, text, integer, integer, integer);
drop function if exists vitalis_private.auth_ip_bucket(inet);

------------------------------------------------------------------------------------------------
-- Tables (private: no grants; only the functions below touch them)
------------------------------------------------------------------------------------------------

create table if not exists vitalis_private.auth_rate_events (
  event_id bigint generated always as identity primary key,
  action text not null constraint auth_rate_events_action check (action in ('register', 'password_reset', 'verify_email')),
  address text,
  ip_bucket inet,
  occurred_at timestamptz not null default now()
);
comment on table vitalis_private.auth_rate_events is 'One row per accepted request that sends mail or creates an account, for limits per target address and per client IP across API processes. Refused requests are not recorded, so the table holds at most the allowed volume; rows older than the window (at least a day) are pruned as requests arrive.';
comment on column vitalis_private.auth_rate_events.address is 'The target email address, trimmed and lowercased, whether or not an account has it.';
comment on column vitalis_private.auth_rate_events.ip_bucket is 'vitalis_private.auth_ip_bucket of the client IP.';
create index if not exists auth_rate_events_address_idx on vitalis_private.auth_rate_events (action, address, occurred_at);
create index if not exists auth_rate_events_ip_idx on vitalis_private.auth_rate_events (action, ip_bucket, occurred_at);
create index if not exists auth_rate_events_occurred_at_idx on vitalis_private.auth_rate_events (occurred_at);

create table if not exists vitalis_private.login_known_sources (
  user_id uuid not null references vitalis.users on delete cascade,
  ip_bucket inet not null,
  last_success_at timestamptz not null default now(),
  primary key (user_id, ip_bucket)
);
comment on table vitalis_private.login_known_sources is 'IPs (auth_ip_bucket) a user signed in from with the right password in the last 90 days. Logins from them skip the per-IP limit and the account throttle, so an attacker elsewhere cannot keep the owner out; a source that reaches the per-pair failure limit is forgotten.';

------------------------------------------------------------------------------------------------
-- Helpers
------------------------------------------------------------------------------------------------

create function vitalis_private.auth_ip_bucket(p_ip inet) returns inet
  language sql immutable parallel safe set search_path = pg_catalog as $$
  select case when p_ip is null then null
              when family(p_ip) = 6 then network(set_masklen(p_ip, 64))::inet
              else host(p_ip)::inet end
$$;
comment on function vitalis_private.auth_ip_bucket(inet) is 'The unit rate limits count per client: an IPv4 address, or an IPv6 /64 (a subscriber gets at least a /64, so counting single IPv6 addresses would be no limit at all).';

------------------------------------------------------------------------------------------------
-- Mail and account creation limits
------------------------------------------------------------------------------------------------

-- retry_after 0: allowed and recorded; otherwise refused (nothing recorded) and limited_by names
-- the limit: 'address' or 'ip'.
create function vitalis_private.auth_rate_limit(p_action text, p_address text, p_window_seconds integer,
                                                p_max_per_address integer, p_max_per_ip integer)
  returns table (retry_after integer, limited_by text)
  language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_address text := nullif(lower(btrim(p_address)), '');
  v_ip inet := vitalis_private.auth_ip_bucket(vitalis_private.try_inet(current_setting('app.ip_address', true)));
  v_window interval;
  v_count bigint;
  v_retry integer := 0;
  v_scope text;
  v_key bigint;
begin
  if p_action is null or p_action not in ('register', 'password_reset', 'verify_email') then
    raise exception 'unknown rate-limited action %', coalesce(quote_literal(p_action), 'NULL') using errcode = '22023';
  end if;
  if p_window_seconds is null or p_window_seconds < 1 or p_max_per_address is null or p_max_per_address < 1
     or p_max_per_ip is null or p_max_per_ip < 1 then
    raise exception 'rate limit window and maxima must be positive' using errcode = '22023';
  end if;
  v_window := make_interval(secs => p_window_seconds);

  -- Serialise requests on one address and on one IP, always in key order so that two requests
  -- never wait on each other crosswise; concurrent requests cannot slip past a limit.
  for v_key in
    select k from unnest(array[hashtextextended('vitalis.rate:' || p_action || ':address:' || v_address, 0),
                               hashtextextended('vitalis.rate:' || p_action || ':ip:' || v_ip::text, 0)]) k
     where k is not null order by k
  loop
    perform pg_advisory_xact_lock(v_key);
  end loop;

  delete from vitalis_private.auth_rate_events e
   where e.event_id in (select x.event_id from vitalis_private.auth_rate_events x
                         where x.occurred_at < now() - greatest(v_window, interval '1 day') limit 100);

  -- Retry-After: when the oldest event that keeps the count at the limit leaves the window.
  if v_address is not null then
    select count(*) into v_count from vitalis_private.auth_rate_events e
     where e.action = p_action and e.address = v_address and e.occurred_at > now() - v_window;
    if v_count >= p_max_per_address then
      select ceil(extract(epoch from (e.occurred_at + v_window - now())))::integer into v_retry
        from vitalis_private.auth_rate_events e
       where e.action = p_action and e.address = v_address and e.occurred_at > now() - v_window
       order by e.occurred_at offset v_count - p_max_per_address limit 1;
      v_scope := 'address';
    end if;
  end if;
  if v_ip is not null and v_retry <= 0 then
    select count(*) into v_count from vitalis_private.auth_rate_events e
     where e.action = p_action and e.ip_bucket = v_ip and e.occurred_at > now() - v_window;
    if v_count >= p_max_per_ip then
      select ceil(extract(epoch from (e.occurred_at + v_window - now())))::integer into v_retry
        from vitalis_private.auth_rate_events e
       where e.action = p_action and e.ip_bucket = v_ip and e.occurred_at > now() - v_window
       order by e.occurred_at offset v_count - p_max_per_ip limit 1;
      v_scope := 'ip';
    end if;
  end if;
  if v_retry > 0 then
    return query select v_retry, v_scope;
    return;
  end if;
  insert into vitalis_private.auth_rate_events (action, address, ip_bucket) values (p_action, v_address, v_ip);
  return query select 0, null::text;
end $$;
comment on function vitalis_private.auth_rate_limit(text, text, integer, integer, integer) is 'Counts a request that sends mail or creates an account (register, password_reset, verify_email) against limits per target address and per client IP (app.ip_address) over a window. Returns retry_after 0 when allowed (and recorded), otherwise the seconds until it would be and which limit refused it. Unknown addresses count like real ones.';

------------------------------------------------------------------------------------------------
-- Password login
------------------------------------------------------------------------------------------------

-- status: 'ok' | 'invalid' (unknown email and wrong password alike) | 'rate_limited' (retry_after
-- seconds; limited_by 'account_ip', 'ip' or 'account')
create function vitalis_private.auth_login(p_email text, p_password text, p_refresh_ttl_seconds integer,
                                           p_window_seconds integer, p_max_per_account_ip integer, p_max_per_ip integer,
                                           p_max_per_account integer, p_account_window_seconds integer,
                                           p_base_delay_seconds integer, p_max_delay_seconds integer)
  returns table (status text, user_id uuid, session_id uuid, refresh_token text, refresh_expires_at timestamptz,
                 retry_after integer, limited_by text)
  language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_email text := lower(btrim(p_email));
  v_ip inet := vitalis_private.auth_ip_bucket(vitalis_private.try_inet(current_setting('app.ip_address', true)));
  v_window interval := make_interval(secs => p_window_seconds);
  v_account_window interval := make_interval(secs => p_account_window_seconds);
  v_previous text := current_setting('app.current_user_id', true);
  v_known boolean := false;
  v_count bigint;
  v_last timestamptz;
  v_delay double precision;
  v_retry integer := 0;
  v_scope text;
  v_user record;
  s record;
begin
  -- Serialise attempts on one account, then on one IP (always in that order), so concurrent
  -- guesses cannot slip past a limit.
  perform pg_advisory_xact_lock(hashtextextended('vitalis.login:' || v_email, 0));
  if v_ip is not null then
    perform pg_advisory_xact_lock(hashtextextended('vitalis.login-ip:' || v_ip::text, 0));
  end if;
  delete from vitalis_private.login_attempts a
   where a.attempted_at < now() - greatest(v_window, v_account_window, interval '1 day') and (a.email = v_email or a.ip_address = v_ip);

  -- No password check yet: only whether this IP is one the account has signed in from.
  select * into v_user from vitalis_private.auth_user_by_email(v_email);
  if v_user.user_id is not null then
    delete from vitalis_private.login_known_sources k where k.user_id = v_user.user_id and k.last_success_at < now() - interval '90 days';
    v_known := v_ip is not null and exists (select 1 from vitalis_private.login_known_sources k where k.user_id = v_user.user_id and k.ip_bucket = v_ip);
  end if;

  -- 1. This account from this IP: a lock for that pair only (Retry-After: when the oldest failure
  --    that keeps the count at the limit leaves the window).
  select count(*) into v_count from vitalis_private.login_attempts a
   where a.email = v_email and a.ip_address is not distinct from v_ip and a.attempted_at > now() - v_window;
  if v_count >= p_max_per_account_ip then
    select ceil(extract(epoch from (a.attempted_at + v_window - now())))::integer into v_retry
      from vitalis_private.login_attempts a
     where a.email = v_email and a.ip_address is not distinct from v_ip and a.attempted_at > now() - v_window
     order by a.attempted_at offset v_count - p_max_per_account_ip limit 1;
    v_scope := 'account_ip';
  end if;
  -- 2. This IP across accounts (password spraying), unless the account knows the IP.
  if v_retry <= 0 and not v_known and v_ip is not null then
    select count(*) into v_count from vitalis_private.login_attempts a where a.ip_address = v_ip and a.attempted_at > now() - v_window;
    if v_count >= p_max_per_ip then
      select ceil(extract(epoch from (a.attempted_at + v_window - now())))::integer into v_retry
        from vitalis_private.login_attempts a where a.ip_address = v_ip and a.attempted_at > now() - v_window
       order by a.attempted_at offset v_count - p_max_per_ip limit 1;
      v_scope := 'ip';
    end if;
  end if;
  -- 3. The account from everywhere: after p_max_per_account failures within the account window,
  --    each further attempt waits base * 2^(failures - max) seconds (at most p_max_delay_seconds)
  --    after the latest failure. A throttle, not a lock: it bounds guesses from many IPs, and known
  --    IPs skip it.
  if v_retry <= 0 and not v_known then
    select count(*), max(a.attempted_at) into v_count, v_last from vitalis_private.login_attempts a
     where a.email = v_email and a.attempted_at > now() - v_account_window;
    if v_count >= p_max_per_account then
      v_delay := least(p_base_delay_seconds * power(2::double precision, least(v_count - p_max_per_account, 40)), p_max_delay_seconds::double precision);
      v_retry := ceil(extract(epoch from (v_last + make_interval(secs => v_delay) - now())))::integer;
      v_scope := 'account';
    end if;
  end if;
  if v_retry > 0 then
    return query select 'rate_limited'::text, null::uuid, null::uuid, null::text, null::timestamptz, v_retry, v_scope;
    return;
  end if;

  if v_user.user_id is null or v_user.password_hash is null then
    -- Same work as a real check, so the response time does not tell whether the email exists.
    perform public.crypt(coalesce(p_password, ''), public.gen_salt('bf', 11));
  end if;
  if v_user.user_id is null or v_user.password_hash is null
     or v_user.password_hash is distinct from public.crypt(coalesce(p_password, ''), v_user.password_hash) then
    insert into vitalis_private.login_attempts (email, ip_address) values (v_email, v_ip);
    -- A known IP that reaches the pair limit is known no more: from then on it is limited like any other.
    if v_known and (select count(*) from vitalis_private.login_attempts a
                     where a.email = v_email and a.ip_address = v_ip and a.attempted_at > now() - v_window) >= p_max_per_account_ip then
      delete from vitalis_private.login_known_sources k where k.user_id = v_user.user_id and k.ip_bucket = v_ip;
    end if;
    return query select 'invalid'::text, null::uuid, null::uuid, null::text, null::timestamptz, null::integer, null::text;
    return;
  end if;

  -- Success clears this IP's failures on the account only: clearing all of them would reset the
  -- throttle for an attacker elsewhere.
  delete from vitalis_private.login_attempts a where a.email = v_email and a.ip_address is not distinct from v_ip;
  if v_ip is not null then
    insert into vitalis_private.login_known_sources (user_id, ip_bucket) values (v_user.user_id, v_ip)
    on conflict on constraint login_known_sources_pkey do update set last_success_at = now();
  end if;
  select * into s from vitalis_private.auth_sign_in(v_user.user_id, p_refresh_ttl_seconds, jsonb_build_object('method', 'password'));
  perform set_config('app.current_user_id', coalesce(v_previous, ''), true);
  return query select 'ok'::text, v_user.user_id, s.session_id, s.refresh_token, s.expires_at, null::integer, null::text;
end $$;
comment on function vitalis_private.auth_login(text, text, integer, integer, integer, integer, integer, integer, integer, integer) is 'Password login. Failures lock the (account, IP) pair and the IP for a window; past a threshold the account as a whole is throttled with an exponential delay, which IPs the account signed in from before skip. Records failures, clears the pair''s on success, writes the LOGIN audit row.';

------------------------------------------------------------------------------------------------
-- Grants
------------------------------------------------------------------------------------------------

revoke all on function vitalis_private.auth_ip_bucket(inet) from public;
revoke all on function vitalis_private.auth_rate_limit(text, text, integer, integer, integer) from public;
revoke all on function vitalis_private.auth_login(text, text, integer, integer, integer, integer, integer, integer, integer, integer) from public;
grant execute on function vitalis_private.auth_rate_limit(text, text, integer, integer, integer) to vitalis_anonymous, vitalis_api;
grant execute on function vitalis_private.auth_login(text, text, integer, integer, integer, integer, integer, integer, integer, integer) to vitalis_anonymous;

reset role;
