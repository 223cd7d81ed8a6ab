--! Previous: sha1:8d1f6dc742433099bae101e106e969e31b65acca
--! Hash: sha1:c493b6cd18187881207790ffc6e720731c7ceb98
--! Message: Household reads without an OR between policies: user_isolation reads user_id = any(readable_user_ids()) on shared tables, one index scan instead of a BitmapOr; restrictive household_read_only_update/delete keep writes the owner's

--! split: 1-current.sql
set local lock_timeout = '5s';
set local role vitalis_owner;

-- Household reads without an OR between policies. A shared table had two permissive SELECT
-- policies for vitalis_api, user_isolation (user_id = me) and household_read (user_id = any of
-- viewable_user_ids(), which already holds me). PostgreSQL ORs them, and for an OR of two
-- indexable arms the planner builds a BitmapOr: every list query read the caller's rows twice,
-- through two index scans, and ran viewable_user_ids() anyway; the dashboard's generic plan under
-- RLS took 1.16 ms of execution against 0.63 ms without RLS (EXPLAIN ANALYZE, 200 users).
-- Now a shared table has one USING predicate, user_id = any(readable_user_ids()), one index scan;
-- writes stay the owner's through two restrictive policies (UPDATE and DELETE; INSERT is held by
-- user_isolation's WITH CHECK, unchanged).

create or replace function vitalis.readable_user_ids() returns uuid[]
  language sql stable parallel safe as $$
  -- vitalis_worker is a member of vitalis_api, so the role is named: the worker acting for a user
  -- (exports, insights, syncs) keeps seeing that one user's rows only, as vitalis_owner does.
  -- Inlinable (no SET clause, which would plan it again on every call); hence the qualified
  -- operator, whatever the caller's search_path.
  select case when current_user operator(pg_catalog.=) 'vitalis_api'::name then vitalis.viewable_user_ids()
              else array[vitalis.current_user_id()] end
$$;
comment on function vitalis.readable_user_ids() is 'The users whose rows the caller may read in a shared user-data table: for vitalis_api, viewable_user_ids() (the caller and the members of their account who shared their profile with them); for every other role, the caller only. Read once per statement by the user_isolation policy of the shared tables.';
revoke all on function vitalis.readable_user_ids() from public;
grant execute on function vitalis.readable_user_ids() to vitalis_api, vitalis_worker, vitalis_owner, vitalis_admin;

create or replace function vitalis_private.add_household_read_policy(p_table regclass) returns boolean
  language plpgsql volatile as $$
declare
  v_name text;
begin
  select c.relname into v_name from pg_class c join pg_namespace n on n.oid = c.relnamespace
   where c.oid = p_table and n.nspname = 'vitalis' and not c.relispartition
     and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'user_id' and not a.attisdropped);
  if v_name is null or v_name = any (vitalis_private.household_read_excluded()) then
    return false;
  end if;
  if not exists (select 1 from pg_policy p where p.polrelid = p_table and p.polname = 'user_isolation') then
    raise exception 'table: % has no user_isolation policy; secure it with secure_user_table first', p_table using errcode = '42704';
  end if;
  execute format('drop policy if exists household_read on %s', p_table);
  -- The array goes into the index condition as one scan (user_id = any ($0)); the caller's own
  -- rows and the shared owners' are read in the same pass.
  execute format('alter policy user_isolation on %s using (user_id = any ((select vitalis.readable_user_ids())::uuid[]))', p_table);
  execute format('drop policy if exists household_read_only_update on %s', p_table);
  execute format('drop policy if exists household_read_only_delete on %s', p_table);
  execute format($f$create policy household_read_only_update on %s as restrictive for update to vitalis_api
    using (user_id = (select vitalis.current_user_id()))$f$, p_table);
  execute format($f$create policy household_read_only_delete on %s as restrictive for delete to vitalis_api
    using (user_id = (select vitalis.current_user_id()))$f$, p_table);
  return true;
end $$;
comment on function vitalis_private.add_household_read_policy(regclass) is 'Opens a user-data table to household reads, unless it is one of household_read_excluded(): its user_isolation policy reads user_id = any(readable_user_ids()) (the caller and the owners who shared their profile with them), and two restrictive policies, household_read_only_update and household_read_only_delete, keep updates and deletes to the caller''s own rows. Safe to run again.';
revoke all on function vitalis_private.add_household_read_policy(regclass) from public;

-- Every table that had the old household_read policy.
do $$
declare
  v_table regclass;
begin
  for v_table in
    select p.polrelid::regclass from pg_policy p join pg_class c on c.oid = p.polrelid
     where p.polname = 'household_read' and not c.relispartition order by 1
  loop
    perform vitalis_private.add_household_read_policy(v_table);
  end loop;
end $$;

reset role;
