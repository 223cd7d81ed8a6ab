/*
 * Goals, alerts, insights, and the operational tables: ingestion jobs (mirroring
 * graphile-worker jobs for users to see), GDPR deletion and export requests.
 */
set local lock_timeout = '5s';
set local role vitalis_owner;

create table vitalis.goals (
  goal_id uuid primary key default gen_random_uuid(),
  user_id uuid not null references vitalis.users on delete cascade,
  metric_type text check (metric_type in ('blood_marker', 'measurement', 'wearable', 'custom')),
  biomarker_id uuid references vitalis.biomarker_dictionary on delete set null,
  metric_name text,
  target_value numeric(12,4),
  target_unit text,
  direction vitalis.goal_direction,
  alert_threshold_low numeric(12,4),
  alert_threshold_high numeric(12,4),
  alert_enabled boolean default true,
  notes text,
  is_active boolean default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (goal_id, user_id),
  check (metric_type <> 'blood_marker' or biomarker_id is not null),
  check (alert_threshold_low is null or alert_threshold_high is null or alert_threshold_low <= alert_threshold_high)
);
comment on table vitalis.goals is 'A target for any tracked metric, with optional alert thresholds.';
comment on column vitalis.goals.metric_type is 'blood_marker, measurement, wearable or custom.';
comment on column vitalis.goals.metric_name is 'Canonical metric name, e.g. resting_hr_bpm, weight, ldl_cholesterol.';
comment on column vitalis.goals.direction is 'minimize, maximize, or target (stay near target_value).';
create index goals_user_id_active_idx on vitalis.goals (user_id) where is_active = true;
create index goals_biomarker_id_idx on vitalis.goals (biomarker_id);
select vitalis_private.add_updated_at_trigger('vitalis.goals');
select vitalis_private.secure_user_table('vitalis.goals', 'goal_id');

create table vitalis.goal_alerts (
  alert_id uuid primary key default gen_random_uuid(),
  goal_id uuid not null,
  user_id uuid not null references vitalis.users on delete cascade,
  triggered_at timestamptz not null,
  trigger_value numeric(12,4),
  message text,
  acknowledged_at timestamptz,
  foreign key (goal_id, user_id) references vitalis.goals (goal_id, user_id) on delete cascade
);
comment on table vitalis.goal_alerts is 'An alert fired when a goal''s threshold was crossed.';
create index goal_alerts_user_id_triggered_at_idx on vitalis.goal_alerts (user_id, triggered_at desc);
create index goal_alerts_goal_id_idx on vitalis.goal_alerts (goal_id);
select vitalis_private.secure_user_table('vitalis.goal_alerts', 'alert_id');

create table vitalis.insights (
  insight_id uuid primary key default gen_random_uuid(),
  user_id uuid not null references vitalis.users on delete cascade,
  insight_type vitalis.insight_type,
  title text not null,
  body text not null,
  metric_a text,
  metric_b text,
  correlation_r numeric(4,3) check (correlation_r between -1 and 1),
  p_value numeric(8,6) check (p_value between 0 and 1),
  data_points integer check (data_points >= 0),
  valid_from date,
  valid_until date,
  is_dismissed boolean default false,
  dismissed_at timestamptz,
  created_at timestamptz not null default now()
);
comment on table vitalis.insights is 'A computed correlation, trend or recommendation, cached for the dashboard and refreshed nightly.';
comment on column vitalis.insights.correlation_r is 'Pearson r, when the insight is a correlation.';
comment on column vitalis.insights.data_points is 'Number of observations the analysis used.';
comment on column vitalis.insights.valid_until is 'Cache expiry; new data invalidates earlier.';
create index insights_user_id_insight_type_created_at_idx on vitalis.insights (user_id, insight_type, created_at desc);
create index insights_user_id_created_at_active_idx on vitalis.insights (user_id, created_at desc) where is_dismissed = false;
select vitalis_private.secure_user_table('vitalis.insights', 'insight_id');

create table vitalis.ingestion_jobs (
  job_id uuid primary key default gen_random_uuid(),
  user_id uuid references vitalis.users on delete cascade,
  source vitalis.data_source,
  job_type vitalis.job_type,
  status vitalis.job_status default 'queued',
  priority smallint default 5 check (priority between 1 and 10),
  payload jsonb,
  result jsonb,
  error_message text,
  attempts smallint default 0 check (attempts >= 0),
  max_attempts smallint default 3 check (max_attempts >= 1),
  queued_at timestamptz not null default now(),
  started_at timestamptz,
  completed_at timestamptz,
  next_retry_at timestamptz
);
comment on table vitalis.ingestion_jobs is 'Every asynchronous job (sync, import, parse, export, deletion) as the user sees it: status, progress, attempts and result.';
comment on column vitalis.ingestion_jobs.user_id is 'The user the job acts for; NULL for system jobs.';
comment on column vitalis.ingestion_jobs.priority is '1 is highest, 10 lowest.';
comment on column vitalis.ingestion_jobs.payload is 'Input parameters (ids only; the task re-reads current data).';
comment on column vitalis.ingestion_jobs.result is 'Outcome summary: rows inserted, updated, skipped with reasons; progress while running.';
create index ingestion_jobs_status_next_retry_at_idx on vitalis.ingestion_jobs (status, next_retry_at) where status in ('queued', 'failed');
create index ingestion_jobs_user_id_job_type_queued_at_idx on vitalis.ingestion_jobs (user_id, job_type, queued_at desc);
select vitalis_private.secure_user_table('vitalis.ingestion_jobs', 'job_id');
create policy worker_all_jobs on vitalis.ingestion_jobs for all to vitalis_worker using (true) with check (true);
-- Users read their jobs; jobs are created and advanced by the worker and server-side functions.
revoke insert, update, delete on vitalis.ingestion_jobs from vitalis_api;

create table vitalis.deletion_requests (
  request_id uuid primary key default gen_random_uuid(),
  user_id uuid references vitalis.users on delete set null,
  requested_at timestamptz not null default now(),
  grace_period_ends_at timestamptz,
  status text not null default 'pending' check (status in ('pending', 'processing', 'completed', 'canceled')),
  completed_at timestamptz,
  tables_deleted text[]
);
comment on table vitalis.deletion_requests is 'A GDPR/CCPA erasure request. The data goes after a 30-day grace period during which the user can cancel; the completed request outlives the user (user_id becomes NULL).';
comment on column vitalis.deletion_requests.grace_period_ends_at is 'requested_at + 30 days; set automatically.';
comment on column vitalis.deletion_requests.tables_deleted is 'Which tables rows were erased from, as evidence.';
create index deletion_requests_user_id_idx on vitalis.deletion_requests (user_id);
create index deletion_requests_pending_idx on vitalis.deletion_requests (grace_period_ends_at) where status = 'pending';
create function vitalis_private.tg_deletion_requests__grace_period() returns trigger
  language plpgsql as $$
begin
  new.grace_period_ends_at := new.requested_at + interval '30 days';
  return new;
end $$;
create trigger _100_grace_period before insert or update of requested_at on vitalis.deletion_requests
  for each row execute function vitalis_private.tg_deletion_requests__grace_period();
select vitalis_private.secure_user_table('vitalis.deletion_requests', 'request_id');
revoke update, delete on vitalis.deletion_requests from vitalis_api;
grant update (status) on vitalis.deletion_requests to vitalis_api;

create table vitalis.data_export_requests (
  export_id uuid primary key default gen_random_uuid(),
  user_id uuid not null references vitalis.users on delete cascade,
  requested_at timestamptz not null default now(),
  status text not null default 'queued' check (status in ('queued', 'processing', 'ready', 'downloaded', 'expired')),
  format text not null default 'json' check (format in ('json', 'csv')),
  s3_key text,
  expires_at timestamptz,
  completed_at timestamptz,
  file_size_bytes bigint check (file_size_bytes >= 0)
);
comment on table vitalis.data_export_requests is 'A GDPR portability request: the worker writes all the user''s data as JSON or CSV to storage; the link expires after 7 days.';
comment on column vitalis.data_export_requests.s3_key is 'Where the finished export is stored.';
comment on column vitalis.data_export_requests.expires_at is 'When the download link stops working (7 days after completion).';
create index data_export_requests_user_id_requested_at_idx on vitalis.data_export_requests (user_id, requested_at desc);
select vitalis_private.secure_user_table('vitalis.data_export_requests', 'export_id');
revoke update, delete on vitalis.data_export_requests from vitalis_api;
