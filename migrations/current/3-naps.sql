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
