--! Previous: sha1:2a1f179232e007f396431d2a54f30848e58ca9fb
--! Hash: sha1:1d5443c62fefb0793f40e72a68e393f9e336c492
--! Message: The insights' daily series read the caller's seven source orders with one statement (source_priorities), as the dashboard does; the unused source_rank() dropped

--! split: 1-current.sql
set local lock_timeout = '5s';
set local role vitalis_owner;

-- The insights' series read the caller's seven source orders from one statement, as the dashboard
-- does since migration 37: insights_daily_values() called source_priority() seven times, seven
-- statements on user_preferences under RLS, once per user in every insights refresh. Same answers.

create or replace function vitalis_private.insights_daily_values(p_from date, p_to date)
 RETURNS TABLE(metric text, day date, value double precision)
 LANGUAGE plpgsql
 STABLE PARALLEL SAFE
 SET search_path TO 'pg_catalog'
AS $function$
declare
  v_user uuid := vitalis.current_user_id();
  v_tz text;
  v_kg boolean;
  -- One read of the caller's preferences for every category (migration 37's source_priorities).
  v_order record := vitalis_private.source_priorities();
  v_sleep vitalis.data_source[] := v_order.sleep;
  v_steps vitalis.data_source[] := v_order.steps;
  v_hrv vitalis.data_source[] := v_order.hrv;
  v_hr vitalis.data_source[] := v_order.heart_rate;
  v_readiness vitalis.data_source[] := v_order.readiness;
  v_recovery vitalis.data_source[] := v_order.recovery;
  v_activities vitalis.data_source[] := v_order.activities;
begin
  if v_user is null then
    return;
  end if;
  if p_from is null or p_to is null or p_to < p_from or p_to - p_from > 3660 then
    raise exception 'from: the range must be at most ten years, from before to' using errcode = '22023', column = 'from';
  end if;
  select p.timezone, p.weight_unit = 'kg' into v_tz, v_kg from vitalis.user_preferences p where p.user_id = v_user;
  v_tz := coalesce(v_tz, 'UTC');
  return query
  with sleep as (
    select s.sleep_date as day,
      (array_agg(s.total_sleep_minutes order by coalesce(pg_catalog.array_position(v_sleep, s.source), 1000), s.source) filter (where s.total_sleep_minutes is not null))[1] as total_sleep_minutes,
      (array_agg(s.sleep_score order by coalesce(pg_catalog.array_position(v_sleep, s.source), 1000), s.source) filter (where s.sleep_score is not null))[1] as sleep_score,
      (array_agg(s.deep_minutes order by coalesce(pg_catalog.array_position(v_sleep, s.source), 1000), s.source) filter (where s.deep_minutes is not null))[1] as deep_minutes
    from vitalis.wearable_sleep s
    where s.user_id = v_user and s.sleep_date between p_from and p_to
    group by s.sleep_date
  ), daily as (
    select d.date as day,
      (array_agg(d.hrv_rmssd_ms order by coalesce(pg_catalog.array_position(v_hrv, d.source), 1000), d.source) filter (where d.hrv_rmssd_ms is not null))[1] as hrv,
      (array_agg(d.resting_hr_bpm order by coalesce(pg_catalog.array_position(v_hr, d.source), 1000), d.source) filter (where d.resting_hr_bpm is not null))[1] as resting_hr,
      (array_agg(d.readiness_score order by coalesce(pg_catalog.array_position(v_readiness, d.source), 1000), d.source) filter (where d.readiness_score is not null))[1] as readiness,
      (array_agg(d.recovery_score order by coalesce(pg_catalog.array_position(v_recovery, d.source), 1000), d.source) filter (where d.recovery_score is not null))[1] as recovery,
      (array_agg(d.steps order by coalesce(pg_catalog.array_position(v_steps, d.source), 1000), d.source) filter (where d.steps is not null))[1] as steps
    from vitalis.wearable_daily d
    where d.user_id = v_user and d.date between p_from and p_to
    group by d.date
  ), acts as materialized (
    select a.activity_date, a.source, a.start_time,
           coalesce(a.end_time, a.start_time + pg_catalog.make_interval(secs => coalesce(a.duration_seconds, 0))) as end_time,
           coalesce(pg_catalog.array_position(v_activities, a.source), 1000) as rank,
           -- Training load: the source's TSS; without one, Edwards' TRIMP (minutes in HR zone k times k).
           coalesce(a.training_stress_score::double precision,
                    nullif(coalesce(a.hr_zone_1_seconds, 0) * 1 + coalesce(a.hr_zone_2_seconds, 0) * 2 + coalesce(a.hr_zone_3_seconds, 0) * 3
                         + coalesce(a.hr_zone_4_seconds, 0) * 4 + coalesce(a.hr_zone_5_seconds, 0) * 5, 0) / 60.0) as load
    from vitalis.wearable_activities a
    where a.user_id = v_user and a.activity_date between p_from and p_to
  ), training as (
    -- The same workout synced from two sources overlaps in time: count the better source's only.
    select a.activity_date as day, sum(a.load) as load
    from acts a
    where a.load is not null and not exists (
      select 1 from acts b
      where b.activity_date = a.activity_date and b.source <> a.source and (b.rank, b.source) < (a.rank, a.source)
        and b.start_time < a.end_time and a.start_time < b.end_time)
    group by a.activity_date
  ), lifting as (
    select ss.session_date as day,
           sum(ls.weight_lbs * ls.reps)::double precision * (case when v_kg then 0.45359237 else 1 end) as volume
    from vitalis.lifting_sets ls join vitalis.lifting_sessions ss on ss.session_id = ls.session_id
    where ls.user_id = v_user and ss.user_id = v_user and ss.deleted_at is null and ss.session_date between p_from and p_to
      and not coalesce(ls.is_warmup, false) and ls.weight_lbs is not null and ls.reps is not null
    group by ss.session_date
  ), mood as (
    select j.journal_date as day, j.mood_score, j.energy_score, j.stress_score
    from vitalis.mood_journal j
    where j.user_id = v_user and j.deleted_at is null and j.journal_date between p_from and p_to
  ), nutrition as (
    select n.log_date as day, sum(n.calories_kcal)::double precision as calories, sum(n.protein_g)::double precision as protein
    from vitalis.nutrition_logs n
    where n.user_id = v_user and n.deleted_at is null and n.log_date between p_from and p_to
      and coalesce(n.meal_type, '') <> 'fast'
    group by n.log_date
  ), custom as (
    select 'custom:' || e.metric_id::text as metric, (e.measured_at at time zone v_tz)::date as day, avg(e.value_numeric)::double precision as value
    from vitalis.custom_metric_entries e join vitalis.custom_metrics m on m.metric_id = e.metric_id
    where e.user_id = v_user and e.value_numeric is not null and coalesce(m.data_type, 'numeric') in ('numeric', 'scale_1_5')
      and e.measured_at >= (p_from::timestamp at time zone v_tz) and e.measured_at < ((p_to + 1)::timestamp at time zone v_tz)
    group by e.metric_id, (e.measured_at at time zone v_tz)::date
  ), supplement_logged as (
    select l.supplement_id, (l.taken_at at time zone v_tz)::date as day
    from vitalis.supplement_logs l
    where l.user_id = v_user
    group by l.supplement_id, (l.taken_at at time zone v_tz)::date
  ), supplement_span as (
    select s.supplement_id,
           greatest(p_from, coalesce(s.started_at, (select min(g.day) from supplement_logged g where g.supplement_id = s.supplement_id))) as first_day,
           least(p_to, coalesce(s.ended_at, p_to)) as last_day,
           exists (select 1 from supplement_logged g where g.supplement_id = s.supplement_id) as logged
    from vitalis.supplements s
    where s.user_id = v_user and s.deleted_at is null
  ), supplement_days as (
    -- Tracked days of a supplement: from its start (or first log) to its end (or the last day),
    -- within the range. With logs, taken = a log that day; without any, taken = every tracked day.
    select sp.supplement_id, d.day::date as day,
           case when not sp.logged or g.day is not null then 1 else 0 end::double precision as taken
    from supplement_span sp
    cross join lateral pg_catalog.generate_series(sp.first_day::timestamp, sp.last_day::timestamp, interval '1 day') as d(day)
    left join supplement_logged g on g.supplement_id = sp.supplement_id and g.day = d.day::date
    where sp.first_day is not null
  )
  select 'sleep.total_sleep_minutes', sleep.day, sleep.total_sleep_minutes::double precision from sleep where sleep.total_sleep_minutes is not null
  union all select 'sleep.sleep_score', sleep.day, sleep.sleep_score::double precision from sleep where sleep.sleep_score is not null
  union all select 'sleep.deep_minutes', sleep.day, sleep.deep_minutes::double precision from sleep where sleep.deep_minutes is not null
  union all select 'daily.hrv_rmssd_ms', daily.day, daily.hrv::double precision from daily where daily.hrv is not null
  union all select 'daily.resting_hr_bpm', daily.day, daily.resting_hr::double precision from daily where daily.resting_hr is not null
  union all select 'daily.readiness_score', daily.day, daily.readiness::double precision from daily where daily.readiness is not null
  union all select 'daily.recovery_score', daily.day, daily.recovery::double precision from daily where daily.recovery is not null
  union all select 'daily.steps', daily.day, daily.steps::double precision from daily where daily.steps is not null
  union all select 'training.load', training.day, training.load from training
  union all select 'lifting.volume', lifting.day, lifting.volume from lifting
  union all select 'mood.mood_score', mood.day, mood.mood_score::double precision from mood where mood.mood_score is not null
  union all select 'mood.energy_score', mood.day, mood.energy_score::double precision from mood where mood.energy_score is not null
  union all select 'mood.stress_score', mood.day, mood.stress_score::double precision from mood where mood.stress_score is not null
  union all select 'nutrition.calories_kcal', nutrition.day, nutrition.calories from nutrition where nutrition.calories is not null
  union all select 'nutrition.protein_g', nutrition.day, nutrition.protein from nutrition where nutrition.protein is not null
  union all select custom.metric, custom.day, custom.value from custom
  union all select 'supplement:' || supplement_days.supplement_id::text, supplement_days.day, supplement_days.taken from supplement_days;
end $function$;


comment on function vitalis_private.insights_daily_values(date, date) is
  'The signed-in user''s daily series for insights and personal baselines: one value per metric and local day between from and to, sources resolved by source_priority (read once per call). Metrics: sleep.*, daily.*, training.load (TSS, else Edwards TRIMP), lifting.volume (non-warm-up weight x reps, in the user''s weight unit), mood.*, nutrition.*, custom:<id> (daily mean), supplement:<id> (1 taken, 0 not, on tracked days). Runs under the caller''s RLS.';

-- Unused since the dashboard and the series resolve whole orders (array_position over
-- source_priorities()); a rank per row re-read the preferences for every row it ranked.
drop function if exists vitalis_private.source_rank(text, vitalis.data_source);

reset role;
