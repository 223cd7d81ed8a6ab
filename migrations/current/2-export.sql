set local lock_timeout = '5s';
set local role vitalis_owner;

-- Data export (GDPR Art. 15/20, issue 12): a signed-in user asks for an archive of everything they
-- own; the exports__build task writes it (src/privacy/export), the mail and GET
-- /exports/:id/download hand it out, exports__expire deletes it after EXPORT_LINK_TTL.
-- The database part: the request (queued with its job in one transaction), the status moves only
-- the server makes, and the catalog of what an archive contains, read from pg_catalog so that a
-- table added later is exported without a code change.

-- ---------------------------------------------------------------------------------------------
-- The request row: a failure after the worker's last attempt says so, instead of "processing".
alter table vitalis.data_export_requests drop constraint if exists data_export_requests_status_check;
alter table vitalis.data_export_requests add constraint data_export_requests_status_check
  check (status in ('queued', 'processing', 'ready', 'downloaded', 'expired', 'failed'));
alter table vitalis.data_export_requests add column if not exists error_message text;
alter table vitalis.data_export_requests add column if not exists downloaded_at timestamptz;
comment on column vitalis.data_export_requests.status is 'queued (waiting for the worker), processing (the archive is being written), ready (the link works), downloaded (fetched at least once; the link still works until expiresAt), expired (the archive is deleted), failed (the worker gave up: see errorMessage; ask again).';
comment on column vitalis.data_export_requests.format is 'json (one JSON array per table) or csv (one CSV file per table); both come with a JSON Schema per table and the stored files.';
comment on column vitalis.data_export_requests.error_message is 'Why the export failed (status failed), without personal data.';
comment on column vitalis.data_export_requests.downloaded_at is 'When the archive was first downloaded through GET /exports/{exportId}/download.';
comment on column vitalis.data_export_requests.file_size_bytes is 'Size of the archive (zip) in bytes.';
comment on column vitalis.data_export_requests.completed_at is 'When the archive was written.';

-- Clients ask through request_data_export (which queues the job); a bare insert would wait forever.
revoke insert on vitalis.data_export_requests from vitalis_api;
revoke insert (format) on vitalis.data_export_requests from vitalis_api;

-- The worker and the expiry cron find a request by its id alone (the payload carries no user):
-- vitalis_owner reads any request only inside the functions below, which set this flag.
drop policy if exists export_lookup on vitalis.data_export_requests;
create policy export_lookup on vitalis.data_export_requests for select to vitalis_owner
  using (current_setting('vitalis.export_lookup', true) = 'on');
-- The archive includes the user's audit rows and account: vitalis_owner (export_rows) reads them
-- only while it exports, and only the current user's.
drop policy if exists export_read on vitalis.audit_log;
create policy export_read on vitalis.audit_log for select to vitalis_owner
  using (current_setting('vitalis.export_reading', true) = 'on' and user_id = (select vitalis.current_user_id()));
drop policy if exists export_read on vitalis.accounts;
create policy export_read on vitalis.accounts for select to vitalis_owner
  using (current_setting('vitalis.export_reading', true) = 'on' and account_id = (select vitalis.current_account_id()));

-- ---------------------------------------------------------------------------------------------
-- Asking for an export.

create or replace function vitalis_private.export_limits() returns table (per_hour integer)
language sql immutable parallel safe as $$ select 1 $$;
comment on function vitalis_private.export_limits() is 'How many new exports one user may ask for per hour (an archive reads every row they own: bounded cost per user).';

create or replace function vitalis.request_data_export(format text default 'json') returns vitalis.data_export_requests
language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_me uuid := vitalis.current_user_id();
  v_format text := lower(btrim(coalesce(format, 'json')));
  v_row vitalis.data_export_requests;
  v_next timestamptz;
begin
  if v_me is null then
    raise exception 'authorization: sign in to export your data' using errcode = '28000';
  end if;
  if v_format not in ('json', 'csv') then
    raise exception 'format: must be json or csv' using errcode = '22023', column = 'format';
  end if;
  -- One request at a time per user, even from concurrent calls.
  perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtextextended('vitalis.request_data_export:' || v_me::text, 0));
  -- A job that died on every attempt (killed five times) leaves its export processing for good:
  -- after a day it no longer holds the next request back.
  update vitalis.data_export_requests r
     set status = 'failed', error_message = 'the export did not finish within a day; ask for a new export'
   where r.user_id = v_me and r.status in ('queued', 'processing') and r.requested_at < now() - interval '1 day';
  select r.* into v_row from vitalis.data_export_requests r
   where r.user_id = v_me and r.status in ('queued', 'processing')
   order by r.requested_at desc limit 1;
  if found then
    return v_row;
  end if;
  select min(r.requested_at) + interval '1 hour' into v_next
    from (select r.requested_at from vitalis.data_export_requests r
           where r.user_id = v_me and r.status <> 'failed' and r.requested_at > now() - interval '1 hour'
           order by r.requested_at desc limit (select l.per_hour from vitalis_private.export_limits() l)) r
   having count(*) >= (select l.per_hour from vitalis_private.export_limits() l);
  if v_next is not null then
    raise exception 'requestDataExport: at most % new export per hour; ask again after %', (select l.per_hour from vitalis_private.export_limits() l),
      to_char(v_next at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') using errcode = '23514';
  end if;
  insert into vitalis.data_export_requests (user_id, format, status) values (v_me, v_format, 'queued') returning * into v_row;
  perform vitalis_private.worker_add_job('exports__build', json_build_object('exportId', v_row.export_id), 'export:' || v_row.export_id, 5, 5);
  return v_row;
end $$;
comment on function vitalis.request_data_export(text) is 'Asks for an archive of all your data (format json or csv), written in the background: its status goes queued -> processing -> ready, and an email brings the download link (valid 7 days; also GET /exports/{exportId}/download). Asking again while one is queued or processing returns it (one stuck for a day is marked failed instead); at most one new export per hour.';
revoke all on function vitalis.request_data_export(text) from public;
grant execute on function vitalis.request_data_export(text) to vitalis_api;

-- ---------------------------------------------------------------------------------------------
-- The status moves the server makes (never a client: they are not in schema vitalis).

create or replace function vitalis_private.export_start(p_export_id uuid)
returns table (export_id uuid, user_id uuid, email text, format text, status text)
language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_previous text := current_setting('app.current_user_id', true);
  v_user uuid;
begin
  perform set_config('vitalis.export_lookup', 'on', true);
  select r.user_id into v_user from vitalis.data_export_requests r where r.export_id = p_export_id;
  perform set_config('vitalis.export_lookup', '', true);
  if v_user is null then
    return;
  end if;
  perform set_config('app.current_user_id', v_user::text, true);
  -- queued, or processing again after a crash: (re)start from scratch.
  update vitalis.data_export_requests r
     set status = 'processing', s3_key = null, file_size_bytes = null, completed_at = null, expires_at = null, error_message = null
   where r.export_id = p_export_id and r.status in ('queued', 'processing');
  return query
    select r.export_id, r.user_id, u.email, r.format, r.status
      from vitalis.data_export_requests r join vitalis.users u on u.user_id = r.user_id
     where r.export_id = p_export_id;
  perform set_config('app.current_user_id', coalesce(v_previous, ''), true);
end $$;
comment on function vitalis_private.export_start(uuid) is 'Worker: marks an export processing (from queued, or from processing after a crash) and returns it with its owner; a ready, downloaded, expired or failed export is returned unchanged, an unknown one not at all.';
revoke all on function vitalis_private.export_start(uuid) from public;
grant execute on function vitalis_private.export_start(uuid) to vitalis_worker;

create or replace function vitalis_private.export_finish(p_export_id uuid, p_s3_key text, p_size_bytes bigint, p_expires_at timestamptz, p_download_url text, p_summary jsonb)
returns boolean
language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_previous text := current_setting('app.current_user_id', true);
  v_row vitalis.data_export_requests;
  v_email text;
begin
  perform set_config('vitalis.export_lookup', 'on', true);
  select r.* into v_row from vitalis.data_export_requests r where r.export_id = p_export_id;
  perform set_config('vitalis.export_lookup', '', true);
  if v_row.export_id is null then
    raise exception 'exportId: no such export' using errcode = 'VT404', column = 'export_id';
  end if;
  perform set_config('app.current_user_id', v_row.user_id::text, true);
  update vitalis.data_export_requests r
     set status = 'ready', s3_key = p_s3_key, file_size_bytes = p_size_bytes, expires_at = p_expires_at, completed_at = now(), error_message = null
   where r.export_id = p_export_id and r.status = 'processing';
  if not found then
    perform set_config('app.current_user_id', coalesce(v_previous, ''), true);
    return false;
  end if;
  -- EXPORT in the audit log: which export, what went into it (table names and counts), no values.
  insert into vitalis.audit_log (user_id, action_by, table_name, record_id, action, new_values, request_id)
  values (v_row.user_id, v_row.user_id, 'data_export_requests', p_export_id, 'EXPORT',
          jsonb_build_object('format', v_row.format, 'sizeBytes', p_size_bytes) || coalesce(p_summary, '{}'::jsonb),
          vitalis_private.current_request_id());
  select u.email into v_email from vitalis.users u where u.user_id = v_row.user_id;
  perform vitalis_private.queue_mail('export_ready', v_email, jsonb_build_object(
    'downloadUrl', p_download_url,
    'expiresAt', to_char(p_expires_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
    'format', v_row.format,
    'sizeBytes', p_size_bytes));
  perform set_config('app.current_user_id', coalesce(v_previous, ''), true);
  return true;
end $$;
comment on function vitalis_private.export_finish(uuid, text, bigint, timestamptz, text, jsonb) is 'Worker: in one transaction marks a processing export ready (archive key, size, link expiry), appends the EXPORT audit row (table counts, no values) and queues the export_ready mail with the link. False when the export was not processing (nothing changes).';
revoke all on function vitalis_private.export_finish(uuid, text, bigint, timestamptz, text, jsonb) from public;
grant execute on function vitalis_private.export_finish(uuid, text, bigint, timestamptz, text, jsonb) to vitalis_worker;

create or replace function vitalis_private.export_fail(p_export_id uuid, p_reason text) returns void
language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_previous text := current_setting('app.current_user_id', true);
  v_user uuid;
begin
  perform set_config('vitalis.export_lookup', 'on', true);
  select r.user_id into v_user from vitalis.data_export_requests r where r.export_id = p_export_id;
  perform set_config('vitalis.export_lookup', '', true);
  if v_user is null then
    return;
  end if;
  perform set_config('app.current_user_id', v_user::text, true);
  update vitalis.data_export_requests r set status = 'failed', error_message = left(coalesce(p_reason, 'the export failed'), 500)
   where r.export_id = p_export_id and r.status in ('queued', 'processing');
  perform set_config('app.current_user_id', coalesce(v_previous, ''), true);
end $$;
comment on function vitalis_private.export_fail(uuid, text) is 'Worker: after its last attempt, marks a queued or processing export failed with a reason (no personal data); the user may ask again.';
revoke all on function vitalis_private.export_fail(uuid, text) from public;
grant execute on function vitalis_private.export_fail(uuid, text) to vitalis_worker;

create or replace function vitalis_private.export_download(p_export_id uuid)
returns table (s3_key text, status text, expires_at timestamptz)
language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_row vitalis.data_export_requests;
begin
  if vitalis.current_user_id() is null then
    raise exception 'authorization: sign in to download your export' using errcode = '28000';
  end if;
  -- RLS (as the caller's user): another user's export is not found.
  select r.* into v_row from vitalis.data_export_requests r where r.export_id = p_export_id and r.user_id = vitalis.current_user_id() for update;
  if v_row.export_id is null then
    raise exception 'exportId: no such export' using errcode = 'VT404', column = 'export_id';
  end if;
  if v_row.status in ('ready', 'downloaded') and v_row.expires_at > now() then
    update vitalis.data_export_requests r set status = 'downloaded', downloaded_at = coalesce(r.downloaded_at, now())
     where r.export_id = p_export_id;
    return query select v_row.s3_key, 'downloaded'::text, v_row.expires_at;
    return;
  end if;
  return query select null::text, case when v_row.status in ('ready', 'downloaded') then 'expired' else v_row.status end, v_row.expires_at;
end $$;
comment on function vitalis_private.export_download(uuid) is 'GET /exports/{exportId}/download as the signed-in user: marks their ready export downloaded and returns its archive key; for one not ready (or expired) returns its status and no key. Another user''s export is not found.';
revoke all on function vitalis_private.export_download(uuid) from public;
grant execute on function vitalis_private.export_download(uuid) to vitalis_api;

create or replace function vitalis_private.exports_due_to_expire(p_limit integer)
returns table (export_id uuid, user_id uuid, s3_key text)
language plpgsql volatile security definer set search_path = pg_catalog as $$
begin
  perform set_config('vitalis.export_lookup', 'on', true);
  return query
    select r.export_id, r.user_id, r.s3_key from vitalis.data_export_requests r
     where r.status in ('ready', 'downloaded') and r.expires_at <= now()
     order by r.expires_at limit greatest(1, least(coalesce(p_limit, 100), 1000));
  perform set_config('vitalis.export_lookup', '', true);
end $$;
comment on function vitalis_private.exports_due_to_expire(integer) is 'Expiry cron: ready or downloaded exports whose link has expired (oldest first, at most p_limit), with their archive key to delete.';
revoke all on function vitalis_private.exports_due_to_expire(integer) from public;
grant execute on function vitalis_private.exports_due_to_expire(integer) to vitalis_worker;

create or replace function vitalis_private.export_expire(p_export_id uuid) returns boolean
language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_previous text := current_setting('app.current_user_id', true);
  v_user uuid;
begin
  perform set_config('vitalis.export_lookup', 'on', true);
  select r.user_id into v_user from vitalis.data_export_requests r where r.export_id = p_export_id;
  perform set_config('vitalis.export_lookup', '', true);
  if v_user is null then
    return false;
  end if;
  perform set_config('app.current_user_id', v_user::text, true);
  update vitalis.data_export_requests r set status = 'expired'
   where r.export_id = p_export_id and r.status in ('ready', 'downloaded') and r.expires_at <= now();
  perform set_config('app.current_user_id', coalesce(v_previous, ''), true);
  return found;
end $$;
comment on function vitalis_private.export_expire(uuid) is 'Expiry cron: marks an export expired once its archive is deleted (only ready or downloaded exports past expiresAt). The key stays, to say what was deleted.';
revoke all on function vitalis_private.export_expire(uuid) from public;
grant execute on function vitalis_private.export_expire(uuid) to vitalis_worker;

-- ---------------------------------------------------------------------------------------------
-- What an archive contains, from the catalog.

create or replace function vitalis_private.export_omitted_columns() returns text[]
language sql immutable parallel safe as $$
  select array['vitalis_private.provider_oauth_states.code_verifier']
$$;
comment on function vitalis_private.export_omitted_columns() is 'Secret columns the naming rule of export_is_secret does not catch (schema.table.column): never exported.';

create or replace function vitalis_private.export_is_secret(p_table text, p_column text) returns boolean
language sql immutable parallel safe as $$
  select p_column ~ '(_enc|_hash|_secret|_token|_verifier|_salt)$'
      or p_column ~ '^(password|secret|salt)'
      or (p_table || '.' || p_column) = any (vitalis_private.export_omitted_columns())
$$;
comment on function vitalis_private.export_is_secret(text, text) is 'Whether a column is a secret the export leaves out: names ending in _enc, _hash, _secret, _token, _verifier or _salt, names starting with password, secret or salt, and the explicit list export_omitted_columns().';
grant execute on function vitalis_private.export_omitted_columns() to vitalis_worker;
grant execute on function vitalis_private.export_is_secret(text, text) to vitalis_worker;

drop function if exists vitalis_private.export_tables();
-- The result gained "reference" (the dictionaries the user's rows point at): a new row type.
drop function if exists vitalis_private.export_tables(regclass);
create or replace function vitalis_private.export_tables(p_only regclass default null)
returns table (table_name text, owner_column text, key_columns text[], columns jsonb, omitted_columns text[], description text, reference boolean)
language sql stable as $$
  with recursive candidate as (
    select c.oid, n.nspname || '.' || c.relname as table_name
      from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
     where n.nspname in ('vitalis', 'vitalis_private') and c.relkind in ('r', 'p') and not c.relispartition
  ), owned as (
    select k.oid from candidate k
     where exists (select 1 from pg_catalog.pg_attribute a where a.attrelid = k.oid and a.attname = 'user_id' and not a.attisdropped)
        or k.oid = 'vitalis.accounts'::regclass
  ), shared as (
    -- Reference tables are shared rows of schema vitalis (the dictionaries): a private table
    -- without user_id is server state (provider tokens, say) and never leaves, referenced or not.
    select k.oid from candidate k where k.table_name like 'vitalis.%' and k.oid not in (select o.oid from owned o)
  ), referenced (oid) as (
    -- Tables without user_id that an exported table points at by a foreign key (a dictionary),
    -- and what those point at in turn: only the rows the user's rows reference are exported.
    select f.confrelid from pg_catalog.pg_constraint f join owned o on o.oid = f.conrelid join shared s on s.oid = f.confrelid
     where f.contype = 'f' and f.conparentid = 0
    union
    select f.confrelid from pg_catalog.pg_constraint f join referenced r on r.oid = f.conrelid join shared s on s.oid = f.confrelid
     where f.contype = 'f' and f.conparentid = 0
  ), t as (
    select k.oid, k.table_name, not exists (select 1 from owned o where o.oid = k.oid) as reference
      from candidate k
     where (k.oid in (select o.oid from owned o) or k.oid in (select r.oid from referenced r))
       and (p_only is null or k.oid = p_only)
  ), col as (
    select t.oid, a.attnum, a.attname::text as name, a.attnotnull,
           pg_catalog.format_type(a.atttypid, a.atttypmod) as type,
           coalesce(nullif(bt.typelem, 0), 0) as elem_oid, bt.typcategory::text as category, bt.oid as base_oid,
           pg_catalog.col_description(t.oid, a.attnum) as comment,
           vitalis_private.export_is_secret(t.table_name, a.attname::text) as secret
      from t join pg_catalog.pg_attribute a on a.attrelid = t.oid and a.attnum > 0 and not a.attisdropped
      join pg_catalog.pg_type ty on ty.oid = a.atttypid
      join pg_catalog.pg_type bt on bt.oid = case when ty.typtype = 'd' then ty.typbasetype else ty.oid end
  )
  select t.table_name,
         case when t.reference then null when t.oid = 'vitalis.accounts'::regclass then 'account_id' else 'user_id' end,
         coalesce((select array_agg(a.attname::text order by k.ord)
                     from pg_catalog.pg_index i cross join unnest(i.indkey) with ordinality k(attnum, ord)
                     join pg_catalog.pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum
                    where i.indrelid = t.oid and i.indisprimary),
                  (select array_agg(col.name order by col.attnum) from col where col.oid = t.oid and not col.secret)),
         coalesce((select jsonb_agg(jsonb_build_object(
                     'name', col.name, 'type', col.type, 'category', col.category, 'notNull', col.attnotnull,
                     'elementType', case when col.elem_oid <> 0 then pg_catalog.format_type(col.elem_oid, null) end,
                     'elementCategory', (select e.typcategory::text from pg_catalog.pg_type e where e.oid = col.elem_oid),
                     'enumLabels', (select jsonb_agg(e.enumlabel order by e.enumsortorder) from pg_catalog.pg_enum e
                                     where e.enumtypid = case when col.elem_oid <> 0 then col.elem_oid else col.base_oid end),
                     'description', col.comment) order by col.attnum)
                     from col where col.oid = t.oid and not col.secret), '[]'::jsonb),
         coalesce((select array_agg(col.name order by col.attnum) from col where col.oid = t.oid and col.secret), '{}'),
         pg_catalog.obj_description(t.oid, 'pg_class'),
         t.reference
    from t order by t.table_name
$$;
comment on function vitalis_private.export_tables(regclass) is 'Every table a data export contains (or only p_only, when it is one), read from the catalog: each table with a user_id column in vitalis and vitalis_private (parents of partitions only), plus vitalis.accounts (the user''s account), plus the reference tables of schema vitalis (no user_id; e.g. biomarker_dictionary) that those point at by a foreign key, directly or through another reference table. Per table: the column that selects the user''s rows (null for a reference table: the rows the user''s rows reference), the key to order by, the exported columns (type, nullability, enum labels, comment), the secret columns left out, and whether it is a reference table.';
revoke all on function vitalis_private.export_tables(regclass) from public;
grant execute on function vitalis_private.export_tables(regclass) to vitalis_worker;

create or replace function vitalis_private.export_row_filter(p_table regclass, p_alias text, p_depth integer default 0) returns text
language plpgsql stable set search_path = pg_catalog as $$
declare
  v_owner text;
  v_reference boolean;
  v_next text := 'x' || (p_depth + 1)::text;
  v_filter text;
begin
  select e.owner_column, e.reference into v_owner, v_reference from vitalis_private.export_tables(p_table) e;
  if not found then
    return 'false';
  end if;
  if v_owner = 'user_id' then
    return pg_catalog.format('%I.user_id = $1', p_alias);
  elsif v_owner = 'account_id' then
    return pg_catalog.format('%I.account_id = (select u.account_id from vitalis.users u where u.user_id = $1)', p_alias);
  end if;
  -- A reference table: the rows some exported row of the user points at, through each foreign
  -- key into it (a chain of reference tables is bounded; a self-reference adds nothing).
  if p_depth >= 4 then
    return 'false';
  end if;
  -- The foreign keys into p_table first (materialized): the catalog check per key is not cheap.
  with fk as materialized (
    select f.conname, f.conrelid, f.confrelid, f.conkey, f.confkey from pg_catalog.pg_constraint f
     where f.contype = 'f' and f.conparentid = 0 and f.confrelid = p_table and f.conrelid <> p_table
  )
  select pg_catalog.string_agg(pg_catalog.format('(%s) in (select %s from %s %I where %s and (%s) is not null)',
           (select pg_catalog.string_agg(pg_catalog.format('%I.%I', p_alias, a.attname), ', ' order by k.ord)
              from unnest(f.confkey) with ordinality k(attnum, ord) join pg_catalog.pg_attribute a on a.attrelid = f.confrelid and a.attnum = k.attnum),
           (select pg_catalog.string_agg(pg_catalog.format('%I.%I', v_next, a.attname), ', ' order by k.ord)
              from unnest(f.conkey) with ordinality k(attnum, ord) join pg_catalog.pg_attribute a on a.attrelid = f.conrelid and a.attnum = k.attnum),
           f.conrelid::regclass, v_next,
           vitalis_private.export_row_filter(f.conrelid::regclass, v_next, p_depth + 1),
           (select pg_catalog.string_agg(pg_catalog.format('%I.%I', v_next, a.attname), ', ' order by k.ord)
              from unnest(f.conkey) with ordinality k(attnum, ord) join pg_catalog.pg_attribute a on a.attrelid = f.conrelid and a.attnum = k.attnum)),
         ' or ' order by f.conrelid::regclass::text, f.conname)
    into v_filter
    from fk f
   where exists (select 1 from vitalis_private.export_tables(f.conrelid::regclass));
  return coalesce('(' || v_filter || ')', 'false');
end $$;
comment on function vitalis_private.export_row_filter(regclass, text, integer) is 'The SQL condition (on alias p_alias, the user id as $1) that selects one user''s rows of an exported table: user_id, the user''s account, or for a reference table the rows their exported rows point at by a foreign key. Built from the catalog for export_rows.';
revoke all on function vitalis_private.export_row_filter(regclass, text, integer) from public;

create or replace function vitalis_private.export_rows(p_table anyelement, p_user_id uuid) returns setof anyelement
language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_previous text := current_setting('app.current_user_id', true);
  v_table text;
  v_rel regclass;
  v_known boolean := false;
  v_info record;
  v_secrets text[];
  v_select text;
  v_where text;
begin
  if p_user_id is null then
    raise exception 'userId: a user id is required' using errcode = '22004', column = 'user_id';
  end if;
  select n.nspname || '.' || c.relname, c.oid::regclass into v_table, v_rel
    from pg_catalog.pg_type ty join pg_catalog.pg_class c on c.oid = ty.typrelid join pg_catalog.pg_namespace n on n.oid = c.relnamespace
   where ty.oid = pg_catalog.pg_typeof(p_table);
  if v_rel is not null then
    select e.* into v_info from vitalis_private.export_tables(v_rel) e;
    v_known := found;
  end if;
  if not v_known then
    raise exception 'table: % is not part of an export', coalesce(v_table, pg_catalog.pg_typeof(p_table)::text) using errcode = '22023', column = 'table';
  end if;
  -- Secret columns come back NULL (the row type stays the table's); audit images lose every key
  -- that is a secret column's name anywhere in the export.
  if v_table = 'vitalis.audit_log' then
    select array_agg(distinct s) into v_secrets from vitalis_private.export_tables() e, unnest(e.omitted_columns) s;
  end if;
  select string_agg(case
           when a.attname::text = any (v_info.omitted_columns) then format('null::%s as %I', pg_catalog.format_type(a.atttypid, a.atttypmod), a.attname)
           when v_table = 'vitalis.audit_log' and a.attname in ('old_values', 'new_values') then format('(t.%1$I - %2$L::text[]) as %1$I', a.attname, coalesce(v_secrets, '{}'))
           else format('t.%I', a.attname) end, ', ' order by a.attnum)
    into v_select
    from pg_catalog.pg_attribute a where a.attrelid = v_rel and a.attnum > 0 and not a.attisdropped;
  v_where := case when v_info.reference then vitalis_private.export_row_filter(v_rel, 't')
                  when v_info.owner_column = 'account_id' then 't.account_id = (select u.account_id from vitalis.users u where u.user_id = $1)'
                  else 't.user_id = $1' end;
  -- Forced RLS binds the owner too: read as the user being exported.
  perform set_config('app.current_user_id', p_user_id::text, true);
  perform set_config('vitalis.export_reading', 'on', true);
  return query execute format('select %s from %s t where %s order by %s', v_select, v_rel, v_where,
                              (select string_agg(format('t.%I', k), ', ') from unnest(v_info.key_columns) k))
    using p_user_id;
  perform set_config('vitalis.export_reading', '', true);
  perform set_config('app.current_user_id', coalesce(v_previous, ''), true);
end $$;
comment on function vitalis_private.export_rows(anyelement, uuid) is 'Worker: one user''s rows of one exported table (call with null::<table>; for a reference table, the rows their rows point at), ordered by its key, secret columns NULL and secret keys dropped from audit images. The export task selects from it inside COPY, in one repeatable-read snapshot. Definer: private tables and audit rows are not the worker''s to read.';
revoke all on function vitalis_private.export_rows(anyelement, uuid) from public;
grant execute on function vitalis_private.export_rows(anyelement, uuid) to vitalis_worker;

reset role;
