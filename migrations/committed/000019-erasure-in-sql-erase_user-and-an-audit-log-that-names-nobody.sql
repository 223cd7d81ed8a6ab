--! Previous: sha1:48e0d6ef465346e4b70c9a7e25adee02bc33f0c4
--! Hash: sha1:a0128033e40a9de77ab0674c3cf3a299c5b0b2a8
--! Message: Erasure in SQL: erase_user and an audit log that names nobody erased

--! split: 1-current.sql
set local lock_timeout = '5s';
set local role vitalis_owner;



reset role;

--! split: 2-erasure.sql
set local lock_timeout = '5s';
set local role vitalis_owner;

-- The audit images keep no value that names the user: besides the PII keys, any key whose value
-- holds their id or email (an object key under their prefix, a share naming them) is dropped.
create or replace function vitalis_private.anonymise_audit_log(p_user_id uuid) returns integer
language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_pii constant text[] := array['email', 'date_of_birth', 'display_name', 'first_name', 'last_name', 'name',
                                 'provider_name', 'lab_provider', 'external_user_id', 'provider_user_id', 'notes'];
  v_email text := lower(nullif(current_setting('vitalis.erasing_email', true), ''));
  v_rows integer;
begin
  if p_user_id is null then
    raise exception 'userId: a user id is required' using errcode = '22004', column = 'user_id';
  end if;
  perform set_config('vitalis.audit_rewrite', 'gdpr_anonymise', true);
  -- Their own rows, and other rows that name them: what they did (action_by) and images that hold
  -- their id (another user's share with them, their account's owner column).
  update vitalis.audit_log
     set user_id = case when user_id = p_user_id then null else user_id end,
         action_by = case when action_by = p_user_id then null else action_by end,
         record_id = case when record_id = p_user_id then '00000000-0000-0000-0000-000000000000'::uuid else record_id end,
         old_values = vitalis_private.without_mentions(case when user_id = p_user_id then old_values - v_pii - 'user_id' else old_values end, p_user_id, v_email),
         new_values = vitalis_private.without_mentions(case when user_id = p_user_id then new_values - v_pii - 'user_id' else new_values end, p_user_id, v_email),
         ip_address = case when user_id = p_user_id or action_by = p_user_id then null else ip_address end,
         user_agent = case when user_id = p_user_id or action_by = p_user_id then null else user_agent end
   where user_id = p_user_id or action_by = p_user_id or record_id = p_user_id
      or strpos(old_values::text, p_user_id::text) > 0 or strpos(new_values::text, p_user_id::text) > 0;
  get diagnostics v_rows = row_count;
  perform set_config('vitalis.audit_rewrite', '', true);
  return v_rows;
end $$;
comment on function vitalis_private.anonymise_audit_log(uuid) is 'GDPR: detaches a user''s audit rows from them (user_id NULL) and strips PII from the row images; in every audit row (theirs or another user''s) drops the values that hold their id or email and forgets that they acted. Returns how many rows it rewrote. The rows themselves are kept.';

create or replace function vitalis_private.without_mentions(p_image jsonb, p_user_id uuid, p_email text) returns jsonb
language sql immutable parallel safe as $$
  select case when p_image is null or jsonb_typeof(p_image) <> 'object' then p_image else
    coalesce((select jsonb_object_agg(e.key, e.value) from jsonb_each(p_image) e
               where strpos(lower(e.value::text), lower(p_user_id::text)) = 0
                 and (p_email is null or strpos(lower(e.value::text), p_email) = 0)), '{}') end
$$;
comment on function vitalis_private.without_mentions(jsonb, uuid, text) is 'An audit row image without the keys whose value names the user (their id or email).';

-- Erasure (GDPR Art. 17), the database part: one procedure that removes every row a user owns in
-- one transaction and anonymises their audit trail, recording per table how many rows went (no
-- PII). Every user-data table references users with ON DELETE CASCADE, so deleting the user
-- removes children before parents, partitions included; the counts are taken from the catalog
-- first, so a table added later is counted without a change here. Storage objects, provider
-- tokens and billing are the worker's part (not yet written).
create or replace function vitalis_private.erase_user(p_user_id uuid) returns jsonb
language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_previous text := current_setting('app.current_user_id', true);
  v_account uuid;
  v_counts jsonb := '{}';
  v_rows bigint;
  v_requests uuid[];
  v_gate text;
  v_audit integer;
  t record;
begin
  if p_user_id is null then
    raise exception 'userId: a user id is required' using errcode = '22004', column = 'user_id';
  end if;
  -- Forced RLS binds this function too: act as the user being erased.
  perform set_config('app.current_user_id', p_user_id::text, true);
  select u.account_id into v_account from vitalis.users u where u.user_id = p_user_id;
  if not found then
    perform set_config('app.current_user_id', coalesce(v_previous, ''), true);
    raise exception 'userId: no such user' using errcode = 'VT404', column = 'user_id';
  end if;
  for t in
    select c.oid::regclass as tbl, c.relname as name
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'vitalis' and c.relkind in ('r', 'p') and not c.relispartition
       and c.relname not in ('users', 'audit_log', 'deletion_requests')
       and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'user_id' and not a.attisdropped)
     order by c.relname
  loop
    execute format('select count(*) from %s where user_id = $1', t.tbl) into v_rows using p_user_id;
    if v_rows > 0 then
      v_counts := v_counts || jsonb_build_object(t.name, v_rows);
    end if;
  end loop;
  -- The request row outlives the user (its user_id becomes null, and RLS then hides it): complete
  -- it before the user goes; it is one transaction, so it is completed only if everything goes.
  with done as (
    update vitalis.deletion_requests r
       set status = 'completed', completed_at = now(),
           tables_deleted = array(select k from jsonb_object_keys(v_counts) k order by k)
     where r.user_id = p_user_id and r.status in ('pending', 'processing')
    returning r.request_id
  )
  select array_agg(d.request_id) into v_requests from done d;
  perform set_config('vitalis.erasing_email', (select u.email from vitalis.users u where u.user_id = p_user_id), true);
  delete from vitalis.users u where u.user_id = p_user_id;
  -- An account nobody belongs to any more goes with its last user.
  v_gate := vitalis_private.household_gate_open();
  delete from vitalis.accounts a where a.account_id = v_account
     and not exists (select 1 from vitalis.users u where u.account_id = v_account);
  perform vitalis_private.household_gate_close(v_gate);
  -- Last, so that it also covers the audit rows this erasure wrote.
  v_audit := vitalis_private.anonymise_audit_log(p_user_id);
  perform set_config('vitalis.erasing_email', '', true);
  perform set_config('app.current_user_id', coalesce(v_previous, ''), true);
  return jsonb_build_object('rows', v_counts, 'auditRowsAnonymised', v_audit, 'requests', coalesce(array_length(v_requests, 1), 0));
end $$;
comment on function vitalis_private.erase_user(uuid) is 'GDPR erasure, database part: deletes every row the user owns (all user-data tables, partitions included, in one transaction), anonymises their audit rows, completes their deletion request with the tables emptied, and removes their account when no member is left. Returns row counts per table, without PII.';
revoke all on function vitalis_private.erase_user(uuid) from public;

reset role;
