--! Previous: sha1:66064d292686c3b0a6a4da908bb53d16e6db66d0
--! Hash: sha1:12176ad5e6b35312955b3e7a844781dd782463bf
--! Message: readable_user_ids() answers the caller alone, without the household lookup, when app.own_rows_only is on (the API sets it for a caller who views nobody's profile; it can only narrow)

--! split: 1-current.sql
set local lock_timeout = '5s';
set local role vitalis_owner;

-- The household lookup behind every shared table's user_isolation policy (viewable_user_ids(): a
-- SECURITY DEFINER plpgsql call, a profile_shares probe and a set_config, once per statement) was
-- 56-80 us of the biomarker trend's 0.24-0.31 ms, more than half of what RLS added to it. The API
-- already knows, from the session lookup it caches, whether the caller views anybody's profile
-- (migration 40); for a
-- caller who does not, it now says so with the transaction-local setting app.own_rows_only = 'on',
-- and readable_user_ids() answers the caller alone without the lookup. The setting can only
-- narrow what a statement reads (to the caller's own rows, which every policy admits anyway), so
-- it needs no trust: whoever sets it hides other people's shared rows from themselves, nothing more.
create or replace function vitalis.readable_user_ids() returns uuid[]
  language sql stable parallel safe as $$
  -- vitalis_worker is a member of vitalis_api, so the role is named: the worker acting for a user
  -- (exports, insights, syncs) keeps seeing that one user's rows only, as vitalis_owner does.
  -- Inlinable (no SET clause, which would plan it again on every call); hence the qualified
  -- operators, whatever the caller's search_path.
  select case
    when current_user operator(pg_catalog.<>) 'vitalis_api'::name
      or pg_catalog.current_setting('app.own_rows_only', true) operator(pg_catalog.=) 'on'
      then array[vitalis.current_user_id()]
    when pg_catalog.split_part(pg_catalog.current_setting('vitalis.viewable_user_ids', true), '|', 1) operator(pg_catalog.=) vitalis_private.viewable_cache_key()
      then pg_catalog.split_part(pg_catalog.current_setting('vitalis.viewable_user_ids', true), '|', 2)::uuid[]
    else vitalis.viewable_user_ids() end
$$;
comment on function vitalis.readable_user_ids() is 'The users whose rows the caller may read in a shared user-data table: for vitalis_api, viewable_user_ids() (the caller and the members of their account who shared their profile with them), computed once per statement; for every other role, or when the transaction-local setting app.own_rows_only is ''on'' (the API sets it for a caller who views nobody''s profile; it can only narrow), the caller only. Read by the user_isolation policy of the shared tables.';

reset role;
