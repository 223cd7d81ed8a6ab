set local lock_timeout = '5s';
set local role vitalis_owner;

/*
 * Household (family) accounts: max_users, invitations, and read-only profile sharing.
 *
 * - accounts.max_users (1 for free and pro, 4 for family) is enforced by a trigger on users that
 *   locks the account row, so concurrent inserts or moves into one account cannot overshoot it.
 * - accounts.owner_user_id is the account owner: the first user who joined the account (kept by
 *   trigger; passed on to the longest-standing remaining member if the owner leaves or is erased).
 *   Only the owner of a family account may invite. users.role is left alone: it means app admin.
 * - household_invites: user_id is the inviting user (SCHEMA.md-style owner column, so RLS, audit,
 *   the catalog tests and Citus distribution treat it like every other user-data table). Only the
 *   sha256 of the token is stored; the plain token is returned once.
 * - profile_shares: user_id is the profile owner (whose data is shared), viewer_user_id the member
 *   who may read it. Every user-data table gets a SELECT-only policy household_read for
 *   vitalis_api: user_id = any(vitalis.viewable_user_ids()), which holds the caller and the owners
 *   who granted them a live share while both are in the same account (checked at read time, so a
 *   member who leaves loses access at once). Writes stay owner-only (user_isolation).
 *
 *   SCHEMA.md section 3 puts this check in the application layer; it is in RLS here so that no
 *   API path can forget it. The worker (a member of vitalis_api) is left out on purpose: jobs such
 *   as exports and insights act for one person. viewer_user_id is nullable (set NULL when the
 *   viewer is erased; a share without a viewer grants nothing): grant_profile_view never writes
 *   NULL, and the catalog seeder of the tests can fill the table like any other.
 * - secure_user_table is redefined to call add_household_read_policy, so tables made later get
 *   household_read too; household_read_excluded() names the tables that stay owner-only.
 *
 * Cross-user lookups inside these SECURITY DEFINER functions (counting an account's users, reading
 * an invite sent by someone else) go through policies for vitalis_owner that are open only while a
 * function has set vitalis.household_gate to a per-database secret an application role cannot read:
 * setting the variable by hand does not open anything.
 */

-- Drop what this file creates, in reverse order (graphile-migrate re-runs it on every change).
do $drop$
declare
  r record;
begin
  for r in select p.polrelid::regclass as tbl from pg_policy p join pg_class c on c.oid = p.polrelid
            join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'vitalis' and p.polname = 'household_read'
  loop
    execute format('drop policy household_read on %s', r.tbl);
  end loop;
end $drop$;
drop function if exists vitalis.revoke_profile_view(uuid);
drop function if exists vitalis.grant_profile_view(uuid);
drop function if exists vitalis.accept_household_invite(text);
drop function if exists vitalis.revoke_household_invite(uuid);
drop function if exists vitalis.invite_household_member(text);
drop policy if exists household_sharers on vitalis.users;
drop function if exists vitalis.viewable_user_ids();
drop table if exists vitalis.profile_shares;
drop table if exists vitalis.household_invites;
drop trigger if exists _200_max_users on vitalis.accounts;
drop trigger if exists _510_account_owner on vitalis.users;
drop trigger if exists _200_max_users on vitalis.users;
drop function if exists vitalis_private.tg_accounts__max_users();
drop function if exists vitalis_private.tg_users__account_owner();
drop function if exists vitalis_private.tg_users__max_users();
drop function if exists vitalis_private.max_users_message(vitalis.subscription_tier, smallint);
drop policy if exists household_internal on vitalis.users;
drop policy if exists household_internal on vitalis.accounts;
alter table vitalis.accounts drop column if exists owner_user_id;
drop function if exists vitalis_private.household_gate_close(text);
drop function if exists vitalis_private.household_gate_open();
drop function if exists vitalis_private.household_gate_is_open();
drop table if exists vitalis_private.household_gate_key;

-- The household_read policy for user-data tables. create or replace, not dropped above: the
-- secure_user_table below calls it, also from the other migration files when they re-run.
-- Not shared: the audit trail, access-control rows (shares, invites), sign-in and provider
-- connections (oauth_identities, connected_devices), jobs, and erasure/export requests.
create or replace function vitalis_private.household_read_excluded() returns text[]
  language sql immutable parallel safe as $$
  select array['audit_log', 'profile_shares', 'household_invites', 'oauth_identities', 'connected_devices',
               'ingestion_jobs', 'deletion_requests', 'data_export_requests']
$$;

create or replace function vitalis_private.add_household_read_policy(p_table regclass) returns boolean
  language plpgsql as $$
declare
  v_name text;
begin
  select c.relname into v_name from pg_class c join pg_namespace n on n.oid = c.relnamespace
   where c.oid = p_table and n.nspname = 'vitalis' and not c.relispartition
     and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'user_id' and not a.attisdropped);
  if v_name is null or v_name = any (vitalis_private.household_read_excluded()) then
    return false;
  end if;
  if exists (select 1 from pg_policy p where p.polrelid = p_table and p.polname = 'household_read') then
    execute format('drop policy household_read on %s', p_table);
  end if;
  -- vitalis_worker is a member of vitalis_api, so the policy names the role it is for: the worker
  -- acting for a user (exports, insights, syncs) keeps seeing that one user's rows only.
  execute format($f$create policy household_read on %s for select to vitalis_api
    using (current_user = 'vitalis_api' and user_id = any ((select vitalis.viewable_user_ids())::uuid[]))$f$, p_table);
  return true;
end $$;
comment on function vitalis_private.add_household_read_policy(regclass) is 'Adds the SELECT-only household_read policy (owners who shared their profile with the caller) to a user-data table, unless it is one of household_read_excluded().';

--------------------------------------------------------------------------------------------------
-- The gate for cross-user lookups by the household functions (vitalis_owner only).

create table vitalis_private.household_gate_key (
  singleton boolean primary key default true check (singleton),
  key text not null default encode(public.gen_random_bytes(32), 'hex')
);
comment on table vitalis_private.household_gate_key is 'Secret that opens the household_internal policies for the household functions; never granted to anyone.';
insert into vitalis_private.household_gate_key default values;

create function vitalis_private.household_gate_is_open() returns boolean
  language sql stable parallel safe as $$
  select coalesce(current_setting('vitalis.household_gate', true) = (select key from vitalis_private.household_gate_key), false)
$$;
comment on function vitalis_private.household_gate_is_open() is 'True while a household function has opened the gate (policies household_internal, vitalis_owner only).';

-- Returns the previous value, for household_gate_close (the gate may already be open: a trigger
-- firing inside accept_household_invite must not close it for its caller).
create function vitalis_private.household_gate_open() returns text
  language plpgsql volatile as $$
declare
  v_previous text := coalesce(current_setting('vitalis.household_gate', true), '');
begin
  perform set_config('vitalis.household_gate', (select key from vitalis_private.household_gate_key), true);
  return v_previous;
end $$;
create function vitalis_private.household_gate_close(p_previous text) returns void
  language plpgsql volatile as $$
begin
  perform set_config('vitalis.household_gate', coalesce(p_previous, ''), true);
end $$;

--------------------------------------------------------------------------------------------------
-- Accounts: owner and max_users.

alter table vitalis.accounts add column owner_user_id uuid references vitalis.users on delete set null;
comment on column vitalis.accounts.owner_user_id is 'The account owner: the first user who joined it. Only the owner of a family account may invite members.';
create index accounts_owner_user_id_idx on vitalis.accounts (owner_user_id);
update vitalis.accounts a
   set owner_user_id = (select u.user_id from vitalis.users u where u.account_id = a.account_id order by u.created_at, u.user_id limit 1)
 where a.owner_user_id is null;

create policy household_internal on vitalis.accounts for all to vitalis_owner
  using ((select vitalis_private.household_gate_is_open())) with check ((select vitalis_private.household_gate_is_open()));
create policy household_internal on vitalis.users for all to vitalis_owner
  using ((select vitalis_private.household_gate_is_open())) with check ((select vitalis_private.household_gate_is_open()));

create function vitalis_private.max_users_message(p_tier vitalis.subscription_tier, p_max smallint) returns text
  language sql immutable parallel safe as $$
  select format('accounts.max_users: a %s account holds at most %s %s', p_tier, p_max, case when p_max = 1 then 'user' else 'users' end)
$$;

-- The account row is locked first, so two transactions adding users to one account take turns
-- and the second counts the first one's user (READ COMMITTED: the count is a new statement).
create function vitalis_private.tg_users__max_users() returns trigger
  language plpgsql security definer set search_path = pg_catalog as $$
declare
  v_gate text;
  v_tier vitalis.subscription_tier;
  v_max smallint;
  v_count integer;
begin
  if tg_op = 'UPDATE' and new.account_id is not distinct from old.account_id then
    return new;
  end if;
  v_gate := vitalis_private.household_gate_open();
  select a.subscription_tier, a.max_users into v_tier, v_max
    from vitalis.accounts a where a.account_id = new.account_id for update;
  if found then
    select count(*) into v_count from vitalis.users u where u.account_id = new.account_id and u.user_id <> new.user_id;
    if v_count >= v_max then
      raise exception '%', vitalis_private.max_users_message(v_tier, v_max)
        using errcode = '23514', table = 'users', column = 'account_id',
              hint = case when v_tier = 'family' then 'Remove a member first.' else 'Only a family account holds more than one user.' end;
    end if;
  end if;
  perform vitalis_private.household_gate_close(v_gate);
  return new;
end $$;
create trigger _200_max_users before insert or update of account_id on vitalis.users
  for each row execute function vitalis_private.tg_users__max_users();

-- A tier change may not leave more users in the account than the new tier allows.
create function vitalis_private.tg_accounts__max_users() returns trigger
  language plpgsql security definer set search_path = pg_catalog as $$
declare
  v_gate text;
  v_count integer;
begin
  if new.max_users >= old.max_users then
    return new;
  end if;
  v_gate := vitalis_private.household_gate_open();
  select count(*) into v_count from vitalis.users u where u.account_id = new.account_id;
  perform vitalis_private.household_gate_close(v_gate);
  if v_count > new.max_users then
    raise exception '%', vitalis_private.max_users_message(new.subscription_tier, new.max_users)
      using errcode = '23514', table = 'accounts', column = 'max_users',
            detail = format('The account holds %s users.', v_count), hint = 'Remove members before changing the tier.';
  end if;
  return new;
end $$;
create trigger _200_max_users before update of max_users on vitalis.accounts
  for each row execute function vitalis_private.tg_accounts__max_users();

-- The first user to join an account owns it; when the owner leaves (or is erased), the
-- longest-standing remaining member takes over.
create function vitalis_private.tg_users__account_owner() returns trigger
  language plpgsql security definer set search_path = pg_catalog as $$
declare
  v_gate text := vitalis_private.household_gate_open();
begin
  if tg_op = 'DELETE' or (tg_op = 'UPDATE' and new.account_id is distinct from old.account_id) then
    update vitalis.accounts a
       set owner_user_id = (select u.user_id from vitalis.users u where u.account_id = a.account_id order by u.created_at, u.user_id limit 1)
     where a.account_id = old.account_id and (a.owner_user_id = old.user_id or a.owner_user_id is null);
  end if;
  if tg_op = 'INSERT' or (tg_op = 'UPDATE' and new.account_id is distinct from old.account_id) then
    update vitalis.accounts set owner_user_id = new.user_id where account_id = new.account_id and owner_user_id is null;
  end if;
  perform vitalis_private.household_gate_close(v_gate);
  return null;
end $$;
create trigger _510_account_owner after insert or update of account_id or delete on vitalis.users
  for each row execute function vitalis_private.tg_users__account_owner();

--------------------------------------------------------------------------------------------------
-- Invitations.

create table vitalis.household_invites (
  invite_id uuid primary key default gen_random_uuid(),
  user_id uuid not null references vitalis.users on delete cascade,
  account_id uuid not null references vitalis.accounts on delete cascade,
  email text not null check (email = lower(btrim(email)) and length(email) between 3 and 320),
  token_hash bytea not null unique,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null default now() + interval '7 days',
  accepted_at timestamptz,
  accepted_by uuid references vitalis.users on delete set null,
  revoked_at timestamptz,
  constraint household_invites_accepted_or_revoked check (accepted_at is null or revoked_at is null)
);
comment on table vitalis.household_invites is 'An invitation into a family account, sent by its owner (user_id) to an email address. Created by invite_household_member, used by accept_household_invite; the token itself is never stored.';
comment on column vitalis.household_invites.user_id is 'The inviting user (the account owner).';
comment on column vitalis.household_invites.email is 'Who may accept: the signed-in user with this email (lowercase).';
comment on column vitalis.household_invites.token_hash is 'sha256 of the token that was emailed; the token is single-use.';
comment on column vitalis.household_invites.accepted_by is 'The user who accepted; NULL until then.';
create index household_invites_user_id_idx on vitalis.household_invites (user_id, created_at desc);
create index household_invites_account_id_idx on vitalis.household_invites (account_id);
create index household_invites_accepted_by_idx on vitalis.household_invites (accepted_by);
-- One live invitation per address and account: a new one replaces the old.
create unique index household_invites_live_email_key on vitalis.household_invites (account_id, email)
  where accepted_at is null and revoked_at is null;
select vitalis_private.secure_user_table('vitalis.household_invites', 'invite_id');
create policy account_members_read on vitalis.household_invites for select to vitalis_api
  using (account_id = (select vitalis.current_account_id()));
create policy household_internal on vitalis.household_invites for all to vitalis_owner
  using ((select vitalis_private.household_gate_is_open())) with check ((select vitalis_private.household_gate_is_open()));
-- Written only by the functions below; the hash is not readable either.
revoke all on vitalis.household_invites from vitalis_api, vitalis_worker;
grant select (invite_id, user_id, account_id, email, created_at, expires_at, accepted_at, accepted_by, revoked_at)
  on vitalis.household_invites to vitalis_api;

--------------------------------------------------------------------------------------------------
-- Profile shares.

create table vitalis.profile_shares (
  share_id uuid primary key default gen_random_uuid(),
  user_id uuid not null references vitalis.users on delete cascade,
  viewer_user_id uuid references vitalis.users on delete set null,
  granted_at timestamptz not null default now(),
  revoked_at timestamptz,
  constraint profile_shares_not_self check (viewer_user_id <> user_id),
  constraint profile_shares_revoked_after_granted check (revoked_at is null or revoked_at >= granted_at)
);
comment on table vitalis.profile_shares is 'Read-only profile sharing inside a household: the owner (user_id) lets a member of the same account (viewer_user_id) read their data. Written by grant_profile_view and revoke_profile_view only; a revoked share stays as history.';
comment on column vitalis.profile_shares.user_id is 'The profile owner whose data is shared.';
comment on column vitalis.profile_shares.viewer_user_id is 'The member who may read it; NULL once that user was erased (the share then grants nothing).';
comment on column vitalis.profile_shares.revoked_at is 'When the owner withdrew the share; effective from the next request.';
create unique index profile_shares_live_pair_key on vitalis.profile_shares (user_id, viewer_user_id) where revoked_at is null;
create index profile_shares_viewer_user_id_idx on vitalis.profile_shares (viewer_user_id) where revoked_at is null;
create index profile_shares_user_id_granted_at_idx on vitalis.profile_shares (user_id, granted_at desc);
create index profile_shares_viewer_user_id_all_idx on vitalis.profile_shares (viewer_user_id);
select vitalis_private.secure_user_table('vitalis.profile_shares', 'share_id');
-- The viewer sees the shares made to them (and viewable_user_ids, as vitalis_owner, reads them).
create policy viewer_read on vitalis.profile_shares for select to vitalis_api, vitalis_worker, vitalis_owner
  using (viewer_user_id = (select vitalis.current_user_id()));
create policy household_internal on vitalis.profile_shares for all to vitalis_owner
  using ((select vitalis_private.household_gate_is_open())) with check ((select vitalis_private.household_gate_is_open()));
revoke insert, update, delete on vitalis.profile_shares from vitalis_api, vitalis_worker;

-- For viewable_user_ids (vitalis_owner): the users rows of the owners sharing with the caller.
-- Not a household_read policy on purpose: that one calls viewable_user_ids and would recurse.
create policy household_sharers on vitalis.users for select to vitalis_owner
  using (user_id in (select s.user_id from vitalis.profile_shares s
                      where s.viewer_user_id = (select vitalis.current_user_id()) and s.revoked_at is null));

-- STABLE and read through (select ...) in the policies: evaluated once per statement (an
-- initplan), never per row. No caching beyond the statement: a revoke counts from the next one.
-- PL/pgSQL rather than SQL: its plans are cached per connection, where a non-inlined SQL function
-- is planned again on every call. The common case (nobody shares with the caller) is one probe of
-- the viewer index. Measured on 200 users: 0.02 ms per call, versus 0.5 ms for a single
-- three-way join and 1.2 ms for the SQL-language version.
create function vitalis.viewable_user_ids() returns uuid[]
  language plpgsql stable security definer set search_path = pg_catalog as $$
declare
  v_me uuid := vitalis.current_user_id();
  v_owners uuid[];
  v_account uuid;
begin
  if v_me is null then
    return '{}';
  end if;
  select array_agg(s.user_id) into v_owners
    from vitalis.profile_shares s where s.viewer_user_id = v_me and s.revoked_at is null;
  if v_owners is null then
    return array[v_me];
  end if;
  -- Both still in the same account, now: a member who left sees nothing of it any more.
  select u.account_id into v_account from vitalis.users u where u.user_id = v_me and u.deleted_at is null;
  return array_prepend(v_me, array(
    select o.user_id from vitalis.users o
     where o.user_id = any (v_owners) and o.account_id = v_account and o.deleted_at is null));
end $$;
comment on function vitalis.viewable_user_ids() is 'The users whose data the signed-in user may read: themselves, and the members of their own account who shared their profile with them.';
grant execute on function vitalis.viewable_user_ids() to vitalis_api, vitalis_worker, vitalis_admin;

--------------------------------------------------------------------------------------------------
-- The household_read policy on every user-data table.

-- Tables made later by secure_user_table get it too.
create or replace function vitalis_private.secure_user_table(p_table regclass, p_record_column text) returns void
  language plpgsql as $$
begin
  execute format('alter table %s enable row level security', p_table);
  execute format('alter table %s force row level security', p_table);
  execute format($f$create policy user_isolation on %s for all to vitalis_api, vitalis_worker, vitalis_owner
    using (user_id = (select vitalis.current_user_id())) with check (user_id = (select vitalis.current_user_id()))$f$, p_table);
  execute format('create policy admin_all on %s for all to vitalis_admin using (true) with check (true)', p_table);
  execute format('grant select, insert, update, delete on %s to vitalis_api, vitalis_worker, vitalis_admin', p_table);
  execute format('create trigger _900_audit_insert after insert on %s referencing new table as new_rows for each statement execute function vitalis_private.tg__audit_insert(%L)', p_table, p_record_column);
  execute format('create trigger _901_audit_update after update on %s referencing old table as old_rows new table as new_rows for each statement execute function vitalis_private.tg__audit_update(%L)', p_table, p_record_column);
  execute format('create trigger _902_audit_delete after delete on %s referencing old table as old_rows for each statement execute function vitalis_private.tg__audit_delete(%L)', p_table, p_record_column);
  perform vitalis_private.add_household_read_policy(p_table);
end $$;
comment on function vitalis_private.secure_user_table(regclass, text) is 'Enables and forces RLS (owner predicate on user_id), grants the application roles, attaches the audit triggers, and adds the household_read policy (add_household_read_policy). Every user-data table is passed through it.';

select vitalis_private.add_household_read_policy(c.oid)
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
 where n.nspname = 'vitalis' and c.relkind in ('r', 'p') and not c.relispartition
   and exists (select 1 from pg_policy p where p.polrelid = c.oid and p.polname = 'user_isolation');

--------------------------------------------------------------------------------------------------
-- Functions. Each acts only for vitalis.current_user_id().

create function vitalis.invite_household_member(email text, out invite_id uuid, out token text)
  language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_me uuid := vitalis.current_user_id();
  v_email text := lower(btrim(email));
  v_gate text;
  v_account vitalis.accounts;
  v_members integer;
begin
  if v_me is null then
    raise exception 'household_invites: sign in to invite members' using errcode = '42501';
  end if;
  if v_email is null or v_email !~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' or length(v_email) > 320 then
    raise exception 'household_invites: % is not an email address', coalesce(quote_literal(email), 'NULL') using errcode = '22023';
  end if;
  v_gate := vitalis_private.household_gate_open();
  select a.* into v_account from vitalis.accounts a
   where a.account_id = (select u.account_id from vitalis.users u where u.user_id = v_me) for update;
  if v_account.owner_user_id is distinct from v_me then
    raise exception 'household_invites: only the owner of the account may invite members' using errcode = '42501';
  end if;
  if v_account.subscription_tier <> 'family' then
    raise exception 'household_invites: only a family account can have members; this account is on the % tier', v_account.subscription_tier
      using errcode = '23514', hint = 'Upgrade to the family tier first.';
  end if;
  if v_account.subscription_status not in ('active', 'trialing') then
    raise exception 'household_invites: the family subscription is %', v_account.subscription_status using errcode = '23514';
  end if;
  if exists (select 1 from vitalis.users u where u.account_id = v_account.account_id and u.email = v_email) then
    raise exception 'household_invites: % is already a member of this account', v_email using errcode = '23505';
  end if;
  select count(*) into v_members from vitalis.users u where u.account_id = v_account.account_id;
  if v_members >= v_account.max_users then
    raise exception 'household_invites: the account is full (%)', vitalis_private.max_users_message(v_account.subscription_tier, v_account.max_users)
      using errcode = '23514';
  end if;
  -- A new invitation to the same address replaces the previous one.
  update vitalis.household_invites i set revoked_at = now()
   where i.account_id = v_account.account_id and i.email = v_email and i.accepted_at is null and i.revoked_at is null;
  token := encode(public.gen_random_bytes(32), 'hex');
  insert into vitalis.household_invites (user_id, account_id, email, token_hash)
  values (v_me, v_account.account_id, v_email, sha256(convert_to(token, 'UTF8')))
  returning household_invites.invite_id into invite_id;
  perform vitalis_private.household_gate_close(v_gate);
end $$;
comment on function vitalis.invite_household_member(text) is 'The owner of a family account invites someone by email. Returns the invitation id and its token, once: send the token by email; only its hash is stored. Refused when the account is not family tier or is full.';

create function vitalis.revoke_household_invite(invite_id uuid) returns boolean
  language plpgsql volatile security definer set search_path = pg_catalog as $$
begin
  update vitalis.household_invites i set revoked_at = now()
   where i.invite_id = revoke_household_invite.invite_id and i.user_id = vitalis.current_user_id()
     and i.accepted_at is null and i.revoked_at is null;
  return found;
end $$;
comment on function vitalis.revoke_household_invite(uuid) is 'Withdraws an invitation the signed-in user sent, if it is still open. Returns whether one was withdrawn.';

create function vitalis.accept_household_invite(token text) returns uuid
  language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_me uuid := vitalis.current_user_id();
  v_gate text;
  v_invite vitalis.household_invites;
  v_user vitalis.users;
  v_old vitalis.accounts;
  v_target vitalis.accounts;
begin
  if v_me is null then
    raise exception 'household_invites: sign in to accept an invitation' using errcode = '42501';
  end if;
  v_gate := vitalis_private.household_gate_open();
  select i.* into v_invite from vitalis.household_invites i
   where i.token_hash = sha256(convert_to(coalesce(token, ''), 'UTF8')) for update;
  if not found then
    raise exception 'household_invites: this invitation is not valid' using errcode = '22023';
  elsif v_invite.accepted_at is not null then
    raise exception 'household_invites: this invitation has already been used' using errcode = '22023';
  elsif v_invite.revoked_at is not null then
    raise exception 'household_invites: this invitation was withdrawn' using errcode = '22023';
  elsif v_invite.expires_at <= now() then
    raise exception 'household_invites: this invitation has expired' using errcode = '22023';
  end if;
  select u.* into v_user from vitalis.users u where u.user_id = v_me for update;
  if v_user.email is distinct from v_invite.email then
    raise exception 'household_invites: this invitation was sent to a different email address' using errcode = '42501';
  end if;
  if v_user.account_id = v_invite.account_id then
    raise exception 'household_invites: you are already a member of this account' using errcode = '23505';
  end if;
  -- Lock both accounts in a fixed order, so two acceptances cannot deadlock.
  perform 1 from vitalis.accounts a where a.account_id in (v_user.account_id, v_invite.account_id) order by a.account_id for update;
  select a.* into v_old from vitalis.accounts a where a.account_id = v_user.account_id;
  select a.* into v_target from vitalis.accounts a where a.account_id = v_invite.account_id;
  if exists (select 1 from vitalis.users u where u.account_id = v_old.account_id and u.user_id <> v_me) then
    raise exception 'household_invites: your account has other members; only a user alone in their account can join another one' using errcode = '23514';
  end if;
  if v_old.subscription_tier <> 'free' and v_old.subscription_status in ('active', 'trialing', 'past_due') then
    raise exception 'household_invites: cancel your % subscription before joining a family account', v_old.subscription_tier using errcode = '23514';
  end if;
  if v_target.subscription_tier <> 'family' or v_target.subscription_status not in ('active', 'trialing') then
    raise exception 'household_invites: the inviting account is no longer an active family account' using errcode = '23514';
  end if;
  -- The max_users trigger refuses the move if the account filled up meanwhile.
  update vitalis.users u set account_id = v_invite.account_id where u.user_id = v_me;
  update vitalis.household_invites i set accepted_at = now(), accepted_by = v_me where i.invite_id = v_invite.invite_id;
  delete from vitalis.accounts a where a.account_id = v_old.account_id
     and not exists (select 1 from vitalis.users u where u.account_id = a.account_id);
  perform vitalis_private.household_gate_close(v_gate);
  return v_invite.account_id;
end $$;
comment on function vitalis.accept_household_invite(text) is 'The signed-in user, whose email the invitation was sent to, joins the inviting family account. Allowed only while they are alone in their current account, which is then deleted (their own data stays theirs). Returns the account id.';

create function vitalis.grant_profile_view(viewer uuid) returns vitalis.profile_shares
  language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_me uuid := vitalis.current_user_id();
  v_gate text;
  v_share vitalis.profile_shares;
begin
  if v_me is null then
    raise exception 'profile_shares: sign in to share your profile' using errcode = '42501';
  end if;
  if viewer is null or viewer = v_me then
    raise exception 'profile_shares: choose another member of your household to share with' using errcode = '22023';
  end if;
  v_gate := vitalis_private.household_gate_open();
  -- Same message whether the user does not exist or is in another account: no probing.
  if not exists (select 1 from vitalis.users me join vitalis.users v on v.account_id = me.account_id
                  where me.user_id = v_me and v.user_id = viewer and v.deleted_at is null) then
    raise exception 'profile_shares: you can only share your profile with members of your own household account' using errcode = '22023';
  end if;
  select s.* into v_share from vitalis.profile_shares s
   where s.user_id = v_me and s.viewer_user_id = viewer and s.revoked_at is null;
  if not found then
    insert into vitalis.profile_shares (user_id, viewer_user_id) values (v_me, viewer) returning * into v_share;
  end if;
  perform vitalis_private.household_gate_close(v_gate);
  return v_share;
end $$;
comment on function vitalis.grant_profile_view(uuid) is 'Lets another member of your household account read (never change) your data. Granting twice keeps the existing share.';

create function vitalis.revoke_profile_view(viewer uuid) returns boolean
  language plpgsql volatile security definer set search_path = pg_catalog as $$
begin
  update vitalis.profile_shares s set revoked_at = now()
   where s.user_id = vitalis.current_user_id() and s.viewer_user_id = viewer and s.revoked_at is null;
  return found;
end $$;
comment on function vitalis.revoke_profile_view(uuid) is 'Withdraws a profile share; it stops working from the next request. Returns whether a live share was withdrawn.';

revoke all on function vitalis.invite_household_member(text), vitalis.revoke_household_invite(uuid), vitalis.accept_household_invite(text),
  vitalis.grant_profile_view(uuid), vitalis.revoke_profile_view(uuid) from public;
grant execute on function vitalis.invite_household_member(text), vitalis.revoke_household_invite(uuid), vitalis.accept_household_invite(text),
  vitalis.grant_profile_view(uuid), vitalis.revoke_profile_view(uuid) to vitalis_api;

reset role;
