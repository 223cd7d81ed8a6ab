--! Previous: sha1:7ed6a655eda2cf8a9921b959c29af7b043776872
--! Hash: sha1:db24abc00c85186f7ac91838cc8d954d08573621
--! Message: The dashboard resolves its seven source orders with one read of the caller's preferences instead of seven statements under RLS; defaults and merge in one place each (default_source_order, source_orders)

--! split: 1-current.sql
set local lock_timeout = '5s';
set local role vitalis_owner;

-- The dashboard resolves its seven source orders with one read of the caller's preferences.
-- It called source_priority() seven times, each a statement of its own on user_preferences under
-- RLS (the household lookup's initplan, the caller's id, the jsonb): about 35-45 us a call,
-- 0.25-0.3 ms of backend CPU per dashboard request on the 200-user bench set (PostgreSQL 15),
-- a fifth of the function's time. Now one statement reads the row and the seven orders are computed
-- from it without touching a table. The defaults and the merge live in one place each, used by
-- source_priority() as well. Same answers.

create or replace function vitalis_private.default_source_order(category text) returns vitalis.data_source[]
  language sql stable parallel safe
as $$
  select (case category
      when 'sleep' then array['oura', 'whoop', 'garmin', 'fitbit', 'withings', 'apple_health']
      when 'steps' then array['garmin', 'fitbit', 'apple_health', 'oura']
      when 'hrv' then array['oura', 'whoop', 'garmin']
      when 'heart_rate' then array['oura', 'whoop', 'garmin', 'fitbit', 'withings', 'apple_health']
      when 'readiness' then array['oura', 'whoop', 'garmin']
      when 'recovery' then array['whoop', 'oura', 'garmin']
      when 'activities' then array['garmin', 'polar', 'coros', 'suunto', 'whoop', 'fitbit', 'apple_health', 'oura', 'strava']
    end)::vitalis.data_source[]
$$;

comment on function vitalis_private.default_source_order(text) is
  'The built-in order of trusted sources for a metric category, best first (NULL for an unknown category). Stable, as the enum cast in it is, so PostgreSQL inlines it into its callers.';

-- A set-returning SQL function of one query: PostgreSQL inlines it into the statement that calls it
-- in FROM, so its sub-selects run in that statement's executor. (As PL/pgSQL each call cost about
-- 16 us in a new transaction, more than the read it saves; a scalar SQL function with sub-selects is
-- not inlined and, before PostgreSQL 18, is planned again in every query that calls it.)
create or replace function vitalis_private.source_orders(preferences jsonb, categories text[])
  returns table (category text, sources vitalis.data_source[])
  language sql stable parallel safe
as $$
  select c.category,
         named.sources operator(pg_catalog.||) array(
           select d.source from pg_catalog.unnest(vitalis_private.default_source_order(c.category)) with ordinality d(source, n)
            where d.source operator(pg_catalog.<>) all (named.sources) order by d.n)
    from pg_catalog.unnest(categories) c(category)
    cross join lateral (
      select coalesce(array(select pg_catalog.jsonb_array_elements_text(preferences operator(pg_catalog.->) c.category)), '{}')::vitalis.data_source[] as sources
    ) named
   where vitalis_private.default_source_order(c.category) is not null
$$;

comment on function vitalis_private.source_orders(jsonb, text[]) is
  'Each known category''s source order given a user_preferences.source_priority value: the sources named there first, then the defaults not named, in their order (default_source_order). Unknown categories give no row. Reads no table: its callers read the preferences once.';

create or replace function vitalis.source_priority(category text) returns vitalis.data_source[]
  language plpgsql stable parallel safe
as $$
declare
  v_order vitalis.data_source[];
begin
  select o.sources into v_order
    from (select vitalis.current_user_id() as user_id) me
    left join vitalis.user_preferences p on p.user_id = me.user_id
    cross join lateral vitalis_private.source_orders(p.source_priority, array[category]) o;
  return v_order;
end $$;

comment on function vitalis.source_priority(text) is
  'The order in which sources are trusted for a metric category, best first: your own order from user_preferences.source_priority, then the defaults you did not name. Categories: sleep (total sleep, sleep score), steps (steps, distance, active calories), hrv, heart_rate (resting heart rate), readiness, recovery, activities (which of two overlapping workouts from different sources is kept). Sources not listed rank after the listed ones. NULL for an unknown category.';

create or replace function vitalis_private.source_priorities(
  out sleep vitalis.data_source[], out steps vitalis.data_source[], out hrv vitalis.data_source[],
  out heart_rate vitalis.data_source[], out readiness vitalis.data_source[], out recovery vitalis.data_source[],
  out activities vitalis.data_source[])
  language plpgsql stable parallel safe
as $$
begin
  select max(o.sources) filter (where o.category = 'sleep'), max(o.sources) filter (where o.category = 'steps'),
         max(o.sources) filter (where o.category = 'hrv'), max(o.sources) filter (where o.category = 'heart_rate'),
         max(o.sources) filter (where o.category = 'readiness'), max(o.sources) filter (where o.category = 'recovery'),
         max(o.sources) filter (where o.category = 'activities')
    into sleep, steps, hrv, heart_rate, readiness, recovery, activities
    from (select vitalis.current_user_id() as user_id) me
    left join vitalis.user_preferences p on p.user_id = me.user_id
    cross join lateral vitalis_private.source_orders(p.source_priority,
      array['sleep', 'steps', 'hrv', 'heart_rate', 'readiness', 'recovery', 'activities']) o;
end $$;

comment on function vitalis_private.source_priorities() is
  'Every category''s source_priority() for the signed-in user from one read of their preferences: what the dashboard resolves once per call.';

revoke all on function vitalis_private.default_source_order(text) from public;
revoke all on function vitalis_private.source_orders(jsonb, text[]) from public;
revoke all on function vitalis_private.source_priorities() from public;
grant execute on function vitalis_private.default_source_order(text), vitalis_private.source_orders(jsonb, text[]),
  vitalis_private.source_priorities() to vitalis_api, vitalis_worker, vitalis_admin;

create or replace function vitalis.dashboard(days integer default 30, for_user uuid default null) returns setof vitalis.dashboard_day
  language plpgsql stable parallel safe
  set plan_cache_mode = force_generic_plan
as $$
declare
  v_user uuid := coalesce(for_user, vitalis.current_user_id());
  v_tz text;
  v_to date;
  v_from date;
  -- Each category's source order, resolved once per call (the signed-in user's own order first):
  -- as plain array values the per-row ranking below costs no function call.
  v_order record := vitalis_private.source_priorities();
  v_steps vitalis.data_source[] := v_order.steps;
  v_heart_rate vitalis.data_source[] := v_order.heart_rate;
  v_hrv vitalis.data_source[] := v_order.hrv;
  v_readiness vitalis.data_source[] := v_order.readiness;
  v_recovery vitalis.data_source[] := v_order.recovery;
  v_sleep vitalis.data_source[] := v_order.sleep;
  v_activities vitalis.data_source[] := v_order.activities;
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

comment on function vitalis.dashboard(integer, uuid) is E'@behavior +list -connection\n@listSuffix omit\nThe last `days` days (1-366, default 30, today included; "today" in the data owner''s time zone from their preferences), oldest first, one row per day even without data. Each metric is taken from the best source that reported it that day, in your order of sources for its category (see sourcePriority: your own order first, then the defaults); the matching *Source field says which. Pass forUser to read the dashboard of someone who shares their profile with you (household sharing); anyone else''s is refused (FORBIDDEN, field forUser).';

reset role;
