--! Previous: sha1:a0128033e40a9de77ab0674c3cf3a299c5b0b2a8
--! Hash: sha1:adc0b2da42e159b81e128e12abe43ae22acb7fbc
--! Message: Privacy operations: export, erasure flow, billing, mail queue and retention

--! split: 1-current.sql
set local lock_timeout = '5s';
set local role vitalis_owner;



reset role;

--! split: 2-export.sql
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

--! split: 3-erasure-flow.sql
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

--! split: 4-billing.sql
set local lock_timeout = '5s';
set local role vitalis_owner;

/*
 * Billing (issue 12, docs/billing.md). Stripe is the source of truth for subscriptions; these
 * functions record what its signed webhooks say on the account (the billing entity: SCHEMA.md keeps
 * stripe_customer_id and subscription_* on accounts), idempotently by event id and never letting an
 * older event overwrite a newer state. Only the server calls them (schema vitalis_private: not in
 * the GraphQL API); no client can write stripe_customer_id or subscription_*.
 *
 * Household cap rule: Stripe's downgrade is recorded even when the household holds more members
 * than the new tier allows. Members are never removed; the account is marked over its cap
 * (accounts.over_max_users_since), and while it is, no one can join (invitations need a family
 * tier and the users max_users trigger refuses a move into a full account). The mark clears when
 * enough members leave or the account is back on a tier that holds them.
 */

-- Drop what this file creates, in reverse order (the file is re-run on every change).
drop function if exists vitalis_private.apply_stripe_subscription(text, text, timestamptz, text, text, vitalis.subscription_tier, vitalis.subscription_status, timestamptz);
drop function if exists vitalis_private.record_stripe_event(text, text, timestamptz, text);
drop function if exists vitalis_private.stripe_payment_failed(text, timestamptz, text, text);
drop function if exists vitalis_private.set_stripe_customer(text);
drop function if exists vitalis_private.billing_account();
drop trigger if exists _520_billing_over_cap on vitalis.users;
drop function if exists vitalis_private.tg_users__billing_over_cap();
drop function if exists vitalis_private.billing_recheck_cap(uuid);
drop table if exists vitalis_private.stripe_subscription_state;
drop table if exists vitalis_private.stripe_events;

--------------------------------------------------------------------------------------------------
-- The account over its cap.

alter table vitalis.accounts add column if not exists over_max_users_since timestamptz;
comment on column vitalis.accounts.over_max_users_since is 'Set when a downgrade (recorded from Stripe) left more users in the account than max_users allows. Members are never removed; while set, no one can join. Cleared when enough members leave or the tier holds them again.';

-- A tier change may not leave more users in the account than the new tier allows, unless it marks
-- the account over its cap (a downgrade Stripe has already made: billing records it, see above).
create or replace function vitalis_private.tg_accounts__max_users() returns trigger
  language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_gate text;
  v_count integer;
begin
  if new.max_users >= old.max_users or new.over_max_users_since is not null then
    return new;
  end if;
  v_gate := vitalis_private.household_gate_open();
  select count(*) into v_count from vitalis.users u where u.account_id = new.account_id;
  perform vitalis_private.household_gate_close(v_gate);
  if v_count > new.max_users then
    raise exception using message = vitalis_private.max_users_message(new.subscription_tier, new.max_users),
      errcode = '23514', table = 'accounts', column = 'max_users',
            detail = format('The account holds %s users.', v_count), hint = 'Remove members before changing the tier.';
  end if;
  return new;
end $$;
comment on function vitalis_private.tg_accounts__max_users() is 'Refuses lowering max_users below the number of users in the account, unless the same update marks the account over its cap (over_max_users_since: a downgrade recorded from Stripe).';

-- Clears the mark once the account holds no more members than its tier allows.
create function vitalis_private.billing_recheck_cap(p_account_id uuid) returns void
  language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_gate text := vitalis_private.household_gate_open();
begin
  update vitalis.accounts a
     set over_max_users_since = null
   where a.account_id = p_account_id and a.over_max_users_since is not null
     and (select count(*) from vitalis.users u where u.account_id = a.account_id) <= a.max_users;
  perform vitalis_private.household_gate_close(v_gate);
end $$;
comment on function vitalis_private.billing_recheck_cap(uuid) is 'Clears accounts.over_max_users_since once the account holds no more users than max_users (a member left or was erased).';
revoke all on function vitalis_private.billing_recheck_cap(uuid) from public;

create function vitalis_private.tg_users__billing_over_cap() returns trigger
  language plpgsql volatile security definer set search_path = pg_catalog as $$
begin
  perform vitalis_private.billing_recheck_cap(old.account_id);
  return null;
end $$;
comment on function vitalis_private.tg_users__billing_over_cap() is 'When a user leaves an account (moves or is deleted), an account over its cap may fit again: clear the mark.';
create trigger _520_billing_over_cap after delete or update of account_id on vitalis.users
  for each row when (old.account_id is not null) execute function vitalis_private.tg_users__billing_over_cap();

--------------------------------------------------------------------------------------------------
-- Webhook bookkeeping.

create table vitalis_private.stripe_events (
  event_id text primary key constraint stripe_events_event_id_range check (event_id ~ '^evt_[A-Za-z0-9_]{1,250}$'),
  type text not null constraint stripe_events_type_range check (length(type) between 1 and 100),
  event_created timestamptz not null,
  account_id uuid references vitalis.accounts on delete set null,
  outcome text constraint stripe_events_outcome_range check (outcome in ('applied', 'unknown_customer', 'stale', 'other_subscription', 'ignored')),
  received_at timestamptz not null default now(),
  processed_at timestamptz
);
comment on table vitalis_private.stripe_events is 'Every Stripe webhook event received, by its id: a second delivery of the same id is acknowledged and changes nothing. Holds no customer id or payload (nothing personal once the account is erased).';
comment on column vitalis_private.stripe_events.event_id is 'Stripe''s event id (evt_...).';
comment on column vitalis_private.stripe_events.type is 'The event type, e.g. customer.subscription.updated.';
comment on column vitalis_private.stripe_events.event_created is 'When Stripe created the event (its `created`, whole seconds).';
comment on column vitalis_private.stripe_events.account_id is 'The account it applied to, when it named a known customer.';
comment on column vitalis_private.stripe_events.outcome is 'applied; unknown_customer (no account has the customer: acknowledged so Stripe stops retrying); stale (older than the last applied event); other_subscription (the end of a subscription that is not the current one); ignored (a type or state that changes nothing).';
comment on column vitalis_private.stripe_events.received_at is 'When the webhook was first received.';
comment on column vitalis_private.stripe_events.processed_at is 'When its outcome was recorded (the same transaction).';
create index if not exists stripe_events_received_at_idx on vitalis_private.stripe_events (received_at);
create index if not exists stripe_events_account_id_idx on vitalis_private.stripe_events (account_id);
alter table vitalis_private.stripe_events enable row level security;
alter table vitalis_private.stripe_events force row level security;
create policy billing_functions on vitalis_private.stripe_events for all to vitalis_owner using (true) with check (true);

create table vitalis_private.stripe_subscription_state (
  account_id uuid primary key references vitalis.accounts on delete cascade,
  subscription_id text not null constraint stripe_subscription_state_subscription_id_range check (subscription_id ~ '^[A-Za-z0-9_]{3,255}$'),
  last_event_at timestamptz not null,
  updated_at timestamptz not null default now()
);
comment on table vitalis_private.stripe_subscription_state is 'Per account: the Stripe subscription last applied and the time of the event that applied it, so an older event delivered late cannot overwrite a newer state.';
comment on column vitalis_private.stripe_subscription_state.account_id is 'The account (one row per account).';
comment on column vitalis_private.stripe_subscription_state.subscription_id is 'The current Stripe subscription (sub_...).';
comment on column vitalis_private.stripe_subscription_state.last_event_at is 'The `created` time of the last applied event; events created before it are stale.';
comment on column vitalis_private.stripe_subscription_state.updated_at is 'When the row last changed.';
alter table vitalis_private.stripe_subscription_state enable row level security;
alter table vitalis_private.stripe_subscription_state force row level security;
create policy billing_functions on vitalis_private.stripe_subscription_state for all to vitalis_owner using (true) with check (true);

--------------------------------------------------------------------------------------------------
-- Checkout: the signed-in user's account, and its Stripe customer.

create function vitalis_private.billing_account(
  out account_id uuid, out is_owner boolean, out email text, out stripe_customer_id text,
  out subscription_tier vitalis.subscription_tier, out subscription_status vitalis.subscription_status)
  language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_me uuid := vitalis.current_user_id();
  v_gate text;
begin
  if v_me is null then
    raise exception 'user: sign in to manage billing' using errcode = '42501';
  end if;
  -- Volatile: it opens the household gate (a setting) to read the account row.
  v_gate := vitalis_private.household_gate_open();
  select a.account_id, a.owner_user_id = u.user_id, u.email, a.stripe_customer_id, a.subscription_tier, a.subscription_status
    into account_id, is_owner, email, stripe_customer_id, subscription_tier, subscription_status
    from vitalis.users u join vitalis.accounts a on a.account_id = u.account_id
   where u.user_id = v_me;
  perform vitalis_private.household_gate_close(v_gate);
  if account_id is null then
    raise exception 'user: no such user' using errcode = 'VT404', column = 'user_id';
  end if;
end $$;
comment on function vitalis_private.billing_account() is 'The signed-in user''s account as billing needs it: id, whether the user owns it, the user''s email, the Stripe customer id and the subscription.';
revoke all on function vitalis_private.billing_account() from public;
grant execute on function vitalis_private.billing_account() to vitalis_api;

create function vitalis_private.set_stripe_customer(p_customer_id text) returns text
  language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_me uuid := vitalis.current_user_id();
  v_gate text;
  v_account vitalis.accounts;
begin
  if v_me is null then
    raise exception 'user: sign in to manage billing' using errcode = '42501';
  end if;
  if p_customer_id is null or p_customer_id !~ '^cus_[A-Za-z0-9_]{1,250}$' then
    raise exception 'customerId: must be a Stripe customer id (cus_...)' using errcode = '22023', column = 'customer_id';
  end if;
  v_gate := vitalis_private.household_gate_open();
  select a.* into v_account from vitalis.accounts a
   where a.account_id = (select u.account_id from vitalis.users u where u.user_id = v_me) for update;
  if v_account.account_id is null then
    raise exception 'user: no such user' using errcode = 'VT404', column = 'user_id';
  end if;
  if v_account.owner_user_id is distinct from v_me then
    raise exception 'tier: only the owner of the account manages its subscription' using errcode = 'VT403', column = 'tier';
  end if;
  -- The first customer stays: a concurrent checkout that created another loses (and reuses this one).
  if v_account.stripe_customer_id is null then
    update vitalis.accounts a set stripe_customer_id = p_customer_id where a.account_id = v_account.account_id;
    v_account.stripe_customer_id := p_customer_id;
  end if;
  perform vitalis_private.household_gate_close(v_gate);
  return v_account.stripe_customer_id;
end $$;
comment on function vitalis_private.set_stripe_customer(text) is 'Records the Stripe customer of the signed-in owner''s account, unless it already has one; returns the account''s customer id (the one already stored wins).';
revoke all on function vitalis_private.set_stripe_customer(text) from public;
grant execute on function vitalis_private.set_stripe_customer(text) to vitalis_api;

--------------------------------------------------------------------------------------------------
-- Webhooks.

-- Records an event that changes nothing (a type or state billing does not act on). False when the
-- event was already recorded (a second delivery).
create function vitalis_private.record_stripe_event(p_event_id text, p_type text, p_created timestamptz, p_outcome text) returns boolean
  language plpgsql volatile security definer set search_path = pg_catalog as $$
begin
  insert into vitalis_private.stripe_events (event_id, type, event_created, outcome, processed_at)
  values (p_event_id, p_type, p_created, p_outcome, now())
  on conflict (event_id) do nothing;
  return found;
end $$;
comment on function vitalis_private.record_stripe_event(text, text, timestamptz, text) is 'Records a Stripe event that changes nothing, with its outcome; false when that event id was already recorded.';
revoke all on function vitalis_private.record_stripe_event(text, text, timestamptz, text) from public;
grant execute on function vitalis_private.record_stripe_event(text, text, timestamptz, text) to vitalis_anonymous;

create function vitalis_private.apply_stripe_subscription(
  p_event_id text, p_type text, p_created timestamptz, p_customer_id text, p_subscription_id text,
  p_tier vitalis.subscription_tier, p_status vitalis.subscription_status, p_expires_at timestamptz) returns text
  language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_gate text;
  v_account vitalis.accounts;
  v_state vitalis_private.stripe_subscription_state;
  v_tier vitalis.subscription_tier;
  v_max smallint;
  v_members integer;
  v_outcome text;
begin
  if p_customer_id is null or p_customer_id !~ '^cus_[A-Za-z0-9_]{1,250}$' then
    raise exception 'customerId: must be a Stripe customer id (cus_...)' using errcode = '22023', column = 'customer_id';
  end if;
  if p_subscription_id is null or p_subscription_id !~ '^[A-Za-z0-9_]{3,255}$' then
    raise exception 'subscriptionId: must be a Stripe subscription id' using errcode = '22023', column = 'subscription_id';
  end if;
  if p_tier is null or p_status is null or p_created is null then
    raise exception 'tier: the tier, status and event time are required' using errcode = '22023', column = 'tier';
  end if;

  insert into vitalis_private.stripe_events (event_id, type, event_created) values (p_event_id, p_type, p_created)
  on conflict (event_id) do nothing;
  if not found then
    return 'duplicate';
  end if;

  v_gate := vitalis_private.household_gate_open();
  select a.* into v_account from vitalis.accounts a where a.stripe_customer_id = p_customer_id for update;
  if v_account.account_id is null then
    v_outcome := 'unknown_customer';
  else
    select s.* into v_state from vitalis_private.stripe_subscription_state s where s.account_id = v_account.account_id for update;
    if v_state.account_id is not null and p_created < v_state.last_event_at then
      v_outcome := 'stale';
    elsif v_state.account_id is not null and v_state.subscription_id <> p_subscription_id and p_status = 'canceled' then
      -- The end of a subscription that was already replaced (a plan change) leaves the new one alone.
      v_outcome := 'other_subscription';
    else
      -- An ended subscription leaves the free tier; max_users follows the tier (accounts_max_users_matches_tier).
      v_tier := case when p_status = 'canceled' then 'free'::vitalis.subscription_tier else p_tier end;
      v_max := case v_tier when 'family' then 4 else 1 end;
      select count(*) into v_members from vitalis.users u where u.account_id = v_account.account_id;
      update vitalis.accounts a
         set subscription_tier = v_tier, subscription_status = p_status, subscription_expires_at = p_expires_at, max_users = v_max,
             over_max_users_since = case when v_members > v_max then coalesce(a.over_max_users_since, now()) end
       where a.account_id = v_account.account_id;
      insert into vitalis_private.stripe_subscription_state (account_id, subscription_id, last_event_at)
      values (v_account.account_id, p_subscription_id, p_created)
      on conflict (account_id) do update
        set subscription_id = excluded.subscription_id, last_event_at = excluded.last_event_at, updated_at = now();
      v_outcome := 'applied';
    end if;
  end if;
  update vitalis_private.stripe_events e set outcome = v_outcome, account_id = v_account.account_id, processed_at = now()
   where e.event_id = p_event_id;
  perform vitalis_private.household_gate_close(v_gate);
  return v_outcome;
end $$;
comment on function vitalis_private.apply_stripe_subscription(text, text, timestamptz, text, text, vitalis.subscription_tier, vitalis.subscription_status, timestamptz) is
  'Applies a customer.subscription.* event (event id, type, created, customer, subscription, the tier its price maps to, status, expiry) to the customer''s account: tier, status, expiry and max_users, marking the account over its cap when a downgrade leaves more members than the tier holds (members are never removed). Returns applied, duplicate (event already recorded: nothing changes), unknown_customer, stale (older than the last applied event) or other_subscription (the end of a replaced subscription).';
revoke all on function vitalis_private.apply_stripe_subscription(text, text, timestamptz, text, text, vitalis.subscription_tier, vitalis.subscription_status, timestamptz) from public;
grant execute on function vitalis_private.apply_stripe_subscription(text, text, timestamptz, text, text, vitalis.subscription_tier, vitalis.subscription_status, timestamptz) to vitalis_anonymous;

-- invoice.payment_failed: the owner is told by mail (once per event). The status itself moves with
-- the customer.subscription.updated event Stripe sends alongside (past_due).
create function vitalis_private.stripe_payment_failed(p_event_id text, p_created timestamptz, p_customer_id text, p_subscription_id text) returns text
  language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_gate text;
  v_account vitalis.accounts;
  v_email text;
  v_outcome text;
begin
  if p_customer_id is null or p_customer_id !~ '^cus_[A-Za-z0-9_]{1,250}$' then
    raise exception 'customerId: must be a Stripe customer id (cus_...)' using errcode = '22023', column = 'customer_id';
  end if;
  insert into vitalis_private.stripe_events (event_id, type, event_created) values (p_event_id, 'invoice.payment_failed', p_created)
  on conflict (event_id) do nothing;
  if not found then
    return 'duplicate';
  end if;
  v_gate := vitalis_private.household_gate_open();
  select a.* into v_account from vitalis.accounts a where a.stripe_customer_id = p_customer_id;
  select u.email into v_email from vitalis.users u where u.user_id = v_account.owner_user_id;
  if v_account.account_id is null then
    v_outcome := 'unknown_customer';
  elsif p_subscription_id is not null and p_subscription_id is distinct from
        (select s.subscription_id from vitalis_private.stripe_subscription_state s where s.account_id = v_account.account_id) then
    v_outcome := 'other_subscription';
  else
    if v_email is not null then
      perform vitalis_private.queue_mail('billing_payment_failed', v_email, jsonb_build_object('tier', v_account.subscription_tier::text));
    end if;
    v_outcome := 'applied';
  end if;
  update vitalis_private.stripe_events e set outcome = v_outcome, account_id = v_account.account_id, processed_at = now()
   where e.event_id = p_event_id;
  perform vitalis_private.household_gate_close(v_gate);
  return v_outcome;
end $$;
comment on function vitalis_private.stripe_payment_failed(text, timestamptz, text, text) is 'Records an invoice.payment_failed event and mails the account owner (billing_payment_failed) when it concerns the current subscription; returns applied, duplicate, unknown_customer or other_subscription.';
revoke all on function vitalis_private.stripe_payment_failed(text, timestamptz, text, text) from public;
grant execute on function vitalis_private.stripe_payment_failed(text, timestamptz, text, text) to vitalis_anonymous;

reset role;

--! split: 5-mail-retention.sql
set local lock_timeout = '5s';
set local role vitalis_owner;

-- Mail queue (issue 12): mail is queued as a graphile-worker job in the same transaction as the
-- event that causes it, so it is sent exactly when that event commits, even if the process dies
-- right after; tasks/mail__send.ts renders (src/mail/templates) and sends it.

create or replace function vitalis_private.mail_templates() returns text[]
  language sql immutable parallel safe set search_path = pg_catalog as $$
  select array['email_verification', 'password_reset', 'export_ready', 'deletion_requested', 'deletion_cancelled',
               'deletion_completed', 'household_invite', 'billing_payment_failed']::text[];
$$;
comment on function vitalis_private.mail_templates() is 'The mail templates queue_mail accepts: the names in src/mail/templates/index.ts (test/mail/queue.test.ts keeps both lists equal). A typo fails the transaction that queues it, not a worker later.';

create or replace function vitalis_private.queue_mail(p_template text, p_to text, p_params jsonb) returns void
  language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_to text := btrim(p_to);
begin
  if p_template is null or not (p_template = any (vitalis_private.mail_templates())) then
    raise exception 'template: % is not a mail template', coalesce(quote_literal(p_template), 'NULL')
      using errcode = '22023', column = 'template';
  end if;
  if v_to is null or v_to = '' then
    raise exception 'to: a mail needs a recipient' using errcode = '22023', column = 'to';
  end if;
  if length(v_to) > 320 or v_to !~ '^[^@\s]+@[^@\s]+$' then
    raise exception 'to: % is not an email address', quote_literal(left(v_to, 100)) using errcode = '22023', column = 'to';
  end if;
  if p_params is not null and jsonb_typeof(p_params) <> 'object' then
    raise exception 'params: must be a JSON object' using errcode = '22023', column = 'params';
  end if;
  -- No job key: every event mails once. Five attempts with graphile-worker's exponential backoff
  -- ride out an SMTP outage of about a quarter of an hour.
  perform vitalis_private.worker_add_job('mail__send',
    json_build_object('template', p_template, 'to', v_to, 'params', coalesce(p_params, '{}'::jsonb)), null, 5, 5);
end $$;
comment on function vitalis_private.queue_mail(text, text, jsonb) is 'Queues one mail (template name, recipient address, template params as a JSON object) as a mail__send job in the current transaction: it is sent if and only if that transaction commits. Refuses an unknown template, a blank recipient or non-object params, naming the field.';
revoke all on function vitalis_private.queue_mail(text, text, jsonb) from public;
grant execute on function vitalis_private.queue_mail(text, text, jsonb) to vitalis_api, vitalis_worker;
revoke all on function vitalis_private.mail_templates() from public;
grant execute on function vitalis_private.mail_templates() to vitalis_api, vitalis_worker;

-- Household invitations are mailed to the invitee (the body is 000010's, plus the queue_mail call;
-- the token is still returned, once, as before).
create or replace function vitalis.invite_household_member(email text, out invite_id uuid, out token text)
  language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_me uuid := vitalis.current_user_id();
  v_email text := lower(btrim(email));
  v_gate text;
  v_account vitalis.accounts;
  v_members integer;
  v_inviter text;
  v_expires_at timestamptz;
begin
  if v_me is null then
    raise exception 'authorization: sign in to invite members' using errcode = '42501';
  end if;
  if v_email is null or v_email !~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' or length(v_email) > 320 then
    raise exception 'email: % is not an email address', coalesce(quote_literal(email), 'NULL') using errcode = '22023', column = 'email';
  end if;
  v_gate := vitalis_private.household_gate_open();
  select a.* into v_account from vitalis.accounts a
   where a.account_id = (select u.account_id from vitalis.users u where u.user_id = v_me) for update;
  if v_account.owner_user_id is distinct from v_me then
    raise exception 'authorization: only the owner of the account may invite members' using errcode = '42501';
  end if;
  if v_account.subscription_tier <> 'family' then
    raise exception 'email: only a family account can have members; this account is on the % tier', v_account.subscription_tier
      using errcode = '23514', column = 'email', hint = 'Upgrade to the family tier first.';
  end if;
  if v_account.subscription_status not in ('active', 'trialing') then
    raise exception 'email: the family subscription is %', v_account.subscription_status using errcode = '23514', column = 'email';
  end if;
  if exists (select 1 from vitalis.users u where u.account_id = v_account.account_id and u.email = v_email) then
    raise exception 'email: % is already a member of this account', v_email using errcode = '23505', column = 'email';
  end if;
  select count(*) into v_members from vitalis.users u where u.account_id = v_account.account_id;
  if v_members >= v_account.max_users then
    raise exception 'email: the account is full (a % account holds at most % %)', v_account.subscription_tier, v_account.max_users,
      case when v_account.max_users = 1 then 'user' else 'users' end
      using errcode = '23514', column = 'email';
  end if;
  -- A new invitation to the same address replaces the previous one.
  update vitalis.household_invites i set revoked_at = now()
   where i.account_id = v_account.account_id and i.email = v_email and i.accepted_at is null and i.revoked_at is null;
  token := encode(public.gen_random_bytes(32), 'hex');
  insert into vitalis.household_invites (user_id, account_id, email, token_hash)
  values (v_me, v_account.account_id, v_email, sha256(convert_to(token, 'UTF8')))
  returning household_invites.invite_id, household_invites.expires_at into invite_id, v_expires_at;
  perform vitalis_private.household_gate_close(v_gate);
  -- acceptUrl is left out: the mail task builds it from PUBLIC_URL and the token, which SQL does not know.
  select u.display_name into v_inviter from vitalis.users u where u.user_id = v_me;
  perform vitalis_private.queue_mail('household_invite', v_email, jsonb_build_object(
    'inviterName', coalesce(v_inviter, 'A Vitalis user'),
    'token', token,
    'expiresAt', to_char(v_expires_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')));
end $$;
comment on function vitalis.invite_household_member(text) is 'The owner of a family account invites someone by email. Returns the invitation id and its token, once, and mails the invitation (with the token link) to that address; only the token''s hash is stored. Refused when the account is not family tier or is full.';

-- Data minimisation (issue 12): what is kept only as long as it is useful, deleted by the daily
-- privacy__retention task (src/privacy/retention.ts), which calls this until nothing is left.
-- Every kind is bounded per call (p_batch_size rows), so each call is a short transaction and a
-- big backlog never holds locks for long.
drop function if exists vitalis_private.apply_retention(integer, integer, integer, integer, integer, integer);
drop function if exists vitalis_private.apply_retention(integer, integer, integer, integer, integer, integer, uuid);
create or replace function vitalis_private.apply_retention(p_session_days integer, p_login_attempt_days integer, p_email_token_days integer,
                                                           p_raw_data_days integer, p_batch_size integer default 1000,
                                                           p_rate_window_seconds integer default 86400, p_raw_data_from_user uuid default null)
  returns jsonb
  language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_session_cutoff timestamptz := now() - make_interval(days => p_session_days);
  v_attempt_cutoff timestamptz := now() - make_interval(days => p_login_attempt_days);
  v_token_cutoff timestamptz := now() - make_interval(days => p_email_token_days);
  v_rate_cutoff timestamptz := now() - make_interval(secs => greatest(p_rate_window_seconds, 86400));
  v_counts jsonb := '{}';
  v_raw jsonb := '{}';
  v_n integer;
  v_more boolean := false;
  v_budget integer := p_batch_size;
  v_gate text;
  v_users uuid[];
  v_user uuid;
  v_resume uuid;
  v_previous_user text := current_setting('app.current_user_id', true);
  t record;
begin
  if p_session_days is null or p_session_days < 0 then
    raise exception 'sessionDays: must be 0 or more days' using errcode = '22023', column = 'p_session_days';
  end if;
  if p_login_attempt_days is null or p_login_attempt_days < 1 then
    raise exception 'loginAttemptDays: must be 1 or more days' using errcode = '22023', column = 'p_login_attempt_days';
  end if;
  if p_email_token_days is null or p_email_token_days < 0 then
    raise exception 'emailTokenDays: must be 0 or more days' using errcode = '22023', column = 'p_email_token_days';
  end if;
  if p_raw_data_days is not null and p_raw_data_days < 1 then
    raise exception 'rawDataDays: must be 1 or more days, or NULL to keep raw_data' using errcode = '22023', column = 'p_raw_data_days';
  end if;
  if p_batch_size is null or p_batch_size not between 1 and 100000 then
    raise exception 'batchSize: must be 1 to 100000 rows' using errcode = '22023', column = 'p_batch_size';
  end if;

  -- Sessions: a row goes once its refresh token expired N days ago, or once its whole family
  -- (one sign-in and its rotations) ended N days ago. A rotated token of a live family is kept
  -- until it expires: presenting it again is how theft is detected (auth_refresh).
  delete from vitalis_private.sessions s where s.ctid = any (array(
    select x.ctid from vitalis_private.sessions x
     where x.expires_at < v_session_cutoff
        or not exists (select 1 from vitalis_private.sessions f
                        where f.family_id = x.family_id
                          and least(coalesce(f.revoked_at, 'infinity'), f.expires_at) >= v_session_cutoff)
     limit p_batch_size));
  get diagnostics v_n = row_count;
  v_counts := v_counts || jsonb_build_object('sessions', v_n);
  v_more := v_more or v_n = p_batch_size;

  delete from vitalis_private.login_attempts a where a.ctid = any (array(
    select x.ctid from vitalis_private.login_attempts x where x.attempted_at < v_attempt_cutoff limit p_batch_size));
  get diagnostics v_n = row_count;
  v_counts := v_counts || jsonb_build_object('loginAttempts', v_n);
  v_more := v_more or v_n = p_batch_size;

  delete from vitalis_private.email_tokens e where e.ctid = any (array(
    select x.ctid from vitalis_private.email_tokens x where x.used_at < v_token_cutoff or x.expires_at < v_token_cutoff limit p_batch_size));
  get diagnostics v_n = row_count;
  v_counts := v_counts || jsonb_build_object('emailTokens', v_n);
  v_more := v_more or v_n = p_batch_size;

  -- Rate-limit rows past their window (auth prunes these too, but only as requests arrive).
  delete from vitalis_private.auth_rate_events e where e.ctid = any (array(
    select x.ctid from vitalis_private.auth_rate_events x where x.occurred_at < v_rate_cutoff limit p_batch_size));
  get diagnostics v_n = row_count;
  v_counts := v_counts || jsonb_build_object('authRateEvents', v_n);
  v_more := v_more or v_n = p_batch_size;

  -- Known sign-in sources are trusted for 90 days (auth_login); after that they are forgotten.
  delete from vitalis_private.login_known_sources k where k.ctid = any (array(
    select x.ctid from vitalis_private.login_known_sources x where x.last_success_at < now() - interval '90 days' limit p_batch_size));
  get diagnostics v_n = row_count;
  v_counts := v_counts || jsonb_build_object('loginKnownSources', v_n);
  v_more := v_more or v_n = p_batch_size;

  -- Provider OAuth states live 10 minutes; a day later they are of no use to anyone.
  delete from vitalis_private.provider_oauth_states o where o.ctid = any (array(
    select x.ctid from vitalis_private.provider_oauth_states x where x.created_at < now() - interval '1 day' limit p_batch_size));
  get diagnostics v_n = row_count;
  v_counts := v_counts || jsonb_build_object('providerOauthStates', v_n);
  v_more := v_more or v_n = p_batch_size;

  -- raw_data (opt-in): every user table with a raw_data column, found in the catalog, so tables
  -- added later are covered. Aged by updated_at (when the payload was last written) or created_at.
  -- RLS binds this function too: users are listed through the household gate, then each one's
  -- rows are changed as that user, in user_id order. When the batch is used up, rawDataResumeFrom
  -- names the user to go on from (the next call passes it as p_raw_data_from_user).
  if p_raw_data_days is not null then
    v_gate := vitalis_private.household_gate_open();
    select coalesce(array_agg(u.user_id order by u.user_id), '{}') into v_users
      from vitalis.users u where p_raw_data_from_user is null or u.user_id >= p_raw_data_from_user;
    perform vitalis_private.household_gate_close(v_gate);
    <<users>>
    foreach v_user in array v_users loop
      perform set_config('app.current_user_id', v_user::text, true);
      for t in
        select c.relname,
               case when exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'updated_at' and not a.attisdropped)
                    then 'updated_at' else 'created_at' end as aged_by
          from pg_class c
         where c.relnamespace = 'vitalis'::regnamespace and c.relkind in ('r', 'p') and not c.relispartition
           and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'raw_data' and not a.attisdropped)
           and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'user_id' and not a.attisdropped)
           and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname in ('updated_at', 'created_at') and not a.attisdropped)
         order by c.relname
      loop
        if v_budget = 0 then
          v_resume := v_user;
          exit users;
        end if;
        execute format('update vitalis.%1$I r set raw_data = null where r.raw_data is not null and (r.tableoid, r.ctid) in '
                       '(select x.tableoid, x.ctid from vitalis.%1$I x where x.raw_data is not null and x.%2$I < $1 limit $2)', t.relname, t.aged_by)
          using now() - make_interval(days => p_raw_data_days), v_budget;
        get diagnostics v_n = row_count;
        v_budget := v_budget - v_n;
        v_raw := v_raw || jsonb_build_object(t.relname, coalesce((v_raw ->> t.relname)::integer, 0) + v_n);
      end loop;
    end loop;
    perform set_config('app.current_user_id', coalesce(v_previous_user, ''), true);
    v_more := v_more or v_resume is not null;
  end if;

  return v_counts || jsonb_build_object('rawData', v_raw, 'rawDataResumeFrom', v_resume, 'more', v_more);
end $$;
comment on function vitalis_private.apply_retention(integer, integer, integer, integer, integer, integer, uuid) is 'Deletes what is past its retention, at most p_batch_size rows of each kind per call: sessions whose refresh token expired, or whose whole sign-in family ended, p_session_days ago; failed login attempts older than p_login_attempt_days; email tokens used or expired p_email_token_days ago; rate-limit events past their window (at least a day); sign-in sources unused for 90 days; provider OAuth states older than a day. With p_raw_data_days (NULL keeps it) sets raw_data to NULL on every user table that has it, for rows last written that many days ago (p_batch_size rows in all, user by user: rawDataResumeFrom, passed back as p_raw_data_from_user, goes on where the batch ended). Returns the counts per kind and more = true when a kind hit its bound: call again. Worker only.';
revoke all on function vitalis_private.apply_retention(integer, integer, integer, integer, integer, integer, uuid) from public;
grant execute on function vitalis_private.apply_retention(integer, integer, integer, integer, integer, integer, uuid) to vitalis_worker;

reset role;

--! split: 7-retention-jobs.sql
set local lock_timeout = '5s';
set local role vitalis_owner;

-- Retention beyond the rows of users (docs/privacy.md, "Retention"): a mail that failed every
-- attempt keeps its address and link in the job queue, and Stripe's event ids are only needed while
-- Stripe may still deliver them again (it retries for three days).
drop function if exists vitalis_private.prune_operational_records(integer, integer);
create function vitalis_private.prune_operational_records(p_failed_mail_days integer, p_stripe_event_days integer)
  returns table (failed_mails integer, stripe_events integer)
  language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_mails integer;
  v_events integer;
begin
  if p_failed_mail_days is null or p_failed_mail_days < 0 then
    raise exception 'failedMailDays: must be 0 or more days' using errcode = '22023', column = 'p_failed_mail_days';
  end if;
  if p_stripe_event_days is null or p_stripe_event_days < 7 then
    raise exception 'stripeEventDays: must be 7 or more days (Stripe delivers an event again for up to three days)'
      using errcode = '22023', column = 'p_stripe_event_days';
  end if;
  v_mails := vitalis_private.worker_prune_failed_jobs('mail__send', make_interval(days => p_failed_mail_days));
  delete from vitalis_private.stripe_events e where e.received_at < now() - make_interval(days => p_stripe_event_days);
  get diagnostics v_events = row_count;
  return query select v_mails, v_events;
end $$;
comment on function vitalis_private.prune_operational_records(integer, integer) is 'Daily retention of what is not a user''s row: mails that failed every attempt (their address and link) after p_failed_mail_days, Stripe event ids after p_stripe_event_days. Returns the counts. Worker only.';
revoke all on function vitalis_private.prune_operational_records(integer, integer) from public;
grant execute on function vitalis_private.prune_operational_records(integer, integer) to vitalis_worker;

reset role;
