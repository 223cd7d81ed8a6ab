set local lock_timeout = '5s';
set local role vitalis_owner;

/*
 * Erasure, end to end (issue 12): the request with re-authentication, the grace period, cancelling
 * (signed in or by the mailed link), and the server-only steps the worker runs (docs/erasure.md).
 *
 * - Requesting is POST /auth/account-deletion (src/auth/routes/accountDeletion.ts), which calls
 *   vitalis_private.request_account_deletion with the password (or the session, for accounts
 *   without one) and the settings SQL does not know (grace days, the cancel link's base URL, the
 *   login limits). The old vitalis.request_account_deletion() asked for nothing: it is dropped.
 * - Only the server moves a request's status: vitalis_api has no INSERT or UPDATE on
 *   deletion_requests (000010's set_client_columns), and the functions here are the only writers.
 * - The worker's steps (tasks/deletions__*.ts): queue_due_erasures, begin_erasure (mark
 *   processing), then, outside the database, provider revocation, the Stripe customer and the
 *   storage purge, then finish_erasure (erase_user, counts, the purge job and the last mail, in one
 *   transaction). Each step can run again after a crash.
 * - Requests of other users are read through the household gate (a per-database secret the
 *   functions open), as the household functions do: never by a client.
 *
 * Idempotent: functions are dropped or replaced, columns and policies made if missing.
 */

-- The mailed cancel link is a single-use email token like the others.
alter table vitalis_private.email_tokens drop constraint if exists email_tokens_purpose_check;
alter table vitalis_private.email_tokens add constraint email_tokens_purpose_check
  check (purpose in ('verify_email', 'password_reset', 'cancel_deletion'));

-- Counts only: what went, table by table, and what happened outside the database.
alter table vitalis.deletion_requests add column if not exists rows_deleted jsonb;
alter table vitalis.deletion_requests add column if not exists external_steps jsonb;
comment on column vitalis.deletion_requests.rows_deleted is 'How many rows the erasure deleted, per table (counts only, no values).';
comment on column vitalis.deletion_requests.external_steps is 'What the erasure did outside the database, as counts: provider grants revoked, failed or without a revocation endpoint, whether a Stripe customer was deleted, storage objects deleted before the rows went.';
comment on column vitalis.deletion_requests.grace_period_ends_at is 'When the erasure may start: requested_at plus the grace period the server was configured with (DELETION_GRACE_DAYS, default 30 days).';
comment on column vitalis.deletion_requests.status is 'pending (grace period running; you may cancel), processing (being erased), completed, canceled. Only the server changes it.';

-- The grace period comes from the request function (DELETION_GRACE_DAYS); 30 days when a row is
-- inserted without one.
create or replace function vitalis_private.tg_deletion_requests__grace_period() returns trigger
  language plpgsql volatile set search_path = pg_catalog as $$
begin
  if tg_op = 'INSERT' and new.grace_period_ends_at is not null then
    return new;
  end if;
  new.grace_period_ends_at := new.requested_at + interval '30 days';
  return new;
end $$;
comment on function vitalis_private.tg_deletion_requests__grace_period() is 'Sets grace_period_ends_at to requested_at + 30 days unless the inserting function gave one (the configured grace period).';

-- anonymise_audit_log also rewrites other users' audit rows that mention the erased user (a
-- household member's share with them): those keep their own user_id, which the old check
-- (user_id is null) refused, so erasing anyone named in another user's audit image failed. The
-- rewrite stays limited to the anonymisation (the append-only trigger allows no other update).
drop policy if exists gdpr_anonymise on vitalis.audit_log;
create policy gdpr_anonymise on vitalis.audit_log for update to vitalis_owner
  using (true) with check (user_id is null or current_setting('vitalis.audit_rewrite', true) = 'gdpr_anonymise');

drop policy if exists erasure_internal on vitalis.deletion_requests;
create policy erasure_internal on vitalis.deletion_requests for all to vitalis_owner
  using ((select vitalis_private.household_gate_is_open())) with check ((select vitalis_private.household_gate_is_open()));

drop function if exists vitalis.request_account_deletion();
drop function if exists vitalis_private.request_account_deletion(uuid, text, integer, text, integer, integer, integer);
drop function if exists vitalis_private.cancel_account_deletion_by_token(text);
drop function if exists vitalis_private.queue_due_erasures(integer);
drop function if exists vitalis_private.begin_erasure(uuid);
drop function if exists vitalis_private.finish_erasure(uuid, jsonb, boolean);
drop function if exists vitalis_private.cancel_pending_deletion(uuid);

------------------------------------------------------------------------------------------------
-- Asking
------------------------------------------------------------------------------------------------

-- The start of an erasure, once it is known to be wanted: by the user who proved who they are
-- (request_account_deletion below), or by the operator for a request that reached them outside
-- the app (npm run account -- erase).
drop function if exists vitalis_private.start_account_deletion(uuid, integer, text);
create function vitalis_private.start_account_deletion(p_user_id uuid, p_grace_days integer, p_cancel_url_base text)
  returns table (request_id uuid, grace_period_ends_at timestamptz, sessions_revoked integer)
  language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_previous text := current_setting('app.current_user_id', true);
  v_email text;
  v_request vitalis.deletion_requests;
  v_token text := vitalis_private.auth_random_token();
  v_revoked integer := 0;
begin
  if p_user_id is null then
    raise exception 'userId: a user id is required' using errcode = '22004', column = 'user_id';
  end if;
  if p_grace_days is null or p_grace_days < 0 or p_grace_days > 365 then
    raise exception 'graceDays: must be 0 to 365' using errcode = '22023', column = 'grace_days';
  end if;
  perform set_config('app.current_user_id', p_user_id::text, true);
  select u.email into v_email from vitalis.users u where u.user_id = p_user_id;
  if v_email is null then
    raise exception 'userId: no such user' using errcode = 'VT404', column = 'user_id';
  end if;
  select r.* into v_request from vitalis.deletion_requests r
   where r.user_id = p_user_id and r.status in ('pending', 'processing') order by r.requested_at desc limit 1;
  if v_request.request_id is null then
    insert into vitalis.deletion_requests (user_id, grace_period_ends_at)
    values (p_user_id, now() + make_interval(days => p_grace_days)) returning * into v_request;
  elsif v_request.status = 'pending' and v_request.grace_period_ends_at > now() + make_interval(days => p_grace_days) then
    -- A shorter grace period (--now) brings a pending request forward; it never pushes one back.
    update vitalis.deletion_requests r set grace_period_ends_at = now() + make_interval(days => p_grace_days)
     where r.request_id = v_request.request_id returning r.* into v_request;
  end if;
  v_revoked := vitalis_private.auth_revoke_sessions(p_user_id, 'user_deleted');
  if v_request.grace_period_ends_at > now() then
    update vitalis_private.email_tokens t set used_at = now()
     where t.user_id = p_user_id and t.purpose = 'cancel_deletion' and t.used_at is null;
    insert into vitalis_private.email_tokens (token_hash, user_id, purpose, email, expires_at)
    values (vitalis_private.auth_token_hash(v_token), p_user_id, 'cancel_deletion', v_email, v_request.grace_period_ends_at);
    perform vitalis_private.queue_mail('deletion_requested', v_email, jsonb_build_object(
      'graceEndsAt', to_char(v_request.grace_period_ends_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
      'cancelUrl', rtrim(p_cancel_url_base, '/') || '/account/cancel-deletion?token=' || v_token,
      'token', v_token));
  end if;
  perform set_config('app.current_user_id', coalesce(v_previous, ''), true);
  return query select v_request.request_id, v_request.grace_period_ends_at, v_revoked;
end $$;
comment on function vitalis_private.start_account_deletion(uuid, integer, text) is 'The start of an erasure once it is known to be wanted (after request_account_deletion''s re-authentication, or by the operator: npm run account -- erase): creates the user''s deletion request with p_grace_days (0: due at once; a pending request is brought forward, never pushed back), signs them out everywhere and, while a grace period runs, queues the deletion_requested mail with a cancel link. Returns the request. Server only.';
revoke all on function vitalis_private.start_account_deletion(uuid, integer, text) from public;
grant execute on function vitalis_private.start_account_deletion(uuid, integer, text) to vitalis_worker;

-- status: 'ok' (request_id, grace_period_ends_at, sessions_revoked) | 'pending' (a request is
-- already running its grace period: returned as it is) | 'invalid_password' | 'password_required'
-- | 'reauthenticate' (no password, and the session's sign-in is older than p_recent_seconds) |
-- 'rate_limited' (retry_after). Failures are statuses, not errors, so that a wrong password stays
-- counted in login_attempts (the login limits), which an exception would roll back.
create function vitalis_private.request_account_deletion(
  p_session_id uuid, p_password text, p_grace_days integer, p_cancel_url_base text,
  p_recent_seconds integer, p_window_seconds integer, p_max_failures integer)
  returns table (status text, request_id uuid, grace_period_ends_at timestamptz, sessions_revoked integer, retry_after integer)
  language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_user uuid := vitalis.current_user_id();
  v_email text;
  v_hash text;
  v_ip inet := vitalis_private.auth_ip_bucket(vitalis_private.try_inet(current_setting('app.ip_address', true)));
  v_window interval := make_interval(secs => p_window_seconds);
  v_signed_in_at timestamptz;
  v_count bigint;
  v_retry integer;
  v_request vitalis.deletion_requests;
  v_revoked integer;
begin
  if v_user is null then
    raise exception 'authorization: sign in to request the deletion of your account' using errcode = '42501';
  end if;
  if p_grace_days is null or p_grace_days < 0 or p_grace_days > 365 then
    raise exception 'graceDays: must be 0 to 365' using errcode = '22023', column = 'grace_days';
  end if;
  select u.email, p.password_hash into v_email, v_hash
    from vitalis.users u left join vitalis_private.user_passwords p on p.user_id = u.user_id
   where u.user_id = v_user and u.deleted_at is null;
  if v_email is null then
    raise exception 'authorization: sign in to request the deletion of your account' using errcode = '42501';
  end if;

  select r.* into v_request from vitalis.deletion_requests r
   where r.user_id = v_user and r.status in ('pending', 'processing') order by r.requested_at desc limit 1;
  if v_request.request_id is not null then
    return query select 'pending'::text, v_request.request_id, v_request.grace_period_ends_at, 0, null::integer;
    return;
  end if;

  if v_hash is not null then
    -- The login lock of this account from this IP applies here too, and a wrong password counts.
    perform pg_advisory_xact_lock(hashtextextended('vitalis.login:' || v_email, 0));
    select count(*) into v_count from vitalis_private.login_attempts a
     where a.email = v_email and a.ip_address is not distinct from v_ip and a.attempted_at > now() - v_window;
    if v_count >= p_max_failures then
      select ceil(extract(epoch from (a.attempted_at + v_window - now())))::integer into v_retry
        from vitalis_private.login_attempts a
       where a.email = v_email and a.ip_address is not distinct from v_ip and a.attempted_at > now() - v_window
       order by a.attempted_at offset v_count - p_max_failures limit 1;
      return query select 'rate_limited'::text, null::uuid, null::timestamptz, null::integer, greatest(v_retry, 1);
      return;
    end if;
    if p_password is null or p_password = '' then
      return query select 'password_required'::text, null::uuid, null::timestamptz, null::integer, null::integer;
      return;
    end if;
    if v_hash is distinct from public.crypt(p_password, v_hash) then
      insert into vitalis_private.login_attempts (email, ip_address) values (v_email, v_ip);
      return query select 'invalid_password'::text, null::uuid, null::timestamptz, null::integer, null::integer;
      return;
    end if;
  else
    -- No password (Google or Apple sign-in): the sign-in that started this session family must be recent.
    select f.created_at into v_signed_in_at
      from vitalis_private.sessions s join vitalis_private.sessions f on f.session_id = s.family_id
     where s.session_id = p_session_id and s.user_id = v_user and s.revoked_at is null;
    if v_signed_in_at is null or v_signed_in_at < now() - make_interval(secs => p_recent_seconds) then
      return query select 'reauthenticate'::text, null::uuid, null::timestamptz, null::integer, null::integer;
      return;
    end if;
  end if;

  -- Proven: the same start as an erasure the operator begins (signed out everywhere, the cancel mail).
  select d.request_id, d.grace_period_ends_at, d.sessions_revoked into v_request.request_id, v_request.grace_period_ends_at, v_revoked
    from vitalis_private.start_account_deletion(v_user, p_grace_days, p_cancel_url_base) d;
  return query select 'ok'::text, v_request.request_id, v_request.grace_period_ends_at, v_revoked, null::integer;
end $$;
comment on function vitalis_private.request_account_deletion(uuid, text, integer, text, integer, integer, integer) is 'The signed-in user asks for their erasure, proving it is them: their current password (wrong ones count against the login limits), or for accounts without one a sign-in within p_recent_seconds. Starts the grace period (p_grace_days), signs them out everywhere, creates the single-use cancel token and queues the deletion_requested mail with its link, in one transaction. Returns a status; see the function body.';

-- Withdraws the user's pending request (the caller has set app.current_user_id): the cancel
-- tokens die with it and the deletion_cancelled mail is queued. NULL when there is none to cancel.
create function vitalis_private.cancel_pending_deletion(p_user_id uuid) returns vitalis.deletion_requests
  language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_request vitalis.deletion_requests;
  v_email text;
begin
  update vitalis.deletion_requests r set status = 'canceled'
   where r.user_id = p_user_id and r.status = 'pending' and r.grace_period_ends_at > now()
  returning r.* into v_request;
  if v_request.request_id is null then
    return null;
  end if;
  update vitalis_private.email_tokens t set used_at = now()
   where t.user_id = p_user_id and t.purpose = 'cancel_deletion' and t.used_at is null;
  select u.email into v_email from vitalis.users u where u.user_id = p_user_id;
  perform vitalis_private.queue_mail('deletion_cancelled', v_email, '{}'::jsonb);
  return v_request;
end $$;
comment on function vitalis_private.cancel_pending_deletion(uuid) is 'Cancels the user''s pending deletion request while its grace period runs, retires its cancel links and queues the deletion_cancelled mail. NULL when nothing was pending. Internal: the caller acts as that user.';
revoke all on function vitalis_private.cancel_pending_deletion(uuid) from public;

create or replace function vitalis.cancel_account_deletion() returns vitalis.deletion_requests
  language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_request vitalis.deletion_requests;
begin
  if vitalis.current_user_id() is null then
    raise exception 'authorization: sign in to cancel the deletion of your account' using errcode = '42501';
  end if;
  v_request := vitalis_private.cancel_pending_deletion(vitalis.current_user_id());
  if v_request.request_id is null then
    raise exception 'requestId: no deletion request of yours is in its grace period' using errcode = 'P0002', column = 'request_id';
  end if;
  return v_request;
end $$;
comment on function vitalis.cancel_account_deletion() is 'Cancels your account deletion while its grace period runs (until gracePeriodEndsAt); a confirmation mail follows. The mailed link does the same without signing in (POST /auth/account-deletion/cancel).';
revoke all on function vitalis.cancel_account_deletion() from public;
grant execute on function vitalis.cancel_account_deletion() to vitalis_api;

-- status: 'ok' | 'invalid' (unknown, used or expired token, or nothing left to cancel)
create function vitalis_private.cancel_account_deletion_by_token(p_token text) returns text
  language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_user uuid;
  v_request vitalis.deletion_requests;
begin
  update vitalis_private.email_tokens t set used_at = now()
   where t.token_hash = vitalis_private.auth_token_hash(coalesce(p_token, '')) and t.purpose = 'cancel_deletion'
     and t.used_at is null and t.expires_at > now()
  returning t.user_id into v_user;
  if v_user is null then
    return 'invalid';
  end if;
  perform set_config('app.current_user_id', v_user::text, true);
  v_request := vitalis_private.cancel_pending_deletion(v_user);
  perform set_config('app.current_user_id', '', true);
  return case when v_request.request_id is null then 'invalid' else 'ok' end;
end $$;
comment on function vitalis_private.cancel_account_deletion_by_token(text) is 'The mailed cancel link (anonymous: the user was signed out): cancels the pending deletion its token was made for while the grace period runs. Single use. Returns ok or invalid.';

------------------------------------------------------------------------------------------------
-- The worker's steps
------------------------------------------------------------------------------------------------

-- Due requests (grace over) and requests left in processing by a crash each get one erase job;
-- the job key keeps a request from being queued twice.
create function vitalis_private.queue_due_erasures(p_max_attempts integer default 10) returns integer
  language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_gate text := vitalis_private.household_gate_open();
  v_id uuid;
  v_queued integer := 0;
begin
  for v_id in
    select r.request_id from vitalis.deletion_requests r
     where (r.status = 'pending' and r.grace_period_ends_at <= now()) or r.status = 'processing'
     order by r.grace_period_ends_at
  loop
    perform vitalis_private.worker_add_job('deletions__erase', json_build_object('requestId', v_id), 'erase:' || v_id, p_max_attempts, 5);
    v_queued := v_queued + 1;
  end loop;
  perform vitalis_private.household_gate_close(v_gate);
  return v_queued;
end $$;
comment on function vitalis_private.queue_due_erasures(integer) is 'Queues a deletions__erase job (job key erase:<request id>) for every deletion request whose grace period has ended and every one left in processing. Returns how many. Worker only.';

-- status: 'erase' (go on: the request is processing now) | 'not_due' | 'canceled' | 'completed' | 'missing'.
-- For 'erase' also who and what: the user, and the account's Stripe customer when this erasure
-- deletes it (the user owns the account or is its last member).
create function vitalis_private.begin_erasure(p_request_id uuid)
  returns table (status text, user_id uuid, stripe_customer_id text)
  language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_gate text := vitalis_private.household_gate_open();
  v_request vitalis.deletion_requests;
  v_user vitalis.users;
  v_account vitalis.accounts;
  v_members integer;
begin
  select r.* into v_request from vitalis.deletion_requests r where r.request_id = p_request_id for update;
  if v_request.request_id is null or (v_request.user_id is null and v_request.status <> 'completed') then
    perform vitalis_private.household_gate_close(v_gate);
    return query select 'missing'::text, null::uuid, null::text;
    return;
  end if;
  if v_request.status in ('completed', 'canceled') then
    perform vitalis_private.household_gate_close(v_gate);
    return query select v_request.status, null::uuid, null::text;
    return;
  end if;
  if v_request.status = 'pending' and v_request.grace_period_ends_at > now() then
    perform vitalis_private.household_gate_close(v_gate);
    return query select 'not_due'::text, null::uuid, null::text;
    return;
  end if;
  perform set_config('app.current_user_id', v_request.user_id::text, true);
  if v_request.status = 'pending' then
    update vitalis.deletion_requests r set status = 'processing' where r.request_id = p_request_id;
  end if;
  select u.* into v_user from vitalis.users u where u.user_id = v_request.user_id;
  select a.* into v_account from vitalis.accounts a where a.account_id = v_user.account_id;
  select count(*) into v_members from vitalis.users u where u.account_id = v_user.account_id;
  perform set_config('app.current_user_id', '', true);
  perform vitalis_private.household_gate_close(v_gate);
  return query select 'erase'::text, v_user.user_id,
    case when v_account.owner_user_id = v_user.user_id or v_members <= 1 then v_account.stripe_customer_id end;
end $$;
comment on function vitalis_private.begin_erasure(uuid) is 'First step of an erasure: moves a due request to processing (again after a crash) and returns the user and the Stripe customer to delete (when the user owns the account or is its last member). Other statuses tell the worker to stop. Worker only.';

-- The database part, in one transaction: what names the user outside their own rows (invitations
-- sent to their address, failed logins and rate-limit rows under it, the account's Stripe link
-- when its customer was deleted), then erase_user (every row, the request completed, the audit
-- anonymised), then the counts, the storage purge job and the deletion_completed mail.
create function vitalis_private.finish_erasure(p_request_id uuid, p_external jsonb, p_customer_deleted boolean)
  returns jsonb
  language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_gate text := vitalis_private.household_gate_open();
  v_request vitalis.deletion_requests;
  v_user uuid;
  v_email text;
  v_account uuid;
  v_result jsonb;
begin
  if p_external is not null and jsonb_typeof(p_external) <> 'object' then
    raise exception 'external: must be a JSON object of counts' using errcode = '22023', column = 'external_steps';
  end if;
  select r.* into v_request from vitalis.deletion_requests r where r.request_id = p_request_id for update;
  if v_request.status = 'completed' then
    perform vitalis_private.household_gate_close(v_gate);
    return jsonb_build_object('requestId', p_request_id, 'alreadyCompleted', true);
  end if;
  if v_request.status is distinct from 'processing' or v_request.user_id is null then
    raise exception 'requestId: the request is not being processed (%)', coalesce(v_request.status, 'missing')
      using errcode = 'VT404', column = 'request_id';
  end if;
  v_user := v_request.user_id;
  perform set_config('app.current_user_id', v_user::text, true);
  select u.email, u.account_id into v_email, v_account from vitalis.users u where u.user_id = v_user;
  update vitalis.deletion_requests r set external_steps = p_external where r.request_id = p_request_id;
  if p_customer_deleted then
    -- The customer is gone at Stripe, and its subscription with it.
    update vitalis.accounts a set stripe_customer_id = null, subscription_status = 'canceled'
     where a.account_id = v_account and a.stripe_customer_id is not null;
  end if;
  delete from vitalis.household_invites i where i.email = v_email;
  delete from vitalis_private.login_attempts a where a.email = v_email;
  delete from vitalis_private.auth_rate_events e where e.address = v_email;
  -- erase_user restores the setting it found: none, so nothing after it acts as the user.
  perform set_config('app.current_user_id', '', true);
  v_result := vitalis_private.erase_user(v_user);
  update vitalis.deletion_requests r set rows_deleted = v_result -> 'rows' where r.request_id = p_request_id;
  perform vitalis_private.worker_add_job('storage__purge_user', json_build_object('userId', v_user), 'purge:' || v_user, 25, 5);
  perform vitalis_private.queue_mail('deletion_completed', v_email,
    jsonb_build_object('completedAt', to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')));
  perform vitalis_private.household_gate_close(v_gate);
  return v_result || jsonb_build_object('requestId', p_request_id);
end $$;
comment on function vitalis_private.finish_erasure(uuid, jsonb, boolean) is 'Last step of an erasure, in one transaction: removes what names the user outside their own rows (invitations to their address, failed logins, rate-limit rows; the account''s Stripe link when p_customer_deleted), runs erase_user, records the counts and p_external on the completed request, queues the storage purge and the deletion_completed mail. Returns erase_user''s counts. Worker only.';

revoke all on function vitalis_private.request_account_deletion(uuid, text, integer, text, integer, integer, integer) from public;
revoke all on function vitalis_private.cancel_account_deletion_by_token(text) from public;
revoke all on function vitalis_private.queue_due_erasures(integer) from public;
revoke all on function vitalis_private.begin_erasure(uuid) from public;
revoke all on function vitalis_private.finish_erasure(uuid, jsonb, boolean) from public;
grant execute on function vitalis_private.request_account_deletion(uuid, text, integer, text, integer, integer, integer) to vitalis_api;
grant execute on function vitalis_private.cancel_account_deletion_by_token(text) to vitalis_anonymous;
grant execute on function vitalis_private.queue_due_erasures(integer), vitalis_private.begin_erasure(uuid),
  vitalis_private.finish_erasure(uuid, jsonb, boolean) to vitalis_worker;

reset role;
