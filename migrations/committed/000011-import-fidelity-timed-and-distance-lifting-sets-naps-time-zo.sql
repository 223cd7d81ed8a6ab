--! Previous: sha1:2cffbe894d1a073109f888688fc81f88de4c4d2b
--! Hash: sha1:c3912135b39cc7a18811cdce9b28f16f1a5cf0f7
--! Message: Import fidelity: timed and distance lifting sets, naps, time-zone history

--! split: 1-current.sql
set local lock_timeout = '5s';
set local role vitalis_owner;



reset role;

--! split: 2-lifting-cardio.sql
set local lock_timeout = '5s';
set local role vitalis_owner;

/*
 * Lifting cardio and timed sets (issue 9). Strong and Hevy log a rowing machine, a treadmill or a
 * plank as a set with a distance and/or a time and no reps; lifting_sets could hold neither, so
 * the importers dropped those rows. A set now records distance_m and duration_seconds, and needs
 * at least one of reps, distance or duration. Sessions left running in the app (Strong exports
 * "35h 23m") keep their length up to 7 days. Twins in src/validation/bounds.ts;
 * docs/schema-notes.md ("Lifting: timed and distance sets").
 */

alter table vitalis.lifting_sets add column if not exists distance_m numeric(9,2);
alter table vitalis.lifting_sets add column if not exists duration_seconds integer;
comment on column vitalis.lifting_sets.distance_m is
  'Distance of a distance set (rowing machine, treadmill, sled push, carry), in metres; null when the set has none.';
comment on column vitalis.lifting_sets.duration_seconds is
  'Time of a timed set (plank, bike, treadmill), in seconds; null when the set has none.';
comment on column vitalis.lifting_sets.reps is
  'Repetitions; null for a set measured only by distance or time (a set needs reps, a distance or a duration).';

select vitalis_private.put_check('vitalis.lifting_sets', 'lifting_sets_distance_m_range', 'distance_m >= 0 and distance_m <= 1000000');
select vitalis_private.put_check('vitalis.lifting_sets', 'lifting_sets_duration_seconds_range', 'duration_seconds >= 0 and duration_seconds <= 86400');
select vitalis_private.put_check('vitalis.lifting_sets', 'lifting_sets_has_measure',
  'reps is not null or distance_m is not null or duration_seconds is not null'
  || ' or vitalis_private.refuse(''a set needs reps, distanceM or durationSeconds'', ''reps'')');
comment on constraint lifting_sets_has_measure on vitalis.lifting_sets is
  'A set records what was done: reps, a distance or a duration (weight alone says nothing).';

-- Up to 7 days: a workout the user forgot to stop is still the file's value, kept as given.
select vitalis_private.put_check('vitalis.lifting_sessions', 'lifting_sessions_duration_seconds_range', 'duration_seconds >= 0 and duration_seconds <= 604800');

select vitalis_private.set_client_columns('vitalis.lifting_sets',
  '{session_id, exercise_id, set_number, exercise_order, weight_lbs, reps, rpe, is_warmup, notes, distance_m, duration_seconds}');

create or replace function vitalis.lifting_sets_distance_display(s vitalis.lifting_sets) returns vitalis.display_value
  language sql stable parallel unsafe security invoker as $$
  select vitalis_private.display_value(s.distance_m, 'm', 'distance', 2)
$$;
comment on function vitalis.lifting_sets_distance_display(vitalis.lifting_sets) is
  'distanceM in the signed-in user''s distance unit (miles or km), 2 decimals; null without a distance.';
revoke all on function vitalis.lifting_sets_distance_display(vitalis.lifting_sets) from public;
grant execute on function vitalis.lifting_sets_distance_display(vitalis.lifting_sets) to vitalis_api, vitalis_worker, vitalis_admin;

reset role;

--! split: 3-naps.sql
set local lock_timeout = '5s';
set local role vitalis_owner;

/*
 * Naps (issue 9): a day can hold several sleep periods. The night row of wearable_sleep
 * (sleep_start/end, stages, total_sleep_minutes) is the main period only; every other period
 * asleep that ends on that sleep_date (naps, a second sleep) is counted in nap_minutes and
 * nap_count, its details in raw_data.naps ([{start, end, minutes, ...provider fields}]).
 * NULL means the source said nothing about naps; 0 means it reported none. Adapters send the
 * day's whole nap set each time (docs/schema-notes.md "Sleep and naps"), so the generated merge
 * (a NULL keeps the stored value) stays as it was.
 *
 * Redefined here: vitalis.upsert_wearable_sleep(jsonb) (regenerated from the table's columns,
 * same merge as 000008, then SECURITY DEFINER again as 000010 9-upserts-run-as-owner.sql) and
 * vitalis.dashboard(integer, uuid) (the 000010 5-error-messages.sql definition plus the naps).
 */

alter table vitalis.wearable_sleep add column if not exists nap_minutes integer;
alter table vitalis.wearable_sleep add column if not exists nap_count smallint;
select vitalis_private.put_check('vitalis.wearable_sleep', 'wearable_sleep_nap_minutes_range', 'nap_minutes >= 0 and nap_minutes <= 1440');
select vitalis_private.put_check('vitalis.wearable_sleep', 'wearable_sleep_nap_count_range', 'nap_count >= 0 and nap_count <= 48');
comment on column vitalis.wearable_sleep.nap_minutes is 'Minutes asleep in the day''s other sleep periods (naps, a second sleep), ending on sleep_date; not in total_sleep_minutes. NULL: the source reported nothing about naps; 0: it reported none. Each nap is in raw_data.naps.';
comment on column vitalis.wearable_sleep.nap_count is 'How many periods nap_minutes adds up (NULL and 0 as for nap_minutes).';

select vitalis_private.set_client_columns('vitalis.wearable_sleep', '{sleep_date, source, sleep_start, sleep_end, total_sleep_minutes, rem_minutes, deep_minutes, light_minutes, awake_minutes, sleep_latency_minutes, sleep_efficiency_pct, sleep_score, interruptions, avg_hr_bpm, min_hr_bpm, avg_hrv_ms, avg_respiratory_rate, avg_spo2_pct, avg_skin_temp_deviation_c, hypnogram, raw_data, nap_minutes, nap_count}');

-- The batch upsert lists the table's columns: regenerated so that it takes the two new ones.
drop function if exists vitalis_private.upsert_merge_expr(name);
-- Used only while this migration generates the upserts (dropped again below).
create function vitalis_private.upsert_merge_expr(col name) returns text
  language sql immutable as $$
  select case col
    when 'raw_data' then 'case when jsonb_typeof(t.raw_data) = ''object'' and jsonb_typeof(excluded.raw_data) = ''object'' then t.raw_data || excluded.raw_data else coalesce(excluded.raw_data, t.raw_data) end'
    else format('coalesce(excluded.%1$I, t.%1$I)', col)
  end
$$;

do $gen$
declare
  spec record;
  v_cols text;
  v_set text;
  v_cmp_t text;
  v_cmp_m text;
begin
  for spec in select * from (values
      ('wearable_sleep', 'sleep_id', 'sleep_date', array['user_id', 'sleep_date', 'source'])) s(tbl, id_col, date_col, key_cols)
  loop
    select string_agg(quote_ident(attname), ', ' order by attnum),
           string_agg(format('%1$I = %2$s', attname, vitalis_private.upsert_merge_expr(attname)), ', ' order by attnum) filter (where attname <> all (spec.key_cols)),
           string_agg(format('t.%I', attname), ', ' order by attnum) filter (where attname <> all (spec.key_cols) and attname <> 'source_updated_at'),
           string_agg(vitalis_private.upsert_merge_expr(attname), ', ' order by attnum) filter (where attname <> all (spec.key_cols) and attname <> 'source_updated_at')
      into v_cols, v_set, v_cmp_t, v_cmp_m
      from pg_attribute
     where attrelid = format('vitalis.%I', spec.tbl)::regclass and attnum > 0 and not attisdropped
       and attname not in (spec.id_col, 'created_at', 'updated_at');
    execute format($f$
      create or replace function vitalis.upsert_%1$s(p_rows jsonb)
        returns table (inserted integer, updated integer, skipped integer)
        language plpgsql volatile as $body$
      declare
        v_total integer;
        v_min date;
        v_max date;
      begin
        perform vitalis_private.check_batch(p_rows, %1$L);
        select count(*), min(r.%4$I), max(r.%4$I) into v_total, v_min, v_max
          from jsonb_populate_recordset(null::vitalis.%1$I, p_rows) r;
        if v_total = 0 then
          return query select 0, 0, 0;
          return;
        end if;
        perform vitalis_private.check_partition_dates(%1$L, %4$L, v_min, v_max);
        perform vitalis_private.ensure_partitions('vitalis.%1$I', v_min, v_max);
        return query
        with input as (
          select distinct on (coalesce(r.user_id, vitalis.current_user_id()), r.%4$I, r.source) r.*
            from jsonb_populate_recordset(null::vitalis.%1$I, p_rows) r
           order by coalesce(r.user_id, vitalis.current_user_id()), r.%4$I, r.source, r.source_updated_at desc nulls last
        ), written as (
          insert into vitalis.%1$I as t (%2$s)
          select %5$s from input i
          on conflict (%6$s) do update set %3$s
           where (t.source_updated_at is null or excluded.source_updated_at >= t.source_updated_at)
             and (%7$s) is distinct from (%8$s)
          returning 1
        ), existing as (
          -- Sees the table as it was before this statement: rows already there can only be
          -- updated or skipped, every other input row is inserted.
          select count(*)::integer as n
            from input i join vitalis.%1$I t
              on (t.user_id, t.%4$I, t.source) = (coalesce(i.user_id, vitalis.current_user_id()), i.%4$I, i.source)
        )
        select (select count(*) from input)::integer - e.n,
               (select count(*) from written)::integer - ((select count(*) from input)::integer - e.n),
               v_total - (select count(*) from written)::integer
          from existing e;
      end $body$;
      comment on function vitalis.upsert_%1$s(jsonb) is %9$L;
    $f$, spec.tbl, v_cols, v_set, spec.date_col,
      replace(replace(v_cols, 'user_id', 'coalesce(i.user_id, vitalis.current_user_id())'), '"', ''),
      array_to_string(spec.key_cols, ', '), v_cmp_t, v_cmp_m,
      format('Idempotent batch upsert into %s keyed by (%s): a JSON array of row objects. A value left out (or null) keeps the stored one, so partial summaries of the same day merge; raw_data objects merge key by key; an older source_updated_at never overwrites a newer one. Returns rows inserted, updated and skipped (unchanged, duplicate in the batch, or older than the stored version).',
             spec.tbl, array_to_string(spec.key_cols, ', ')));
  end loop;
end $gen$;
drop function vitalis_private.upsert_merge_expr(name);

alter function vitalis.upsert_wearable_sleep(jsonb) security definer set search_path = pg_catalog;

-- The dashboard's naps: a composite type returned by a function takes a new attribute in place.
do $$
begin
  if not exists (select 1 from pg_attribute where attrelid = 'vitalis.dashboard_day'::regclass and attname = 'nap_minutes' and not attisdropped) then
    alter type vitalis.dashboard_day add attribute nap_minutes integer;
  end if;
  if not exists (select 1 from pg_attribute where attrelid = 'vitalis.dashboard_day'::regclass and attname = 'nap_minutes_source' and not attisdropped) then
    alter type vitalis.dashboard_day add attribute nap_minutes_source vitalis.data_source;
  end if;
end $$;
comment on column vitalis.dashboard_day.nap_minutes is 'Minutes asleep in naps that day, not counted in totalSleepMinutes (sleep priority: the best source that reported naps, normally the night''s). 0 when that source reported none.';
comment on column vitalis.dashboard_day.nap_minutes_source is 'Which source napMinutes came from.';

create or replace function vitalis.dashboard(days integer default 30, for_user uuid default null)
  returns setof vitalis.dashboard_day
  language plpgsql stable parallel safe security invoker as $$
declare
  v_user uuid := coalesce(for_user, vitalis.current_user_id());
  v_tz text;
  v_to date;
  v_from date;
  -- Each category's source order, resolved once per call (the signed-in user's own order first):
  -- as plain array values the per-row ranking below costs no function call.
  v_steps vitalis.data_source[] := vitalis.source_priority('steps');
  v_heart_rate vitalis.data_source[] := vitalis.source_priority('heart_rate');
  v_hrv vitalis.data_source[] := vitalis.source_priority('hrv');
  v_readiness vitalis.data_source[] := vitalis.source_priority('readiness');
  v_recovery vitalis.data_source[] := vitalis.source_priority('recovery');
  v_sleep vitalis.data_source[] := vitalis.source_priority('sleep');
  v_activities vitalis.data_source[] := vitalis.source_priority('activities');
begin
  perform vitalis_private.assert_may_read(for_user);
  if days is null or days < 1 or days > 366 then
    raise exception 'days: must be between 1 and 366, got %', coalesce(days::text, 'null')
      using errcode = '22023', column = 'days', hint = 'Ask for at most a year (366 days); use the wearableDailies connection with aggregates for longer ranges.';
  end if;
  if v_user is null then
    return;
  end if;
  -- "Today" is the data owner's today; a viewer who may not read the owner's preferences gets
  -- their own time zone.
  select p.timezone into v_tz from vitalis.user_preferences p where p.user_id = v_user;
  if v_tz is null then
    select p.timezone into v_tz from vitalis.user_preferences p where p.user_id = vitalis.current_user_id();
  end if;
  v_to := (now() at time zone coalesce(v_tz, 'UTC'))::date;
  v_from := v_to - (days - 1);
  -- Dates compared with dates (plain values here), so partitions are pruned at plan time.
  return query
  with daily as (
    select d.date,
      (array_agg(d.steps order by coalesce(array_position(v_steps, d.source), 1000), d.source) filter (where d.steps is not null))[1] as steps,
      (array_agg(d.source order by coalesce(array_position(v_steps, d.source), 1000), d.source) filter (where d.steps is not null))[1] as steps_source,
      (array_agg(d.distance_m order by coalesce(array_position(v_steps, d.source), 1000), d.source) filter (where d.distance_m is not null))[1] as distance_m,
      (array_agg(d.source order by coalesce(array_position(v_steps, d.source), 1000), d.source) filter (where d.distance_m is not null))[1] as distance_m_source,
      (array_agg(d.active_calories_kcal order by coalesce(array_position(v_steps, d.source), 1000), d.source) filter (where d.active_calories_kcal is not null))[1] as active_calories_kcal,
      (array_agg(d.source order by coalesce(array_position(v_steps, d.source), 1000), d.source) filter (where d.active_calories_kcal is not null))[1] as active_calories_kcal_source,
      (array_agg(d.resting_hr_bpm order by coalesce(array_position(v_heart_rate, d.source), 1000), d.source) filter (where d.resting_hr_bpm is not null))[1] as resting_hr_bpm,
      (array_agg(d.source order by coalesce(array_position(v_heart_rate, d.source), 1000), d.source) filter (where d.resting_hr_bpm is not null))[1] as resting_hr_bpm_source,
      (array_agg(d.hrv_rmssd_ms order by coalesce(array_position(v_hrv, d.source), 1000), d.source) filter (where d.hrv_rmssd_ms is not null))[1] as hrv_rmssd_ms,
      (array_agg(d.source order by coalesce(array_position(v_hrv, d.source), 1000), d.source) filter (where d.hrv_rmssd_ms is not null))[1] as hrv_rmssd_ms_source,
      (array_agg(d.readiness_score order by coalesce(array_position(v_readiness, d.source), 1000), d.source) filter (where d.readiness_score is not null))[1] as readiness_score,
      (array_agg(d.source order by coalesce(array_position(v_readiness, d.source), 1000), d.source) filter (where d.readiness_score is not null))[1] as readiness_score_source,
      (array_agg(d.recovery_score order by coalesce(array_position(v_recovery, d.source), 1000), d.source) filter (where d.recovery_score is not null))[1] as recovery_score,
      (array_agg(d.source order by coalesce(array_position(v_recovery, d.source), 1000), d.source) filter (where d.recovery_score is not null))[1] as recovery_score_source
    from vitalis.wearable_daily d
    where d.user_id = v_user and d.date between v_from and v_to
    group by d.date
  ), sleep as (
    select s.sleep_date as date,
      (array_agg(s.total_sleep_minutes order by coalesce(array_position(v_sleep, s.source), 1000), s.source) filter (where s.total_sleep_minutes is not null))[1] as total_sleep_minutes,
      (array_agg(s.source order by coalesce(array_position(v_sleep, s.source), 1000), s.source) filter (where s.total_sleep_minutes is not null))[1] as total_sleep_minutes_source,
      (array_agg(s.sleep_score order by coalesce(array_position(v_sleep, s.source), 1000), s.source) filter (where s.sleep_score is not null))[1] as sleep_score,
      (array_agg(s.source order by coalesce(array_position(v_sleep, s.source), 1000), s.source) filter (where s.sleep_score is not null))[1] as sleep_score_source,
      (array_agg(s.nap_minutes order by coalesce(array_position(v_sleep, s.source), 1000), s.source) filter (where s.nap_minutes is not null))[1] as nap_minutes,
      (array_agg(s.source order by coalesce(array_position(v_sleep, s.source), 1000), s.source) filter (where s.nap_minutes is not null))[1] as nap_minutes_source
    from vitalis.wearable_sleep s
    where s.user_id = v_user and s.sleep_date between v_from and v_to
    group by s.sleep_date
  ), acts as materialized (
    select a.activity_id, a.activity_date, a.source, a.start_time,
           coalesce(a.end_time, a.start_time + make_interval(secs => coalesce(a.duration_seconds, 0))) as end_time,
           a.duration_seconds, coalesce(array_position(v_activities, a.source), 1000) as rank
    from vitalis.wearable_activities a
    where a.user_id = v_user and a.activity_date between v_from and v_to
  ), activities as (
    -- The same workout synced from two sources overlaps in time: keep the better source's.
    select a.activity_date as date, count(*)::integer as activities_count,
           coalesce(sum(a.duration_seconds), 0)::integer as activities_duration_seconds
    from acts a
    where not exists (
      select 1 from acts b
      where b.activity_date = a.activity_date and b.source <> a.source
        and (b.rank, b.source) < (a.rank, a.source)
        and b.start_time < a.end_time and a.start_time < b.end_time)
    group by a.activity_date
  )
  select g.day::date,
         daily.steps, daily.steps_source, daily.distance_m, daily.distance_m_source,
         daily.active_calories_kcal, daily.active_calories_kcal_source,
         daily.resting_hr_bpm, daily.resting_hr_bpm_source, daily.hrv_rmssd_ms::numeric, daily.hrv_rmssd_ms_source,
         daily.readiness_score, daily.readiness_score_source, daily.recovery_score, daily.recovery_score_source,
         sleep.total_sleep_minutes, sleep.total_sleep_minutes_source, sleep.sleep_score, sleep.sleep_score_source,
         coalesce(activities.activities_count, 0), coalesce(activities.activities_duration_seconds, 0),
         sleep.nap_minutes, sleep.nap_minutes_source
    from generate_series(v_from, v_to, interval '1 day') as g(day)
    left join daily on daily.date = g.day::date
    left join sleep on sleep.date = g.day::date
    left join activities on activities.date = g.day::date
   order by g.day;
end $$;


reset role;

--! split: 4-timezone-history.sql
/*
 * Time-zone history (issue 9). Fitbit's local times and other providers' day-level data carry no
 * UTC offset: they are placed with the zone the user was in at that time, not the one configured
 * now. A user's ranges never overlap; user- and client-set ranges always win over learned ones
 * (learned ranges only fill the gaps between them). Outside every range the zone is
 * user_preferences.timezone, then UTC.
 */
set local lock_timeout = '5s';

-- Before switching to the owner: installing into public needs the migrating user's rights.
-- btree_gist lets one exclusion constraint say "same user and overlapping range".
create extension if not exists btree_gist with schema public;

set local role vitalis_owner;

create table if not exists vitalis.user_timezones (
  timezone_id uuid primary key default gen_random_uuid(),
  user_id uuid not null default vitalis.current_user_id() references vitalis.users on delete cascade,
  timezone text not null default 'UTC'
    constraint user_timezones_timezone_check check (length(timezone) <= 64 and timezone ~ '^[A-Za-z][A-Za-z0-9_/+-]*$' and now() at time zone timezone is not null),
  utc_offset_minutes smallint constraint user_timezones_utc_offset_minutes_range check (utc_offset_minutes >= -720 and utc_offset_minutes <= 840),
  valid_from timestamptz not null default now(),
  valid_to timestamptz,
  source text not null default 'user' constraint user_timezones_source_check check (source in ('user', 'client', 'learned')),
  created_at timestamptz not null default now(),
  constraint user_timezones_valid_to_after_from check (valid_to is null or valid_to > valid_from),
  constraint user_timezones_learned_offset check ((source = 'learned') = (utc_offset_minutes is not null)),
  constraint user_timezones_no_overlap exclude using gist (user_id with =, tstzrange(valid_from, valid_to) with &&)
);
comment on table vitalis.user_timezones is
  'Where the user was, as time-zone ranges: set by the user or a client app, or learned from data that carries UTC offsets (Apple Health, Garmin). Offset-less data (Fitbit local times) is placed with the zone valid at that time. Ranges of one user never overlap.';
comment on column vitalis.user_timezones.timezone is 'IANA time zone name in force during the range. A learned range holds a fixed-offset zone with the observed offset (Etc/GMT-5 for UTC+05:00).';
comment on column vitalis.user_timezones.utc_offset_minutes is 'Learned ranges only: the UTC offset observed in the data, in minutes east of UTC (+330 for +05:30); the evidence the timezone was chosen from.';
comment on column vitalis.user_timezones.valid_from is 'First instant the zone applies (inclusive).';
comment on column vitalis.user_timezones.valid_to is 'Instant the zone stops applying (exclusive); NULL while it still applies.';
comment on column vitalis.user_timezones.source is 'user (set by the person), client (set by an app, e.g. from the phone''s zone), learned (from offsets in imported or synced data; never overrides the other two).';

create index if not exists user_timezones_user_from on vitalis.user_timezones (user_id, valid_from);

do $$
begin
  if not exists (select 1 from pg_policy where polrelid = 'vitalis.user_timezones'::regclass and polname = 'user_isolation') then
    perform vitalis_private.secure_user_table('vitalis.user_timezones', 'timezone_id');
  end if;
end $$;
-- Clients write through vitalis.set_timezone only: the ranges are kept consistent there.
select vitalis_private.set_client_columns('vitalis.user_timezones', '{}', '{}');
revoke delete on vitalis.user_timezones from vitalis_api;

--------------------------------------------------------------------------------------------------
-- Helpers

create or replace function vitalis_private.zone_offset_minutes(p_zone text, p_at timestamptz) returns integer
  language sql stable parallel safe set search_path = pg_catalog as $$
  select (extract(epoch from (p_at at time zone p_zone) - (p_at at time zone 'UTC')) / 60)::integer
$$;
comment on function vitalis_private.zone_offset_minutes(text, timestamptz) is 'The UTC offset (minutes east) of a zone at an instant.';

create or replace function vitalis_private.is_time_zone_name(p_zone text) returns boolean
  language sql stable set search_path = pg_catalog as $$
  select p_zone is not null and length(p_zone) <= 64 and p_zone ~ '^[A-Za-z][A-Za-z0-9_/+-]*$'
     and p_zone not like 'posix/%' and p_zone not like 'right/%'
     and exists (select 1 from pg_timezone_names n where n.name = p_zone)
$$;
comment on function vitalis_private.is_time_zone_name(text) is 'Whether p_zone names a zone of the time-zone database (not a POSIX offset string such as UTC+5, which PostgreSQL and JavaScript read with opposite signs).';

create or replace function vitalis_private.zone_for_offset(p_minutes integer, p_from timestamptz, p_to timestamptz) returns text
  language sql stable set search_path = pg_catalog as $$
  -- Whole hours: the fixed Etc zone (POSIX sign: Etc/GMT-5 is UTC+05:00). Otherwise the first
  -- zone that had exactly this offset at both ends of the range (Asia/Kolkata for +05:30).
  select case
    when p_minutes % 60 = 0 and p_minutes between -720 and 840 then
      case when p_minutes = 0 then 'Etc/GMT' when p_minutes > 0 then 'Etc/GMT-' || (p_minutes / 60) else 'Etc/GMT+' || (-p_minutes / 60) end
    else (select c.name from (
            -- The usual zone of each non-whole-hour offset first, then any other that fits.
            select z.name, 0 as rank from (values ('Pacific/Marquesas'), ('America/St_Johns'), ('Asia/Tehran'), ('Asia/Kabul'), ('Asia/Kolkata'),
                   ('Asia/Kathmandu'), ('Asia/Yangon'), ('Australia/Eucla'), ('Australia/Darwin'), ('Australia/Adelaide'), ('Australia/Lord_Howe'), ('Pacific/Chatham')) z(name)
            union all
            select n.name, 1 from pg_timezone_names n where n.name ~ '^(Asia|Australia|America|Pacific|Atlantic|Indian|Africa|Europe)/[A-Za-z_]+$'
          ) c
           where vitalis_private.zone_offset_minutes(c.name, p_from) = p_minutes
             and vitalis_private.zone_offset_minutes(c.name, p_to) = p_minutes
           order by c.rank, c.name limit 1)
  end
$$;
comment on function vitalis_private.zone_for_offset(integer, timestamptz, timestamptz) is 'A zone name with this fixed UTC offset over the range, for storing a learned offset as a zone both PostgreSQL and JavaScript read alike.';

--------------------------------------------------------------------------------------------------
-- Reading

create or replace function vitalis.timezone_at("at" timestamptz, for_user uuid default null) returns text
  language sql stable set search_path = pg_catalog as $$
  select coalesce(
    (select t.timezone from vitalis.user_timezones t
      where t.user_id = coalesce(for_user, vitalis.current_user_id()) and t.valid_from <= "at" and (t.valid_to is null or "at" < t.valid_to)),
    (select p.timezone from vitalis.user_preferences p where p.user_id = coalesce(for_user, vitalis.current_user_id())),
    'UTC')
$$;
comment on function vitalis.timezone_at(timestamptz, uuid) is 'The IANA zone the user (default: the signed-in one) was in at that instant: the range covering it, else user_preferences.timezone, else UTC.';
grant execute on function vitalis.timezone_at(timestamptz, uuid) to vitalis_api, vitalis_worker, vitalis_admin;

create or replace function vitalis_private.set_zone_known(p_user uuid, p_at timestamptz) returns text
  language sql stable set search_path = pg_catalog as $$
  -- The zone that user- and client-set ranges (or the preference) give: what learned offsets are compared with.
  select coalesce(
    (select t.timezone from vitalis.user_timezones t
      where t.user_id = p_user and t.source <> 'learned' and t.valid_from <= p_at and (t.valid_to is null or p_at < t.valid_to)),
    (select p.timezone from vitalis.user_preferences p where p.user_id = p_user),
    'UTC')
$$;
comment on function vitalis_private.set_zone_known(uuid, timestamptz) is 'The zone at an instant from user- and client-set ranges only (else the preference, else UTC).';

create or replace function vitalis_private.clear_learned(p_user uuid, p_span tstzrange) returns void
  language plpgsql volatile set search_path = pg_catalog as $$
declare
  r vitalis.user_timezones;
  piece tstzrange;
begin
  -- Removes the span from every learned range it touches, keeping what lies outside it.
  for r in delete from vitalis.user_timezones t
            where t.user_id = p_user and t.source = 'learned' and tstzrange(t.valid_from, t.valid_to) && p_span returning t.* loop
    for piece in select unnest(tstzmultirange(tstzrange(r.valid_from, r.valid_to)) - tstzmultirange(p_span)) loop
      insert into vitalis.user_timezones (user_id, timezone, utc_offset_minutes, valid_from, valid_to, source, created_at)
      values (p_user, r.timezone, r.utc_offset_minutes, lower(piece), upper(piece), 'learned', r.created_at);
    end loop;
  end loop;
end $$;
comment on function vitalis_private.clear_learned(uuid, tstzrange) is 'Cuts a span out of the user''s learned ranges (a user-set range or newer evidence replaces them there).';

--------------------------------------------------------------------------------------------------
-- Writing

drop function if exists vitalis.set_timezone(text, timestamptz, text);
create function vitalis.set_timezone(timezone text, valid_from timestamptz default now(), source text default 'user') returns vitalis.user_timezones
  language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_user uuid := vitalis.current_user_id();
  v_from timestamptz := coalesce(set_timezone.valid_from, now());
  v_current vitalis.user_timezones;
  v_next timestamptz;
  v_row vitalis.user_timezones;
begin
  if v_user is null then
    raise exception 'sign in to set a time zone' using errcode = '42501';
  end if;
  if not vitalis_private.is_time_zone_name(set_timezone.timezone) then
    raise exception 'timezone must be a known time zone name, e.g. Europe/Paris' using errcode = '23514', column = 'timezone';
  end if;
  if set_timezone.source is null or set_timezone.source not in ('user', 'client') then
    raise exception 'source must be user or client' using errcode = '23514', column = 'source';
  end if;
  if v_from < '1900-01-01' or v_from > now() + interval '1 year' then
    raise exception 'validFrom must be between 1900-01-01 and a year from now' using errcode = '23514', column = 'valid_from';
  end if;

  -- One user's ranges change one at a time.
  perform pg_advisory_xact_lock(hashtext('vitalis.user_timezones'), hashtext(v_user::text));

  select t.* into v_current from vitalis.user_timezones t
   where t.user_id = v_user and t.source <> 'learned' and t.valid_from <= v_from and (t.valid_to is null or v_from < t.valid_to);
  if found and v_current.timezone = set_timezone.timezone then
    return v_current; -- already in force: nothing changes
  end if;
  -- The new range runs until the next user- or client-set range (or stays open).
  select min(t.valid_from) into v_next from vitalis.user_timezones t
   where t.user_id = v_user and t.source <> 'learned' and t.valid_from > v_from;
  if v_current.timezone_id is not null then
    if v_current.valid_from = v_from then
      delete from vitalis.user_timezones t where t.timezone_id = v_current.timezone_id;
    else
      update vitalis.user_timezones t set valid_to = v_from where t.timezone_id = v_current.timezone_id;
    end if;
  end if;
  perform vitalis_private.clear_learned(v_user, tstzrange(v_from, v_next));
  insert into vitalis.user_timezones (user_id, timezone, valid_from, valid_to, source)
  values (v_user, set_timezone.timezone, v_from, v_next, set_timezone.source)
  returning * into v_row;

  if v_from <= now() and (v_next is null or now() < v_next) then
    update vitalis.user_preferences p set timezone = set_timezone.timezone where p.user_id = v_user and p.timezone is distinct from set_timezone.timezone;
  end if;
  return v_row;
end $$;
comment on function vitalis.set_timezone(text, timestamptz, text) is
  E'@resultFieldName userTimezone\nSets the zone the signed-in user is in from valid_from on (default now): closes the range in force then and opens one that lasts until the next user- or client-set range. Learned ranges in that span give way. When the new range is the current one, user_preferences.timezone follows. source: user (default) or client (an app that follows the device''s zone).';
revoke all on function vitalis.set_timezone(text, timestamptz, text) from public;
grant execute on function vitalis.set_timezone(text, timestamptz, text) to vitalis_api, vitalis_worker;

drop function if exists vitalis_private.learn_timezone_offsets(jsonb);
create function vitalis_private.learn_timezone_offsets(p_observations jsonb) returns integer
  language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_user uuid := vitalis.current_user_id();
  v_run record;
  v_piece tstzrange;
  v_zone text;
  v_written integer := 0;
begin
  if v_user is null then
    raise exception 'learn_timezone_offsets: no user in the request context' using errcode = '42501';
  end if;
  if p_observations is null or jsonb_typeof(p_observations) <> 'array' or jsonb_array_length(p_observations) = 0 then
    return 0;
  end if;
  perform pg_advisory_xact_lock(hashtext('vitalis.user_timezones'), hashtext(v_user::text));

  -- Observations -> runs of one offset (split where the set zone changes too); each run spans
  -- from its first observation to the next run's first one (the last run: to its own end).
  for v_run in
    with obs as (
      select (((o->>'local')::timestamp - make_interval(mins => (o->>'offset_minutes')::integer)) at time zone 'UTC') as at_utc,
             (o->>'offset_minutes')::integer as off,
             coalesce((o->>'duration_minutes')::integer, 0) as dur
        from jsonb_array_elements(p_observations) o
       where (o->>'offset_minutes')::integer between -720 and 840
    ), judged as (
      select at_utc, off, dur, off <> vitalis_private.zone_offset_minutes(vitalis_private.set_zone_known(v_user, at_utc), at_utc) as differs
        from obs
    ), marked as (
      select *, case when lag(off) over w is distinct from off or lag(differs) over w is distinct from differs then 1 else 0 end as starts
        from judged window w as (order by at_utc, off)
    ), grouped as (
      select *, sum(starts) over (order by at_utc, off rows unbounded preceding) as run from marked
    ), runs as (
      select run, min(off) as off, bool_or(differs) as differs, min(at_utc) as first_at, max(at_utc + make_interval(mins => dur)) as last_end
        from grouped group by run
    )
    select r.off, r.differs, r.first_at,
           greatest(coalesce(lead(r.first_at) over (order by r.run), r.last_end), r.first_at + interval '1 second') as end_at
      from runs r order by r.run
  loop
    -- Learned already, exactly so (a re-import): nothing to change.
    continue when v_run.differs and (
      select count(*) = 1 and bool_and(t.valid_from = v_run.first_at and t.valid_to = v_run.end_at and t.utc_offset_minutes = v_run.off)
        from vitalis.user_timezones t
       where t.user_id = v_user and tstzrange(t.valid_from, t.valid_to) && tstzrange(v_run.first_at, v_run.end_at));
    -- Newer evidence replaces what was learned over the span; only disagreeing runs are kept.
    perform vitalis_private.clear_learned(v_user, tstzrange(v_run.first_at, v_run.end_at));
    continue when not v_run.differs;
    v_zone := vitalis_private.zone_for_offset(v_run.off, v_run.first_at, v_run.end_at);
    continue when v_zone is null;
    for v_piece in
      select unnest(tstzmultirange(tstzrange(v_run.first_at, v_run.end_at))
                    - coalesce((select range_agg(tstzrange(t.valid_from, t.valid_to)) from vitalis.user_timezones t
                                 where t.user_id = v_user and t.source <> 'learned' and tstzrange(t.valid_from, t.valid_to) && tstzrange(v_run.first_at, v_run.end_at)),
                               '{}'::tstzmultirange))
    loop
      insert into vitalis.user_timezones (user_id, timezone, utc_offset_minutes, valid_from, valid_to, source)
      values (v_user, v_zone, v_run.off, lower(v_piece), upper(v_piece), 'learned');
      v_written := v_written + 1;
    end loop;
  end loop;
  return v_written;
end $$;
comment on function vitalis_private.learn_timezone_offsets(jsonb) is
  'For importers and provider adapters: observed [{local: "2024-03-10T08:00:00", offset_minutes: -300, duration_minutes?: 1440}] pairs of the signed-in user. Where the offset differs from the zone the user set for that time (else the preference), a learned range with a fixed-offset zone is recorded; observations that agree clear learned ranges over their span. Never touches user- or client-set ranges. Returns the learned ranges written.';
revoke all on function vitalis_private.learn_timezone_offsets(jsonb) from public;
grant execute on function vitalis_private.learn_timezone_offsets(jsonb) to vitalis_api, vitalis_worker;

reset role;
