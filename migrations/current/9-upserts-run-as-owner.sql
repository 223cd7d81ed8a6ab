set local lock_timeout = '5s';
set local role vitalis_owner;

/*
 * The batch upserts write columns a client may not write directly (user_id from the request
 * context, ids, source_updated_at: see 2-server-owned-columns.sql), so they run as their owner.
 * RLS is forced on every user-data table and binds vitalis_owner too, so they still act for
 * exactly vitalis.current_user_id(). Applied last, after every redefinition of these functions.
 */
do $$
declare
  f regprocedure;
begin
  for f in
    select p.oid::regprocedure from pg_proc p join pg_namespace n on n.oid = p.pronamespace
     where n.nspname = 'vitalis' and p.proname in ('upsert_wearable_daily', 'upsert_wearable_sleep', 'upsert_wearable_activities', 'upsert_measurements')
  loop
    execute format('alter function %s security definer set search_path = pg_catalog', f);
  end loop;
end $$;

reset role;
