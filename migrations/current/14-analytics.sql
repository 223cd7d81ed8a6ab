/*
 * Analyst access. vitalis_readonly reads only this schema and the dictionaries, never a PII
 * table. Users appear under a stable pseudonym (a keyed hash of user_id), with no email, name
 * or birth date; age is bucketed into decades. The views are owned by vitalis_analytics, a
 * NOLOGIN role that bypasses RLS and can do nothing but read through these views.
 */
set local lock_timeout = '5s';
set local role vitalis_owner;

-- A per-database secret for the pseudonyms, unreadable by analysts.
create table vitalis_private.analytics_salt (
  singleton boolean primary key default true check (singleton),
  salt text not null default encode(gen_random_bytes(32), 'hex')
);
insert into vitalis_private.analytics_salt default values;

create function vitalis_private.pseudonym(p_user_id uuid) returns text
  language sql stable parallel safe security definer set search_path = pg_catalog, public as $$
  select encode(hmac(p_user_id::text, (select salt from vitalis_private.analytics_salt), 'sha256'), 'hex')
$$;
grant execute on function vitalis_private.pseudonym(uuid) to vitalis_analytics;

grant usage on schema vitalis, vitalis_private to vitalis_analytics;
grant select on vitalis.users, vitalis.wearable_daily, vitalis.wearable_sleep, vitalis.wearable_activities,
  vitalis.blood_markers, vitalis.blood_panels, vitalis.measurements to vitalis_analytics;
grant usage, create on schema analytics to vitalis_analytics;

set local role vitalis_analytics;

create view analytics.daily_metrics as
  select vitalis_private.pseudonym(d.user_id) as subject, d.date, d.source, d.resting_hr_bpm, d.max_hr_bpm,
         d.hrv_rmssd_ms, d.steps, d.active_calories_kcal, d.total_calories_kcal, d.active_minutes,
         d.distance_m, d.spo2_avg_pct, d.respiratory_rate_avg, d.readiness_score, d.recovery_score,
         d.vo2_max_ml_kg_min
    from vitalis.wearable_daily d;
comment on view analytics.daily_metrics is 'Daily wearable summaries under a pseudonymous subject key; no PII.';

create view analytics.sleep_metrics as
  select vitalis_private.pseudonym(s.user_id) as subject, s.sleep_date, s.source, s.total_sleep_minutes,
         s.rem_minutes, s.deep_minutes, s.light_minutes, s.awake_minutes, s.sleep_efficiency_pct,
         s.sleep_score, s.avg_hr_bpm, s.avg_hrv_ms
    from vitalis.wearable_sleep s;
comment on view analytics.sleep_metrics is 'Nightly sleep summaries under a pseudonymous subject key; no PII.';

create view analytics.activity_metrics as
  select vitalis_private.pseudonym(a.user_id) as subject, a.activity_date, a.source, a.activity_type,
         a.duration_seconds, a.distance_m, a.calories_kcal, a.avg_hr_bpm, a.max_hr_bpm
    from vitalis.wearable_activities a;
comment on view analytics.activity_metrics is 'Workouts under a pseudonymous subject key, without names or notes.';

create view analytics.biomarker_results as
  select vitalis_private.pseudonym(m.user_id) as subject, m.biomarker_id, p.collected_at::date as collected_on,
         m.value_canonical, m.in_range, m.flag
    from vitalis.blood_markers m join vitalis.blood_panels p using (panel_id)
   where m.biomarker_id is not null;
comment on view analytics.biomarker_results is 'Lab results in canonical units under a pseudonymous subject key; join biomarker_dictionary for names.';

create view analytics.subjects as
  select vitalis_private.pseudonym(u.user_id) as subject, u.biological_sex,
         (extract(year from age(u.date_of_birth))::int / 10) * 10 as age_decade,
         date_trunc('month', u.created_at)::date as joined_month
    from vitalis.users u
   where u.deleted_at is null;
comment on view analytics.subjects is 'One row per active user: pseudonym, sex and age decade only.';

grant select on all tables in schema analytics to vitalis_readonly, vitalis_admin;
set local role vitalis_owner;
