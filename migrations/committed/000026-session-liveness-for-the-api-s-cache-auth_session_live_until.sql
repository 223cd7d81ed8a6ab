--! Previous: sha1:4541b86423595de9e0c2eab2d0420976982cafe2
--! Hash: sha1:0bd13f4ac541871093da1ac8c603cbe4f5f6e737
--! Message: Session liveness for the API's cache: auth_session_live_until, and vitalis_session_ended notifications when a session ends early

--! split: 1-current.sql
set local lock_timeout = '5s';
set local role vitalis_owner;

-- Session liveness for the API's cache (src/http/sessionLiveness.ts): how long a session stays
-- live, and a notification whenever one ends early, so every API process can drop what it cached.

create or replace function vitalis_private.auth_session_live_until(p_session_id uuid, p_user_id uuid)
returns timestamptz
language sql stable security definer
set search_path = pg_catalog
as $$
  select s.expires_at from vitalis_private.sessions s
   where s.session_id = p_session_id and s.user_id = p_user_id and s.revoked_at is null and s.expires_at > now()
$$;
comment on function vitalis_private.auth_session_live_until(uuid, uuid) is
  'When an access token''s session (sid) stops being live for its user (sub), or null when it is not live now. The API caches the answer until then, or until vitalis_session_ended says otherwise.';
revoke all on function vitalis_private.auth_session_live_until(uuid, uuid) from public;
grant execute on function vitalis_private.auth_session_live_until(uuid, uuid) to vitalis_authenticator;

create or replace function vitalis_private.auth_tg_sessions__notify_ended()
returns trigger
language plpgsql volatile security definer
set search_path = pg_catalog
as $$
begin
  -- Delivered at commit, once per user and transaction (PostgreSQL folds identical payloads).
  if tg_op = 'TRUNCATE' then
    perform pg_notify('vitalis_session_ended', '*');
  elsif tg_op = 'DELETE' then
    perform pg_notify('vitalis_session_ended', old.user_id::text);
  elsif new.revoked_at is not null and old.revoked_at is null
     or new.expires_at < old.expires_at
     or new.user_id is distinct from old.user_id then
    perform pg_notify('vitalis_session_ended', old.user_id::text);
  end if;
  return null;
end $$;
comment on function vitalis_private.auth_tg_sessions__notify_ended() is
  'Trigger: when a session is revoked, shortened or deleted, NOTIFY vitalis_session_ended with its user id (* after a truncate), so API processes drop their cached liveness for that user.';
revoke all on function vitalis_private.auth_tg_sessions__notify_ended() from public;

drop trigger if exists _800_notify_session_ended on vitalis_private.sessions;
create trigger _800_notify_session_ended
  after update of revoked_at, expires_at, user_id or delete on vitalis_private.sessions
  for each row execute function vitalis_private.auth_tg_sessions__notify_ended();
drop trigger if exists _801_notify_sessions_truncated on vitalis_private.sessions;
create trigger _801_notify_sessions_truncated
  after truncate on vitalis_private.sessions
  for each statement execute function vitalis_private.auth_tg_sessions__notify_ended();

reset role;
