--! Previous: sha1:90768d44711a061597a7731b398f571b475fdc50
--! Hash: sha1:5cbd8dad15de7242e7bab837bf455385f40bb419
--! Message: Sync jobs rescheduled on Retry-After; merging daily and sleep upserts; provider connect returnTo

--! split: 1-current.sql
set local lock_timeout = '5s';
set local role vitalis_owner;

/* A provider that asks us to come back much later (429 with a long Retry-After) gets its job
 * rescheduled for then, rather than retried on graphile-worker's short backoff: the job's
 * graphile-worker job is replaced (same job_key) by one that runs at p_run_at. */
drop function if exists vitalis_private.reschedule_ingestion_job(uuid, timestamptz);

create function vitalis_private.reschedule_ingestion_job(p_job_id uuid, p_run_at timestamptz) returns void
  language plpgsql volatile security definer set search_path = pg_catalog, public as $$
declare
  v_job vitalis.ingestion_jobs;
begin
  -- RLS (forced, also for this definer) limits this to the acting user's jobs.
  select * into v_job from vitalis.ingestion_jobs j where j.job_id = p_job_id;
  if not found then
    raise exception 'jobId: no such job' using errcode = '23514', column = 'job_id';
  end if;
  perform vitalis_private.worker_add_job(vitalis_private.ingestion_task(v_job.job_type), json_build_object('ingestionJobId', v_job.job_id),
                                         'ingestion:' || v_job.job_id, v_job.max_attempts, v_job.priority, p_run_at);
  update vitalis.ingestion_jobs j set status = 'retrying', next_retry_at = p_run_at where j.job_id = p_job_id;
end
$$;
comment on function vitalis_private.reschedule_ingestion_job(uuid, timestamptz) is 'Puts a job back in the queue to run at p_run_at (a provider''s Retry-After), status retrying. For the worker, acting as the job''s user.';
grant execute on function vitalis_private.reschedule_ingestion_job(uuid, timestamptz) to vitalis_worker;

drop function if exists vitalis_private.upsert_merge_expr(name);
-- Used only while this migration generates the upserts (dropped again below).
create function vitalis_private.upsert_merge_expr(col name) returns text
  language sql immutable as $$
  select case col
    when 'raw_data' then 'case when jsonb_typeof(t.raw_data) = ''object'' and jsonb_typeof(excluded.raw_data) = ''object'' then t.raw_data || excluded.raw_data else coalesce(excluded.raw_data, t.raw_data) end'
    else format('coalesce(excluded.%1$I, t.%1$I)', col)
  end
$$;

/* Daily summaries and nights arrive in pieces: Garmin sends HRV, pulse ox, respiration and body
 * battery as separate summaries of the same day, Apple Health and Oura fill different columns at
 * different times. The batch upserts of wearable_daily and wearable_sleep therefore merge: a
 * column the new payload leaves NULL keeps its stored value, raw_data objects are merged key by
 * key, and the rest of the contract is unchanged (idempotent; an older source_updated_at never
 * overwrites a newer one; counts of inserted, updated and skipped rows). Activities stay whole
 * records (replaced), as every provider sends them. */
do $gen$
declare
  spec record;
  v_cols text;
  v_set text;
  v_cmp_t text;
  v_cmp_m text;
begin
  for spec in select * from (values
      ('wearable_daily', 'daily_id', 'date', array['user_id', 'date', 'source']),
      ('wearable_sleep', 'sleep_id', 'sleep_date', array['user_id', 'sleep_date', 'source'])) s(tbl, id_col, date_col, key_cols)
  loop
    select string_agg(quote_ident(attname), ', ' order by attnum),
           string_agg(format('%1$I = %2$s', attname, vitalis_private.upsert_merge_expr(attname)), ', ' order by attnum) filter (where attname <> all (spec.key_cols)),
           string_agg(format('t.%I', attname), ', ' order by attnum) filter (where attname <> all (spec.key_cols) and attname <> 'source_updated_at'),
           string_agg(vitalis_private.upsert_merge_expr(attname), ', ' order by attnum) filter (where attname <> all (spec.key_cols) and attname <> 'source_updated_at')
      into v_cols, v_set, v_cmp_t, v_cmp_m
      from pg_attribute
     where attrelid = format('vitalis.%I', spec.tbl)::regclass and attnum > 0 and not attisdropped
       and attname not in (spec.id_col, 'created_at', 'updated_at');
    execute format($f$
      create or replace function vitalis.upsert_%1$s(p_rows jsonb)
        returns table (inserted integer, updated integer, skipped integer)
        language plpgsql volatile as $body$
      declare
        v_total integer;
        v_min date;
        v_max date;
      begin
        perform vitalis_private.check_batch(p_rows, %1$L);
        select count(*), min(r.%4$I), max(r.%4$I) into v_total, v_min, v_max
          from jsonb_populate_recordset(null::vitalis.%1$I, p_rows) r;
        if v_total = 0 then
          return query select 0, 0, 0;
          return;
        end if;
        perform vitalis_private.check_partition_dates(%1$L, %4$L, v_min, v_max);
        perform vitalis_private.ensure_partitions('vitalis.%1$I', v_min, v_max);
        return query
        with input as (
          select distinct on (coalesce(r.user_id, vitalis.current_user_id()), r.%4$I, r.source) r.*
            from jsonb_populate_recordset(null::vitalis.%1$I, p_rows) r
           order by coalesce(r.user_id, vitalis.current_user_id()), r.%4$I, r.source, r.source_updated_at desc nulls last
        ), written as (
          insert into vitalis.%1$I as t (%2$s)
          select %5$s from input i
          on conflict (%6$s) do update set %3$s
           where (t.source_updated_at is null or excluded.source_updated_at >= t.source_updated_at)
             and (%7$s) is distinct from (%8$s)
          returning 1
        ), existing as (
          -- Sees the table as it was before this statement: rows already there can only be
          -- updated or skipped, every other input row is inserted.
          select count(*)::integer as n
            from input i join vitalis.%1$I t
              on (t.user_id, t.%4$I, t.source) = (coalesce(i.user_id, vitalis.current_user_id()), i.%4$I, i.source)
        )
        select (select count(*) from input)::integer - e.n,
               (select count(*) from written)::integer - ((select count(*) from input)::integer - e.n),
               v_total - (select count(*) from written)::integer
          from existing e;
      end $body$;
      comment on function vitalis.upsert_%1$s(jsonb) is %9$L;
    $f$, spec.tbl, v_cols, v_set, spec.date_col,
      replace(replace(v_cols, 'user_id', 'coalesce(i.user_id, vitalis.current_user_id())'), '"', ''),
      array_to_string(spec.key_cols, ', '), v_cmp_t, v_cmp_m,
      format('Idempotent batch upsert into %s keyed by (%s): a JSON array of row objects. A value left out (or null) keeps the stored one, so partial summaries of the same day merge; raw_data objects merge key by key; an older source_updated_at never overwrites a newer one. Returns rows inserted, updated and skipped (unchanged, duplicate in the batch, or older than the stored version).',
             spec.tbl, array_to_string(spec.key_cols, ', ')));
  end loop;
end $gen$;
drop function vitalis_private.upsert_merge_expr(name);

/* Connecting a provider from an app: the app passes returnTo at connect (an address on one of its
 * own origins), and the callback sends the browser back there with the outcome, instead of
 * leaving the user on a JSON page. Stored with the state, so it cannot be swapped in transit. */
alter table vitalis_private.provider_oauth_states add column if not exists return_to text;
comment on column vitalis_private.provider_oauth_states.return_to is 'Where the callback sends the browser afterwards (an app address the connect request named, checked against the allowed origins); NULL answers JSON.';

drop function if exists vitalis_private.consume_provider_oauth_state(bytea, vitalis.data_source);
drop function if exists vitalis_private.create_provider_oauth_state(bytea, vitalis.data_source, text, text, text);

create function vitalis_private.create_provider_oauth_state(p_state_hash bytea, p_source vitalis.data_source, p_code_verifier text, p_redirect_uri text, p_return_to text)
  returns timestamptz
  language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_expires_at timestamptz;
begin
  v_expires_at := vitalis_private.create_provider_oauth_state(p_state_hash, p_source, p_code_verifier, p_redirect_uri);
  update vitalis_private.provider_oauth_states s set return_to = p_return_to where s.state_hash = p_state_hash;
  return v_expires_at;
end $$;
comment on function vitalis_private.create_provider_oauth_state(bytea, vitalis.data_source, text, text, text) is 'create_provider_oauth_state with the app address to return the browser to after the callback.';
grant execute on function vitalis_private.create_provider_oauth_state(bytea, vitalis.data_source, text, text, text) to vitalis_api;

-- status: 'ok' | 'unknown' (never issued) | 'reused' (already consumed) | 'expired' | 'wrong_provider'
create function vitalis_private.consume_provider_oauth_state(p_state_hash bytea, p_source vitalis.data_source)
  returns table (status text, user_id uuid, code_verifier text, redirect_uri text, return_to text)
  language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_row vitalis_private.provider_oauth_states;
begin
  select * into v_row from vitalis_private.provider_oauth_states s where s.state_hash = p_state_hash for update;
  if not found then
    return query select 'unknown'::text, null::uuid, null::text, null::text, null::text;
    return;
  end if;
  if v_row.consumed_at is not null then
    return query select 'reused'::text, null::uuid, null::text, null::text, v_row.return_to;
    return;
  end if;
  -- Single use whatever the outcome: a state that failed once cannot be tried again.
  update vitalis_private.provider_oauth_states s set consumed_at = now() where s.state_hash = p_state_hash;
  if v_row.expires_at <= now() then
    return query select 'expired'::text, null::uuid, null::text, null::text, v_row.return_to;
  elsif v_row.source <> p_source then
    return query select 'wrong_provider'::text, null::uuid, null::text, null::text, null::text;
  else
    return query select 'ok'::text, v_row.user_id, v_row.code_verifier, v_row.redirect_uri, v_row.return_to;
  end if;
end $$;
comment on function vitalis_private.consume_provider_oauth_state(bytea, vitalis.data_source) is 'Uses an OAuth state once (the provider callback has no session): status ok with the user, PKCE verifier, redirect_uri and return address, or unknown, reused, expired, wrong_provider.';
grant execute on function vitalis_private.consume_provider_oauth_state(bytea, vitalis.data_source) to vitalis_anonymous;

reset role;
