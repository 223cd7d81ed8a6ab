--! Previous: sha1:fa75e88e8b34cd0dabc1004f6e3f89e2af375369
--! Hash: sha1:7ed6a655eda2cf8a9921b959c29af7b043776872
--! Message: Batch upserts take from a client only what it may write: a request acting as vitalis_api naming source_updated_at, user_id, an id or a stamp is refused, each key named with its row (42501); the worker's syncs and the Apple Health import still version their rows; the upserts' API comments say so

--! split: 1-current.sql
set local lock_timeout = '5s';
set local role vitalis_owner;

-- The batch upserts take from a client only what the client may write. They run as their owner
-- (SECURITY DEFINER), so until now a signed-in client could send, through them, what the column
-- grants keep from it everywhere else: `source_updated_at` (a provider's version stamp, which
-- decides whether a later sync may overwrite the row: a client stamping 2099 froze that day against
-- every sync), `user_id`, ids, `created_at`/`updated_at`/`deleted_at`. Most were ignored, silently;
-- now a client's batch naming any of them is refused, every such key named with its row, and the
-- line is the one the grants draw: the columns vitalis_api may INSERT into the table itself
-- (set_client_columns, test/db/writableColumns.test.ts). The worker (provider syncs) and the
-- owner still send `source_updated_at`.

create or replace function vitalis_private.batch_caller_is_client() returns boolean
  language sql stable parallel safe as $$
  -- Inside a SECURITY DEFINER function current_user is the owner; the caller's role is the one the
  -- request switched to (the `role` setting), or the login role when it switched to none. A member
  -- of vitalis_worker or vitalis_owner (a superuser is a member of every role) is the server.
  select not (pg_catalog.pg_has_role(r.name, 'vitalis_worker', 'USAGE') or pg_catalog.pg_has_role(r.name, 'vitalis_owner', 'USAGE'))
    from (select case when pg_catalog.current_setting('role') operator(pg_catalog.=) 'none' then session_user
                      else pg_catalog.current_setting('role')::name end as name) r
$$;
comment on function vitalis_private.batch_caller_is_client() is 'Whether a batch upsert was called by a client (the request''s role is not the worker''s or the owner''s): a client may send only the columns vitalis_api may insert into the table.';
revoke all on function vitalis_private.batch_caller_is_client() from public;
grant execute on function vitalis_private.batch_caller_is_client() to vitalis_api, vitalis_worker, vitalis_admin;

create or replace function vitalis_private.batch_keys_outside(p_rows jsonb, p_allowed text[]) returns text
  language plpgsql stable parallel safe as $$
declare
  v_named text;
begin
  -- Each row minus the allowed keys is {} (one C call per row); only a batch that has one pays
  -- for naming every row and key.
  if not exists (select 1 from jsonb_array_elements(p_rows) e where (e - p_allowed) <> '{}'::jsonb) then
    return null;
  end if;
  -- A key that is not a plain name is quoted as a JSON string, so a list of them still reads
  -- unambiguously (a hostile key can hold spaces, commas and quotes).
  select string_agg(format('rows[%s].%s', e.i - 1, case when k.key ~ '^[A-Za-z_][A-Za-z0-9_]*$' then k.key else to_jsonb(k.key)::text end), ', ' order by e.i, k.key)
    into v_named
    from (select * from jsonb_array_elements(p_rows) with ordinality x(r, i)) e
    cross join lateral jsonb_object_keys(e.r) k(key)
   where k.key <> all (p_allowed);
  return v_named;
end $$;
comment on function vitalis_private.batch_keys_outside(jsonb, text[]) is 'The keys of a batch''s rows (an array of objects) that are not among the allowed ones, named with their rows'' indexes from 0 (`rows[3].stepz, rows[4]."a key"`); null when there are none.';
revoke all on function vitalis_private.batch_keys_outside(jsonb, text[]) from public;
grant execute on function vitalis_private.batch_keys_outside(jsonb, text[]) to vitalis_api, vitalis_worker, vitalis_admin;

create or replace function vitalis_private.check_batch_keys(p_rows jsonb, p_table text) returns void
  language plpgsql stable
as $$
declare
  v_columns text[];
  v_client_columns text[];
  v_named text;
begin
  if p_rows is null or jsonb_typeof(p_rows) <> 'array' then
    raise exception 'rows: must be a JSON array of objects' using errcode = '22023', column = 'rows';
  end if;
  if exists (select 1 from jsonb_array_elements(p_rows) e where jsonb_typeof(e) <> 'object') then
    raise exception 'rows: every row must be a JSON object' using errcode = '22023', column = 'rows';
  end if;
  select array_agg(a.attname::text),
         coalesce(array_agg(a.attname::text) filter (where has_column_privilege('vitalis_api', a.attrelid, a.attnum, 'INSERT')), '{}')
    into v_columns, v_client_columns
    from pg_attribute a where a.attrelid = format('vitalis.%I', p_table)::regclass and a.attnum > 0 and not a.attisdropped;
  v_named := vitalis_private.batch_keys_outside(p_rows, v_columns);
  if v_named is not null then
    raise exception '% %', v_named, case when v_named like '%,%' then 'are not known fields' else 'is not a known field' end
      using errcode = '22023', column = 'rows';
  end if;
  if vitalis_private.batch_caller_is_client() then
    v_named := vitalis_private.batch_keys_outside(p_rows, v_client_columns);
    if v_named is not null then
      raise exception '% %', v_named,
        case when v_named like '%,%' then 'are set by the server; a client may not send them' else 'is set by the server; a client may not send it' end
        using errcode = '42501', column = 'rows';
    end if;
  end if;
end $$;
comment on function vitalis_private.check_batch_keys(jsonb, text) is 'Batch upsert input, its shape: a JSON array of objects whose keys are all columns of the table, and, from a client, only columns vitalis_api may insert (not ids, user_id, stamps or source_updated_at); the keys refused are named with their rows'' indexes (from 0).';

-- The API's documentation of the upserts says what a client may send.
comment on function vitalis.upsert_wearable_daily(jsonb) is 'Idempotent batch upsert into wearable_daily keyed by (user_id, date, source): a JSON array of row objects with the columns a client may write (not user_id, ids, stamps or source_updated_at, which a provider sync sets: a row naming one is refused). A value left out (or null) keeps the stored one, so partial summaries of the same day merge; raw_data objects merge key by key; an older source_updated_at never overwrites a newer one, nor an unversioned row a versioned one. Returns rows inserted, updated and skipped (unchanged, duplicate in the batch, or older than the stored version).';
comment on function vitalis.upsert_wearable_sleep(jsonb) is 'Idempotent batch upsert into wearable_sleep keyed by (user_id, sleep_date, source): a JSON array of row objects with the columns a client may write (not user_id, ids, stamps or source_updated_at, which a provider sync sets: a row naming one is refused). A value left out (or null) keeps the stored one, so partial summaries of the same day merge; raw_data objects merge key by key; an older source_updated_at never overwrites a newer one, nor an unversioned row a versioned one. Returns rows inserted, updated and skipped (unchanged, duplicate in the batch, or older than the stored version).';
comment on function vitalis.upsert_wearable_activities(jsonb) is 'Idempotent batch upsert into wearable_activities keyed by (user_id, source, source_activity_id) across all years: a JSON array of row objects with the columns a client may write (not user_id, ids, stamps or source_updated_at: a row naming one is refused). An activity whose date moved is updated, not duplicated. Returns rows inserted, updated and skipped.';
comment on function vitalis.upsert_measurements(jsonb) is 'Idempotent batch upsert into measurements keyed by (user_id, metric, measured_at, source): a JSON array of row objects with the columns a client may write (metric, value, unit, measured_at, source, notes; the rows are yours, and a row naming user_id, an id or a stamp is refused). A new value for a stored measurement replaces it; the same one again changes nothing. Returns rows inserted, updated and skipped.';

reset role;
