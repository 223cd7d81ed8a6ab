set local lock_timeout = '5s';
set local role vitalis_owner;

/*
 * Functions are executable only by the roles they are granted to. PostgreSQL grants EXECUTE to
 * PUBLIC on every new function, and `alter default privileges IN SCHEMA ... revoke` cannot take
 * that global default away: it must be revoked for the owning role without a schema. Existing
 * functions lose the PUBLIC grant here; those the application roles call keep their explicit grants.
 */
alter default privileges for role vitalis_owner revoke execute on functions from public;

do $$
declare
  f regprocedure;
begin
  for f in
    select p.oid::regprocedure from pg_proc p join pg_namespace n on n.oid = p.pronamespace
     where n.nspname in ('vitalis', 'vitalis_private') and p.prokind in ('f', 'p')
  loop
    execute format('revoke execute on function %s from public', f);
  end loop;
end $$;

-- Called by the application roles' own statements (upserts check the partition window).
grant execute on function vitalis_private.partition_window_start(), vitalis_private.partition_window_end(),
  vitalis_private.partition_period(regclass) to vitalis_api, vitalis_worker, vitalis_admin;

reset role;
