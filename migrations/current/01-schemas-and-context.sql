/*
 * Schemas, request context and shared helpers.
 *
 * vitalis is what GraphQL exposes; vitalis_private holds secrets and internal functions and is
 * never exposed; analytics holds pseudonymised views for the read-only role. Roles are
 * cluster-wide and created before migrations run (sql/roles.sql), so they are only granted here.
 *
 * Request context lives in transaction-local settings (set_config(..., true)), never in session
 * state: that keeps PgBouncer transaction pooling safe.
 */
set local lock_timeout = '5s';

-- Before switching to the owner: installing into public needs the migrating user's rights.
create extension if not exists pgcrypto with schema public;

set local role vitalis_owner;

create schema vitalis;
create schema vitalis_private;
create schema analytics;
comment on schema vitalis is 'Vitalis: one person''s health data, isolated per user by row-level security.';
comment on schema vitalis_private is 'Internal functions and secrets; never exposed through the API.';
comment on schema analytics is 'Pseudonymised views for analysts (role vitalis_readonly); no PII.';

revoke all on schema vitalis, vitalis_private, analytics from public;
grant usage on schema vitalis to vitalis_anonymous, vitalis_api, vitalis_worker, vitalis_admin, vitalis_readonly;
grant usage on schema vitalis_private to vitalis_anonymous, vitalis_api, vitalis_worker, vitalis_admin;
-- Usage only: functions here are executable one by one, and no table in it is granted to users.
grant usage on schema analytics to vitalis_readonly, vitalis_admin;
alter default privileges in schema vitalis, vitalis_private, analytics revoke execute on functions from public;

-- Safe casts: a malformed header value must never make a user's write fail.
create function vitalis_private.try_uuid(value text) returns uuid
  language plpgsql immutable parallel safe as $$
begin
  return nullif(value, '')::uuid;
exception when invalid_text_representation then
  return null;
end $$;

create function vitalis_private.try_inet(value text) returns inet
  language plpgsql immutable parallel safe as $$
begin
  return nullif(value, '')::inet;
exception when invalid_text_representation then
  return null;
end $$;

-- STABLE and SQL so the planner runs it once per statement inside RLS policies (a VOLATILE
-- function there made dashboard queries 36-50x slower).
create function vitalis.current_user_id() returns uuid
  language sql stable parallel safe as $$
  select vitalis_private.try_uuid(current_setting('app.current_user_id', true))
$$;
comment on function vitalis.current_user_id() is 'The signed-in user''s id, from the transaction-local setting app.current_user_id; NULL when nobody is signed in.';

create function vitalis_private.current_request_id() returns uuid
  language sql stable parallel safe as $$
  select vitalis_private.try_uuid(current_setting('app.request_id', true))
$$;

create function vitalis_private.tg__set_updated_at() returns trigger
  language plpgsql as $$
begin
  new.updated_at := now();
  return new;
end $$;
comment on function vitalis_private.tg__set_updated_at() is 'Keeps updated_at current on every UPDATE.';

grant execute on function vitalis.current_user_id() to vitalis_anonymous, vitalis_api, vitalis_worker, vitalis_admin;
grant execute on function vitalis_private.try_uuid(text), vitalis_private.try_inet(text),
  vitalis_private.current_request_id() to vitalis_api, vitalis_worker, vitalis_admin;
