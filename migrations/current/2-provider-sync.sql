set local lock_timeout = '5s';
set local role vitalis_owner;

/*
 * Provider syncs (src/providers/engine): OAuth connect state, and the SECURITY DEFINER entry
 * points the API uses where it has no user of its own to act as. The OAuth callback arrives from
 * the provider's site without the user's session, so the state row remembers who started the
 * connect; webhooks name the provider's user id, so enqueue_provider_webhook_sync finds the
 * connection(s) by (source, external_user_id) through a narrow owner-only policy keyed on
 * transaction-local settings, like the sign-in lookups of 000004.
 *
 * Jobs go through vitalis_private.enqueue_ingestion_job (1-current.sql: ingestion_jobs row +
 * graphile-worker job); a connect's first backfill through vitalis.request_provider_sync.
 *
 * Idempotent: everything created here is dropped first (graphile-migrate re-runs current whole).
 */

drop function if exists vitalis_private.enqueue_provider_webhook_sync(vitalis.data_source, text, jsonb);
drop function if exists vitalis_private.consume_provider_oauth_state(bytea, vitalis.data_source);
drop function if exists vitalis_private.create_provider_oauth_state(bytea, vitalis.data_source, text, text);
drop policy if exists provider_webhook_lookup on vitalis.connected_devices;
drop table if exists vitalis_private.provider_oauth_states;

create table vitalis_private.provider_oauth_states (
  state_hash bytea primary key check (length(state_hash) = 32),
  user_id uuid not null references vitalis.users on delete cascade,
  source vitalis.data_source not null,
  code_verifier text check (length(code_verifier) between 43 and 128),
  redirect_uri text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null default now() + interval '10 minutes',
  consumed_at timestamptz
);
comment on table vitalis_private.provider_oauth_states is 'One row per provider connect in progress: the OAuth state (sha256 only), who started it, the PKCE code_verifier and redirect_uri. Single use (consumed_at), valid 10 minutes; rows older than a day are pruned whenever a state is created.';
comment on column vitalis_private.provider_oauth_states.state_hash is 'sha256 of the state parameter; the state itself is never stored.';
comment on column vitalis_private.provider_oauth_states.code_verifier is 'PKCE code_verifier (RFC 7636) for providers that support it; useless without the authorization code, which only the provider''s redirect carries.';
comment on column vitalis_private.provider_oauth_states.consumed_at is 'When the callback used the state; a second use is refused as reused.';
create index provider_oauth_states_created_at_idx on vitalis_private.provider_oauth_states (created_at);

create policy provider_webhook_lookup on vitalis.connected_devices for select to vitalis_owner
  using (source::text = current_setting('vitalis.webhook_source', true)
         and external_user_id = current_setting('vitalis.webhook_external_user_id', true));
comment on policy provider_webhook_lookup on vitalis.connected_devices is 'Lets enqueue_provider_webhook_sync (SECURITY DEFINER) find the connections a webhook names, while the transaction-local settings name them.';

create function vitalis_private.create_provider_oauth_state(p_state_hash bytea, p_source vitalis.data_source, p_code_verifier text, p_redirect_uri text)
  returns timestamptz
  language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_user_id uuid := vitalis.current_user_id();
  v_expires_at timestamptz;
begin
  if v_user_id is null then
    raise exception 'create_provider_oauth_state: no signed-in user' using errcode = '42501';
  end if;
  delete from vitalis_private.provider_oauth_states where created_at < now() - interval '1 day';
  insert into vitalis_private.provider_oauth_states (state_hash, user_id, source, code_verifier, redirect_uri)
  values (p_state_hash, v_user_id, p_source, p_code_verifier, p_redirect_uri)
  returning expires_at into v_expires_at;
  return v_expires_at;
end $$;
comment on function vitalis_private.create_provider_oauth_state(bytea, vitalis.data_source, text, text) is 'Records a connect started by the signed-in user: the sha256 of the OAuth state, the provider, the PKCE verifier and redirect_uri. Returns when it expires (10 minutes).';

-- status: 'ok' | 'unknown' (never issued) | 'reused' (already consumed) | 'expired' | 'wrong_provider'
create function vitalis_private.consume_provider_oauth_state(p_state_hash bytea, p_source vitalis.data_source)
  returns table (status text, user_id uuid, code_verifier text, redirect_uri text)
  language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_row vitalis_private.provider_oauth_states;
begin
  select * into v_row from vitalis_private.provider_oauth_states s where s.state_hash = p_state_hash for update;
  if not found then
    return query select 'unknown'::text, null::uuid, null::text, null::text;
    return;
  end if;
  if v_row.consumed_at is not null then
    return query select 'reused'::text, null::uuid, null::text, null::text;
    return;
  end if;
  -- Single use whatever the outcome: a state that failed once cannot be tried again.
  update vitalis_private.provider_oauth_states s set consumed_at = now() where s.state_hash = p_state_hash;
  if v_row.expires_at <= now() then
    return query select 'expired'::text, null::uuid, null::text, null::text;
  elsif v_row.source <> p_source then
    return query select 'wrong_provider'::text, null::uuid, null::text, null::text;
  else
    return query select 'ok'::text, v_row.user_id, v_row.code_verifier, v_row.redirect_uri;
  end if;
end $$;
comment on function vitalis_private.consume_provider_oauth_state(bytea, vitalis.data_source) is 'Uses an OAuth state once (the provider callback has no session): status ok with the user, PKCE verifier and redirect_uri, or unknown, reused, expired, wrong_provider.';

create function vitalis_private.enqueue_provider_webhook_sync(p_source vitalis.data_source, p_external_user_id text, p_payload jsonb)
  returns integer
  language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_device record;
  v_count integer := 0;
begin
  perform set_config('vitalis.webhook_source', p_source::text, true);
  perform set_config('vitalis.webhook_external_user_id', p_external_user_id, true);
  for v_device in
    select d.device_id, d.user_id from vitalis.connected_devices d
     where d.source = p_source and d.external_user_id = p_external_user_id and d.is_active
  loop
    -- enqueue_ingestion_job acts as that user (RLS, audit) while it writes the job.
    perform vitalis_private.enqueue_ingestion_job(v_device.user_id, 'webhook_sync', p_source,
      coalesce(p_payload, '{}'::jsonb) || jsonb_build_object('device_id', v_device.device_id));
    v_count := v_count + 1;
  end loop;
  perform set_config('vitalis.webhook_source', '', true);
  perform set_config('vitalis.webhook_external_user_id', '', true);
  return v_count;
end $$;
comment on function vitalis_private.enqueue_provider_webhook_sync(vitalis.data_source, text, jsonb) is 'Queues a webhook_sync job for every active connection to p_source whose external_user_id matches (a verified webhook has no user session). Returns how many were queued; 0 for an unknown user.';

grant execute on function vitalis_private.create_provider_oauth_state(bytea, vitalis.data_source, text, text) to vitalis_api;
grant execute on function vitalis_private.consume_provider_oauth_state(bytea, vitalis.data_source) to vitalis_anonymous;
grant execute on function vitalis_private.enqueue_provider_webhook_sync(vitalis.data_source, text, jsonb) to vitalis_anonymous;

reset role;
