/*
 * Manual tracking: body measurements, custom metrics, supplements, nutrition, mood, cycles,
 * doctor visits, photos. doctor_visit_panels carries user_id (not in SCHEMA.md) so it can be
 * isolated by the same RLS predicate as every other user-data table.
 */
set local lock_timeout = '5s';
set local role vitalis_owner;

create table vitalis.measurements (
  measurement_id uuid primary key default gen_random_uuid(),
  user_id uuid not null references vitalis.users on delete cascade,
  metric vitalis.measurement_metric not null,
  value numeric(10,3) not null constraint measurements_value_finite check (value not in ('NaN', 'Infinity', '-Infinity')),
  unit text not null,
  measured_at timestamptz not null,
  source vitalis.data_source,
  notes text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  constraint measurements_weight_range check (metric <> 'weight' or vitalis_private.mass_in_lbs(value, unit) between 20 and 1000),
  constraint measurements_weight_unit check (metric <> 'weight' or vitalis_private.mass_in_lbs(value, unit) is not null)
);
comment on table vitalis.measurements is 'A body measurement at a point in time: weight, blood pressure, temperature, body fat, ...';
comment on column vitalis.measurements.value is 'The value in unit. Weight must lie between 20 and 1000 lbs (in any mass unit).';
comment on column vitalis.measurements.unit is 'Unit of value, e.g. lbs, kg, mmHg, degF, %.';
create index measurements_user_id_metric_measured_at_idx on vitalis.measurements (user_id, metric, measured_at desc);
create unique index measurements_user_id_metric_measured_at_source_key on vitalis.measurements (user_id, metric, measured_at, source) nulls not distinct;
select vitalis_private.add_updated_at_trigger('vitalis.measurements');
select vitalis_private.secure_user_table('vitalis.measurements', 'measurement_id');

create table vitalis.custom_metrics (
  metric_id uuid primary key default gen_random_uuid(),
  user_id uuid not null references vitalis.users on delete cascade,
  name text not null check (length(btrim(name)) between 1 and 200),
  unit text,
  data_type text check (data_type in ('numeric', 'boolean', 'text', 'scale_1_5')),
  min_value numeric,
  max_value numeric,
  is_active boolean default true,
  created_at timestamptz not null default now(),
  unique (user_id, name),
  unique (metric_id, user_id),
  check (min_value is null or max_value is null or min_value <= max_value)
);
comment on table vitalis.custom_metrics is 'A metric the user defined, e.g. "Caffeine cups" or "Back pain (1-5)".';
comment on column vitalis.custom_metrics.data_type is 'numeric, boolean, text or scale_1_5; entries are validated against it.';
comment on column vitalis.custom_metrics.min_value is 'Lowest accepted numeric entry.';
comment on column vitalis.custom_metrics.max_value is 'Highest accepted numeric entry.';
select vitalis_private.secure_user_table('vitalis.custom_metrics', 'metric_id');

create table vitalis.custom_metric_entries (
  entry_id uuid primary key default gen_random_uuid(),
  metric_id uuid not null,
  user_id uuid not null references vitalis.users on delete cascade,
  value_numeric numeric check (value_numeric not in ('NaN', 'Infinity', '-Infinity')),
  value_text text,
  measured_at timestamptz not null,
  notes text,
  created_at timestamptz not null default now(),
  foreign key (metric_id, user_id) references vitalis.custom_metrics (metric_id, user_id) on delete cascade,
  check (value_numeric is not null or value_text is not null)
);
comment on table vitalis.custom_metric_entries is 'One recorded value of a custom metric.';
create index custom_metric_entries_user_id_metric_id_measured_at_idx on vitalis.custom_metric_entries (user_id, metric_id, measured_at desc);
create index custom_metric_entries_metric_id_idx on vitalis.custom_metric_entries (metric_id);
select vitalis_private.secure_user_table('vitalis.custom_metric_entries', 'entry_id');

-- Entries must fit their metric's type and bounds.
create function vitalis_private.tg_custom_metric_entries__validate() returns trigger
  language plpgsql as $$
declare
  m vitalis.custom_metrics;
begin
  select * into m from vitalis.custom_metrics where metric_id = new.metric_id;
  if m.data_type in ('numeric', 'scale_1_5') and new.value_numeric is null then
    raise exception 'custom_metric_entries.value_numeric: metric "%" needs a numeric value', m.name using errcode = '23514', column = 'value_numeric';
  end if;
  if m.data_type = 'scale_1_5' and (new.value_numeric not between 1 and 5 or new.value_numeric <> trunc(new.value_numeric)) then
    raise exception 'custom_metric_entries.value_numeric: metric "%" takes a whole number from 1 to 5, not %', m.name, new.value_numeric using errcode = '23514', column = 'value_numeric';
  end if;
  if m.data_type = 'boolean' and new.value_numeric is not null and new.value_numeric not in (0, 1) then
    raise exception 'custom_metric_entries.value_numeric: metric "%" is yes/no (0 or 1), not %', m.name, new.value_numeric using errcode = '23514', column = 'value_numeric';
  end if;
  if new.value_numeric < m.min_value or new.value_numeric > m.max_value then
    raise exception 'custom_metric_entries.value_numeric: % is outside % to % for metric "%"', new.value_numeric, m.min_value, m.max_value, m.name using errcode = '23514', column = 'value_numeric';
  end if;
  return new;
end $$;
create trigger _300_validate before insert or update on vitalis.custom_metric_entries
  for each row execute function vitalis_private.tg_custom_metric_entries__validate();

create table vitalis.supplements (
  supplement_id uuid primary key default gen_random_uuid(),
  user_id uuid not null references vitalis.users on delete cascade,
  name text not null check (length(btrim(name)) between 1 and 200),
  brand text,
  dose_amount numeric(8,3) check (dose_amount > 0),
  dose_unit text,
  frequency text,
  timing text,
  started_at date,
  ended_at date,
  purpose text,
  notes text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  unique (supplement_id, user_id),
  check (ended_at is null or started_at is null or ended_at >= started_at)
);
comment on table vitalis.supplements is 'A supplement or medication the user takes or took.';
comment on column vitalis.supplements.dose_unit is 'mg, g, IU, mcg, ml, ...';
comment on column vitalis.supplements.frequency is 'daily, 2x_daily, weekly, as_needed, ...';
comment on column vitalis.supplements.timing is 'morning, evening, with_meal, ...';
comment on column vitalis.supplements.ended_at is 'NULL while still taking it.';
create index supplements_user_id_started_at_idx on vitalis.supplements (user_id, started_at desc);
create index supplements_user_id_current_idx on vitalis.supplements (user_id) where ended_at is null;
select vitalis_private.add_updated_at_trigger('vitalis.supplements');
select vitalis_private.secure_user_table('vitalis.supplements', 'supplement_id');

create table vitalis.supplement_logs (
  log_id uuid primary key default gen_random_uuid(),
  supplement_id uuid not null,
  user_id uuid not null references vitalis.users on delete cascade,
  taken_at timestamptz not null,
  dose_amount numeric(8,3) check (dose_amount > 0),
  dose_unit text,
  notes text,
  created_at timestamptz not null default now(),
  foreign key (supplement_id, user_id) references vitalis.supplements (supplement_id, user_id) on delete cascade
);
comment on table vitalis.supplement_logs is 'One intake of a supplement, for correlating with other data.';
comment on column vitalis.supplement_logs.dose_amount is 'The dose taken, when it differs from the supplement''s usual dose.';
create index supplement_logs_user_id_taken_at_idx on vitalis.supplement_logs (user_id, taken_at desc);
create index supplement_logs_supplement_id_taken_at_idx on vitalis.supplement_logs (supplement_id, taken_at);
select vitalis_private.secure_user_table('vitalis.supplement_logs', 'log_id');

create table vitalis.nutrition_logs (
  nutrition_id uuid primary key default gen_random_uuid(),
  user_id uuid not null references vitalis.users on delete cascade,
  log_date date not null,
  meal_type text check (meal_type in ('breakfast', 'lunch', 'dinner', 'snack', 'fast')),
  calories_kcal smallint check (calories_kcal between 0 and 20000),
  protein_g numeric(6,2) check (protein_g between 0 and 2000),
  carbs_g numeric(6,2) check (carbs_g between 0 and 3000),
  fat_g numeric(6,2) check (fat_g between 0 and 2000),
  fiber_g numeric(6,2) check (fiber_g between 0 and 500),
  source vitalis.data_source,
  raw_data jsonb,
  created_at timestamptz not null default now(),
  deleted_at timestamptz
);
comment on table vitalis.nutrition_logs is 'A meal or fast: calories and macronutrients, with the source''s full record in raw_data.';
comment on column vitalis.nutrition_logs.raw_data is 'Full record from the nutrition source (MyFitnessPal, Cronometer, ...). Not copied into the audit log.';
create index nutrition_logs_user_id_log_date_idx on vitalis.nutrition_logs (user_id, log_date desc);
select vitalis_private.secure_user_table('vitalis.nutrition_logs', 'nutrition_id');

create table vitalis.mood_journal (
  journal_id uuid primary key default gen_random_uuid(),
  user_id uuid not null references vitalis.users on delete cascade,
  journal_date date not null,
  mood_score smallint constraint mood_journal_mood_score_range check (mood_score between 1 and 5),
  energy_score smallint constraint mood_journal_energy_score_range check (energy_score between 1 and 5),
  stress_score smallint constraint mood_journal_stress_score_range check (stress_score between 1 and 5),
  notes text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  unique (user_id, journal_date)
);
comment on table vitalis.mood_journal is 'Daily check-in: mood, energy and stress, each 1-5, and free-text notes.';
select vitalis_private.add_updated_at_trigger('vitalis.mood_journal');
select vitalis_private.secure_user_table('vitalis.mood_journal', 'journal_id');

create table vitalis.menstrual_cycles (
  cycle_id uuid primary key default gen_random_uuid(),
  user_id uuid not null references vitalis.users on delete cascade,
  cycle_date date not null,
  phase vitalis.menstrual_phase,
  flow_intensity smallint constraint menstrual_cycles_flow_intensity_range check (flow_intensity between 0 and 4),
  symptoms text[],
  notes text,
  created_at timestamptz not null default now(),
  unique (user_id, cycle_date)
);
comment on table vitalis.menstrual_cycles is 'One day of cycle tracking: phase, flow and symptoms.';
comment on column vitalis.menstrual_cycles.flow_intensity is '0 none, 1 spotting, 2 light, 3 medium, 4 heavy.';
comment on column vitalis.menstrual_cycles.symptoms is 'e.g. {cramps,headache,bloating}.';
create index menstrual_cycles_user_id_cycle_date_idx on vitalis.menstrual_cycles (user_id, cycle_date desc);
select vitalis_private.secure_user_table('vitalis.menstrual_cycles', 'cycle_id');

create table vitalis.doctor_visits (
  visit_id uuid primary key default gen_random_uuid(),
  user_id uuid not null references vitalis.users on delete cascade,
  visit_date date not null,
  provider_name text,
  specialty text,
  notes text,
  follow_up_date date,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  unique (visit_id, user_id)
);
comment on table vitalis.doctor_visits is 'A medical appointment and its notes.';
comment on column vitalis.doctor_visits.specialty is 'Primary Care, Cardiology, ...';
create index doctor_visits_user_id_visit_date_idx on vitalis.doctor_visits (user_id, visit_date desc);
select vitalis_private.add_updated_at_trigger('vitalis.doctor_visits');
select vitalis_private.secure_user_table('vitalis.doctor_visits', 'visit_id');

create table vitalis.doctor_visit_panels (
  visit_id uuid not null,
  panel_id uuid not null,
  user_id uuid not null references vitalis.users on delete cascade,
  primary key (visit_id, panel_id),
  foreign key (visit_id, user_id) references vitalis.doctor_visits (visit_id, user_id) on delete cascade,
  foreign key (panel_id, user_id) references vitalis.blood_panels (panel_id, user_id) on delete cascade
);
comment on table vitalis.doctor_visit_panels is 'Links a doctor visit to the blood panels ordered at it.';
comment on column vitalis.doctor_visit_panels.user_id is 'Owner (both the visit and the panel must be theirs).';
create index doctor_visit_panels_panel_id_idx on vitalis.doctor_visit_panels (panel_id);
create index doctor_visit_panels_user_id_idx on vitalis.doctor_visit_panels (user_id);
select vitalis_private.secure_user_table('vitalis.doctor_visit_panels', 'visit_id');

create table vitalis.photos (
  photo_id uuid primary key default gen_random_uuid(),
  user_id uuid not null references vitalis.users on delete cascade,
  photo_date date not null,
  photo_type text check (photo_type in ('front', 'back', 'left', 'right', 'other')),
  s3_key text not null,
  s3_thumbnail_key text,
  file_size_bytes integer check (file_size_bytes >= 0),
  linked_scan_id uuid,
  notes text,
  created_at timestamptz not null default now(),
  deleted_at timestamptz,
  foreign key (linked_scan_id, user_id) references vitalis.dexa_scans (scan_id, user_id) on delete set null (linked_scan_id)
);
comment on table vitalis.photos is 'A progress photo, stored in object storage, optionally linked to a DEXA scan.';
comment on column vitalis.photos.s3_key is 'Object key of the image in the storage bucket.';
create index photos_user_id_photo_date_idx on vitalis.photos (user_id, photo_date desc);
create index photos_linked_scan_id_idx on vitalis.photos (linked_scan_id);
select vitalis_private.secure_user_table('vitalis.photos', 'photo_id');
