-- Runs (as the root connection) after graphile-migrate creates or resets a database, e.g. the
-- shadow database used by `graphile-migrate commit`. Roles are cluster-wide and come from
-- sql/roles.sql (`npm run db:migrate` runs it); here the new database only needs its grants.
grant connect, create, temporary on database :DATABASE_NAME to vitalis_owner;
grant connect, temporary on database :DATABASE_NAME to vitalis_authenticator, vitalis_worker, vitalis_readonly, vitalis_api, vitalis_anonymous;
