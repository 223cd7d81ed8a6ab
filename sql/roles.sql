-- Cluster-wide roles (DESIGN.md section 4). Run before migrations by `npm run db:migrate` with a
-- connection that may create roles; safe to run any number of times.
do $$
declare
  r record;
begin
  for r in select * from (values
      ('vitalis_owner', 'nologin'),
      ('vitalis_authenticator', 'login noinherit'),
      ('vitalis_anonymous', 'nologin'),
      ('vitalis_api', 'nologin'),
      ('vitalis_worker', 'login'),
      ('vitalis_admin', 'login bypassrls'),
      ('vitalis_readonly', 'login'),
      ('vitalis_analytics', 'nologin bypassrls')) v(name, attrs)
  loop
    if not exists (select 1 from pg_roles where rolname = r.name) then
      execute format('create role %I %s', r.name, r.attrs);
    else
      -- Converge roles made by an older version of this file.
      begin
        execute format('alter role %I %s', r.name, r.attrs);
      exception when insufficient_privilege then
        raise notice 'could not update attributes of role % (needs a superuser): %', r.name, r.attrs;
      end;
    end if;
  end loop;
end $$;

comment on role vitalis_owner is 'Owns every Vitalis object and runs migrations.';
comment on role vitalis_authenticator is 'The API connects as this role and switches to vitalis_anonymous or vitalis_api per request.';
comment on role vitalis_anonymous is 'A request without a signed-in user: may only register and log in.';
comment on role vitalis_api is 'A signed-in user, confined to their own rows by RLS.';
comment on role vitalis_worker is 'Background jobs; acts as the job''s user, cross-user only on job and device tables.';
comment on role vitalis_admin is 'Emergency access that bypasses RLS; every statement is logged.';
comment on role vitalis_readonly is 'Analysts: the analytics schema and the dictionaries only, never PII.';
comment on role vitalis_analytics is 'Owns the pseudonymised analytics views; cannot log in.';

grant vitalis_anonymous, vitalis_api to vitalis_authenticator;
grant vitalis_api to vitalis_worker;
-- Emergency access logs in as vitalis_admin itself (a password is set by the operator when
-- needed), so this per-role setting applies and every statement lands in the server log.
alter role vitalis_admin set log_statement = 'all';
-- The migrating connection must be able to act as the owner and the analytics role.
do $$
begin
  if not (select rolsuper from pg_roles where rolname = current_user) then
    execute format('grant vitalis_owner, vitalis_analytics to %I', current_user);
  end if;
end $$;
