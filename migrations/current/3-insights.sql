set local lock_timeout = '5s';
set local role vitalis_owner;

-- Correlation insights (issue 14, docs/insights.md): the nightly and debounced refresh
-- (src/insights/refresh.ts) reads a user's daily series through insights_daily_values below,
-- analyses them in TypeScript (src/insights/analyse) and stores each finding here, keyed so that a
-- refresh replaces what an earlier one found instead of adding to it. Everything in these columns
-- is computed by the server: clients only read them and dismiss (vitalis.dismiss_insight).

alter table vitalis.insights add column if not exists insight_key text;
alter table vitalis.insights add column if not exists lag_days smallint;
alter table vitalis.insights add column if not exists spearman_rho numeric(4,3);
alter table vitalis.insights add column if not exists p_adjusted numeric(8,6);
alter table vitalis.insights add column if not exists ci_low numeric;
alter table vitalis.insights add column if not exists ci_high numeric;
alter table vitalis.insights add column if not exists effect_size numeric;
alter table vitalis.insights add column if not exists tests_run integer;
alter table vitalis.insights add column if not exists method text;
alter table vitalis.insights add column if not exists details jsonb;

alter table vitalis.insights drop constraint if exists insights_lag_days_check;
alter table vitalis.insights add constraint insights_lag_days_check check (lag_days between 0 and 30);
alter table vitalis.insights drop constraint if exists insights_spearman_rho_check;
alter table vitalis.insights add constraint insights_spearman_rho_check check (spearman_rho between -1 and 1);
alter table vitalis.insights drop constraint if exists insights_p_adjusted_check;
alter table vitalis.insights add constraint insights_p_adjusted_check check (p_adjusted between 0 and 1);
alter table vitalis.insights drop constraint if exists insights_tests_run_check;
alter table vitalis.insights add constraint insights_tests_run_check check (tests_run >= 0);

-- One row per finding and user: the refresh upserts on it.
create unique index if not exists insights_user_id_insight_key_idx on vitalis.insights (user_id, insight_key);

comment on column vitalis.insights.insight_key is 'Stable key of the finding (corr:<metricA>|<metricB>, before_after:<intervention>|<metric>): a refresh updates the insight with the same key instead of adding another, so a dismissed finding stays dismissed.';
comment on column vitalis.insights.lag_days is 'For a correlation: days metricB follows metricA (0 = same day, up to 3); the lag with the strongest association.';
comment on column vitalis.insights.spearman_rho is 'Spearman rank correlation (robust to outliers), when the insight is a correlation; its p-value is pValue.';
comment on column vitalis.insights.p_adjusted is 'pValue adjusted by Benjamini-Hochberg across every test of the same refresh (testsRun); the insight is kept when it is at or below the false discovery rate (INSIGHTS_FDR, 5 % by default).';
comment on column vitalis.insights.ci_low is 'Lower end of the 95 % confidence interval: of Spearman''s rho for a correlation, of the after-minus-before difference (in the metric''s unit) for a before/after comparison.';
comment on column vitalis.insights.ci_high is 'Upper end of the 95 % confidence interval (see ciLow).';
comment on column vitalis.insights.effect_size is 'Effect size: Spearman''s rho for a correlation, Hedges'' g (the difference in standard deviations) for a before/after comparison.';
comment on column vitalis.insights.tests_run is 'How many hypotheses the refresh that found this tested (the Benjamini-Hochberg family size): the context a p-value needs.';
comment on column vitalis.insights.method is 'The statistical test used, in words, e.g. "Spearman rank correlation, n corrected for autocorrelation".';
comment on column vitalis.insights.details is 'The rest of the analysis: effective n, means before and after, the intervention, labels and units.';
comment on column vitalis.insights.metric_a is 'The primary metric''s series key, e.g. sleep.total_sleep_minutes, supplement:<id>, custom:<id>.';
comment on column vitalis.insights.metric_b is 'For a correlation, the metric that follows metricA by lagDays; for a before/after comparison, the intervention (supplement_start:<id>, supplement_stop:<id>, goal_set:<id>).';
comment on column vitalis.insights.p_value is 'Two-sided p-value of the test, before the correction for the number of tests (pAdjusted is the corrected one).';
comment on column vitalis.insights.insight_type is 'correlation (two daily series move together) or trend (a metric changed around an intervention: a supplement started or stopped, a goal set); other kinds are reserved.';
comment on column vitalis.insights.valid_from is 'The day (in your time zone) the refresh that found it ran.';

-- Server-owned: still no column a client may write (dismiss_insight is the only way in).
select vitalis_private.set_client_columns('vitalis.insights', '{}', '{}');

/*
 * One value per day and metric for the signed-in user, from every source the insights read, with
 * the same source resolution as vitalis.dashboard (user_preferences.source_priority, then the
 * defaults). Runs as the caller (no SECURITY DEFINER): RLS decides what it sees. Days are the
 * user's local days: the wearable tables store local dates already; timestamps (supplement logs,
 * custom metric entries, goals) are converted with user_preferences.timezone.
 */
create or replace function vitalis_private.insights_daily_values(p_from date, p_to date)
  returns table (metric text, day date, value double precision)
  language plpgsql stable parallel safe set search_path = pg_catalog as $$
declare
  v_user uuid := vitalis.current_user_id();
  v_tz text;
  v_kg boolean;
  v_sleep vitalis.data_source[] := vitalis.source_priority('sleep');
  v_steps vitalis.data_source[] := vitalis.source_priority('steps');
  v_hrv vitalis.data_source[] := vitalis.source_priority('hrv');
  v_hr vitalis.data_source[] := vitalis.source_priority('heart_rate');
  v_readiness vitalis.data_source[] := vitalis.source_priority('readiness');
  v_recovery vitalis.data_source[] := vitalis.source_priority('recovery');
  v_activities vitalis.data_source[] := vitalis.source_priority('activities');
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
end $$;
comment on function vitalis_private.insights_daily_values(date, date) is 'The signed-in user''s daily series for insights and personal baselines: one value per metric and local day between from and to, sources resolved by source_priority. Metrics: sleep.*, daily.*, training.load (TSS, else Edwards TRIMP), lifting.volume (non-warm-up weight x reps, in the user''s weight unit), mood.*, nutrition.*, custom:<id> (daily mean), supplement:<id> (1 taken, 0 not, on tracked days). Runs under the caller''s RLS.';
revoke all on function vitalis_private.insights_daily_values(date, date) from public;
grant execute on function vitalis_private.insights_daily_values(date, date) to vitalis_api, vitalis_worker;

-- Personal baselines: the third range layer beside the lab's reference and the optimal range.
drop type if exists vitalis.personal_range cascade;
create type vitalis.personal_range as (
  mean numeric,
  sd numeric,
  low numeric,
  high numeric,
  n integer,
  unit text
);
comment on type vitalis.personal_range is 'Your own usual range of a value: the mean of your earlier results plus and minus two standard deviations, and how many results it rests on.';
comment on column vitalis.personal_range.mean is 'Mean of your earlier results.';
comment on column vitalis.personal_range.sd is 'Their sample standard deviation.';
comment on column vitalis.personal_range.low is 'mean - 2 sd: below this is unusual for you.';
comment on column vitalis.personal_range.high is 'mean + 2 sd: above this is unusual for you.';
comment on column vitalis.personal_range.n is 'How many earlier results the range rests on (at least 3).';
comment on column vitalis.personal_range.unit is 'The unit of mean, sd, low and high: the unit this result was reported in.';

create or replace function vitalis.blood_markers_personal_range(m vitalis.blood_markers) returns vitalis.personal_range
  language sql stable parallel safe set search_path = pg_catalog as $$
  with this_panel as (
    select coalesce(p.collected_at, p.created_at) as at from vitalis.blood_panels p where p.panel_id = m.panel_id
  ), earlier as (
    select o.value_canonical::numeric as v
      from vitalis.blood_markers o join vitalis.blood_panels p on p.panel_id = o.panel_id, this_panel t
     where o.user_id = m.user_id and o.biomarker_id = m.biomarker_id and o.marker_id <> m.marker_id
       and o.value_canonical is not null and p.deleted_at is null and coalesce(p.collected_at, p.created_at) < t.at
  ), stats as (
    select avg(v) as mean, stddev_samp(v) as sd, count(*)::integer as n from earlier
  ), dict as (
    select d.canonical_unit from vitalis.biomarker_dictionary d where d.biomarker_id = m.biomarker_id
  ), shown as (
    -- Shown in this result's own unit, beside the lab's range; the conversions are linear.
    select s.n, coalesce(m.unit, d.canonical_unit) as unit,
           vitalis.convert_unit(s.mean, d.canonical_unit, coalesce(m.unit, d.canonical_unit), m.biomarker_id) as mean,
           vitalis.convert_unit(s.mean + s.sd, d.canonical_unit, coalesce(m.unit, d.canonical_unit), m.biomarker_id)
             - vitalis.convert_unit(s.mean, d.canonical_unit, coalesce(m.unit, d.canonical_unit), m.biomarker_id) as sd
      from stats s, dict d
     where s.n >= 3 and m.biomarker_id is not null
  )
  select case when sh.mean is null then null
              else row(round(sh.mean, 4), round(sh.sd, 4), round(sh.mean - 2 * sh.sd, 4), round(sh.mean + 2 * sh.sd, 4), sh.n, sh.unit)::vitalis.personal_range end
    from shown sh
$$;
comment on function vitalis.blood_markers_personal_range(vitalis.blood_markers) is 'Your personal range for this biomarker, from your results before this one (mean plus and minus two standard deviations, in this result''s unit): a third layer beside the lab''s reference range and the optimal range. Null with fewer than three earlier results.';
revoke all on function vitalis.blood_markers_personal_range(vitalis.blood_markers) from public;
grant execute on function vitalis.blood_markers_personal_range(vitalis.blood_markers) to vitalis_api, vitalis_worker;

drop type if exists vitalis.personal_baseline cascade;
create type vitalis.personal_baseline as (
  metric text,
  mean double precision,
  sd double precision,
  n integer,
  p10 double precision,
  p90 double precision
);
comment on type vitalis.personal_baseline is 'Your own baseline of one daily metric over recent days.';
comment on column vitalis.personal_baseline.metric is 'The metric''s series key (sleep.total_sleep_minutes, daily.hrv_rmssd_ms, mood.mood_score, custom:<id>, ...).';
comment on column vitalis.personal_baseline.mean is 'Mean of your daily values.';
comment on column vitalis.personal_baseline.sd is 'Sample standard deviation of your daily values (null with one day).';
comment on column vitalis.personal_baseline.n is 'Days with a value.';
comment on column vitalis.personal_baseline.p10 is '10th percentile of your daily values.';
comment on column vitalis.personal_baseline.p90 is '90th percentile of your daily values.';

create or replace function vitalis.personal_baselines(window_days integer default 90) returns setof vitalis.personal_baseline
  language plpgsql stable parallel safe set search_path = pg_catalog as $$
declare
  v_tz text;
  v_today date;
begin
  if window_days is null or window_days < 7 or window_days > 730 then
    raise exception 'windowDays: must be between 7 and 730, got %', coalesce(window_days::text, 'null') using errcode = '22023', column = 'window_days';
  end if;
  if vitalis.current_user_id() is null then
    return;
  end if;
  select p.timezone into v_tz from vitalis.user_preferences p where p.user_id = vitalis.current_user_id();
  v_today := (pg_catalog.now() at time zone coalesce(v_tz, 'UTC'))::date;
  return query
  select v.metric, avg(v.value), stddev_samp(v.value), count(*)::integer,
         percentile_cont(0.1) within group (order by v.value), percentile_cont(0.9) within group (order by v.value)
    from vitalis_private.insights_daily_values(v_today - (window_days - 1), v_today) v
   where v.metric not like 'supplement:%'
   group by v.metric
   order by v.metric;
end $$;
comment on function vitalis.personal_baselines(integer) is 'Your baseline of each daily metric over the last windowDays days (default 90, 7 to 730) in your time zone: mean, standard deviation, days with data, 10th and 90th percentiles. The personal layer beside reference and optimal ranges.';
revoke all on function vitalis.personal_baselines(integer) from public;
grant execute on function vitalis.personal_baselines(integer) to vitalis_api, vitalis_worker;

/*
 * "Soon after new data, debounced": statement-level triggers on every table the insights read
 * queue one insights__refresh job per user (job_key insights:<userId>) to run
 * INSIGHTS_DEBOUNCE_SECONDS later, in preserve_run_at mode, so a stream of syncs does not push it
 * back for ever. The debounce lives in one private row that the worker writes at start from its
 * configuration (src/insights/settings.ts); until a worker has started, the default 600 s.
 */
create table if not exists vitalis_private.insights_settings (
  singleton boolean primary key default true check (singleton),
  debounce_seconds integer not null default 600 check (debounce_seconds between 0 and 86400),
  updated_at timestamptz not null default now()
);
comment on table vitalis_private.insights_settings is 'One row: the insights settings SQL needs (the debounce of the refresh queued by new data), written by the worker at start from INSIGHTS_DEBOUNCE_SECONDS.';
comment on column vitalis_private.insights_settings.singleton is 'Always true: the table holds one row.';
comment on column vitalis_private.insights_settings.debounce_seconds is 'Seconds between new data and the insights refresh it queues (INSIGHTS_DEBOUNCE_SECONDS).';
comment on column vitalis_private.insights_settings.updated_at is 'When a worker last wrote it.';
insert into vitalis_private.insights_settings (singleton) values (true) on conflict do nothing;
revoke all on vitalis_private.insights_settings from public;

create or replace function vitalis_private.set_insights_debounce(p_seconds integer) returns void
  language plpgsql volatile security definer set search_path = pg_catalog as $$
begin
  if p_seconds is null or p_seconds < 0 or p_seconds > 86400 then
    raise exception 'seconds: must be between 0 and 86400' using errcode = '22023', column = 'debounce_seconds';
  end if;
  insert into vitalis_private.insights_settings (singleton, debounce_seconds, updated_at) values (true, p_seconds, pg_catalog.now())
  on conflict (singleton) do update set debounce_seconds = excluded.debounce_seconds, updated_at = excluded.updated_at
  where vitalis_private.insights_settings.debounce_seconds is distinct from excluded.debounce_seconds;
end $$;
comment on function vitalis_private.set_insights_debounce(integer) is 'Records INSIGHTS_DEBOUNCE_SECONDS for the triggers that queue a refresh after new data; called by the worker at start (SECURITY DEFINER: the worker role may not write private tables).';
revoke all on function vitalis_private.set_insights_debounce(integer) from public;
grant execute on function vitalis_private.set_insights_debounce(integer) to vitalis_worker;

create or replace function vitalis_private.queue_insights_refresh(p_user_ids uuid[], p_delay_seconds integer, p_priority integer default 5) returns integer
  language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_user uuid;
  v_queued integer := 0;
begin
  foreach v_user in array coalesce(p_user_ids, '{}') loop
    continue when v_user is null;
    perform vitalis_private.worker_add_job_preserve_run_at('insights__refresh', pg_catalog.json_build_object('userId', v_user),
      'insights:' || v_user::text, 3, p_priority, pg_catalog.now() + pg_catalog.make_interval(secs => greatest(p_delay_seconds, 0)));
    v_queued := v_queued + 1;
  end loop;
  return v_queued;
end $$;
comment on function vitalis_private.queue_insights_refresh(uuid[], integer, integer) is 'Queues an insights__refresh job per user (job_key insights:<userId>) to run after p_delay_seconds; an existing waiting job keeps its earlier run_at (preserve_run_at), so a stream of new data cannot postpone it for ever.';
revoke all on function vitalis_private.queue_insights_refresh(uuid[], integer, integer) from public;

create or replace function vitalis_private.tg__insights_refresh_soon() returns trigger
  language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_queued text := coalesce(pg_catalog.current_setting('vitalis.insights_soon_queued', true), '');
  v_users uuid[];
begin
  -- Once per user and transaction: an import writes in many statements, the first one queues.
  select array_agg(distinct n.user_id) into v_users
    from new_rows n
   where pg_catalog.strpos(v_queued, n.user_id::text) = 0;
  if v_users is null then
    return null;
  end if;
  perform vitalis_private.queue_insights_refresh(v_users,
    coalesce((select s.debounce_seconds from vitalis_private.insights_settings s), 600));
  perform pg_catalog.set_config('vitalis.insights_soon_queued', v_queued || pg_catalog.array_to_string(v_users, ','), true);
  return null;
end $$;
comment on function vitalis_private.tg__insights_refresh_soon() is 'After new or changed rows in a table the insights read, queues one debounced insights refresh per user the statement touched (SECURITY DEFINER: only the owner may add jobs), once per user and transaction.';
revoke all on function vitalis_private.tg__insights_refresh_soon() from public;

do $$
declare
  v_table text;
begin
  foreach v_table in array array['wearable_daily', 'wearable_sleep', 'wearable_activities', 'lifting_sessions', 'lifting_sets', 'mood_journal',
                                 'nutrition_logs', 'custom_metric_entries', 'supplements', 'supplement_logs', 'goals'] loop
    execute format('drop trigger if exists _810_insights_refresh_soon on vitalis.%I', v_table);
    execute format('create trigger _810_insights_refresh_soon after insert on vitalis.%I referencing new table as new_rows for each statement execute function vitalis_private.tg__insights_refresh_soon()', v_table);
    execute format('drop trigger if exists _811_insights_refresh_soon on vitalis.%I', v_table);
    execute format('create trigger _811_insights_refresh_soon after update on vitalis.%I referencing new table as new_rows for each statement execute function vitalis_private.tg__insights_refresh_soon()', v_table);
  end loop;
end $$;

/*
 * The nightly refresh (tasks/insights__refresh_nightly.ts) queues one job per active user, in
 * batches by user id. Active: not deleted, and signed in within 90 days or with an active provider
 * connection. Reading users across accounts needs the owner's gated
 * policies below, open only inside this function.
 */
drop policy if exists insights_nightly on vitalis.users;
create policy insights_nightly on vitalis.users for select to vitalis_owner
  using (pg_catalog.current_setting('vitalis.insights_nightly', true) = 'on');
comment on policy insights_nightly on vitalis.users is 'Lets vitalis_private.queue_insights_nightly (SECURITY DEFINER) list active users while it runs.';
drop policy if exists insights_nightly on vitalis.connected_devices;
create policy insights_nightly on vitalis.connected_devices for select to vitalis_owner
  using (pg_catalog.current_setting('vitalis.insights_nightly', true) = 'on');
comment on policy insights_nightly on vitalis.connected_devices is 'Lets vitalis_private.queue_insights_nightly (SECURITY DEFINER) see which users sync a device while it runs.';

create or replace function vitalis_private.queue_insights_nightly(p_after uuid, p_limit integer)
  returns table (queued integer, last_user_id uuid)
  language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_users uuid[];
begin
  if p_limit is null or p_limit < 1 or p_limit > 10000 then
    raise exception 'limit: must be between 1 and 10000' using errcode = '22023', column = 'limit';
  end if;
  perform pg_catalog.set_config('vitalis.insights_nightly', 'on', true);
  select array_agg(u.user_id order by u.user_id) into v_users
    from (select u.user_id from vitalis.users u
           where u.deleted_at is null and (p_after is null or u.user_id > p_after)
             and (u.last_login_at >= pg_catalog.now() - interval '90 days'
                  or exists (select 1 from vitalis.connected_devices d where d.user_id = u.user_id and d.is_active))
           order by u.user_id
           limit p_limit) u;
  perform pg_catalog.set_config('vitalis.insights_nightly', '', true);
  queued := vitalis_private.queue_insights_refresh(coalesce(v_users, '{}'), 0, 8);
  last_user_id := v_users[pg_catalog.array_length(v_users, 1)];
  return next;
end $$;
comment on function vitalis_private.queue_insights_nightly(uuid, integer) is 'Queues the insights refresh of up to p_limit active users with ids after p_after (priority 8: user-facing work first); returns how many and the last id, the cursor of the next batch.';
revoke all on function vitalis_private.queue_insights_nightly(uuid, integer) from public;
grant execute on function vitalis_private.queue_insights_nightly(uuid, integer) to vitalis_worker;

reset role;
