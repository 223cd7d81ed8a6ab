set local lock_timeout = '5s';
set local role vitalis_owner;

/*
 * Billing (issue 12, docs/billing.md). Stripe is the source of truth for subscriptions; these
 * functions record what its signed webhooks say on the account (the billing entity: SCHEMA.md keeps
 * stripe_customer_id and subscription_* on accounts), idempotently by event id and never letting an
 * older event overwrite a newer state. Only the server calls them (schema vitalis_private: not in
 * the GraphQL API); no client can write stripe_customer_id or subscription_*.
 *
 * Household cap rule: Stripe's downgrade is recorded even when the household holds more members
 * than the new tier allows. Members are never removed; the account is marked over its cap
 * (accounts.over_max_users_since), and while it is, no one can join (invitations need a family
 * tier and the users max_users trigger refuses a move into a full account). The mark clears when
 * enough members leave or the account is back on a tier that holds them.
 */

-- Drop what this file creates, in reverse order (the file is re-run on every change).
drop function if exists vitalis_private.apply_stripe_subscription(text, text, timestamptz, text, text, vitalis.subscription_tier, vitalis.subscription_status, timestamptz);
drop function if exists vitalis_private.record_stripe_event(text, text, timestamptz, text);
drop function if exists vitalis_private.stripe_payment_failed(text, timestamptz, text, text);
drop function if exists vitalis_private.set_stripe_customer(text);
drop function if exists vitalis_private.billing_account();
drop trigger if exists _520_billing_over_cap on vitalis.users;
drop function if exists vitalis_private.tg_users__billing_over_cap();
drop function if exists vitalis_private.billing_recheck_cap(uuid);
drop table if exists vitalis_private.stripe_subscription_state;
drop table if exists vitalis_private.stripe_events;

--------------------------------------------------------------------------------------------------
-- The account over its cap.

alter table vitalis.accounts add column if not exists over_max_users_since timestamptz;
comment on column vitalis.accounts.over_max_users_since is 'Set when a downgrade (recorded from Stripe) left more users in the account than max_users allows. Members are never removed; while set, no one can join. Cleared when enough members leave or the tier holds them again.';

-- A tier change may not leave more users in the account than the new tier allows, unless it marks
-- the account over its cap (a downgrade Stripe has already made: billing records it, see above).
create or replace function vitalis_private.tg_accounts__max_users() returns trigger
  language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_gate text;
  v_count integer;
begin
  if new.max_users >= old.max_users or new.over_max_users_since is not null then
    return new;
  end if;
  v_gate := vitalis_private.household_gate_open();
  select count(*) into v_count from vitalis.users u where u.account_id = new.account_id;
  perform vitalis_private.household_gate_close(v_gate);
  if v_count > new.max_users then
    raise exception using message = vitalis_private.max_users_message(new.subscription_tier, new.max_users),
      errcode = '23514', table = 'accounts', column = 'max_users',
            detail = format('The account holds %s users.', v_count), hint = 'Remove members before changing the tier.';
  end if;
  return new;
end $$;
comment on function vitalis_private.tg_accounts__max_users() is 'Refuses lowering max_users below the number of users in the account, unless the same update marks the account over its cap (over_max_users_since: a downgrade recorded from Stripe).';

-- Clears the mark once the account holds no more members than its tier allows.
create function vitalis_private.billing_recheck_cap(p_account_id uuid) returns void
  language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_gate text := vitalis_private.household_gate_open();
begin
  update vitalis.accounts a
     set over_max_users_since = null
   where a.account_id = p_account_id and a.over_max_users_since is not null
     and (select count(*) from vitalis.users u where u.account_id = a.account_id) <= a.max_users;
  perform vitalis_private.household_gate_close(v_gate);
end $$;
comment on function vitalis_private.billing_recheck_cap(uuid) is 'Clears accounts.over_max_users_since once the account holds no more users than max_users (a member left or was erased).';
revoke all on function vitalis_private.billing_recheck_cap(uuid) from public;

create function vitalis_private.tg_users__billing_over_cap() returns trigger
  language plpgsql volatile security definer set search_path = pg_catalog as $$
begin
  perform vitalis_private.billing_recheck_cap(old.account_id);
  return null;
end $$;
comment on function vitalis_private.tg_users__billing_over_cap() is 'When a user leaves an account (moves or is deleted), an account over its cap may fit again: clear the mark.';
create trigger _520_billing_over_cap after delete or update of account_id on vitalis.users
  for each row when (old.account_id is not null) execute function vitalis_private.tg_users__billing_over_cap();

--------------------------------------------------------------------------------------------------
-- Webhook bookkeeping.

create table vitalis_private.stripe_events (
  event_id text primary key constraint stripe_events_event_id_range check (event_id ~ '^evt_[A-Za-z0-9_]{1,250}$'),
  type text not null constraint stripe_events_type_range check (length(type) between 1 and 100),
  event_created timestamptz not null,
  account_id uuid references vitalis.accounts on delete set null,
  outcome text constraint stripe_events_outcome_range check (outcome in ('applied', 'unknown_customer', 'stale', 'other_subscription', 'ignored')),
  received_at timestamptz not null default now(),
  processed_at timestamptz
);
comment on table vitalis_private.stripe_events is 'Every Stripe webhook event received, by its id: a second delivery of the same id is acknowledged and changes nothing. Holds no customer id or payload (nothing personal once the account is erased).';
comment on column vitalis_private.stripe_events.event_id is 'Stripe''s event id (evt_...).';
comment on column vitalis_private.stripe_events.type is 'The event type, e.g. customer.subscription.updated.';
comment on column vitalis_private.stripe_events.event_created is 'When Stripe created the event (its `created`, whole seconds).';
comment on column vitalis_private.stripe_events.account_id is 'The account it applied to, when it named a known customer.';
comment on column vitalis_private.stripe_events.outcome is 'applied; unknown_customer (no account has the customer: acknowledged so Stripe stops retrying); stale (older than the last applied event); other_subscription (the end of a subscription that is not the current one); ignored (a type or state that changes nothing).';
comment on column vitalis_private.stripe_events.received_at is 'When the webhook was first received.';
comment on column vitalis_private.stripe_events.processed_at is 'When its outcome was recorded (the same transaction).';
create index if not exists stripe_events_received_at_idx on vitalis_private.stripe_events (received_at);
create index if not exists stripe_events_account_id_idx on vitalis_private.stripe_events (account_id);
alter table vitalis_private.stripe_events enable row level security;
alter table vitalis_private.stripe_events force row level security;
create policy billing_functions on vitalis_private.stripe_events for all to vitalis_owner using (true) with check (true);

create table vitalis_private.stripe_subscription_state (
  account_id uuid primary key references vitalis.accounts on delete cascade,
  subscription_id text not null constraint stripe_subscription_state_subscription_id_range check (subscription_id ~ '^[A-Za-z0-9_]{3,255}$'),
  last_event_at timestamptz not null,
  updated_at timestamptz not null default now()
);
comment on table vitalis_private.stripe_subscription_state is 'Per account: the Stripe subscription last applied and the time of the event that applied it, so an older event delivered late cannot overwrite a newer state.';
comment on column vitalis_private.stripe_subscription_state.account_id is 'The account (one row per account).';
comment on column vitalis_private.stripe_subscription_state.subscription_id is 'The current Stripe subscription (sub_...).';
comment on column vitalis_private.stripe_subscription_state.last_event_at is 'The `created` time of the last applied event; events created before it are stale.';
comment on column vitalis_private.stripe_subscription_state.updated_at is 'When the row last changed.';
alter table vitalis_private.stripe_subscription_state enable row level security;
alter table vitalis_private.stripe_subscription_state force row level security;
create policy billing_functions on vitalis_private.stripe_subscription_state for all to vitalis_owner using (true) with check (true);

--------------------------------------------------------------------------------------------------
-- Checkout: the signed-in user's account, and its Stripe customer.

create function vitalis_private.billing_account(
  out account_id uuid, out is_owner boolean, out email text, out stripe_customer_id text,
  out subscription_tier vitalis.subscription_tier, out subscription_status vitalis.subscription_status)
  language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_me uuid := vitalis.current_user_id();
  v_gate text;
begin
  if v_me is null then
    raise exception 'user: sign in to manage billing' using errcode = '42501';
  end if;
  -- Volatile: it opens the household gate (a setting) to read the account row.
  v_gate := vitalis_private.household_gate_open();
  select a.account_id, a.owner_user_id = u.user_id, u.email, a.stripe_customer_id, a.subscription_tier, a.subscription_status
    into account_id, is_owner, email, stripe_customer_id, subscription_tier, subscription_status
    from vitalis.users u join vitalis.accounts a on a.account_id = u.account_id
   where u.user_id = v_me;
  perform vitalis_private.household_gate_close(v_gate);
  if account_id is null then
    raise exception 'user: no such user' using errcode = 'VT404', column = 'user_id';
  end if;
end $$;
comment on function vitalis_private.billing_account() is 'The signed-in user''s account as billing needs it: id, whether the user owns it, the user''s email, the Stripe customer id and the subscription.';
revoke all on function vitalis_private.billing_account() from public;
grant execute on function vitalis_private.billing_account() to vitalis_api;

create function vitalis_private.set_stripe_customer(p_customer_id text) returns text
  language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_me uuid := vitalis.current_user_id();
  v_gate text;
  v_account vitalis.accounts;
begin
  if v_me is null then
    raise exception 'user: sign in to manage billing' using errcode = '42501';
  end if;
  if p_customer_id is null or p_customer_id !~ '^cus_[A-Za-z0-9_]{1,250}$' then
    raise exception 'customerId: must be a Stripe customer id (cus_...)' using errcode = '22023', column = 'customer_id';
  end if;
  v_gate := vitalis_private.household_gate_open();
  select a.* into v_account from vitalis.accounts a
   where a.account_id = (select u.account_id from vitalis.users u where u.user_id = v_me) for update;
  if v_account.account_id is null then
    raise exception 'user: no such user' using errcode = 'VT404', column = 'user_id';
  end if;
  if v_account.owner_user_id is distinct from v_me then
    raise exception 'tier: only the owner of the account manages its subscription' using errcode = 'VT403', column = 'tier';
  end if;
  -- The first customer stays: a concurrent checkout that created another loses (and reuses this one).
  if v_account.stripe_customer_id is null then
    update vitalis.accounts a set stripe_customer_id = p_customer_id where a.account_id = v_account.account_id;
    v_account.stripe_customer_id := p_customer_id;
  end if;
  perform vitalis_private.household_gate_close(v_gate);
  return v_account.stripe_customer_id;
end $$;
comment on function vitalis_private.set_stripe_customer(text) is 'Records the Stripe customer of the signed-in owner''s account, unless it already has one; returns the account''s customer id (the one already stored wins).';
revoke all on function vitalis_private.set_stripe_customer(text) from public;
grant execute on function vitalis_private.set_stripe_customer(text) to vitalis_api;

--------------------------------------------------------------------------------------------------
-- Webhooks.

-- Records an event that changes nothing (a type or state billing does not act on). False when the
-- event was already recorded (a second delivery).
create function vitalis_private.record_stripe_event(p_event_id text, p_type text, p_created timestamptz, p_outcome text) returns boolean
  language plpgsql volatile security definer set search_path = pg_catalog as $$
begin
  insert into vitalis_private.stripe_events (event_id, type, event_created, outcome, processed_at)
  values (p_event_id, p_type, p_created, p_outcome, now())
  on conflict (event_id) do nothing;
  return found;
end $$;
comment on function vitalis_private.record_stripe_event(text, text, timestamptz, text) is 'Records a Stripe event that changes nothing, with its outcome; false when that event id was already recorded.';
revoke all on function vitalis_private.record_stripe_event(text, text, timestamptz, text) from public;
grant execute on function vitalis_private.record_stripe_event(text, text, timestamptz, text) to vitalis_anonymous;

create function vitalis_private.apply_stripe_subscription(
  p_event_id text, p_type text, p_created timestamptz, p_customer_id text, p_subscription_id text,
  p_tier vitalis.subscription_tier, p_status vitalis.subscription_status, p_expires_at timestamptz) returns text
  language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_gate text;
  v_account vitalis.accounts;
  v_state vitalis_private.stripe_subscription_state;
  v_tier vitalis.subscription_tier;
  v_max smallint;
  v_members integer;
  v_outcome text;
begin
  if p_customer_id is null or p_customer_id !~ '^cus_[A-Za-z0-9_]{1,250}$' then
    raise exception 'customerId: must be a Stripe customer id (cus_...)' using errcode = '22023', column = 'customer_id';
  end if;
  if p_subscription_id is null or p_subscription_id !~ '^[A-Za-z0-9_]{3,255}$' then
    raise exception 'subscriptionId: must be a Stripe subscription id' using errcode = '22023', column = 'subscription_id';
  end if;
  if p_tier is null or p_status is null or p_created is null then
    raise exception 'tier: the tier, status and event time are required' using errcode = '22023', column = 'tier';
  end if;

  insert into vitalis_private.stripe_events (event_id, type, event_created) values (p_event_id, p_type, p_created)
  on conflict (event_id) do nothing;
  if not found then
    return 'duplicate';
  end if;

  v_gate := vitalis_private.household_gate_open();
  select a.* into v_account from vitalis.accounts a where a.stripe_customer_id = p_customer_id for update;
  if v_account.account_id is null then
    v_outcome := 'unknown_customer';
  else
    select s.* into v_state from vitalis_private.stripe_subscription_state s where s.account_id = v_account.account_id for update;
    if v_state.account_id is not null and p_created < v_state.last_event_at then
      v_outcome := 'stale';
    elsif v_state.account_id is not null and v_state.subscription_id <> p_subscription_id and p_status = 'canceled' then
      -- The end of a subscription that was already replaced (a plan change) leaves the new one alone.
      v_outcome := 'other_subscription';
    else
      -- An ended subscription leaves the free tier; max_users follows the tier (accounts_max_users_matches_tier).
      v_tier := case when p_status = 'canceled' then 'free'::vitalis.subscription_tier else p_tier end;
      v_max := case v_tier when 'family' then 4 else 1 end;
      select count(*) into v_members from vitalis.users u where u.account_id = v_account.account_id;
      update vitalis.accounts a
         set subscription_tier = v_tier, subscription_status = p_status, subscription_expires_at = p_expires_at, max_users = v_max,
             over_max_users_since = case when v_members > v_max then coalesce(a.over_max_users_since, now()) end
       where a.account_id = v_account.account_id;
      insert into vitalis_private.stripe_subscription_state (account_id, subscription_id, last_event_at)
      values (v_account.account_id, p_subscription_id, p_created)
      on conflict (account_id) do update
        set subscription_id = excluded.subscription_id, last_event_at = excluded.last_event_at, updated_at = now();
      v_outcome := 'applied';
    end if;
  end if;
  update vitalis_private.stripe_events e set outcome = v_outcome, account_id = v_account.account_id, processed_at = now()
   where e.event_id = p_event_id;
  perform vitalis_private.household_gate_close(v_gate);
  return v_outcome;
end $$;
comment on function vitalis_private.apply_stripe_subscription(text, text, timestamptz, text, text, vitalis.subscription_tier, vitalis.subscription_status, timestamptz) is
  'Applies a customer.subscription.* event (event id, type, created, customer, subscription, the tier its price maps to, status, expiry) to the customer''s account: tier, status, expiry and max_users, marking the account over its cap when a downgrade leaves more members than the tier holds (members are never removed). Returns applied, duplicate (event already recorded: nothing changes), unknown_customer, stale (older than the last applied event) or other_subscription (the end of a replaced subscription).';
revoke all on function vitalis_private.apply_stripe_subscription(text, text, timestamptz, text, text, vitalis.subscription_tier, vitalis.subscription_status, timestamptz) from public;
grant execute on function vitalis_private.apply_stripe_subscription(text, text, timestamptz, text, text, vitalis.subscription_tier, vitalis.subscription_status, timestamptz) to vitalis_anonymous;

-- invoice.payment_failed: the owner is told by mail (once per event). The status itself moves with
-- the customer.subscription.updated event Stripe sends alongside (past_due).
create function vitalis_private.stripe_payment_failed(p_event_id text, p_created timestamptz, p_customer_id text, p_subscription_id text) returns text
  language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_gate text;
  v_account vitalis.accounts;
  v_email text;
  v_outcome text;
begin
  if p_customer_id is null or p_customer_id !~ '^cus_[A-Za-z0-9_]{1,250}$' then
    raise exception 'customerId: must be a Stripe customer id (cus_...)' using errcode = '22023', column = 'customer_id';
  end if;
  insert into vitalis_private.stripe_events (event_id, type, event_created) values (p_event_id, 'invoice.payment_failed', p_created)
  on conflict (event_id) do nothing;
  if not found then
    return 'duplicate';
  end if;
  v_gate := vitalis_private.household_gate_open();
  select a.* into v_account from vitalis.accounts a where a.stripe_customer_id = p_customer_id;
  select u.email into v_email from vitalis.users u where u.user_id = v_account.owner_user_id;
  if v_account.account_id is null then
    v_outcome := 'unknown_customer';
  elsif p_subscription_id is not null and p_subscription_id is distinct from
        (select s.subscription_id from vitalis_private.stripe_subscription_state s where s.account_id = v_account.account_id) then
    v_outcome := 'other_subscription';
  else
    if v_email is not null then
      perform vitalis_private.queue_mail('billing_payment_failed', v_email, jsonb_build_object('tier', v_account.subscription_tier::text));
    end if;
    v_outcome := 'applied';
  end if;
  update vitalis_private.stripe_events e set outcome = v_outcome, account_id = v_account.account_id, processed_at = now()
   where e.event_id = p_event_id;
  perform vitalis_private.household_gate_close(v_gate);
  return v_outcome;
end $$;
comment on function vitalis_private.stripe_payment_failed(text, timestamptz, text, text) is 'Records an invoice.payment_failed event and mails the account owner (billing_payment_failed) when it concerns the current subscription; returns applied, duplicate, unknown_customer or other_subscription.';
revoke all on function vitalis_private.stripe_payment_failed(text, timestamptz, text, text) from public;
grant execute on function vitalis_private.stripe_payment_failed(text, timestamptz, text, text) to vitalis_anonymous;

reset role;
