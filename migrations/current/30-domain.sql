set local lock_timeout = '5s';
set local role vitalis_owner;

/*
 * The domain surface of the API (issue 3, item 3): what clients would otherwise compute
 * themselves.
 * - vitalis.dashboard(days, for_user): one row per day across wearable_daily, wearable_sleep
 *   and wearable_activities, each metric resolved across sources by a default source priority.
 * - vitalis.biomarker_trend(biomarker, since, for_user) and vitalis.latest_biomarkers(for_user):
 *   lab results with reference and optimal bands.
 * - *_display computed columns: values in the signed-in user's preferred units.
 * Every function is SECURITY INVOKER and just reads the tables: row-level security decides whose
 * rows are visible, so household sharing (a viewer allowed to read an owner's rows) works through
 * them too, and nobody reads rows they could not select directly.
 *
 * Idempotent: graphile-migrate re-runs every file of migrations/current when one changes, so
 * everything created here is dropped first.
 */

drop function if exists vitalis.dashboard(integer, uuid);
drop function if exists vitalis.biomarker_trend(text, date, uuid);
drop function if exists vitalis.latest_biomarkers(uuid);
drop function if exists vitalis.source_priority(text);
drop function if exists vitalis.wearable_daily_distance_display(vitalis.wearable_daily);
drop function if exists vitalis.wearable_activities_distance_display(vitalis.wearable_activities);
drop function if exists vitalis.measurements_value_display(vitalis.measurements);
drop function if exists vitalis.dexa_scans_weight_display(vitalis.dexa_scans);
drop function if exists vitalis.dexa_scans_height_display(vitalis.dexa_scans);
drop function if exists vitalis.lifting_sets_weight_display(vitalis.lifting_sets);
drop trigger if exists _800_clear_display_cache on vitalis.user_preferences;
drop function if exists vitalis_private.tg_user_preferences__clear_display_cache();
drop function if exists vitalis_private.display_value(numeric, text, text, integer);
drop function if exists vitalis_private.source_rank(text, vitalis.data_source);
drop type if exists vitalis.dashboard_day;
drop type if exists vitalis.biomarker_result;
drop type if exists vitalis.display_value;

/* ---------------------------------------------------------------------------------------------
 * Exposure. Grants already decide most of it (PostGraphile only generates what the API role may
 * do): the dictionaries, unit_conversions, audit_log and ingestion_jobs are SELECT-only for users,
 * secret columns are neither granted nor advertised (SmartTagsPlugin), partitions stay hidden.
 * One gap: users could hard-delete their own users row through `deleteUser`, skipping the GDPR
 * grace period. Erasure goes through deletion_requests (and the worker) only.
 * ------------------------------------------------------------------------------------------- */
revoke delete on vitalis.users from vitalis_api;

/* ---------------------------------------------------------------------------------------------
 * Source priority
 * ------------------------------------------------------------------------------------------- */
-- STABLE, not IMMUTABLE: text-to-enum casts are stable (enum values can be added).
create function vitalis.source_priority(category text) returns vitalis.data_source[]
  language sql stable parallel safe security invoker as $$
  select case category
    when 'sleep' then array['oura', 'whoop', 'garmin', 'fitbit', 'withings', 'apple_health']
    when 'steps' then array['garmin', 'fitbit', 'apple_health', 'oura']
    when 'hrv' then array['oura', 'whoop', 'garmin']
    when 'heart_rate' then array['oura', 'whoop', 'garmin', 'fitbit', 'withings', 'apple_health']
    when 'readiness' then array['oura', 'whoop', 'garmin']
    when 'recovery' then array['whoop', 'oura', 'garmin']
    when 'activities' then array['garmin', 'polar', 'coros', 'suunto', 'whoop', 'fitbit', 'apple_health', 'oura', 'strava']
  end::vitalis.data_source[]
$$;
comment on function vitalis.source_priority(text) is
  'The default order in which sources are trusted for a metric category, best first. Categories: sleep (total sleep, sleep score), steps (steps, distance, active calories), hrv, heart_rate (resting heart rate), readiness, recovery, activities (which of two overlapping workouts from different sources is kept). Sources not listed rank after the listed ones. NULL for an unknown category.';

-- Rank of a source within a category: listed sources first, in order; the rest after them.
create function vitalis_private.source_rank(category text, source vitalis.data_source) returns integer
  language sql stable parallel safe security invoker as $$
  select coalesce(array_position(vitalis.source_priority(category), source), 1000)
$$;
comment on function vitalis_private.source_rank(text, vitalis.data_source) is 'Position of a source in source_priority(category) (1 = most trusted); 1000 for sources the category does not list.';

/* ---------------------------------------------------------------------------------------------
 * Dashboard
 * ------------------------------------------------------------------------------------------- */
create type vitalis.dashboard_day as (
  date date,
  steps integer,
  steps_source vitalis.data_source,
  distance_m integer,
  distance_m_source vitalis.data_source,
  active_calories_kcal smallint,
  active_calories_kcal_source vitalis.data_source,
  resting_hr_bpm smallint,
  resting_hr_bpm_source vitalis.data_source,
  hrv_rmssd_ms numeric,
  hrv_rmssd_ms_source vitalis.data_source,
  readiness_score smallint,
  readiness_score_source vitalis.data_source,
  recovery_score smallint,
  recovery_score_source vitalis.data_source,
  total_sleep_minutes smallint,
  total_sleep_minutes_source vitalis.data_source,
  sleep_score smallint,
  sleep_score_source vitalis.data_source,
  activities_count integer,
  activities_duration_seconds integer
);
comment on type vitalis.dashboard_day is 'One day of the dashboard: each metric resolved to one value across sources, with the source it came from (see sourcePriority). Metrics without data that day are null; activitiesCount is 0.';
comment on column vitalis.dashboard_day.date is 'The calendar day, in the user''s time zone.';
comment on column vitalis.dashboard_day.steps is 'Steps, from the best source that reported steps that day (steps priority).';
comment on column vitalis.dashboard_day.steps_source is 'Which source steps came from.';
comment on column vitalis.dashboard_day.distance_m is 'Distance in metres (steps priority).';
comment on column vitalis.dashboard_day.distance_m_source is 'Which source distanceM came from.';
comment on column vitalis.dashboard_day.active_calories_kcal is 'Active calories, kcal (steps priority).';
comment on column vitalis.dashboard_day.active_calories_kcal_source is 'Which source activeCaloriesKcal came from.';
comment on column vitalis.dashboard_day.resting_hr_bpm is 'Resting heart rate, bpm (heart_rate priority).';
comment on column vitalis.dashboard_day.resting_hr_bpm_source is 'Which source restingHrBpm came from.';
comment on column vitalis.dashboard_day.hrv_rmssd_ms is 'Heart rate variability (RMSSD), ms (hrv priority).';
comment on column vitalis.dashboard_day.hrv_rmssd_ms_source is 'Which source hrvRmssdMs came from.';
comment on column vitalis.dashboard_day.readiness_score is 'Readiness, 0-100 (readiness priority).';
comment on column vitalis.dashboard_day.readiness_score_source is 'Which source readinessScore came from.';
comment on column vitalis.dashboard_day.recovery_score is 'Recovery, 0-100 (recovery priority).';
comment on column vitalis.dashboard_day.recovery_score_source is 'Which source recoveryScore came from.';
comment on column vitalis.dashboard_day.total_sleep_minutes is 'Sleep that ended on this morning, minutes (sleep priority).';
comment on column vitalis.dashboard_day.total_sleep_minutes_source is 'Which source totalSleepMinutes came from.';
comment on column vitalis.dashboard_day.sleep_score is 'Sleep score, 0-100, as the source scores it (sleep priority).';
comment on column vitalis.dashboard_day.sleep_score_source is 'Which source sleepScore came from.';
comment on column vitalis.dashboard_day.activities_count is 'Workouts that day. A workout recorded by two sources (overlapping in time) counts once, from the better source (activities priority).';
comment on column vitalis.dashboard_day.activities_duration_seconds is 'Total duration of those workouts, seconds.';

create function vitalis.dashboard(days integer default 30, for_user uuid default null)
  returns setof vitalis.dashboard_day
  language plpgsql stable parallel safe security invoker as $$
declare
  v_user uuid := coalesce(for_user, vitalis.current_user_id());
  v_tz text;
  v_to date;
  v_from date;
begin
  if days is null or days < 1 or days > 366 then
    raise exception 'dashboard: days must be between 1 and 366, got %', coalesce(days::text, 'null')
      using errcode = '22023', hint = 'Ask for at most a year (366 days); use the wearableDailies connection with aggregates for longer ranges.';
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
      (array_agg(d.steps order by vitalis_private.source_rank('steps', d.source), d.source) filter (where d.steps is not null))[1] as steps,
      (array_agg(d.source order by vitalis_private.source_rank('steps', d.source), d.source) filter (where d.steps is not null))[1] as steps_source,
      (array_agg(d.distance_m order by vitalis_private.source_rank('steps', d.source), d.source) filter (where d.distance_m is not null))[1] as distance_m,
      (array_agg(d.source order by vitalis_private.source_rank('steps', d.source), d.source) filter (where d.distance_m is not null))[1] as distance_m_source,
      (array_agg(d.active_calories_kcal order by vitalis_private.source_rank('steps', d.source), d.source) filter (where d.active_calories_kcal is not null))[1] as active_calories_kcal,
      (array_agg(d.source order by vitalis_private.source_rank('steps', d.source), d.source) filter (where d.active_calories_kcal is not null))[1] as active_calories_kcal_source,
      (array_agg(d.resting_hr_bpm order by vitalis_private.source_rank('heart_rate', d.source), d.source) filter (where d.resting_hr_bpm is not null))[1] as resting_hr_bpm,
      (array_agg(d.source order by vitalis_private.source_rank('heart_rate', d.source), d.source) filter (where d.resting_hr_bpm is not null))[1] as resting_hr_bpm_source,
      (array_agg(d.hrv_rmssd_ms order by vitalis_private.source_rank('hrv', d.source), d.source) filter (where d.hrv_rmssd_ms is not null))[1] as hrv_rmssd_ms,
      (array_agg(d.source order by vitalis_private.source_rank('hrv', d.source), d.source) filter (where d.hrv_rmssd_ms is not null))[1] as hrv_rmssd_ms_source,
      (array_agg(d.readiness_score order by vitalis_private.source_rank('readiness', d.source), d.source) filter (where d.readiness_score is not null))[1] as readiness_score,
      (array_agg(d.source order by vitalis_private.source_rank('readiness', d.source), d.source) filter (where d.readiness_score is not null))[1] as readiness_score_source,
      (array_agg(d.recovery_score order by vitalis_private.source_rank('recovery', d.source), d.source) filter (where d.recovery_score is not null))[1] as recovery_score,
      (array_agg(d.source order by vitalis_private.source_rank('recovery', d.source), d.source) filter (where d.recovery_score is not null))[1] as recovery_score_source
    from vitalis.wearable_daily d
    where d.user_id = v_user and d.date between v_from and v_to
    group by d.date
  ), sleep as (
    select s.sleep_date as date,
      (array_agg(s.total_sleep_minutes order by vitalis_private.source_rank('sleep', s.source), s.source) filter (where s.total_sleep_minutes is not null))[1] as total_sleep_minutes,
      (array_agg(s.source order by vitalis_private.source_rank('sleep', s.source), s.source) filter (where s.total_sleep_minutes is not null))[1] as total_sleep_minutes_source,
      (array_agg(s.sleep_score order by vitalis_private.source_rank('sleep', s.source), s.source) filter (where s.sleep_score is not null))[1] as sleep_score,
      (array_agg(s.source order by vitalis_private.source_rank('sleep', s.source), s.source) filter (where s.sleep_score is not null))[1] as sleep_score_source
    from vitalis.wearable_sleep s
    where s.user_id = v_user and s.sleep_date between v_from and v_to
    group by s.sleep_date
  ), acts as materialized (
    select a.activity_id, a.activity_date, a.source, a.start_time,
           coalesce(a.end_time, a.start_time + make_interval(secs => coalesce(a.duration_seconds, 0))) as end_time,
           a.duration_seconds, vitalis_private.source_rank('activities', a.source) as rank
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
         coalesce(activities.activities_count, 0), coalesce(activities.activities_duration_seconds, 0)
    from generate_series(v_from, v_to, interval '1 day') as g(day)
    left join daily on daily.date = g.day::date
    left join sleep on sleep.date = g.day::date
    left join activities on activities.date = g.day::date
   order by g.day;
end $$;
comment on function vitalis.dashboard(integer, uuid) is E'@behavior +list -connection\n@listSuffix omit\nThe last `days` days (1-366, default 30, today included; "today" in the user''s time zone from their preferences), oldest first, one row per day even without data. Each metric is taken from the best source that reported it that day, by the default source priority (see sourcePriority); the matching *Source field says which. Pass forUser to read another person''s dashboard you have been given access to (household sharing); without access the days come back empty.';

/* ---------------------------------------------------------------------------------------------
 * Lab results
 * ------------------------------------------------------------------------------------------- */
create type vitalis.biomarker_result as (
  biomarker_id uuid,
  canonical_name text,
  display_name text,
  category vitalis.biomarker_category,
  marker_id uuid,
  panel_id uuid,
  collected_at timestamptz,
  value_canonical numeric,
  value_text text,
  unit text,
  normal_low numeric,
  normal_high numeric,
  optimal_low numeric,
  optimal_high numeric,
  flag text,
  in_range boolean
);
comment on type vitalis.biomarker_result is 'One lab result of one biomarker, in the marker''s canonical unit, with its reference and optimal bands.';
comment on column vitalis.biomarker_result.canonical_name is 'The biomarker''s slug, e.g. glucose.';
comment on column vitalis.biomarker_result.marker_id is 'The blood_markers row (bloodMarkerById).';
comment on column vitalis.biomarker_result.panel_id is 'The panel (lab visit) the result belongs to (bloodPanelById).';
comment on column vitalis.biomarker_result.collected_at is 'When the sample was collected.';
comment on column vitalis.biomarker_result.value_canonical is 'The value converted to unit.';
comment on column vitalis.biomarker_result.value_text is 'Qualitative or censored result as printed (NEGATIVE, <5.0).';
comment on column vitalis.biomarker_result.unit is 'The canonical unit of the biomarker (US conventional, e.g. mg/dL).';
comment on column vitalis.biomarker_result.normal_low is 'General-population reference range low, in unit.';
comment on column vitalis.biomarker_result.normal_high is 'General-population reference range high, in unit.';
comment on column vitalis.biomarker_result.optimal_low is 'Optimal range low for the person''s biological sex, in unit; when the sex is unknown, the range stored with the result.';
comment on column vitalis.biomarker_result.optimal_high is 'Optimal range high for the person''s biological sex, in unit; when the sex is unknown, the range stored with the result.';
comment on column vitalis.biomarker_result.flag is 'H, L, HH, LL or ABNORMAL as printed by the lab (or computed from the ranges); null when in range.';
comment on column vitalis.biomarker_result.in_range is 'Whether the value lies within the reference range.';

create function vitalis.biomarker_trend(biomarker text, since date default (current_date - 730), for_user uuid default null)
  returns setof vitalis.biomarker_result
  language plpgsql stable parallel safe security invoker as $$
declare
  v_user uuid := coalesce(for_user, vitalis.current_user_id());
  d vitalis.biomarker_dictionary;
begin
  select * into d from vitalis.biomarker_dictionary b where b.canonical_name = lower(btrim(biomarker));
  if not found then
    raise exception 'biomarker_trend: unknown biomarker "%"', biomarker
      using errcode = '22023', hint = 'Use a canonicalName from biomarkerDictionaries, e.g. glucose, hdl_cholesterol, ldl_cholesterol.';
  end if;
  return query
  select d.biomarker_id, d.canonical_name, d.display_name, d.category,
         m.marker_id, m.panel_id, p.collected_at, m.value_canonical::numeric, m.value_text, d.canonical_unit,
         d.normal_low::numeric, d.normal_high::numeric,
         case u.biological_sex when 'female' then d.optimal_low_female when 'male' then d.optimal_low_male else m.optimal_low end::numeric,
         case u.biological_sex when 'female' then d.optimal_high_female when 'male' then d.optimal_high_male else m.optimal_high end::numeric,
         m.flag, m.in_range
    from vitalis.blood_markers m
    join vitalis.blood_panels p on p.panel_id = m.panel_id and p.user_id = m.user_id
    left join vitalis.users u on u.user_id = m.user_id
   where m.user_id = v_user
     and m.biomarker_id = d.biomarker_id
     and p.deleted_at is null
     and p.collected_at >= coalesce(since, '-infinity'::date)
   order by p.collected_at, m.marker_id;
end $$;
comment on function vitalis.biomarker_trend(text, date, uuid) is E'@behavior +list -connection\n@listSuffix omit\nEvery result of one biomarker (its canonicalName, e.g. "glucose") collected since `since` (default: two years ago), oldest first, in the canonical unit with the reference band and the optimal band for the person''s biological sex. Results of deleted panels are left out. An unknown biomarker is an error. forUser reads another person''s results you have been given access to.';

create function vitalis.latest_biomarkers(for_user uuid default null)
  returns setof vitalis.biomarker_result
  language sql stable parallel safe security invoker as $$
  select l.biomarker_id, l.canonical_name, l.display_name, l.category, l.marker_id, l.panel_id, l.collected_at,
         l.value_canonical, l.value_text, l.unit, l.normal_low, l.normal_high, l.optimal_low, l.optimal_high, l.flag, l.in_range
    from (
      select distinct on (d.biomarker_id)
             d.biomarker_id, d.canonical_name, d.display_name, d.category,
             m.marker_id, m.panel_id, p.collected_at, m.value_canonical::numeric, m.value_text, d.canonical_unit as unit,
             d.normal_low::numeric, d.normal_high::numeric,
             case u.biological_sex when 'female' then d.optimal_low_female when 'male' then d.optimal_low_male else m.optimal_low end::numeric as optimal_low,
             case u.biological_sex when 'female' then d.optimal_high_female when 'male' then d.optimal_high_male else m.optimal_high end::numeric as optimal_high,
             m.flag, m.in_range, d.sort_order
        from vitalis.blood_markers m
        join vitalis.blood_panels p on p.panel_id = m.panel_id and p.user_id = m.user_id
        join vitalis.biomarker_dictionary d on d.biomarker_id = m.biomarker_id
        left join vitalis.users u on u.user_id = m.user_id
       where m.user_id = coalesce(latest_biomarkers.for_user, vitalis.current_user_id())
         and p.deleted_at is null
       order by d.biomarker_id, p.collected_at desc nulls last, m.created_at desc
    ) l
   order by l.category, l.sort_order nulls last, l.canonical_name
$$;
comment on function vitalis.latest_biomarkers(uuid) is E'@behavior +list -connection\n@listSuffix omit\nThe most recent result of every biomarker the person has, by dictionary category and order, in canonical units with reference and optimal bands and the lab flag. forUser reads another person''s results you have been given access to.';

/* ---------------------------------------------------------------------------------------------
 * Values in the user's preferred units
 * ------------------------------------------------------------------------------------------- */
create type vitalis.display_value as (
  value numeric,
  unit text
);
comment on type vitalis.display_value is 'A value converted to the signed-in user''s preferred unit (userPreference), rounded for display. unit is spelled as in the preferences: lbs or kg, in or cm, miles or km, F or C; other metrics keep their stored unit.';
comment on column vitalis.display_value.value is 'The value in unit, rounded for display.';
comment on column vitalis.display_value.unit is 'lbs, kg, in, cm, miles, km, F, C, or the stored unit.';

-- Conversion for display. vitalis.convert_unit is the only source of conversion factors, but one
-- call costs milliseconds (it normalises the spelling of every conversion row): far too slow for a
-- column computed on every row of a page. Every conversion it knows is affine, so two calls (at 0
-- and at 1) give the whole map {offset, slope}; the maps, and the signed-in user's display units,
-- are cached in one transaction-local setting, so each is resolved once per transaction (per
-- request) and a page of rows costs one setting read per value. Transaction-local: nothing
-- survives into a pooled connection's next transaction; a trigger clears the cache when
-- user_preferences change. PARALLEL UNSAFE because it writes a setting.
-- p_kind is distance, weight, height or temperature; the value is rounded to p_digits.
create function vitalis_private.display_value(p_value numeric, p_from text, p_kind text, p_digits integer)
  returns vitalis.display_value
  language plpgsql stable parallel unsafe security invoker as $$
declare
  v_cache jsonb;
  v_prefs_key text;
  v_unit text;
  v_target text;
  v_key text;
  v0 numeric;
  v1 numeric;
begin
  if p_value is null then
    return null;
  end if;
  v_cache := coalesce(nullif(current_setting('vitalis.display_cache', true), '')::jsonb, '{}');
  v_prefs_key := 'units ' || coalesce(vitalis.current_user_id()::text, '');
  if not v_cache ? v_prefs_key then
    v_cache := v_cache || jsonb_build_object(v_prefs_key, (
      select jsonb_build_object('weight', coalesce(p.weight_unit, 'lbs'), 'height', coalesce(p.height_unit, 'in'),
                                'distance', coalesce(p.distance_unit, 'miles'), 'temperature', coalesce(p.temperature_unit, 'F'))
        from (select 1) one left join vitalis.user_preferences p on p.user_id = vitalis.current_user_id()));
    perform set_config('vitalis.display_cache', v_cache::text, true);
  end if;
  v_unit := v_cache -> v_prefs_key ->> p_kind;
  if v_unit is null then
    return null;
  end if;
  v_target := case v_unit when 'miles' then 'mi' when 'F' then 'degF' when 'C' then 'degC' else v_unit end;
  v_key := 'map ' || coalesce(p_from, '') || ' > ' || v_target;
  if not v_cache ? v_key then
    v0 := vitalis.convert_unit(0, p_from, v_target);
    v1 := vitalis.convert_unit(1, p_from, v_target);
    v_cache := v_cache || jsonb_build_object(v_key, case when v0 is null or v1 is null then null else jsonb_build_array(v0, v1 - v0) end);
    perform set_config('vitalis.display_cache', v_cache::text, true);
  end if;
  if jsonb_typeof(v_cache -> v_key) is distinct from 'array' then
    return null;
  end if;
  return row(round((v_cache -> v_key ->> 0)::numeric + p_value * (v_cache -> v_key ->> 1)::numeric, p_digits), v_unit)::vitalis.display_value;
end $$;
comment on function vitalis_private.display_value(numeric, text, text, integer) is 'A value in unit p_from, converted to the signed-in user''s preferred unit for p_kind (distance, weight, height, temperature) and rounded to p_digits; NULL for a NULL value or an unconvertible unit. Backs the *_display computed columns; conversions and preferences are cached per transaction.';

create function vitalis_private.tg_user_preferences__clear_display_cache() returns trigger
  language plpgsql security invoker as $$
begin
  perform set_config('vitalis.display_cache', '', true);
  return null;
end $$;
comment on function vitalis_private.tg_user_preferences__clear_display_cache() is 'Clears the display-unit cache of display_value when user_preferences change, so a changed unit shows at once, within the same transaction too.';
create trigger _800_clear_display_cache after insert or update or delete on vitalis.user_preferences
  for each statement execute function vitalis_private.tg_user_preferences__clear_display_cache();

create function vitalis.wearable_daily_distance_display(d vitalis.wearable_daily) returns vitalis.display_value
  language sql stable parallel unsafe security invoker as $$
  select vitalis_private.display_value(d.distance_m, 'm', 'distance', 2)
$$;
comment on function vitalis.wearable_daily_distance_display(vitalis.wearable_daily) is 'distanceM in the signed-in user''s distance unit (miles or km), 2 decimals; null without a distance.';

create function vitalis.wearable_activities_distance_display(a vitalis.wearable_activities) returns vitalis.display_value
  language sql stable parallel unsafe security invoker as $$
  select vitalis_private.display_value(a.distance_m, 'm', 'distance', 2)
$$;
comment on function vitalis.wearable_activities_distance_display(vitalis.wearable_activities) is 'distanceM in the signed-in user''s distance unit (miles or km), 2 decimals; null without a distance.';

create function vitalis.dexa_scans_weight_display(s vitalis.dexa_scans) returns vitalis.display_value
  language sql stable parallel unsafe security invoker as $$
  select vitalis_private.display_value(s.weight_lbs, 'lb', 'weight', 1)
$$;
comment on function vitalis.dexa_scans_weight_display(vitalis.dexa_scans) is 'weightLbs (scale weight) in the signed-in user''s weight unit (lbs or kg), 1 decimal.';

create function vitalis.dexa_scans_height_display(s vitalis.dexa_scans) returns vitalis.display_value
  language sql stable parallel unsafe security invoker as $$
  select vitalis_private.display_value(s.height_in, 'in', 'height', 1)
$$;
comment on function vitalis.dexa_scans_height_display(vitalis.dexa_scans) is 'heightIn in the signed-in user''s height unit (in or cm), 1 decimal.';

create function vitalis.lifting_sets_weight_display(s vitalis.lifting_sets) returns vitalis.display_value
  language sql stable parallel unsafe security invoker as $$
  select vitalis_private.display_value(s.weight_lbs, 'lb', 'weight', 1)
$$;
comment on function vitalis.lifting_sets_weight_display(vitalis.lifting_sets) is 'weightLbs (the load lifted) in the signed-in user''s weight unit (lbs or kg), 1 decimal.';

create function vitalis.measurements_value_display(m vitalis.measurements) returns vitalis.display_value
  language sql stable parallel unsafe security invoker as $$
  select coalesce(
           vitalis_private.display_value(m.value, m.unit,
             case
               when m.metric in ('weight', 'lean_mass', 'muscle_mass', 'bone_mass') then 'weight'
               when m.metric in ('height', 'waist_circumference', 'hip_circumference', 'neck_circumference', 'chest_circumference') then 'height'
               when m.metric = 'body_temperature' then 'temperature'
             end,
             1),
           -- Other metrics, and units that cannot be converted, are shown as stored.
           row(m.value, m.unit)::vitalis.display_value)
$$;
comment on function vitalis.measurements_value_display(vitalis.measurements) is 'value in the signed-in user''s units: weight, lean/muscle/bone mass in lbs or kg; height and circumferences in in or cm; body temperature in F or C (1 decimal). Other metrics as stored.';

-- Functions are executable by PUBLIC unless revoked: per-schema default privileges cannot take
-- away the global default. Signed-in users, the worker and admins only.
revoke execute on function
  vitalis.source_priority(text), vitalis_private.source_rank(text, vitalis.data_source),
  vitalis.dashboard(integer, uuid), vitalis.biomarker_trend(text, date, uuid), vitalis.latest_biomarkers(uuid),
  vitalis_private.display_value(numeric, text, text, integer), vitalis_private.tg_user_preferences__clear_display_cache(),
  vitalis.wearable_daily_distance_display(vitalis.wearable_daily),
  vitalis.wearable_activities_distance_display(vitalis.wearable_activities),
  vitalis.dexa_scans_weight_display(vitalis.dexa_scans), vitalis.dexa_scans_height_display(vitalis.dexa_scans),
  vitalis.lifting_sets_weight_display(vitalis.lifting_sets), vitalis.measurements_value_display(vitalis.measurements)
  from public;
grant execute on function
  vitalis.source_priority(text), vitalis_private.source_rank(text, vitalis.data_source),
  vitalis.dashboard(integer, uuid), vitalis.biomarker_trend(text, date, uuid), vitalis.latest_biomarkers(uuid),
  vitalis_private.display_value(numeric, text, text, integer), vitalis_private.tg_user_preferences__clear_display_cache(),
  vitalis.wearable_daily_distance_display(vitalis.wearable_daily),
  vitalis.wearable_activities_distance_display(vitalis.wearable_activities),
  vitalis.dexa_scans_weight_display(vitalis.dexa_scans), vitalis.dexa_scans_height_display(vitalis.dexa_scans),
  vitalis.lifting_sets_weight_display(vitalis.lifting_sets), vitalis.measurements_value_display(vitalis.measurements)
  to vitalis_api, vitalis_worker, vitalis_admin;

reset role;
