set local lock_timeout = '5s';
set local role vitalis_owner;

-- An erasure the operator starts (npm run account -- erase), for a request that reached them
-- outside the app: the same steps as the user's own request once they have proved who they are.
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
comment on function vitalis_private.start_account_deletion(uuid, integer, text) is 'An erasure started by the operator (npm run account -- erase): creates the user''s deletion request with p_grace_days (0: due at once; a pending request is brought forward, never pushed back), signs them out everywhere and, while a grace period runs, queues the deletion_requested mail with a cancel link. Returns the request. Operator only.';
revoke all on function vitalis_private.start_account_deletion(uuid, integer, text) from public;
grant execute on function vitalis_private.start_account_deletion(uuid, integer, text) to vitalis_worker;

reset role;
