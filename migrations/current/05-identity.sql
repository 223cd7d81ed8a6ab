/*
 * Identity: accounts (billing) hold 1-4 users (profiles); users hold PII. A user sees only their
 * own users row and their own account. Billing columns are written by the billing integration,
 * never by users, so users get SELECT only on accounts and column-level UPDATE on users.
 */
set local lock_timeout = '5s';
set local role vitalis_owner;

create table vitalis.accounts (
  account_id uuid primary key default gen_random_uuid(),
  stripe_customer_id text unique,
  subscription_tier vitalis.subscription_tier not null default 'free',
  subscription_status vitalis.subscription_status not null default 'active',
  subscription_expires_at timestamptz,
  max_users smallint not null default 1 check (max_users between 1 and 4),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  constraint accounts_max_users_matches_tier check (max_users = case subscription_tier when 'family' then 4 else 1 end)
);
comment on table vitalis.accounts is 'Billing entity. A free or pro account holds one user profile; a family account up to four.';
comment on column vitalis.accounts.stripe_customer_id is 'Stripe customer id; NULL until a payment method is added.';
comment on column vitalis.accounts.max_users is 'How many user profiles the tier allows: 1 for free and pro, 4 for family.';
comment on column vitalis.accounts.deleted_at is 'Soft delete: set when the account is closed; the rows go after the grace period.';
select vitalis_private.add_updated_at_trigger('vitalis.accounts');

create table vitalis.users (
  user_id uuid primary key default gen_random_uuid(),
  account_id uuid not null references vitalis.accounts on delete cascade,
  email text not null unique
    constraint users_email_format check (email = lower(btrim(email)) and email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' and length(email) <= 320),
  email_verified_at timestamptz,
  password_hash text,
  display_name text not null check (length(btrim(display_name)) between 1 and 200),
  date_of_birth date,
  biological_sex text check (biological_sex in ('male', 'female', 'other')),
  role text not null default 'user' check (role in ('user', 'admin')),
  last_login_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  -- current_date in a CHECK is evaluated at write time only; ages only grow, so a stored row
  -- can never start violating the 13-year bound, and the 150-year bound is far off.
  constraint users_date_of_birth_age check (
    date_of_birth <= (current_date - interval '13 years')::date
    and date_of_birth > (current_date - interval '150 years')::date)
);
comment on table vitalis.users is 'A person (profile) and their sign-in identity. Contains PII.';
comment on column vitalis.users.email is 'Sign-in email, stored lowercase.';
comment on column vitalis.users.password_hash is 'bcrypt hash; NULL for accounts that only sign in with Google or Apple.';
comment on column vitalis.users.date_of_birth is 'PII. Must make the user 13 to 150 years old.';
comment on column vitalis.users.biological_sex is 'male, female or other; chooses sex-specific optimal biomarker ranges.';
comment on column vitalis.users.deleted_at is 'Soft delete; setting it starts the GDPR deletion grace period.';
create index users_account_id_idx on vitalis.users (account_id);
select vitalis_private.add_updated_at_trigger('vitalis.users');

create table vitalis.oauth_identities (
  identity_id uuid primary key default gen_random_uuid(),
  user_id uuid not null references vitalis.users on delete cascade,
  provider text not null check (provider in ('google', 'apple')),
  provider_user_id text not null,
  access_token_enc text,
  refresh_token_enc text,
  expires_at timestamptz,
  created_at timestamptz not null default now(),
  unique (provider, provider_user_id)
);
comment on table vitalis.oauth_identities is 'Links a user to a Google or Apple sign-in.';
comment on column vitalis.oauth_identities.access_token_enc is 'AES-256-GCM ciphertext; the key is held by the application, never by the database.';
comment on column vitalis.oauth_identities.refresh_token_enc is 'AES-256-GCM ciphertext; the key is held by the application, never by the database.';
create index oauth_identities_user_id_idx on vitalis.oauth_identities (user_id);

create table vitalis.user_preferences (
  user_id uuid primary key references vitalis.users on delete cascade,
  weight_unit text not null default 'lbs' check (weight_unit in ('lbs', 'kg')),
  height_unit text not null default 'in' check (height_unit in ('in', 'cm')),
  distance_unit text not null default 'miles' check (distance_unit in ('miles', 'km')),
  temperature_unit text not null default 'F' check (temperature_unit in ('F', 'C')),
  energy_unit text not null default 'kcal' check (energy_unit in ('kcal', 'kJ')),
  timezone text not null default 'UTC' check (now() at time zone timezone is not null),
  notifications_enabled boolean not null default true,
  notification_prefs jsonb not null default '{}' check (jsonb_typeof(notification_prefs) = 'object'),
  dashboard_layout jsonb not null default '{}' check (jsonb_typeof(dashboard_layout) in ('object', 'array')),
  updated_at timestamptz not null default now()
);
comment on table vitalis.user_preferences is 'Display units, time zone and notification settings; one row per user, created with the user.';
comment on column vitalis.user_preferences.timezone is 'IANA time zone name, e.g. Europe/Berlin; decides what "today" means for the user.';
comment on column vitalis.user_preferences.notification_prefs is 'Per-category notification settings, e.g. {"goal_alerts": true}.';
comment on column vitalis.user_preferences.dashboard_layout is 'Widget order and visibility, as the client stores it.';
select vitalis_private.add_updated_at_trigger('vitalis.user_preferences');

create function vitalis_private.tg_users__create_preferences() returns trigger
  language plpgsql security definer set search_path = pg_catalog as $$
declare
  v_previous text := current_setting('app.current_user_id', true);
begin
  -- Acts as the new user so RLS and audit see the right owner, then restores the caller's context.
  perform set_config('app.current_user_id', new.user_id::text, true);
  insert into vitalis.user_preferences (user_id) values (new.user_id) on conflict do nothing;
  perform set_config('app.current_user_id', coalesce(v_previous, ''), true);
  return null;
end $$;
create trigger _500_create_preferences after insert on vitalis.users
  for each row execute function vitalis_private.tg_users__create_preferences();

-- The current user's account, for the accounts policy. SECURITY INVOKER on purpose: it reads the
-- users row the caller may already see.
create function vitalis.current_account_id() returns uuid
  language sql stable parallel safe as $$
  select account_id from vitalis.users where user_id = vitalis.current_user_id()
$$;
comment on function vitalis.current_account_id() is 'The signed-in user''s account id, or NULL.';
grant execute on function vitalis.current_account_id() to vitalis_api, vitalis_worker, vitalis_admin;

alter table vitalis.accounts enable row level security;
alter table vitalis.accounts force row level security;
create policy account_isolation on vitalis.accounts for select to vitalis_api, vitalis_worker
  using (account_id = (select vitalis.current_account_id()));
create policy admin_all on vitalis.accounts for all to vitalis_admin using (true) with check (true);
grant select on vitalis.accounts to vitalis_api, vitalis_worker;
grant select, insert, update, delete on vitalis.accounts to vitalis_admin;
create trigger _900_audit_insert after insert on vitalis.accounts referencing new table as new_rows
  for each statement execute function vitalis_private.tg__audit_insert('account_id');
create trigger _901_audit_update after update on vitalis.accounts referencing old table as old_rows new table as new_rows
  for each statement execute function vitalis_private.tg__audit_update('account_id');
create trigger _902_audit_delete after delete on vitalis.accounts referencing old table as old_rows
  for each statement execute function vitalis_private.tg__audit_delete('account_id');

select vitalis_private.secure_user_table('vitalis.users', 'user_id');
-- Users may edit their profile, never their email, role, account or sign-in secrets directly.
revoke insert, update on vitalis.users from vitalis_api;
grant update (display_name, date_of_birth, biological_sex) on vitalis.users to vitalis_api;
select vitalis_private.secure_user_table('vitalis.oauth_identities', 'identity_id');
revoke insert, update on vitalis.oauth_identities from vitalis_api;
select vitalis_private.secure_user_table('vitalis.user_preferences', 'user_id');
revoke insert, delete on vitalis.user_preferences from vitalis_api;
