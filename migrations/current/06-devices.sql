/*
 * Provider connections: OAuth tokens (encrypted by the application with AES-256-GCM) and sync
 * state. The worker reads across users here to schedule syncs, which is why vitalis_worker has a
 * cross-user policy on this table only (and on ingestion_jobs).
 */
set local lock_timeout = '5s';
set local role vitalis_owner;

create table vitalis.connected_devices (
  device_id uuid primary key default gen_random_uuid(),
  user_id uuid not null references vitalis.users on delete cascade,
  source vitalis.data_source not null,
  display_name text,
  access_token_enc text,
  refresh_token_enc text,
  token_expires_at timestamptz,
  scope text[],
  external_user_id text,
  last_sync_at timestamptz,
  last_sync_status text check (last_sync_status in ('success', 'error', 'partial')),
  last_sync_error text,
  sync_cursor jsonb not null default '{}' check (jsonb_typeof(sync_cursor) = 'object'),
  is_active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (user_id, source)
);
comment on table vitalis.connected_devices is 'A user''s connection to a provider (Garmin, Oura, WHOOP, Fitbit, Withings, ...): encrypted OAuth tokens and sync state. One connection per provider.';
comment on column vitalis.connected_devices.display_name is 'What the user calls the device, e.g. "Garmin Forerunner 965".';
comment on column vitalis.connected_devices.access_token_enc is 'AES-256-GCM ciphertext with key version prefix; never returned by the API.';
comment on column vitalis.connected_devices.refresh_token_enc is 'AES-256-GCM ciphertext with key version prefix; never returned by the API.';
comment on column vitalis.connected_devices.scope is 'OAuth scopes the user granted.';
comment on column vitalis.connected_devices.external_user_id is 'The user''s id at the provider (matches webhook notifications to users).';
comment on column vitalis.connected_devices.last_sync_status is 'Outcome of the last sync: success, error or partial.';
comment on column vitalis.connected_devices.sync_cursor is 'Provider-specific checkpoint (next page token, last synced date) so a sync resumes where it stopped.';
create index connected_devices_source_last_sync_at_idx on vitalis.connected_devices (source, last_sync_at);
create index connected_devices_source_external_user_id_idx on vitalis.connected_devices (source, external_user_id);
select vitalis_private.add_updated_at_trigger('vitalis.connected_devices');
select vitalis_private.secure_user_table('vitalis.connected_devices', 'device_id');
create policy worker_sync_all_users on vitalis.connected_devices for all to vitalis_worker using (true) with check (true);
