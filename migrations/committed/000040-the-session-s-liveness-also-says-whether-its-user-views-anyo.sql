--! Previous: sha1:1d5443c62fefb0793f40e72a68e393f9e336c492
--! Hash: sha1:66064d292686c3b0a6a4da908bb53d16e6db66d0
--! Message: The session's liveness also says whether its user views anyone else's profile (auth_user_views_others); a share that becomes live NOTIFYs vitalis_session_ended with its viewer, so the API's cached answer is dropped

--! split: 1-current.sql
set local lock_timeout = '5s';
set local role vitalis_owner;

-- The API reads a caller's own rows in index order when nobody shares a profile with them.
-- Under RLS a shared table's rows are `user_id = any(readable_user_ids())`, an array, so a list
-- ordered by date reads and sorts every row the caller may read. For a caller who views nobody
-- else's profile that array is the caller alone, and the API may say so in the query
-- (`user_id = <caller>`), which PostgreSQL reads from the (user_id, date) index in order, stopping
-- at `first`. The API learns whether a caller views others with their session's liveness (cached,
-- dropped on NOTIFY vitalis_session_ended), so a new share must drop the viewer's cached answer.

create or replace function vitalis_private.auth_user_views_others(p_user_id uuid) returns boolean
  language plpgsql volatile security definer
  set search_path = pg_catalog
as $$
declare
  v_gate text := vitalis_private.household_gate_open();
  v_views boolean;
begin
  -- Any unrevoked share counts, whatever the accounts now: the answer may only be too wide.
  select exists (select 1 from vitalis.profile_shares s where s.viewer_user_id = p_user_id and s.revoked_at is null) into v_views;
  perform vitalis_private.household_gate_close(v_gate);
  return v_views;
end $$;

comment on function vitalis_private.auth_user_views_others(uuid) is
  'Whether a user holds an unrevoked profile share as its viewer, so may read rows of users other than themselves. The API asks with a session''s liveness and, for a user who does not, adds user_id = the user to their list queries (an ordered index read instead of a sort of everything readable).';

revoke all on function vitalis_private.auth_user_views_others(uuid) from public;
grant execute on function vitalis_private.auth_user_views_others(uuid) to vitalis_authenticator;

create or replace function vitalis_private.auth_tg_profile_shares__notify_viewer() returns trigger
  language plpgsql volatile security definer
  set search_path = pg_catalog
as $$
begin
  -- A share that becomes live widens what its viewer reads: the API processes drop what they
  -- cached about the viewer's sessions (auth_user_views_others) when this is delivered, at commit.
  -- A revocation only narrows it, which row-level security enforces whatever the API cached.
  if new.viewer_user_id is not null and new.revoked_at is null
     and (tg_op = 'INSERT' or old.revoked_at is not null or old.viewer_user_id is distinct from new.viewer_user_id) then
    perform pg_notify('vitalis_session_ended', new.viewer_user_id::text);
  end if;
  return null;
end $$;

comment on function vitalis_private.auth_tg_profile_shares__notify_viewer() is
  'Trigger: when a profile share becomes live, NOTIFY vitalis_session_ended with its viewer''s id, so API processes drop their cached answer to auth_user_views_others for that user.';

revoke all on function vitalis_private.auth_tg_profile_shares__notify_viewer() from public;

drop trigger if exists _800_notify_viewer on vitalis.profile_shares;
create trigger _800_notify_viewer after insert or update of viewer_user_id, revoked_at on vitalis.profile_shares
  for each row execute function vitalis_private.auth_tg_profile_shares__notify_viewer();

reset role;
