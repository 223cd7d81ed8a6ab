set local lock_timeout = '5s';
set local role vitalis_owner;

/*
 * Benchmarks for analysts (SCHEMA.md §9, docs/analytics.md): percentiles of key daily metrics and
 * of biomarkers by sex and age band, as materialized views in `analytics`, refreshed daily by the
 * worker (tasks/analytics__refresh_benchmarks.ts), k-anonymous: a group of fewer than k = 10
 * people is not published at all.
 *
 * Who sees what:
 * - The per-user values come from invoker SQL functions in vitalis_private, so RLS decides their
 *   scope. The materialized views are owned by vitalis_analytics (NOLOGIN, BYPASSRLS), and
 *   REFRESH runs their query as the owner: every user's rows go into the aggregates, and only the
 *   aggregates are stored. vitalis.my_benchmark_percentiles (owner vitalis_owner, under forced
 *   RLS, acting for the signed-in user) calls the same functions and sees that user's rows only:
 *   one definition of "a user's value" for both.
 * - Only a materialized view's owner may refresh it, so vitalis_private.refresh_benchmarks() is
 *   SECURITY DEFINER owned by vitalis_analytics, takes no arguments and does nothing but refresh;
 *   only the worker may call it.
 * - vitalis_readonly (analysts) and vitalis_admin read the views; vitalis_api and
 *   vitalis_anonymous have no usage on `analytics` and no grant on them: users get their own
 *   percentile only through vitalis.my_benchmark_percentiles.
 *
 * Who is counted: users not soft-deleted, without a pending or running deletion request (they
 * asked to be erased; they come back on the next refresh if they cancel), aged 18 or over on the
 * day of the refresh. A missing sex or birth date puts the user in the 'unknown' sex or age band,
 * a group like any other (k applies to it too).
 */

-- The views depend on the functions below: dropped first so the functions can change shape when
-- this file runs again. They are recreated empty and filled by the first refresh.
set local role vitalis_analytics;
drop materialized view if exists analytics.benchmark_daily_metrics;
drop materialized view if exists analytics.benchmark_biomarkers;
set local role vitalis_owner;

create or replace function vitalis_private.benchmark_k() returns integer
  language sql immutable parallel safe as $$ select 10 $$;
comment on function vitalis_private.benchmark_k() is 'k of the benchmarks'' k-anonymity: a sex and age band group with fewer distinct people than this is not published.';

create or replace function vitalis_private.benchmark_age_band(p_date_of_birth date, p_on date) returns text
  language sql immutable parallel safe as $$
  select case
    when a.years is null then 'unknown'
    when a.years < 18 then null
    when a.years < 30 then '18-29'
    when a.years >= 70 then '70+'
    else (a.years / 10 * 10)::text || '-' || (a.years / 10 * 10 + 9)::text
  end
    from (select pg_catalog.date_part('year', pg_catalog.age(p_on, p_date_of_birth))::int as years) a
$$;
comment on function vitalis_private.benchmark_age_band(date, date) is 'The benchmark age band of someone born on p_date_of_birth, on p_on: 18-29, 30-39, 40-49, 50-59, 60-69, 70+, unknown without a birth date, null under 18 (minors are not benchmarked).';

-- Invoker functions (no SECURITY DEFINER, no search_path of their own, everything qualified): the
-- caller's RLS decides whose rows they see (see the header).
create or replace function vitalis_private.benchmark_subjects() returns table (user_id uuid, sex text, age_band text)
  language sql stable as $$
  select u.user_id, coalesce(u.biological_sex, 'unknown'), vitalis_private.benchmark_age_band(u.date_of_birth, current_date)
    from vitalis.users u
   where u.deleted_at is null
     and vitalis_private.benchmark_age_band(u.date_of_birth, current_date) is not null
     and not exists (select 1 from vitalis.deletion_requests r where r.user_id = u.user_id and r.status in ('pending', 'processing'))
$$;
comment on function vitalis_private.benchmark_subjects() is 'The people the benchmarks count, with their group: not deleted, no pending deletion request, 18 or over (sex and age band ''unknown'' when not given). Invoker rights: the caller''s RLS decides whose rows it sees.';

create or replace function vitalis_private.benchmark_daily_values(p_days integer default 90)
  returns table (user_id uuid, metric text, unit text, value numeric, days integer)
  language sql stable as $$
  with days as (
    -- One value per person, day and metric: the mean of the sources that reported it that day,
    -- so a person wearing two devices counts once per day. In float8: averaging numeric is
    -- several times slower, and the benchmarks are rounded to two decimals.
    select d.user_id,
           pg_catalog.avg(d.resting_hr_bpm::float8) as resting_hr_bpm, pg_catalog.avg(d.hrv_rmssd_ms::float8) as hrv_rmssd_ms,
           pg_catalog.avg(d.steps::float8) as steps, pg_catalog.avg(d.active_minutes::float8) as active_minutes,
           pg_catalog.avg(d.readiness_score::float8) as readiness_score, pg_catalog.avg(d.recovery_score::float8) as recovery_score,
           pg_catalog.avg(d.vo2_max_ml_kg_min::float8) as vo2_max_ml_kg_min, pg_catalog.avg(d.respiratory_rate_avg::float8) as respiratory_rate_avg,
           pg_catalog.avg(d.spo2_avg_pct::float8) as spo2_avg_pct
      from vitalis.wearable_daily d
     where d.date > current_date - p_days and d.date <= current_date
     group by d.user_id, d.date
  ), daily as (
    -- Then per person: the mean over the days, and how many days it rests on (avg and count skip nulls).
    select x.user_id,
           pg_catalog.avg(x.resting_hr_bpm) as resting_hr_bpm, pg_catalog.count(x.resting_hr_bpm) as resting_hr_bpm_n,
           pg_catalog.avg(x.hrv_rmssd_ms) as hrv_rmssd_ms, pg_catalog.count(x.hrv_rmssd_ms) as hrv_rmssd_ms_n,
           pg_catalog.avg(x.steps) as steps, pg_catalog.count(x.steps) as steps_n,
           pg_catalog.avg(x.active_minutes) as active_minutes, pg_catalog.count(x.active_minutes) as active_minutes_n,
           pg_catalog.avg(x.readiness_score) as readiness_score, pg_catalog.count(x.readiness_score) as readiness_score_n,
           pg_catalog.avg(x.recovery_score) as recovery_score, pg_catalog.count(x.recovery_score) as recovery_score_n,
           pg_catalog.avg(x.vo2_max_ml_kg_min) as vo2_max_ml_kg_min, pg_catalog.count(x.vo2_max_ml_kg_min) as vo2_max_ml_kg_min_n,
           pg_catalog.avg(x.respiratory_rate_avg) as respiratory_rate_avg, pg_catalog.count(x.respiratory_rate_avg) as respiratory_rate_avg_n,
           pg_catalog.avg(x.spo2_avg_pct) as spo2_avg_pct, pg_catalog.count(x.spo2_avg_pct) as spo2_avg_pct_n
      from days x
     group by x.user_id
  ), nights as (
    select s.user_id,
           pg_catalog.avg(s.total_sleep_minutes::float8) as total_sleep_minutes, pg_catalog.avg(s.sleep_score::float8) as sleep_score,
           pg_catalog.avg(s.sleep_efficiency_pct::float8) as sleep_efficiency_pct
      from vitalis.wearable_sleep s
     where s.sleep_date > current_date - p_days and s.sleep_date <= current_date
     group by s.user_id, s.sleep_date
  ), sleep as (
    select x.user_id,
           pg_catalog.avg(x.total_sleep_minutes) as total_sleep_minutes, pg_catalog.count(x.total_sleep_minutes) as total_sleep_minutes_n,
           pg_catalog.avg(x.sleep_score) as sleep_score, pg_catalog.count(x.sleep_score) as sleep_score_n,
           pg_catalog.avg(x.sleep_efficiency_pct) as sleep_efficiency_pct, pg_catalog.count(x.sleep_efficiency_pct) as sleep_efficiency_pct_n
      from nights x
     group by x.user_id
  )
  -- One row per person and metric they have.
  select x.user_id, v.metric, v.unit, v.value::numeric, v.days::int
    from daily x cross join lateral (values
      ('resting_hr_bpm', 'bpm', x.resting_hr_bpm, x.resting_hr_bpm_n), ('hrv_rmssd_ms', 'ms', x.hrv_rmssd_ms, x.hrv_rmssd_ms_n),
      ('steps', 'steps', x.steps, x.steps_n), ('active_minutes', 'min', x.active_minutes, x.active_minutes_n),
      ('readiness_score', 'score', x.readiness_score, x.readiness_score_n), ('recovery_score', 'score', x.recovery_score, x.recovery_score_n),
      ('vo2_max_ml_kg_min', 'ml/kg/min', x.vo2_max_ml_kg_min, x.vo2_max_ml_kg_min_n),
      ('respiratory_rate_avg', 'breaths/min', x.respiratory_rate_avg, x.respiratory_rate_avg_n),
      ('spo2_avg_pct', '%', x.spo2_avg_pct, x.spo2_avg_pct_n)) v(metric, unit, value, days)
   where v.days > 0
  union all
  select x.user_id, v.metric, v.unit, v.value::numeric, v.days::int
    from sleep x cross join lateral (values
      ('total_sleep_minutes', 'min', x.total_sleep_minutes, x.total_sleep_minutes_n), ('sleep_score', 'score', x.sleep_score, x.sleep_score_n),
      ('sleep_efficiency_pct', '%', x.sleep_efficiency_pct, x.sleep_efficiency_pct_n)) v(metric, unit, value, days)
   where v.days > 0
$$;
comment on function vitalis_private.benchmark_daily_values(integer) is 'Each person''s mean of each benchmarked daily metric over the last p_days days (today included), and on how many days it rests; a day with several sources counts once, as their mean. Invoker rights: the caller''s RLS decides whose rows it sees.';

create or replace function vitalis_private.benchmark_min_days() returns integer
  language sql immutable parallel safe as $$ select 7 $$;
comment on function vitalis_private.benchmark_min_days() is 'Days of data (of the 90) a person needs for their mean of a daily metric to count in the benchmarks.';

create or replace function vitalis_private.benchmark_biomarker_values(p_years integer default 2)
  returns table (user_id uuid, biomarker text, unit text, value numeric, collected_on date)
  language sql stable as $$
  select distinct on (m.user_id, m.biomarker_id)
         m.user_id, b.canonical_name, b.canonical_unit, m.value_canonical, (p.collected_at at time zone 'UTC')::date
    from vitalis.blood_markers m
    join vitalis.blood_panels p on p.panel_id = m.panel_id
    join vitalis.biomarker_dictionary b on b.biomarker_id = m.biomarker_id
   where m.value_canonical is not null and not b.is_qualitative
     and p.deleted_at is null and p.collected_at is not null
     and p.collected_at >= current_date - pg_catalog.make_interval(years => p_years)
   order by m.user_id, m.biomarker_id, p.collected_at desc, m.created_at desc
$$;
comment on function vitalis_private.benchmark_biomarker_values(integer) is 'Each person''s latest result of each quantitative biomarker, in its canonical unit, from panels collected in the last p_years years (deleted panels left out). Invoker rights: the caller''s RLS decides whose rows it sees.';

create or replace function vitalis_private.percentile_from_points(p_value numeric, p_points numeric[], p_levels numeric[] default '{5,10,25,50,75,90,95}')
  returns numeric language plpgsql immutable parallel safe set search_path = pg_catalog as $$
declare
  v_n integer := coalesce(array_length(p_points, 1), 0);
  v_tied numeric;
begin
  if p_value is null or v_n = 0 or v_n <> coalesce(array_length(p_levels, 1), 0) then
    return null;
  end if;
  -- Outside the published points: the outermost level (the caller says it is a bound).
  if p_value < p_points[1] then
    return p_levels[1];
  elsif p_value > p_points[v_n] then
    return p_levels[v_n];
  end if;
  -- On one or more points (ties): the middle of their levels.
  select avg(p_levels[i]) into v_tied from generate_subscripts(p_points, 1) i where p_points[i] = p_value;
  if v_tied is not null then
    return round(v_tied, 1);
  end if;
  -- Between two points: linear interpolation.
  for i in 1 .. v_n - 1 loop
    if p_points[i] < p_value and p_value < p_points[i + 1] then
      return round(p_levels[i] + (p_value - p_points[i]) / (p_points[i + 1] - p_points[i]) * (p_levels[i + 1] - p_levels[i]), 1);
    end if;
  end loop;
  return null;
end $$;
comment on function vitalis_private.percentile_from_points(numeric, numeric[], numeric[]) is 'Estimated percentile (0-100, one decimal) of p_value from a group''s published percentile points (values p_points at levels p_levels): linear between neighbouring points, the middle level on ties, the outermost level outside the points.';

grant execute on function vitalis_private.benchmark_k(), vitalis_private.benchmark_age_band(date, date),
  vitalis_private.benchmark_subjects(), vitalis_private.benchmark_daily_values(integer), vitalis_private.benchmark_min_days(),
  vitalis_private.benchmark_biomarker_values(integer) to vitalis_analytics;

/*
 * The row-level pseudonymised views (SCHEMA.md §9, created in the foundation migration) computed
 * the subject as vitalis_private.pseudonym(user_id). PostgreSQL checks EXECUTE on a function a view
 * calls against the user reading the view, not its owner: analysts, who may not call pseudonym()
 * (it would turn any user id they learn into its pseudonym), could count these views' rows but not
 * read their subject. The same keyed hash is now computed inside the view: hmac() is pgcrypto's,
 * open to everyone, and the salt is read from vitalis_private.analytics_salt with the view owner's
 * rights, which analysts never get. The views also leave out the same people as the benchmarks
 * (soft-deleted, deletion pending or running) and deleted lab panels.
 */
grant select on vitalis_private.analytics_salt to vitalis_analytics;
grant select on vitalis.deletion_requests, vitalis.biomarker_dictionary to vitalis_analytics;
set local role vitalis_analytics;

create or replace view analytics.daily_metrics as
  select encode(public.hmac(d.user_id::text, (select k.salt from vitalis_private.analytics_salt k), 'sha256'), 'hex') as subject,
         d.date, d.source, d.resting_hr_bpm, d.max_hr_bpm,
         d.hrv_rmssd_ms, d.steps, d.active_calories_kcal, d.total_calories_kcal, d.active_minutes,
         d.distance_m, d.spo2_avg_pct, d.respiratory_rate_avg, d.readiness_score, d.recovery_score,
         d.vo2_max_ml_kg_min
    from vitalis.wearable_daily d
   where d.user_id in (select u.user_id from vitalis.users u where u.deleted_at is null)
     and d.user_id not in (select r.user_id from vitalis.deletion_requests r where r.status in ('pending', 'processing') and r.user_id is not null);
comment on view analytics.daily_metrics is 'Daily wearable summaries (one row per person, day and source) under a pseudonymous subject key; no PII. People who are deleted or whose deletion is pending are left out.';

create or replace view analytics.sleep_metrics as
  select encode(public.hmac(s.user_id::text, (select k.salt from vitalis_private.analytics_salt k), 'sha256'), 'hex') as subject,
         s.sleep_date, s.source, s.total_sleep_minutes,
         s.rem_minutes, s.deep_minutes, s.light_minutes, s.awake_minutes, s.sleep_efficiency_pct,
         s.sleep_score, s.avg_hr_bpm, s.avg_hrv_ms
    from vitalis.wearable_sleep s
   where s.user_id in (select u.user_id from vitalis.users u where u.deleted_at is null)
     and s.user_id not in (select r.user_id from vitalis.deletion_requests r where r.status in ('pending', 'processing') and r.user_id is not null);
comment on view analytics.sleep_metrics is 'Nightly sleep summaries (one row per person, night and source) under a pseudonymous subject key; no PII. People who are deleted or whose deletion is pending are left out.';

create or replace view analytics.activity_metrics as
  select encode(public.hmac(a.user_id::text, (select k.salt from vitalis_private.analytics_salt k), 'sha256'), 'hex') as subject,
         a.activity_date, a.source, a.activity_type,
         a.duration_seconds, a.distance_m, a.calories_kcal, a.avg_hr_bpm, a.max_hr_bpm
    from vitalis.wearable_activities a
   where a.user_id in (select u.user_id from vitalis.users u where u.deleted_at is null)
     and a.user_id not in (select r.user_id from vitalis.deletion_requests r where r.status in ('pending', 'processing') and r.user_id is not null);
comment on view analytics.activity_metrics is 'Workouts under a pseudonymous subject key, without names, notes, times of day or routes. People who are deleted or whose deletion is pending are left out.';

create or replace view analytics.biomarker_results as
  select encode(public.hmac(m.user_id::text, (select k.salt from vitalis_private.analytics_salt k), 'sha256'), 'hex') as subject,
         m.biomarker_id, p.collected_at::date as collected_on,
         m.value_canonical, m.in_range, m.flag
    from vitalis.blood_markers m join vitalis.blood_panels p using (panel_id)
   where m.biomarker_id is not null and p.deleted_at is null
     and m.user_id in (select u.user_id from vitalis.users u where u.deleted_at is null)
     and m.user_id not in (select r.user_id from vitalis.deletion_requests r where r.status in ('pending', 'processing') and r.user_id is not null);
comment on view analytics.biomarker_results is 'Lab results in canonical units under a pseudonymous subject key; join biomarker_dictionary on biomarker_id for names. Deleted panels, and people who are deleted or whose deletion is pending, are left out.';

create or replace view analytics.subjects as
  select encode(public.hmac(u.user_id::text, (select k.salt from vitalis_private.analytics_salt k), 'sha256'), 'hex') as subject,
         u.biological_sex,
         (extract(year from age(u.date_of_birth))::int / 10) * 10 as age_decade,
         date_trunc('month', u.created_at)::date as joined_month
    from vitalis.users u
   where u.deleted_at is null
     and u.user_id not in (select r.user_id from vitalis.deletion_requests r where r.status in ('pending', 'processing') and r.user_id is not null);
comment on view analytics.subjects is 'One row per person: pseudonym, sex, age decade and month joined only. People who are deleted or whose deletion is pending are left out.';

-- The benchmark views, also owned by vitalis_analytics (BYPASSRLS): REFRESH sees every user (see the header).

create materialized view analytics.benchmark_daily_metrics as
  with cells as (
    select v.metric, v.unit, s.sex, s.age_band, pg_catalog.count(*)::int as n,
           percentile_cont(array[0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95]) within group (order by v.value) as p
      from vitalis_private.benchmark_daily_values(90) v
      join vitalis_private.benchmark_subjects() s on s.user_id = v.user_id
     where v.days >= vitalis_private.benchmark_min_days()
     group by grouping sets ((v.metric, v.unit, s.sex, s.age_band), (v.metric, v.unit))
  ), published as (
    select c.*, coalesce(c.sex, 'all') as group_sex, coalesce(c.age_band, 'all') as group_age_band,
           -- The people in the total that no published cell shows: the total is withheld when
           -- they are 1 to k-1, or subtracting the cells from it would describe a small group.
           c.n - coalesce(pg_catalog.sum(c.n) filter (where c.sex is not null and c.n >= vitalis_private.benchmark_k())
                            over (partition by c.metric), 0) as unpublished
      from cells c
  )
  select p.metric, p.unit, p.group_sex as sex, p.group_age_band as age_band, p.n,
         round(p.p[1]::numeric, 2) as p05, round(p.p[2]::numeric, 2) as p10, round(p.p[3]::numeric, 2) as p25,
         round(p.p[4]::numeric, 2) as p50, round(p.p[5]::numeric, 2) as p75, round(p.p[6]::numeric, 2) as p90,
         round(p.p[7]::numeric, 2) as p95, 90 as window_days, now() as refreshed_at
    from published p
   where p.n >= vitalis_private.benchmark_k()
     and (p.sex is not null or p.unpublished = 0 or p.unpublished >= vitalis_private.benchmark_k())
  with no data;
create unique index benchmark_daily_metrics_key on analytics.benchmark_daily_metrics (metric, sex, age_band);

comment on materialized view analytics.benchmark_daily_metrics is 'Percentiles of each person''s 90-day mean of key daily metrics, per sex and age band, and over everyone (sex and age_band ''all''). k-anonymous: groups of fewer than 10 people are absent. Refreshed daily (docs/analytics.md).';
comment on column analytics.benchmark_daily_metrics.metric is 'The daily metric: resting_hr_bpm, hrv_rmssd_ms, steps, active_minutes, readiness_score, recovery_score, vo2_max_ml_kg_min, respiratory_rate_avg, spo2_avg_pct (wearable_daily) or total_sleep_minutes, sleep_score, sleep_efficiency_pct (wearable_sleep).';
comment on column analytics.benchmark_daily_metrics.unit is 'Unit of the metric and of the percentiles.';
comment on column analytics.benchmark_daily_metrics.sex is 'male, female, other, unknown (not given), or all (the total over every group).';
comment on column analytics.benchmark_daily_metrics.age_band is 'Age on the refresh day: 18-29, 30-39, 40-49, 50-59, 60-69, 70+, unknown (no birth date), or all. Under-18s are not counted.';
comment on column analytics.benchmark_daily_metrics.n is 'Distinct people in the group (at least 10): each has 7 or more days with the metric in the last 90.';
comment on column analytics.benchmark_daily_metrics.p05 is '5th percentile of the people''s 90-day means (continuous, interpolated).';
comment on column analytics.benchmark_daily_metrics.p10 is '10th percentile.';
comment on column analytics.benchmark_daily_metrics.p25 is '25th percentile.';
comment on column analytics.benchmark_daily_metrics.p50 is 'Median.';
comment on column analytics.benchmark_daily_metrics.p75 is '75th percentile.';
comment on column analytics.benchmark_daily_metrics.p90 is '90th percentile.';
comment on column analytics.benchmark_daily_metrics.p95 is '95th percentile.';
comment on column analytics.benchmark_daily_metrics.window_days is 'Days each person''s mean covers, ending on the refresh day.';
comment on column analytics.benchmark_daily_metrics.refreshed_at is 'When the view was last refreshed.';

create materialized view analytics.benchmark_biomarkers as
  with cells as (
    select v.biomarker, v.unit, s.sex, s.age_band, pg_catalog.count(*)::int as n,
           percentile_cont(array[0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95]) within group (order by v.value) as p
      from vitalis_private.benchmark_biomarker_values(2) v
      join vitalis_private.benchmark_subjects() s on s.user_id = v.user_id
     group by grouping sets ((v.biomarker, v.unit, s.sex, s.age_band), (v.biomarker, v.unit))
  ), published as (
    select c.*, coalesce(c.sex, 'all') as group_sex, coalesce(c.age_band, 'all') as group_age_band,
           c.n - coalesce(pg_catalog.sum(c.n) filter (where c.sex is not null and c.n >= vitalis_private.benchmark_k())
                            over (partition by c.biomarker), 0) as unpublished
      from cells c
  )
  select p.biomarker, p.unit, p.group_sex as sex, p.group_age_band as age_band, p.n,
         round(p.p[1]::numeric, 4) as p05, round(p.p[2]::numeric, 4) as p10, round(p.p[3]::numeric, 4) as p25,
         round(p.p[4]::numeric, 4) as p50, round(p.p[5]::numeric, 4) as p75, round(p.p[6]::numeric, 4) as p90,
         round(p.p[7]::numeric, 4) as p95, now() as refreshed_at
    from published p
   where p.n >= vitalis_private.benchmark_k()
     and (p.sex is not null or p.unpublished = 0 or p.unpublished >= vitalis_private.benchmark_k())
  with no data;
create unique index benchmark_biomarkers_key on analytics.benchmark_biomarkers (biomarker, sex, age_band);

comment on materialized view analytics.benchmark_biomarkers is 'Percentiles of each person''s latest result (last two years) of each quantitative biomarker in its canonical unit, per sex and age band, and over everyone (''all''). k-anonymous: groups of fewer than 10 people are absent. Refreshed daily (docs/analytics.md).';
comment on column analytics.benchmark_biomarkers.biomarker is 'The biomarker''s canonical_name (vitalis.biomarker_dictionary).';
comment on column analytics.benchmark_biomarkers.unit is 'The biomarker''s canonical unit, the unit of the percentiles.';
comment on column analytics.benchmark_biomarkers.sex is 'male, female, other, unknown (not given), or all (the total over every group).';
comment on column analytics.benchmark_biomarkers.age_band is 'Age on the refresh day: 18-29, 30-39, 40-49, 50-59, 60-69, 70+, unknown (no birth date), or all. Under-18s are not counted.';
comment on column analytics.benchmark_biomarkers.n is 'Distinct people in the group (at least 10) with a result in the last two years.';
comment on column analytics.benchmark_biomarkers.p05 is '5th percentile of the people''s latest results (continuous, interpolated).';
comment on column analytics.benchmark_biomarkers.p10 is '10th percentile.';
comment on column analytics.benchmark_biomarkers.p25 is '25th percentile.';
comment on column analytics.benchmark_biomarkers.p50 is 'Median.';
comment on column analytics.benchmark_biomarkers.p75 is '75th percentile.';
comment on column analytics.benchmark_biomarkers.p90 is '90th percentile.';
comment on column analytics.benchmark_biomarkers.p95 is '95th percentile.';
comment on column analytics.benchmark_biomarkers.refreshed_at is 'When the view was last refreshed.';

grant select on analytics.benchmark_daily_metrics, analytics.benchmark_biomarkers to vitalis_readonly, vitalis_admin, vitalis_owner;

set local role vitalis_owner;

-- Only a view's owner may refresh it: the refresh function is created by vitalis_analytics, which
-- may create in vitalis_private for this moment only.
grant create on schema vitalis_private to vitalis_analytics;
set local role vitalis_analytics;

create or replace function vitalis_private.refresh_benchmarks() returns table (view_name text, groups integer, refreshed_concurrently boolean)
  language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_view text;
begin
  foreach v_view in array array['benchmark_daily_metrics', 'benchmark_biomarkers'] loop
    view_name := 'analytics.' || v_view;
    -- CONCURRENTLY (analysts keep reading the previous day's rows meanwhile) needs a populated
    -- view: the first refresh after the view was created is a plain one.
    select c.relispopulated into refreshed_concurrently from pg_catalog.pg_class c where c.oid = view_name::regclass;
    execute format('refresh materialized view %s analytics.%I', case when refreshed_concurrently then 'concurrently' else '' end, v_view);
    execute format('select count(*)::int from analytics.%I', v_view) into groups;
    return next;
  end loop;
end $$;
comment on function vitalis_private.refresh_benchmarks() is 'Refreshes the benchmark materialized views (concurrently once they have been filled) and returns how many groups each publishes. Called daily by the worker task analytics__refresh_benchmarks.';
revoke all on function vitalis_private.refresh_benchmarks() from public;
grant execute on function vitalis_private.refresh_benchmarks() to vitalis_worker;

set local role vitalis_owner;
revoke create on schema vitalis_private from vitalis_analytics;

-- A user's own standing, through GraphQL.
drop function if exists vitalis.my_benchmark_percentiles();
drop type if exists vitalis.benchmark_percentile;
create type vitalis.benchmark_percentile as (
  kind text,
  metric text,
  unit text,
  value numeric,
  days_of_data integer,
  collected_on date,
  sex text,
  age_band text,
  group_size integer,
  percentile numeric,
  reason text,
  refreshed_at timestamptz
);
comment on type vitalis.benchmark_percentile is 'Where you stand in your benchmark group (people of your sex and age band) for one metric. Only your own value and the group''s size come back, never anyone else''s value.';
comment on column vitalis.benchmark_percentile.kind is 'daily_metric (your 90-day mean of a wearable metric) or biomarker (your latest lab result).';
comment on column vitalis.benchmark_percentile.metric is 'The daily metric (e.g. resting_hr_bpm, steps, total_sleep_minutes) or the biomarker''s canonical name.';
comment on column vitalis.benchmark_percentile.unit is 'Unit of value.';
comment on column vitalis.benchmark_percentile.value is 'Your value: the mean of the last 90 days (daily metric) or your latest result in the canonical unit (biomarker).';
comment on column vitalis.benchmark_percentile.days_of_data is 'Daily metrics: days of the last 90 your mean rests on (7 are needed to be compared).';
comment on column vitalis.benchmark_percentile.collected_on is 'Biomarkers: when your latest result was collected.';
comment on column vitalis.benchmark_percentile.sex is 'Your group''s sex (unknown when you have not given it).';
comment on column vitalis.benchmark_percentile.age_band is 'Your group''s age band (unknown without a birth date).';
comment on column vitalis.benchmark_percentile.group_size is 'How many people your group has for this metric; null when the group is not published.';
comment on column vitalis.benchmark_percentile.percentile is 'Your estimated percentile in the group (0-100), interpolated from the group''s published percentiles; null when there is nothing to compare with (see reason).';
comment on column vitalis.benchmark_percentile.reason is 'Why percentile is null or only a bound (below the 5th or above the 95th percentile); null otherwise.';
comment on column vitalis.benchmark_percentile.refreshed_at is 'When the group''s percentiles were computed (daily).';

create or replace function vitalis.my_benchmark_percentiles() returns setof vitalis.benchmark_percentile
  language plpgsql stable security definer set search_path = pg_catalog as $$
declare
  v_me uuid := vitalis.current_user_id();
  v_sex text;
  v_band text;
  v_excluded text;
  v_ready boolean;
begin
  if v_me is null then
    raise exception 'authorization: sign in to see your benchmark percentiles' using errcode = '28000';
  end if;
  -- This function's owner is under forced RLS acting for the signed-in user: the functions below
  -- see their rows (and, through household policies, at most a sharer's), filtered to theirs.
  select s.sex, s.age_band into v_sex, v_band from vitalis_private.benchmark_subjects() s where s.user_id = v_me;
  if not found then
    select case
             when exists (select 1 from vitalis.deletion_requests r where r.user_id = v_me and r.status in ('pending', 'processing'))
               then 'your account is being deleted, so you are not part of the benchmarks'
             else 'benchmarks are for people aged 18 and over'
           end,
           coalesce(u.biological_sex, 'unknown')
      into v_excluded, v_sex
      from vitalis.users u where u.user_id = v_me;
  end if;
  v_ready := (select bool_and(c.relispopulated) from pg_catalog.pg_class c
               where c.oid in ('analytics.benchmark_daily_metrics'::regclass, 'analytics.benchmark_biomarkers'::regclass));

  return query
  with mine as (
    select 'daily_metric'::text as kind, v.metric, v.unit, round(v.value, 2) as value, v.days, null::date as collected_on
      from vitalis_private.benchmark_daily_values(90) v where v.user_id = v_me
    union all
    select 'biomarker', b.biomarker, b.unit, b.value, null::integer, b.collected_on
      from vitalis_private.benchmark_biomarker_values(2) b where b.user_id = v_me
  ), groups as (
    select 'daily_metric'::text as kind, g.metric, g.sex, g.age_band, g.n, g.refreshed_at,
           array[g.p05, g.p10, g.p25, g.p50, g.p75, g.p90, g.p95] as points
      from analytics.benchmark_daily_metrics g where v_ready and g.sex = v_sex and g.age_band = v_band
    union all
    select 'biomarker', g.biomarker, g.sex, g.age_band, g.n, g.refreshed_at,
           array[g.p05, g.p10, g.p25, g.p50, g.p75, g.p90, g.p95]
      from analytics.benchmark_biomarkers g where v_ready and g.sex = v_sex and g.age_band = v_band
  )
  select m.kind, m.metric, m.unit, m.value, m.days, m.collected_on, v_sex, v_band, g.n,
         case when v_excluded is null and (m.days is null or m.days >= vitalis_private.benchmark_min_days())
              then vitalis_private.percentile_from_points(m.value, g.points) end,
         case
           when v_excluded is not null then v_excluded
           when not v_ready then 'the benchmarks have not been computed yet; they are refreshed daily'
           when m.days < vitalis_private.benchmark_min_days()
             then format('%s of the last 90 days have this metric; %s are needed to compare', m.days, vitalis_private.benchmark_min_days())
           when g.n is null then format('fewer than %s people of your group (%s, %s) have this %s, so the group is not published',
                                        vitalis_private.benchmark_k(), v_sex, v_band, case m.kind when 'biomarker' then 'result' else 'metric' end)
           when m.value < g.points[1] then 'below the 5th percentile of your group'
           when m.value > g.points[7] then 'above the 95th percentile of your group'
         end,
         g.refreshed_at
    from mine m
    left join groups g on g.kind = m.kind and g.metric = m.metric
   order by m.kind desc, m.metric;
end $$;
comment on function vitalis.my_benchmark_percentiles() is E'@behavior +list -connection\n@listSuffix omit\nWhere you stand among people of your sex and age band, for each daily metric you have data for (your 90-day mean) and each biomarker you have a result for (your latest, last two years): your value, your group, its size and your estimated percentile. Groups of fewer than 10 people are not published, so some metrics have no percentile (reason says why). The group percentiles are refreshed daily.';
revoke all on function vitalis.my_benchmark_percentiles() from public;
-- Anonymous callers reach it to be told to sign in.
grant execute on function vitalis.my_benchmark_percentiles() to vitalis_api, vitalis_anonymous;

reset role;
