--! Previous: sha1:98f60a4b67774c14ce1e0438969a2df4f5c5e912
--! Hash: sha1:fa75e88e8b34cd0dabc1004f6e3f89e2af375369
--! Message: The INSERT audit of each table runs static SQL written for it (audit_insert_function): no statement planned per write

--! split: 1-current.sql
set local lock_timeout = '5s';
set local role vitalis_owner;

/* ---------------------------------------------------------------------------------------------
 * The INSERT audit of each table runs static SQL written for that table.
 *
 * tg__audit_insert served every table with one body that built its INSERT with format() and ran
 * it with EXECUTE, so PostgreSQL parsed and planned that statement again on every write: about
 * 0.12 ms of a 0.54 ms single-row insert through the API (mood_journal, client loop of 3,000
 * inserts, PostgreSQL 15), paid by every create mutation and every upsert batch. A plan of a
 * static statement is kept by PL/pgSQL for the session. What differed between tables was only the
 * key column and whether the table has user_id, so audit_insert_function writes one function per
 * table with both fixed in its text; secure_user_table attaches it, and every existing INSERT
 * audit trigger is moved to its table's function here. Same audit rows as before.
 * ------------------------------------------------------------------------------------------- */
create or replace function vitalis_private.audit_insert_function(p_table regclass, p_record_column text) returns regprocedure
  language plpgsql volatile
  set search_path = pg_catalog
as $gen$
declare
  v_name text;
  v_user text;
begin
  select format('tg__audit_insert__%s', c.relname) into v_name from pg_class c where c.oid = p_table;
  if length(v_name) > 63 then
    raise exception 'table: % has a name too long for its audit function (%, at most 63 characters)', p_table, v_name using errcode = '42622';
  end if;
  if not exists (select from pg_attribute a where a.attrelid = p_table and a.attname = p_record_column and a.attnum > 0 and not a.attisdropped) then
    raise exception 'record_column: % has no column %', p_table, p_record_column using errcode = '42703';
  end if;
  v_user := case when exists (select from pg_attribute a where a.attrelid = p_table and a.attname = 'user_id' and a.attnum > 0 and not a.attisdropped)
                 then 'n.user_id' else 'null::uuid' end;
  -- Statement-wide values (who, from where, which request) are read once, not per row.
  execute format($f$create or replace function vitalis_private.%I() returns trigger
    language plpgsql volatile security definer
    set search_path = pg_catalog
  as $body$
  declare
    v_by uuid := vitalis.current_user_id();
    v_ip inet := vitalis_private.try_inet(current_setting('app.ip_address', true));
    v_agent text := nullif(current_setting('app.user_agent', true), '');
    v_request uuid := vitalis_private.current_request_id();
  begin
    insert into vitalis.audit_log (user_id, action_by, table_name, record_id, action, ip_address, user_agent, request_id)
    select %s, v_by, tg_table_name, n.%I::uuid, 'INSERT', v_ip, v_agent, v_request from new_rows n;
    return null;
  end $body$
  $f$, v_name, v_user, p_record_column);
  execute format('comment on function vitalis_private.%I() is %L', v_name, format(
    'Statement-level audit of INSERTs into %s (written by audit_insert_function): one audit row per inserted row, keyed by %s, without a row image (the first UPDATE or DELETE records it). Static SQL, so its plan is kept for the session.',
    p_table, p_record_column));
  execute format('revoke all on function vitalis_private.%I() from public', v_name);
  return format('vitalis_private.%I()', v_name)::regprocedure;
end $gen$;
comment on function vitalis_private.audit_insert_function(regclass, text) is
  'Writes (or rewrites) vitalis_private.tg__audit_insert__<table>(), the statement-level INSERT audit of one table with its key column and user_id fixed in static SQL, and returns it. secure_user_table attaches it as the _900_audit_insert trigger.';
revoke all on function vitalis_private.audit_insert_function(regclass, text) from public;

create or replace function vitalis_private.secure_user_table(p_table regclass, p_record_column text, p_insert text[], p_update text[]) returns void
  language plpgsql volatile as $$
begin
  if not exists (select 1 from pg_constraint c where c.conrelid = p_table and c.contype = 'p') then
    raise exception 'table: % has no primary key; secure_user_table needs one (audit rows and upserts key rows by it)', p_table
      using errcode = '42P16';
  end if;
  if not exists (select 1 from pg_attribute a where a.attrelid = p_table and a.attname = p_record_column and a.attnum > 0 and not a.attisdropped) then
    raise exception 'record_column: % has no column %', p_table, p_record_column using errcode = '42703';
  end if;
  execute format('alter table %s enable row level security', p_table);
  execute format('alter table %s force row level security', p_table);
  execute format('drop policy if exists user_isolation on %s', p_table);
  execute format($f$create policy user_isolation on %s for all to vitalis_api, vitalis_worker, vitalis_owner
    using (user_id = (select vitalis.current_user_id())) with check (user_id = (select vitalis.current_user_id()))$f$, p_table);
  execute format('drop policy if exists admin_all on %s', p_table);
  execute format('create policy admin_all on %s for all to vitalis_admin using (true) with check (true)', p_table);
  -- Clients read and delete their rows; they insert and update only the columns named here.
  execute format('grant select, delete on %s to vitalis_api', p_table);
  execute format('grant select, insert, update, delete on %s to vitalis_worker, vitalis_admin', p_table);
  perform vitalis_private.set_client_columns(p_table, coalesce(p_insert, '{}'), coalesce(p_update, '{}'));
  -- The owner comes from the request, never from the client (vitalis.users is the owner itself).
  if p_table <> 'vitalis.users'::regclass then
    execute format('alter table %s alter column user_id set default vitalis.current_user_id()', p_table);
  end if;
  execute format('drop trigger if exists _900_audit_insert on %s', p_table);
  execute format('drop trigger if exists _901_audit_update on %s', p_table);
  execute format('drop trigger if exists _902_audit_delete on %s', p_table);
  execute format('create trigger _900_audit_insert after insert on %s referencing new table as new_rows for each statement execute function %s',
    p_table, vitalis_private.audit_insert_function(p_table, p_record_column));
  execute format('create trigger _901_audit_update after update on %s referencing old table as old_rows new table as new_rows for each statement execute function vitalis_private.tg__audit_update(%L)', p_table, p_record_column);
  execute format('create trigger _902_audit_delete after delete on %s referencing old table as old_rows for each statement execute function vitalis_private.tg__audit_delete(%L)', p_table, p_record_column);
  perform vitalis_private.add_household_read_policy(p_table);
end $$;
comment on function vitalis_private.secure_user_table(regclass, text, text[], text[]) is
  'Secures a user-data table: forced RLS with the owner, admin and household policies, role grants, exactly p_insert/p_update writable by clients (vitalis_api), user_id defaulting to the requesting user, audit triggers keyed by p_record_column (the INSERT audit its own static function, audit_insert_function). Refuses a table without a primary key; safe to run again.';
revoke all on function vitalis_private.secure_user_table(regclass, text, text[], text[]) from public;

-- Every trigger on the shared function moves to its table's own, under the same name; then the
-- shared function goes (without cascade: anything still using it stops the migration).
do $$
declare
  r record;
begin
  for r in
    select t.tgrelid::regclass as tbl, t.tgname, split_part(encode(t.tgargs, 'escape'), '\000', 1) as record_column
      from pg_trigger t
     where to_regprocedure('vitalis_private.tg__audit_insert()') is not null
       and t.tgfoid = to_regprocedure('vitalis_private.tg__audit_insert()')
  loop
    execute format('drop trigger %I on %s', r.tgname, r.tbl);
    execute format('create trigger %I after insert on %s referencing new table as new_rows for each statement execute function %s',
      r.tgname, r.tbl, vitalis_private.audit_insert_function(r.tbl, r.record_column));
  end loop;
end $$;
drop function if exists vitalis_private.tg__audit_insert();

reset role;
