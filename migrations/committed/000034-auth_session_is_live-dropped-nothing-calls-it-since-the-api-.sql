--! Previous: sha1:cfbe377f9e7384fd4ac2fff29c0b84b17db4334b
--! Hash: sha1:98f60a4b67774c14ce1e0438969a2df4f5c5e912
--! Message: auth_session_is_live dropped: nothing calls it since the API keeps session liveness per process

--! split: 1-current.sql
set local lock_timeout = '5s';
set local role vitalis_owner;

-- auth_session_is_live is no longer called: the API checks a session through
-- auth_session_live_until, whose answer it keeps per process until NOTIFY says the session ended
-- (src/http/sessionLiveness.ts). Its comment ("checked on every authenticated request") had become
-- untrue, and an unused SECURITY DEFINER function is one more door to keep shut.
drop function if exists vitalis_private.auth_session_is_live(uuid, uuid);

reset role;
