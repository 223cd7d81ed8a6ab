/*
 * Audit log (SCHEMA.md section 11). Statement-level triggers with transition tables write one
 * INSERT ... SELECT per statement, so a 10,000-row import costs one audit statement, not 10,000.
 * Who and where come from the transaction's settings (app.current_user_id, app.request_id,
 * app.ip_address, app.user_agent). Bulky raw_data payloads and secrets are never copied into the
 * images. The log is append-only for every role; only the GDPR anonymisation may rewrite it.
 */
set local lock_timeout = '5s';
set local role vitalis_owner;

create table vitalis.audit_log (
  audit_id uuid not null default gen_random_uuid(),
  user_id uuid,
  action_by uuid,
  table_name text not null,
  record_id uuid not null,
  action vitalis.audit_action not null,
  old_values jsonb,
  new_values jsonb,
  ip_address inet,
  user_agent text,
  request_id uuid,
  created_at timestamptz not null default now(),
  primary key (audit_id, created_at),
  check (action <> 'DELETE' or old_values is not null)
) partition by range (created_at);
comment on table vitalis.audit_log is 'Append-only record of every change to user data and of security events (LOGIN, LOGOUT, EXPORT). Never deleted; anonymised when a user is erased.';
comment on column vitalis.audit_log.user_id is 'Whose data changed. Set to NULL when that user is erased (GDPR).';
comment on column vitalis.audit_log.action_by is 'Who made the change (the signed-in user, or the user a job acted for); NULL for system changes.';
comment on column vitalis.audit_log.record_id is 'Primary key of the changed row (for link tables, the first key column).';
comment on column vitalis.audit_log.old_values is 'Row image before the change, without raw provider payloads and secrets.';
comment on column vitalis.audit_log.new_values is 'Row image after the change, without raw provider payloads and secrets.';
comment on column vitalis.audit_log.request_id is 'The API request that made the change (also in the server logs).';
create index audit_log_user_id_created_at_idx on vitalis.audit_log (user_id, created_at desc);
create index audit_log_table_name_record_id_idx on vitalis.audit_log (table_name, record_id);
create index audit_log_action_by_created_at_idx on vitalis.audit_log (action_by, created_at desc);

select vitalis_private.create_partitions('vitalis.audit_log',
  date_trunc('quarter', current_date)::date, (date_trunc('quarter', current_date) + interval '1 year')::date);

create function vitalis_private.audit_redacted_columns() returns text[]
  language sql immutable parallel safe as $$
  select array['raw_data', 'password_hash', 'access_token_enc', 'refresh_token_enc', 'updated_at']
$$;
comment on function vitalis_private.audit_redacted_columns() is 'Columns never copied into audit images: bulky payloads, secrets, and updated_at (it changes on every write).';

create function vitalis_private.tg__audit_insert() returns trigger
  language plpgsql security definer set search_path = pg_catalog as $$
begin
  insert into vitalis.audit_log (user_id, action_by, table_name, record_id, action, new_values, ip_address, user_agent, request_id)
  select vitalis_private.try_uuid(j ->> 'user_id'), vitalis.current_user_id(), tg_table_name,
         (j ->> tg_argv[0])::uuid, 'INSERT', j - vitalis_private.audit_redacted_columns(),
         vitalis_private.try_inet(current_setting('app.ip_address', true)),
         nullif(current_setting('app.user_agent', true), ''), vitalis_private.current_request_id()
    from (select to_jsonb(n) as j from new_rows n) r;
  return null;
end $$;

create function vitalis_private.tg__audit_update() returns trigger
  language plpgsql security definer set search_path = pg_catalog as $$
begin
  insert into vitalis.audit_log (user_id, action_by, table_name, record_id, action, old_values, new_values, ip_address, user_agent, request_id)
  with o as materialized (
    select (to_jsonb(x) ->> tg_argv[0])::uuid as k, to_jsonb(x) as j from old_rows x
  ), n as materialized (
    select (to_jsonb(x) ->> tg_argv[0])::uuid as k, to_jsonb(x) as j from new_rows x
  )
  select vitalis_private.try_uuid(n.j ->> 'user_id'), vitalis.current_user_id(), tg_table_name,
         n.k, 'UPDATE',
         o.j - vitalis_private.audit_redacted_columns(), n.j - vitalis_private.audit_redacted_columns(),
         vitalis_private.try_inet(current_setting('app.ip_address', true)),
         nullif(current_setting('app.user_agent', true), ''), vitalis_private.current_request_id()
    from o join n on n.k = o.k
   -- A write that changed nothing but updated_at is not a change.
   where (o.j - vitalis_private.audit_redacted_columns()) is distinct from (n.j - vitalis_private.audit_redacted_columns())
      or (o.j -> 'raw_data') is distinct from (n.j -> 'raw_data');
  return null;
end $$;

create function vitalis_private.tg__audit_delete() returns trigger
  language plpgsql security definer set search_path = pg_catalog as $$
begin
  insert into vitalis.audit_log (user_id, action_by, table_name, record_id, action, old_values, ip_address, user_agent, request_id)
  select vitalis_private.try_uuid(j ->> 'user_id'), vitalis.current_user_id(), tg_table_name,
         (j ->> tg_argv[0])::uuid, 'DELETE', j - vitalis_private.audit_redacted_columns(),
         vitalis_private.try_inet(current_setting('app.ip_address', true)),
         nullif(current_setting('app.user_agent', true), ''), vitalis_private.current_request_id()
    from (select to_jsonb(o) as j from old_rows o) r;
  return null;
end $$;

-- Security events (LOGIN, LOGOUT, EXPORT) that are not row changes.
create function vitalis_private.audit_security_event(p_action vitalis.audit_action, p_user_id uuid, p_details jsonb default null)
  returns void language plpgsql security definer set search_path = pg_catalog as $$
begin
  if p_action not in ('LOGIN', 'LOGOUT', 'EXPORT') then
    raise exception 'audit_security_event: action must be LOGIN, LOGOUT or EXPORT, not %', p_action using errcode = '22023';
  end if;
  insert into vitalis.audit_log (user_id, action_by, table_name, record_id, action, new_values, ip_address, user_agent, request_id)
  values (p_user_id, coalesce(vitalis.current_user_id(), p_user_id), 'users', p_user_id, p_action, p_details,
          vitalis_private.try_inet(current_setting('app.ip_address', true)),
          nullif(current_setting('app.user_agent', true), ''), vitalis_private.current_request_id());
end $$;
grant execute on function vitalis_private.audit_security_event(vitalis.audit_action, uuid, jsonb) to vitalis_anonymous, vitalis_api, vitalis_worker;

create function vitalis_private.tg_audit_log__append_only() returns trigger
  language plpgsql as $$
begin
  if current_setting('vitalis.audit_rewrite', true) = 'gdpr_anonymise' and current_user = 'vitalis_owner' and tg_op = 'UPDATE' then
    return new;
  end if;
  raise exception 'audit_log is append-only: % is not allowed', tg_op using errcode = '42501';
end $$;
create trigger _100_append_only before update or delete on vitalis.audit_log
  for each row execute function vitalis_private.tg_audit_log__append_only();
create trigger _101_no_truncate before truncate on vitalis.audit_log
  for each statement execute function vitalis_private.tg_audit_log__append_only();

alter table vitalis.audit_log enable row level security;
alter table vitalis.audit_log force row level security;
create policy user_isolation on vitalis.audit_log for select to vitalis_api, vitalis_worker
  using (user_id = (select vitalis.current_user_id()));
-- Only the audit triggers (running as the owner) append; no application role may insert directly.
create policy append_by_triggers on vitalis.audit_log for insert to vitalis_owner with check (true);
create policy gdpr_anonymise on vitalis.audit_log for update to vitalis_owner using (true) with check (user_id is null);
create policy admin_read on vitalis.audit_log for select to vitalis_admin using (true);
grant select on vitalis.audit_log to vitalis_api, vitalis_worker, vitalis_admin;

-- Secures a user-data table the same way every time: RLS enabled and forced with the owner
-- predicate, privileges for the application roles, and the three audit triggers. The predicate
-- also binds vitalis_owner, so SECURITY DEFINER functions act for exactly one user (the one in
-- app.current_user_id) rather than seeing everybody.
create function vitalis_private.secure_user_table(p_table regclass, p_record_column text) returns void
  language plpgsql as $$
begin
  execute format('alter table %s enable row level security', p_table);
  execute format('alter table %s force row level security', p_table);
  execute format($f$create policy user_isolation on %s for all to vitalis_api, vitalis_worker, vitalis_owner
    using (user_id = (select vitalis.current_user_id())) with check (user_id = (select vitalis.current_user_id()))$f$, p_table);
  execute format('create policy admin_all on %s for all to vitalis_admin using (true) with check (true)', p_table);
  execute format('grant select, insert, update, delete on %s to vitalis_api, vitalis_worker, vitalis_admin', p_table);
  execute format('create trigger _900_audit_insert after insert on %s referencing new table as new_rows for each statement execute function vitalis_private.tg__audit_insert(%L)', p_table, p_record_column);
  execute format('create trigger _901_audit_update after update on %s referencing old table as old_rows new table as new_rows for each statement execute function vitalis_private.tg__audit_update(%L)', p_table, p_record_column);
  execute format('create trigger _902_audit_delete after delete on %s referencing old table as old_rows for each statement execute function vitalis_private.tg__audit_delete(%L)', p_table, p_record_column);
end $$;
comment on function vitalis_private.secure_user_table(regclass, text) is 'Enables and forces RLS (owner predicate on user_id), grants the application roles, and attaches the audit triggers. Every user-data table is passed through it.';

create function vitalis_private.add_updated_at_trigger(p_table regclass) returns void
  language plpgsql as $$
begin
  execute format('create trigger _100_set_updated_at before update on %s for each row execute function vitalis_private.tg__set_updated_at()', p_table);
end $$;
