set local lock_timeout = '5s';
set local role vitalis_owner;

-- Issue 15: auditing must cost at most half again the write it audits. Measured on 26,372
-- wearable_daily rows: the insert 1.0 s, its audit 2.0-2.3 s, of which building a jsonb image of
-- every new row was 1.4 s and four subtransactions per row (try_uuid/try_inet's exception blocks,
-- called per row for values that are the same for the whole statement) most of the rest. (The
-- measurements CHECK, 1.4 ms a row, is made cheap in 7-apple.sql.)

-- A uuid parser without an exception block: a plpgsql EXCEPTION clause opens a subtransaction on
-- every call, and this runs for every row the audit writes and in every policy's current_user_id().
-- Accepts the canonical 8-4-4-4-12 form (either case, hyphens optional, optionally in braces);
-- anything else is null, as an unparseable value was before.
create or replace function vitalis_private.try_uuid(value text) returns uuid
  language sql immutable parallel safe
as $$
  select case when value ~ '^(\{[0-9A-Fa-f]{8}-?[0-9A-Fa-f]{4}-?[0-9A-Fa-f]{4}-?[0-9A-Fa-f]{4}-?[0-9A-Fa-f]{12}\}|[0-9A-Fa-f]{8}-?[0-9A-Fa-f]{4}-?[0-9A-Fa-f]{4}-?[0-9A-Fa-f]{4}-?[0-9A-Fa-f]{12})$'
              then value::uuid end
$$;
comment on function vitalis_private.try_uuid(text) is 'The text as a uuid (8-4-4-4-12 hex digits, hyphens optional, optionally in braces), or null for anything else. No exception block, so no subtransaction per call.';

-- Time-ordered audit ids (UUID version 7: 48 bits of Unix milliseconds, then random bits): new
-- audit rows land at the right edge of the primary key index instead of on a random leaf, which
-- is what keeps inserts cheap once the index no longer fits in memory.
create or replace function vitalis_private.uuid_v7() returns uuid
  language sql volatile parallel safe
as $$
  select encode(set_byte(v, 6, (get_byte(v, 6) & 15) | 112), 'hex')::uuid
    from (select overlay(uuid_send(gen_random_uuid())
                         placing substring(int8send(floor(extract(epoch from clock_timestamp()) * 1000)::bigint) from 3)
                         from 1 for 6) as v) x
$$;
comment on function vitalis_private.uuid_v7() is 'A version 7 UUID: Unix milliseconds in the first 48 bits, random bits after, so ids sort by creation time.';
revoke all on function vitalis_private.uuid_v7() from public;

alter table vitalis.audit_log alter column audit_id set default vitalis_private.uuid_v7();

-- INSERT: one audit row per inserted row, without a row image. The inserted row is its own image:
-- the first UPDATE records it as old_values and a DELETE as old_values, so every state a row has
-- had is still recoverable, at a third of the cost and half the size (docs/schema-notes.md).
-- Statement-wide values (who, from where, which request) are read once, not per row.
create or replace function vitalis_private.tg__audit_insert() returns trigger
  language plpgsql volatile security definer
  set search_path = pg_catalog
as $$
declare
  v_user text := case when exists (select from pg_attribute a
                                    where a.attrelid = tg_relid and a.attname = 'user_id' and a.attnum > 0 and not a.attisdropped)
                      then 'n.user_id' else 'null::uuid' end;
begin
  execute format(
    'insert into vitalis.audit_log (user_id, action_by, table_name, record_id, action, ip_address, user_agent, request_id)
     select %s, $1, $2, n.%I::uuid, ''INSERT'', $3, $4, $5 from new_rows n', v_user, tg_argv[0])
  using vitalis.current_user_id(), tg_table_name,
        vitalis_private.try_inet(current_setting('app.ip_address', true)),
        nullif(current_setting('app.user_agent', true), ''), vitalis_private.current_request_id();
  return null;
end $$;

create or replace function vitalis_private.tg__audit_update() returns trigger
  language plpgsql volatile security definer
  set search_path = pg_catalog
as $$
declare
  v_by uuid := vitalis.current_user_id();
  v_ip inet := vitalis_private.try_inet(current_setting('app.ip_address', true));
  v_agent text := nullif(current_setting('app.user_agent', true), '');
  v_request uuid := vitalis_private.current_request_id();
  v_redacted text[] := vitalis_private.audit_redacted_columns();
begin
  insert into vitalis.audit_log (user_id, action_by, table_name, record_id, action, old_values, new_values, ip_address, user_agent, request_id)
  with o as materialized (
    select (j ->> tg_argv[0])::uuid as k, j from (select to_jsonb(x) as j from old_rows x) s
  ), n as materialized (
    select (j ->> tg_argv[0])::uuid as k, j from (select to_jsonb(x) as j from new_rows x) s
  )
  select (n.j ->> 'user_id')::uuid, v_by, tg_table_name, n.k, 'UPDATE',
         o.j - v_redacted, n.j - v_redacted, v_ip, v_agent, v_request
    from o join n on n.k = o.k
   -- A write that changed nothing but updated_at is not a change.
   where (o.j - v_redacted) is distinct from (n.j - v_redacted)
      or (o.j -> 'raw_data') is distinct from (n.j -> 'raw_data');
  return null;
end $$;

create or replace function vitalis_private.tg__audit_delete() returns trigger
  language plpgsql volatile security definer
  set search_path = pg_catalog
as $$
declare
  v_by uuid := vitalis.current_user_id();
  v_ip inet := vitalis_private.try_inet(current_setting('app.ip_address', true));
  v_agent text := nullif(current_setting('app.user_agent', true), '');
  v_request uuid := vitalis_private.current_request_id();
  v_redacted text[] := vitalis_private.audit_redacted_columns();
begin
  insert into vitalis.audit_log (user_id, action_by, table_name, record_id, action, old_values, ip_address, user_agent, request_id)
  select (j ->> 'user_id')::uuid, v_by, tg_table_name, (j ->> tg_argv[0])::uuid, 'DELETE', j - v_redacted,
         v_ip, v_agent, v_request
    from (select to_jsonb(o) as j from old_rows o) r;
  return null;
end $$;

comment on function vitalis_private.tg__audit_insert() is 'Statement-level audit of INSERTs: one audit row per inserted row (who, where, which request, the row''s key), without a row image; the argument names the key column.';
comment on function vitalis_private.tg__audit_update() is 'Statement-level audit of UPDATEs: the old and new images of every row that really changed (not only updated_at), bulky payload columns left out; the argument names the key column.';
comment on function vitalis_private.tg__audit_delete() is 'Statement-level audit of DELETEs: the image of every deleted row, bulky payload columns left out; the argument names the key column.';

comment on column vitalis.audit_log.new_values is 'The row after an UPDATE, without raw provider payloads, updated_at and secrets. Null for INSERT: the inserted row is its own image until its first UPDATE records it as old_values (or a DELETE does). For security events (LOGIN, LOGOUT, EXPORT), the event''s details.';

reset role;
