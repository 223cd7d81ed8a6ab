--! Previous: sha1:c49165de8f61890fd687e87bbc6ea6709fac792c
--! Hash: sha1:0b73db27a96c473f567021ac519ee6023729b9ba
--! Message: From data to answers: goal alerts, insights, training metrics, analyst benchmarks

--! split: 1-current.sql
set local lock_timeout = '5s';
set local role vitalis_owner;



reset role;

--! split: 2-goals.sql
set local lock_timeout = '5s';
set local role vitalis_owner;

-- Goal alerts (issue 14, item 1): a goal is evaluated whenever data for its metric arrives and
-- daily. Crossing alert_threshold_low/high writes one goal_alerts row per crossing: the crossing
-- state lives in goal_alerts itself (side, observed_at, cleared_at), one uncleared alert per goal
-- and side, so a value that stays crossed does not fire again and one back in range re-arms it.
-- Units: a goal's target_value and thresholds are in goals.target_unit, or, when that is null, in
-- the metric's canonical unit (vitalis_private.goal_metric); values are compared in the canonical unit.

-- ---------------------------------------------------------------------------------------------
-- goal_alerts: the crossing state, server-owned like the rest of the row.
alter table vitalis.goal_alerts add column if not exists side text;
alter table vitalis.goal_alerts add column if not exists observed_at timestamptz;
alter table vitalis.goal_alerts add column if not exists cleared_at timestamptz;
alter table vitalis.goal_alerts drop constraint if exists goal_alerts_side_check;
alter table vitalis.goal_alerts add constraint goal_alerts_side_check check (side in ('low', 'high'));
-- At most one open (uncleared) alert per goal and side: the "one row per crossing" rule, kept by
-- the database even when two transactions evaluate the same goal at once.
create unique index if not exists goal_alerts_goal_id_side_open_key on vitalis.goal_alerts (goal_id, side) where cleared_at is null and side is not null;
create index if not exists goal_alerts_goal_id_side_observed_at_idx on vitalis.goal_alerts (goal_id, side, observed_at desc);
comment on column vitalis.goal_alerts.side is 'low (the value fell below alertThresholdLow) or high (it rose above alertThresholdHigh). Null only for alerts written before goals were evaluated.';
comment on column vitalis.goal_alerts.observed_at is 'When the value that crossed the threshold was measured (for daily wearable metrics: the start of that day in your time zone).';
comment on column vitalis.goal_alerts.cleared_at is 'When a later value was back within the threshold (or the threshold moved past it); the goal can alert on this side again from then on. Null while the crossing lasts.';
comment on column vitalis.goal_alerts.trigger_value is 'The value that crossed the threshold, in the goal''s unit (targetUnit, or the metric''s canonical unit).';
comment on column vitalis.goal_alerts.message is 'What happened, in your units, e.g. "Resting heart rate 72 bpm is above your alert threshold of 65 bpm".';
comment on column vitalis.goal_alerts.triggered_at is 'When the alert fired.';
comment on column vitalis.goal_alerts.acknowledged_at is 'When you first acknowledged the alert (acknowledgeGoalAlert); null until then.';
-- Clients read, delete and acknowledge (vitalis.acknowledge_goal_alert); they write no column.
select vitalis_private.set_client_columns('vitalis.goal_alerts', '{}', '{}');

comment on column vitalis.goals.target_value is 'The value you aim for, in targetUnit (or the metric''s canonical unit when targetUnit is null).';
comment on column vitalis.goals.target_unit is 'The unit of targetValue and both alert thresholds, e.g. kg or lbs for weight. Null means the metric''s canonical unit: the wearable column''s own (bpm, ms, steps, min, m, or none for scores), a measurement''s canonical unit (lbs for weight, kg for lean mass, cm, °C, mmHg, mg/dL), a biomarker''s canonical unit, a custom metric''s unit. Must be convertible to that unit.';
comment on column vitalis.goals.alert_threshold_low is 'Alert when the latest value falls below this (in targetUnit). One alert per crossing.';
comment on column vitalis.goals.alert_threshold_high is 'Alert when the latest value rises above this (in targetUnit). One alert per crossing.';
comment on column vitalis.goals.metric_name is 'What the goal tracks: for wearable a daily metric (resting_hr_bpm, max_hr_bpm, hrv_rmssd_ms, steps, active_calories_kcal, total_calories_kcal, active_minutes, distance_m, floors_climbed, spo2_avg_pct, respiratory_rate_avg, stress_avg, readiness_score, recovery_score, vo2_max_ml_kg_min, total_sleep_minutes, deep_minutes, rem_minutes, sleep_efficiency_pct, sleep_score, avg_hrv_ms); for measurement a measurement metric (weight, body_fat_pct, ...); for custom the name of one of your custom metrics. Unused for blood_marker goals (biomarkerId says which).';

-- ---------------------------------------------------------------------------------------------
-- What a goal measures.
create or replace function vitalis_private.goal_wearable_metrics()
  returns table (metric_name text, source_table text, category text, unit text, label text)
  -- No SET clause: the planner inlines it into the (plan-cached) queries that read it.
  language sql immutable parallel safe as $$
  select * from (values
    ('resting_hr_bpm', 'daily', 'heart_rate', 'bpm', 'Resting heart rate'),
    ('max_hr_bpm', 'daily', 'heart_rate', 'bpm', 'Maximum heart rate'),
    ('hrv_rmssd_ms', 'daily', 'hrv', 'ms', 'HRV (RMSSD)'),
    ('steps', 'daily', 'steps', 'steps', 'Steps'),
    ('active_calories_kcal', 'daily', 'steps', 'kcal', 'Active calories'),
    ('total_calories_kcal', 'daily', 'steps', 'kcal', 'Total calories'),
    ('active_minutes', 'daily', 'steps', 'min', 'Active minutes'),
    ('distance_m', 'daily', 'steps', 'm', 'Distance'),
    ('floors_climbed', 'daily', 'steps', 'floors', 'Floors climbed'),
    ('spo2_avg_pct', 'daily', 'heart_rate', '%', 'Average SpO2'),
    ('respiratory_rate_avg', 'daily', 'heart_rate', '/min', 'Respiratory rate'),
    ('stress_avg', 'daily', 'heart_rate', '', 'Average stress'),
    ('readiness_score', 'daily', 'readiness', '', 'Readiness score'),
    ('recovery_score', 'daily', 'recovery', '', 'Recovery score'),
    ('vo2_max_ml_kg_min', 'daily', 'heart_rate', 'ml/kg/min', 'VO2 max'),
    ('total_sleep_minutes', 'sleep', 'sleep', 'min', 'Total sleep'),
    ('deep_minutes', 'sleep', 'sleep', 'min', 'Deep sleep'),
    ('rem_minutes', 'sleep', 'sleep', 'min', 'REM sleep'),
    ('sleep_efficiency_pct', 'sleep', 'sleep', '%', 'Sleep efficiency'),
    ('sleep_score', 'sleep', 'sleep', '', 'Sleep score'),
    ('avg_hrv_ms', 'sleep', 'sleep', 'ms', 'Sleep HRV')
  ) m(metric_name, source_table, category, unit, label)
$$;
comment on function vitalis_private.goal_wearable_metrics() is 'The wearable metrics a goal can track: the wearable_daily or wearable_sleep column, the source-priority category that picks one source per day (vitalis.source_priority), its unit and its name in messages.';

create or replace function vitalis_private.goal_metric(g vitalis.goals, out unit text, out label text, out display_kind text)
  language plpgsql stable set search_path = pg_catalog as $$
begin
  if g.metric_type = 'wearable' then
    select w.unit, w.label, case when g.metric_name = 'distance_m' then 'distance' end into unit, label, display_kind
      from vitalis_private.goal_wearable_metrics() w where w.metric_name = g.metric_name;
  elsif g.metric_type = 'measurement' then
    if g.metric_name = any (pg_catalog.enum_range(null::vitalis.measurement_metric)::text[]) then
      select b.unit into unit from vitalis_private.measurement_bounds(g.metric_name::vitalis.measurement_metric) b;
      label := pg_catalog.upper(pg_catalog.left(g.metric_name, 1)) || pg_catalog.replace(pg_catalog.substr(g.metric_name, 2), '_', ' ');
      display_kind := case
        when g.metric_name in ('weight', 'lean_mass', 'muscle_mass', 'bone_mass') then 'weight'
        when g.metric_name in ('height', 'waist_circumference', 'hip_circumference', 'neck_circumference', 'chest_circumference') then 'height'
        when g.metric_name = 'body_temperature' then 'temperature' end;
    end if;
  elsif g.metric_type = 'blood_marker' then
    select d.canonical_unit, d.display_name into unit, label from vitalis.biomarker_dictionary d where d.biomarker_id = g.biomarker_id;
  elsif g.metric_type = 'custom' then
    select coalesce(m.unit, ''), m.name into unit, label
      from vitalis.custom_metrics m where m.user_id = g.user_id and m.name = g.metric_name;
  end if;
end $$;
comment on function vitalis_private.goal_metric(vitalis.goals) is 'A goal''s metric: its canonical unit (values are compared in it), its name in messages, and which display preference applies (weight, height, distance, temperature or none). Unit is null when the goal names no metric we know.';

create or replace function vitalis_private.goal_to_canonical(g vitalis.goals, p_value numeric, p_canonical_unit text)
  returns numeric language sql stable as $$
  select case when p_value is null or p_canonical_unit is null then null
              when g.target_unit is null or pg_catalog.btrim(g.target_unit) = '' then p_value
              else vitalis.convert_unit(p_value, g.target_unit, p_canonical_unit, g.biomarker_id) end
$$;
comment on function vitalis_private.goal_to_canonical(vitalis.goals, numeric, text) is 'A goal''s target or threshold (in its targetUnit) in the metric''s canonical unit; null when the units do not convert.';

create or replace function vitalis_private.goal_from_canonical(g vitalis.goals, p_value numeric, p_canonical_unit text)
  returns numeric language sql stable as $$
  select case when p_value is null or p_canonical_unit is null then null
              when g.target_unit is null or pg_catalog.btrim(g.target_unit) = '' then p_value
              else vitalis.convert_unit(p_value, p_canonical_unit, g.target_unit, g.biomarker_id) end
$$;
comment on function vitalis_private.goal_from_canonical(vitalis.goals, numeric, text) is 'A value in the metric''s canonical unit, in the goal''s unit (targetUnit when set); null when the units do not convert.';

-- The owner's time zone: daily wearable values are observed at the start of their day there.
create or replace function vitalis_private.goal_time_zone(p_user_id uuid)
  returns text language plpgsql stable set search_path = pg_catalog as $$
declare
  v_tz text;
begin
  -- PL/pgSQL, not SQL: its query plan is cached across calls (it runs inside every import).
  select p.timezone into v_tz from vitalis.user_preferences p where p.user_id = p_user_id;
  return coalesce(v_tz, 'UTC');
end $$;
comment on function vitalis_private.goal_time_zone(uuid) is 'The time zone of a goal''s owner (UTC when their preferences cannot be read): a daily wearable value is observed at the start of its day there.';

-- The wearable columns a goal may name, picked by name. Plain SQL (inlined into the caller's
-- query): the readers keep one static, cached plan and the list lives in one place.
create or replace function vitalis_private.wearable_daily_value(r vitalis.wearable_daily, p_metric text)
  returns numeric language sql immutable as $$
  select case p_metric
           when 'resting_hr_bpm' then r.resting_hr_bpm::numeric
           when 'max_hr_bpm' then r.max_hr_bpm::numeric
           when 'hrv_rmssd_ms' then r.hrv_rmssd_ms::numeric
           when 'steps' then r.steps::numeric
           when 'active_calories_kcal' then r.active_calories_kcal::numeric
           when 'total_calories_kcal' then r.total_calories_kcal::numeric
           when 'active_minutes' then r.active_minutes::numeric
           when 'distance_m' then r.distance_m::numeric
           when 'floors_climbed' then r.floors_climbed::numeric
           when 'spo2_avg_pct' then r.spo2_avg_pct::numeric
           when 'respiratory_rate_avg' then r.respiratory_rate_avg::numeric
           when 'stress_avg' then r.stress_avg::numeric
           when 'readiness_score' then r.readiness_score::numeric
           when 'recovery_score' then r.recovery_score::numeric
           when 'vo2_max_ml_kg_min' then r.vo2_max_ml_kg_min::numeric
         end
$$;
comment on function vitalis_private.wearable_daily_value(vitalis.wearable_daily, text) is 'The wearable_daily column a goal names (metricName), as numeric; null for any other name.';

create or replace function vitalis_private.wearable_sleep_value(r vitalis.wearable_sleep, p_metric text)
  returns numeric language sql immutable as $$
  select case p_metric
           when 'total_sleep_minutes' then r.total_sleep_minutes::numeric
           when 'deep_minutes' then r.deep_minutes::numeric
           when 'rem_minutes' then r.rem_minutes::numeric
           when 'sleep_efficiency_pct' then r.sleep_efficiency_pct::numeric
           when 'sleep_score' then r.sleep_score::numeric
           when 'avg_hrv_ms' then r.avg_hrv_ms::numeric
         end
$$;
comment on function vitalis_private.wearable_sleep_value(vitalis.wearable_sleep, text) is 'The wearable_sleep column a goal names (metricName), as numeric; null for any other name.';

drop function if exists vitalis_private.goal_latest(vitalis.goals);
create or replace function vitalis_private.goal_latest(g vitalis.goals, p_since timestamptz default null, out value numeric, out observed_at timestamptz)
  language plpgsql stable
  -- One generic plan, pruned to the partitions from p_since at run time, instead of planning
  -- every call: this runs inside every import.
  set plan_cache_mode = force_generic_plan set search_path = pg_catalog as $$
declare
  w record;
  v_priority vitalis.data_source[];
  v_since timestamptz := coalesce(p_since, '-infinity');
  v_from date := case when p_since is null then '-infinity'::date else (p_since at time zone 'UTC')::date - 1 end;
begin
  if g.metric_type = 'wearable' then
    select * into w from vitalis_private.goal_wearable_metrics() m where m.metric_name = g.metric_name;
    if w.metric_name is null then
      return;
    end if;
    v_priority := coalesce(vitalis.source_priority(w.category), '{}');
    -- The newest day that has the metric; on that day the most trusted source (the owner's
    -- source_priority for the category, then the default order, then the source's name). Static
    -- SQL (the column picked by CASE) keeps its plan cached: these run inside every import.
    if w.source_table = 'daily' then
      select x.v, (x.day::timestamp at time zone vitalis_private.goal_time_zone(g.user_id)) into value, observed_at
        from (select d.date as day, d.source,
                     vitalis_private.wearable_daily_value(d, g.metric_name) as v
                from vitalis.wearable_daily d where d.user_id = g.user_id and d.date >= v_from) x
       where x.v is not null
       order by x.day desc, coalesce(pg_catalog.array_position(v_priority, x.source), 1000), x.source limit 1;
    else
      select x.v, (x.day::timestamp at time zone vitalis_private.goal_time_zone(g.user_id)) into value, observed_at
        from (select s.sleep_date as day, s.source,
                     vitalis_private.wearable_sleep_value(s, g.metric_name) as v
                from vitalis.wearable_sleep s where s.user_id = g.user_id and s.sleep_date >= v_from) x
       where x.v is not null
       order by x.day desc, coalesce(pg_catalog.array_position(v_priority, x.source), 1000), x.source limit 1;
    end if;
  elsif g.metric_type = 'measurement' then
    if g.metric_name = any (pg_catalog.enum_range(null::vitalis.measurement_metric)::text[]) then
      select vitalis_private.measurement_canonical(m.metric, m.value, m.unit), m.measured_at into value, observed_at
        from vitalis.measurements m
       where m.user_id = g.user_id and m.metric = g.metric_name::vitalis.measurement_metric and m.deleted_at is null
         and m.measured_at >= v_since
       order by m.measured_at desc, m.source nulls last limit 1;
    end if;
  elsif g.metric_type = 'blood_marker' then
    -- Panels exist only once confirmed (documents write them on confirm); undated ones cannot be placed in time.
    select m.value_canonical, coalesce(p.collected_at, p.reported_at) into value, observed_at
      from vitalis.blood_markers m join vitalis.blood_panels p on p.panel_id = m.panel_id and p.user_id = m.user_id
     where m.user_id = g.user_id and m.biomarker_id = g.biomarker_id and m.value_canonical is not null
       and p.deleted_at is null and coalesce(p.collected_at, p.reported_at) >= v_since
     order by coalesce(p.collected_at, p.reported_at) desc, m.marker_id limit 1;
  elsif g.metric_type = 'custom' then
    select e.value_numeric, e.measured_at into value, observed_at
      from vitalis.custom_metrics c join vitalis.custom_metric_entries e on e.metric_id = c.metric_id and e.user_id = c.user_id
     where c.user_id = g.user_id and c.name = g.metric_name and e.value_numeric is not null and e.measured_at >= v_since
     order by e.measured_at desc, e.entry_id limit 1;
  end if;
end $$;
comment on function vitalis_private.goal_latest(vitalis.goals, timestamptz) is 'The newest value of a goal''s metric (observed since p_since, when given; daily values from the day before it in UTC), in the canonical unit, and when it was observed: wearable by day (one source per day, by source priority), measurement by measured_at (not deleted), blood marker by the panel''s collection time (not deleted), custom metric by measured_at. Reads as the caller (RLS applies).';

create or replace function vitalis_private.goal_series(g vitalis.goals, p_since timestamptz)
  returns table (observed_at timestamptz, value numeric)
  language plpgsql stable set search_path = pg_catalog as $$
declare
  w record;
  v_tz text;
  v_priority vitalis.data_source[];
  v_from date;
begin
  if g.metric_type = 'wearable' then
    select * into w from vitalis_private.goal_wearable_metrics() m where m.metric_name = g.metric_name;
    if w.metric_name is null then
      return;
    end if;
    v_tz := vitalis_private.goal_time_zone(g.user_id);
    v_priority := coalesce(vitalis.source_priority(w.category), '{}');
    v_from := (p_since at time zone v_tz)::date;
    if w.source_table = 'daily' then
      return query
      select distinct on (x.day) (x.day::timestamp at time zone v_tz), x.v
        from (select d.date as day, d.source,
                     vitalis_private.wearable_daily_value(d, g.metric_name) as v
                from vitalis.wearable_daily d where d.user_id = g.user_id and d.date >= v_from) x
       where x.v is not null
       order by x.day, coalesce(pg_catalog.array_position(v_priority, x.source), 1000), x.source;
    else
      return query
      select distinct on (x.day) (x.day::timestamp at time zone v_tz), x.v
        from (select s.sleep_date as day, s.source,
                     vitalis_private.wearable_sleep_value(s, g.metric_name) as v
                from vitalis.wearable_sleep s where s.user_id = g.user_id and s.sleep_date >= v_from) x
       where x.v is not null
       order by x.day, coalesce(pg_catalog.array_position(v_priority, x.source), 1000), x.source;
    end if;
  elsif g.metric_type = 'measurement' then
    if g.metric_name = any (pg_catalog.enum_range(null::vitalis.measurement_metric)::text[]) then
      return query
      select m.measured_at, vitalis_private.measurement_canonical(m.metric, m.value, m.unit)
        from vitalis.measurements m
       where m.user_id = g.user_id and m.metric = g.metric_name::vitalis.measurement_metric and m.deleted_at is null and m.measured_at >= p_since;
    end if;
  elsif g.metric_type = 'blood_marker' then
    return query
    select coalesce(p.collected_at, p.reported_at), m.value_canonical
      from vitalis.blood_markers m join vitalis.blood_panels p on p.panel_id = m.panel_id and p.user_id = m.user_id
     where m.user_id = g.user_id and m.biomarker_id = g.biomarker_id and m.value_canonical is not null
       and p.deleted_at is null and coalesce(p.collected_at, p.reported_at) >= p_since;
  elsif g.metric_type = 'custom' then
    return query
    select e.measured_at, e.value_numeric
      from vitalis.custom_metrics c join vitalis.custom_metric_entries e on e.metric_id = c.metric_id and e.user_id = c.user_id
     where c.user_id = g.user_id and c.name = g.metric_name and e.value_numeric is not null and e.measured_at >= p_since;
  end if;
end $$;
comment on function vitalis_private.goal_series(vitalis.goals, timestamptz) is 'Every value of a goal''s metric observed since p_since, in the canonical unit (wearable: one per day, the most trusted source). Backs the progress trend; reads as the caller (RLS applies).';

-- ---------------------------------------------------------------------------------------------
-- Messages in the owner's units.
create or replace function vitalis_private.goal_value_text(g vitalis.goals, p_value numeric, p_canonical_unit text, p_display_kind text)
  returns text language plpgsql stable set search_path = pg_catalog as $$
declare
  v vitalis.display_value;
begin
  if p_value is null then
    return null;
  end if;
  -- Weight, height, distance and temperature follow the preferences (lbs or kg, ...); everything
  -- else reads in the goal's own unit.
  v := vitalis_private.display_value(p_value, p_canonical_unit, p_display_kind, 1);
  if v is null then
    v := row(pg_catalog.round(coalesce(vitalis_private.goal_from_canonical(g, p_value, p_canonical_unit), p_value), 2),
             case when vitalis_private.goal_from_canonical(g, p_value, p_canonical_unit) is null or g.target_unit is null or pg_catalog.btrim(g.target_unit) = ''
                  then p_canonical_unit else g.target_unit end)::vitalis.display_value;
  end if;
  return pg_catalog.trim_scale(v.value)::text || case when coalesce(v.unit, '') = '' then '' else ' ' || v.unit end;
end $$;
comment on function vitalis_private.goal_value_text(vitalis.goals, numeric, text, text) is 'A value (in the canonical unit) as a goal alert writes it: in the signed-in user''s preferred unit for weight, height, distance and temperature, else in the goal''s unit; trailing zeros trimmed, e.g. "176.4 lbs", "72 bpm".';

create or replace function vitalis_private.goal_alert_message(p_label text, p_side text, p_value_text text, p_threshold_text text)
  returns text language sql immutable parallel safe set search_path = pg_catalog as $$
  select pg_catalog.format('%s %s is %s your alert threshold of %s', p_label, p_value_text,
                           case p_side when 'high' then 'above' else 'below' end, p_threshold_text)
$$;
comment on function vitalis_private.goal_alert_message(text, text, text, text) is 'The text of a goal alert, e.g. "Resting heart rate 72 bpm is above your alert threshold of 65 bpm".';

-- ---------------------------------------------------------------------------------------------
-- Notifications.
create or replace function vitalis_private.notification_wanted(p_user_id uuid, p_category text, p_channel text)
  returns boolean language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_previous text := pg_catalog.current_setting('app.current_user_id', true);
  v_enabled boolean;
  v_prefs jsonb;
  v_setting jsonb;
begin
  -- user_preferences is the user's own row (RLS): read it as them.
  perform pg_catalog.set_config('app.current_user_id', p_user_id::text, true);
  select p.notifications_enabled, p.notification_prefs into v_enabled, v_prefs
    from vitalis.user_preferences p where p.user_id = p_user_id;
  perform pg_catalog.set_config('app.current_user_id', coalesce(v_previous, ''), true);
  if v_enabled is false then
    return false;
  end if;
  v_setting := v_prefs -> p_category;
  return case pg_catalog.jsonb_typeof(v_setting)
    when 'boolean' then v_setting::text::boolean
    when 'object' then case when pg_catalog.jsonb_typeof(v_setting -> p_channel) = 'boolean' then (v_setting ->> p_channel)::boolean else true end
    else true end;
end $$;
comment on function vitalis_private.notification_wanted(uuid, text, text) is 'Whether a user wants notifications of a category (e.g. goal_alerts) on a channel (email, live): false when notificationsEnabled is false; notificationPrefs.<category> may be true/false (every channel) or {"email": true, "live": false}; anything not said means yes.';

create or replace function vitalis_private.tg_user_preferences__validate_notification_prefs() returns trigger
  language plpgsql volatile set search_path = pg_catalog as $$
declare
  v_category text;
  v_setting jsonb;
  v_channel text;
  v_on jsonb;
begin
  if pg_catalog.jsonb_typeof(new.notification_prefs) <> 'object' then
    return new; -- user_preferences_notification_prefs_check names it
  end if;
  for v_category, v_setting in select e.key, e.value from pg_catalog.jsonb_each(new.notification_prefs) e loop
    if pg_catalog.jsonb_typeof(v_setting) = 'object' then
      for v_channel, v_on in select c.key, c.value from pg_catalog.jsonb_each(v_setting) c loop
        if pg_catalog.jsonb_typeof(v_on) <> 'boolean' then
          raise exception 'notificationPrefs: %.% must be true or false', v_category, v_channel using errcode = '22023', column = 'notification_prefs';
        end if;
      end loop;
    elsif pg_catalog.jsonb_typeof(v_setting) <> 'boolean' then
      raise exception 'notificationPrefs: % must be true, false or an object of channels, e.g. {"email": true, "live": false}', v_category
        using errcode = '22023', column = 'notification_prefs';
    end if;
  end loop;
  return new;
end $$;
comment on function vitalis_private.tg_user_preferences__validate_notification_prefs() is 'Refuses notificationPrefs entries that are neither true/false nor an object of channel: true/false, naming the entry.';
drop trigger if exists _210_validate_notification_prefs on vitalis.user_preferences;
create trigger _210_validate_notification_prefs before insert or update of notification_prefs on vitalis.user_preferences
  for each row execute function vitalis_private.tg_user_preferences__validate_notification_prefs();
comment on column vitalis.user_preferences.notification_prefs is 'Per-category notification settings: a category is true/false (every channel) or an object of channels, e.g. {"goal_alerts": {"email": false, "live": true}}. Categories: goal_alerts. Channels: email, live (the goalAlerts subscription). Anything not said is on.';

-- The admin is mailed when a restore test fails; users when a goal alert fires (goalAlert.ts).
create or replace function vitalis_private.mail_templates() returns text[]
  language sql immutable parallel safe set search_path = pg_catalog as $$
  select array['email_verification', 'password_reset', 'export_ready', 'deletion_requested', 'deletion_cancelled',
               'deletion_completed', 'household_invite', 'billing_payment_failed', 'backup_restore_failed', 'goal_alert']::text[];
$$;
comment on function vitalis_private.mail_templates() is 'The mail templates queue_mail accepts: the names in src/mail/templates/index.ts (test/mail/queue.test.ts keeps both lists equal). A typo fails the transaction that queues it, not a worker later.';

create or replace function vitalis_private.notify_goal_alert(a vitalis.goal_alerts, p_label text)
  returns void language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_email text;
begin
  if vitalis_private.notification_wanted(a.user_id, 'goal_alerts', 'email') then
    select u.email into v_email from vitalis.users u where u.user_id = a.user_id and u.deleted_at is null;
    if v_email is not null then
      perform vitalis_private.queue_mail('goal_alert', v_email, pg_catalog.jsonb_build_object(
        'message', a.message, 'metric', p_label, 'side', a.side, 'observedAt', a.observed_at, 'alertId', a.alert_id));
    end if;
  end if;
  -- The contract of the goalAlerts subscription: channel goal_alerts:<user id>, payload {"alertId": ...}.
  if vitalis_private.notification_wanted(a.user_id, 'goal_alerts', 'live') then
    perform pg_catalog.pg_notify('goal_alerts:' || a.user_id::text, pg_catalog.json_build_object('alertId', a.alert_id)::text);
  end if;
end $$;
comment on function vitalis_private.notify_goal_alert(vitalis.goal_alerts, text) is 'Tells the owner of a new goal alert as their notification preferences say: a goal_alert mail, and a NOTIFY on goal_alerts:<userId> with {"alertId": ...} for the live subscription. Both happen only if the transaction commits.';

-- ---------------------------------------------------------------------------------------------
-- Evaluation.
create or replace function vitalis_private.goal_alert_max_age(p_metric_type text) returns interval
  language sql immutable parallel safe as $$
  select case p_metric_type when 'blood_marker' then interval '90 days' else interval '14 days' end
$$;
comment on function vitalis_private.goal_alert_max_age(text) is 'How old a value may be and still fire an alert: 14 days (a device synced after a trip still tells), 90 days for lab results (reported weeks after collection). A backfill of older history records no alert and mails nobody; evaluation reads no value older than this.';

create or replace function vitalis_private.evaluate_goal(g vitalis.goals) returns integer
  language plpgsql volatile set search_path = pg_catalog as $$
declare
  m record;
  l record;
  v_side text;
  v_threshold numeric;
  v_crossed boolean;
  v_open uuid;
  a vitalis.goal_alerts;
  v_fired integer := 0;
begin
  select * into m from vitalis_private.goal_metric(g);
  if m.unit is null then
    return 0;
  end if;
  -- Only a recent value can fire (goal_alert_max_age), and only one can clear what a recent value
  -- fired: older history need not be read.
  select * into l from vitalis_private.goal_latest(g, pg_catalog.now() - vitalis_private.goal_alert_max_age(g.metric_type));
  if l.value is null then
    return 0;
  end if;
  foreach v_side in array array['low', 'high'] loop
    v_threshold := vitalis_private.goal_to_canonical(g, case v_side when 'low' then g.alert_threshold_low else g.alert_threshold_high end, m.unit);
    v_crossed := case v_side when 'low' then l.value < v_threshold else l.value > v_threshold end;
    select x.alert_id into v_open from vitalis.goal_alerts x
     where x.goal_id = g.goal_id and x.side = v_side and x.cleared_at is null;
    if v_crossed then
      -- Fire only for a crossing not alerted yet, seen in a value newer than any this side fired
      -- on: a late (older) value, or the same observation again, never fires.
      continue when v_open is not null;
      continue when l.observed_at < pg_catalog.now() - vitalis_private.goal_alert_max_age(g.metric_type);
      continue when exists (select 1 from vitalis.goal_alerts x where x.goal_id = g.goal_id and x.side = v_side and x.observed_at >= l.observed_at);
      insert into vitalis.goal_alerts as n (goal_id, user_id, triggered_at, trigger_value, message, side, observed_at)
      values (g.goal_id, g.user_id, pg_catalog.now(),
              pg_catalog.round(coalesce(vitalis_private.goal_from_canonical(g, l.value, m.unit), l.value), 4),
              vitalis_private.goal_alert_message(m.label, v_side,
                vitalis_private.goal_value_text(g, l.value, m.unit, m.display_kind),
                vitalis_private.goal_value_text(g, v_threshold, m.unit, m.display_kind)),
              v_side, l.observed_at)
      on conflict (goal_id, side) where cleared_at is null and side is not null do nothing
      returning n.* into a;
      if a.alert_id is not null then
        perform vitalis_private.notify_goal_alert(a, m.label);
        v_fired := v_fired + 1;
      end if;
    elsif v_open is not null then
      -- Back within the threshold (or no threshold on this side any more): the crossing is over.
      update vitalis.goal_alerts x set cleared_at = pg_catalog.now() where x.alert_id = v_open;
    end if;
  end loop;
  return v_fired;
end $$;
comment on function vitalis_private.evaluate_goal(vitalis.goals) is 'Compares a goal''s latest value with its alert thresholds: fires one goal_alerts row per crossing (none while an alert on that side is open, none for a value not newer than the last alert on that side or older than goal_alert_max_age) and clears the open alert once the value is back within the threshold. Returns the alerts fired. Runs as the goal''s owner (evaluate_goals).';

create or replace function vitalis_private.evaluate_goals(p_user_id uuid, p_metric_type text default null) returns integer
  language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_previous text := pg_catalog.current_setting('app.current_user_id', true);
  g vitalis.goals;
  v_fired integer := 0;
begin
  if p_user_id is null then
    return 0;
  end if;
  -- Everything below reads and writes as the goal's owner (forced RLS), whoever wrote the data.
  perform pg_catalog.set_config('app.current_user_id', p_user_id::text, true);
  for g in
    select * from vitalis.goals x
     where x.user_id = p_user_id and x.is_active and x.alert_enabled and x.metric_type is not null
       and (p_metric_type is null or x.metric_type = p_metric_type)
       and (x.alert_threshold_low is not null or x.alert_threshold_high is not null
            -- a goal whose thresholds were removed may still have an open alert to clear
            or exists (select 1 from vitalis.goal_alerts a where a.goal_id = x.goal_id and a.cleared_at is null and a.side is not null))
     order by x.goal_id
  loop
    v_fired := v_fired + vitalis_private.evaluate_goal(g);
  end loop;
  perform pg_catalog.set_config('app.current_user_id', coalesce(v_previous, ''), true);
  return v_fired;
end $$;
comment on function vitalis_private.evaluate_goals(uuid, text) is 'Evaluates every active goal with alerts enabled of one user (only those of p_metric_type when given: wearable, measurement, blood_marker, custom) against the latest data, acting as that user. Returns how many alerts fired. Called by the data triggers (_800_goals_evaluate_*), on goal writes and by the daily task.';

create or replace function vitalis_private.tg__goals_evaluate() returns trigger
  language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_user uuid;
begin
  -- A restore of a whole archive (src/importers/vitalisExport) brings goals, their data and their
  -- past alerts in one transaction: it switches evaluation off and leaves it to the daily run.
  if pg_catalog.current_setting('vitalis.goals_evaluation', true) = 'off' then
    return null;
  end if;
  -- Statement level: once per user the statement wrote for, whatever the number of rows.
  for v_user in select distinct n.user_id from new_rows n where n.user_id is not null loop
    begin
      perform vitalis_private.evaluate_goals(v_user, tg_argv[0]);
    exception when others then
      -- An alert is never worth losing the data that came with it: the daily run evaluates again.
      raise warning 'goal evaluation for % after % on % failed: % (%)', v_user, tg_op, tg_table_name, sqlerrm, sqlstate;
    end;
  end loop;
  return null;
end $$;
comment on function vitalis_private.tg__goals_evaluate() is 'AFTER statement trigger: evaluates the goals (of the metric type in the trigger argument, all types without one) of every user whose rows the statement inserted or updated. A failing evaluation is logged and skipped: it never fails the write. Off while the transaction-local setting vitalis.goals_evaluation is off (an archive restore).';

do $$
declare
  t record;
begin
  for t in select * from (values
      ('vitalis.wearable_daily', 'wearable'), ('vitalis.wearable_sleep', 'wearable'), ('vitalis.measurements', 'measurement'),
      ('vitalis.custom_metric_entries', 'custom'), ('vitalis.blood_markers', 'blood_marker'), ('vitalis.blood_panels', 'blood_marker'),
      ('vitalis.goals', null)) x(tbl, metric_type)
  loop
    execute format('drop trigger if exists _800_goals_evaluate_insert on %s', t.tbl);
    execute format('drop trigger if exists _800_goals_evaluate_update on %s', t.tbl);
    execute format('create trigger _800_goals_evaluate_insert after insert on %s referencing new table as new_rows '
                   'for each statement execute function vitalis_private.tg__goals_evaluate(%s)', t.tbl, coalesce(quote_literal(t.metric_type), ''));
    execute format('create trigger _800_goals_evaluate_update after update on %s referencing new table as new_rows '
                   'for each statement execute function vitalis_private.tg__goals_evaluate(%s)', t.tbl, coalesce(quote_literal(t.metric_type), ''));
  end loop;
end $$;

-- ---------------------------------------------------------------------------------------------
-- The daily run: every user with an active, alerting goal, in batches (each batch one transaction).
drop policy if exists goals_evaluator on vitalis.goals;
create policy goals_evaluator on vitalis.goals for select to vitalis_owner
  using (pg_catalog.current_setting('vitalis.goals_evaluator', true) = 'on');
comment on policy goals_evaluator on vitalis.goals is 'Lets vitalis_private.evaluate_goals_batch (SECURITY DEFINER) list whose goals to evaluate across users while it runs.';

create or replace function vitalis_private.evaluate_goals_batch(p_after uuid, p_limit integer, out users integer, out fired integer, out next_after uuid)
  language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_users uuid[];
  v_user uuid;
begin
  if p_limit is null or p_limit not between 1 and 10000 then
    raise exception 'limit: must be 1 to 10000 users' using errcode = '22023', column = 'limit';
  end if;
  perform pg_catalog.set_config('vitalis.goals_evaluator', 'on', true);
  select coalesce(pg_catalog.array_agg(u.user_id order by u.user_id), '{}') into v_users
    from (select distinct x.user_id from vitalis.goals x
           where x.is_active and x.alert_enabled and (p_after is null or x.user_id > p_after)
           order by x.user_id limit p_limit) u;
  perform pg_catalog.set_config('vitalis.goals_evaluator', '', true);
  users := pg_catalog.cardinality(v_users);
  fired := 0;
  foreach v_user in array v_users loop
    fired := fired + vitalis_private.evaluate_goals(v_user);
  end loop;
  next_after := case when users = p_limit then v_users[users] end;
end $$;
comment on function vitalis_private.evaluate_goals_batch(uuid, integer) is 'The daily goal evaluation, one batch: the next p_limit users (by id, after p_after) with an active goal that alerts, each evaluated. Returns the users evaluated, alerts fired, and the id to continue after (null when done).';

-- ---------------------------------------------------------------------------------------------
-- Writing a goal: the metric must be one we can evaluate, in a unit we can convert.
create or replace function vitalis_private.tg_goals__validate_metric() returns trigger
  language plpgsql volatile set search_path = pg_catalog as $$
declare
  m record;
begin
  if new.metric_type = 'wearable' and not exists (select 1 from vitalis_private.goal_wearable_metrics() w where w.metric_name = new.metric_name) then
    raise exception 'metricName: % is not a wearable metric (%)', coalesce(pg_catalog.quote_literal(new.metric_name), 'null'),
      (select pg_catalog.string_agg(w.metric_name, ', ') from vitalis_private.goal_wearable_metrics() w) using errcode = '22023', column = 'metric_name';
  end if;
  if new.metric_type = 'measurement' and not coalesce(new.metric_name = any (pg_catalog.enum_range(null::vitalis.measurement_metric)::text[]), false) then
    raise exception 'metricName: % is not a measurement metric (%)', coalesce(pg_catalog.quote_literal(new.metric_name), 'null'),
      pg_catalog.array_to_string(pg_catalog.enum_range(null::vitalis.measurement_metric)::text[], ', ') using errcode = '22023', column = 'metric_name';
  end if;
  if new.target_unit is not null and pg_catalog.btrim(new.target_unit) <> '' and new.metric_type in ('wearable', 'measurement', 'blood_marker') then
    select * into m from vitalis_private.goal_metric(new);
    if m.unit is not null and vitalis.convert_unit(1, new.target_unit, m.unit, new.biomarker_id) is null then
      raise exception 'targetUnit: % does not convert to %, the unit of %', pg_catalog.quote_literal(new.target_unit),
        case when m.unit = '' then 'no unit' else pg_catalog.quote_literal(m.unit) end, m.label using errcode = '22023', column = 'target_unit';
    end if;
  end if;
  return new;
end $$;
comment on function vitalis_private.tg_goals__validate_metric() is 'Refuses a goal whose wearable or measurement metricName is unknown, or whose targetUnit does not convert to the metric''s unit, naming the field.';
drop trigger if exists _300_validate_metric on vitalis.goals;
create trigger _300_validate_metric before insert or update of metric_type, metric_name, biomarker_id, target_unit on vitalis.goals
  for each row execute function vitalis_private.tg_goals__validate_metric();

-- Every active goal is evaluated inside each import statement of its owner: their number bounds
-- what a write costs, so a client cannot make every sync slow by creating goals without end.
create or replace function vitalis_private.tg_goals__limit_active() returns trigger
  language plpgsql volatile set search_path = pg_catalog as $$
declare
  c_max constant integer := 100;
begin
  -- Serialise one user's goal writes so two concurrent inserts cannot both pass the count.
  perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtextextended('vitalis.goals:' || new.user_id::text, 0));
  if (select pg_catalog.count(*) from vitalis.goals g
       where g.user_id = new.user_id and g.is_active and g.goal_id <> new.goal_id) >= c_max then
    raise exception 'isActive: at most % active goals per user; deactivate or delete one first', c_max
      using errcode = '23514', column = 'is_active';
  end if;
  return new;
end $$;
comment on function vitalis_private.tg_goals__limit_active() is 'Refuses a user''s 101st active goal, naming isActive.';
drop trigger if exists _310_limit_active on vitalis.goals;
create trigger _310_limit_active before insert or update of is_active, user_id on vitalis.goals
  for each row when (new.is_active) execute function vitalis_private.tg_goals__limit_active();

-- ---------------------------------------------------------------------------------------------
-- Progress, a computed field of Goal.
do $$
begin
  if pg_catalog.to_regtype('vitalis.goal_progress') is null then
    create type vitalis.goal_progress as (
      latest_value numeric, latest_at timestamptz, unit text, trend_per_week numeric,
      distance_to_target numeric, on_track boolean, data_points integer);
  end if;
end $$;
comment on type vitalis.goal_progress is 'Where a goal stands: its latest value, the trend of the last 90 days and the distance to the target, all in the goal''s unit (targetUnit, or the metric''s canonical unit).';
comment on column vitalis.goal_progress.latest_value is 'The newest value of the goal''s metric, in unit.';
comment on column vitalis.goal_progress.latest_at is 'When that value was observed (daily wearable metrics: the start of the day in your time zone).';
comment on column vitalis.goal_progress.unit is 'The unit of every value here: the goal''s targetUnit, or the metric''s canonical unit when it has none ('''' for unitless scores).';
comment on column vitalis.goal_progress.trend_per_week is 'Least-squares slope of the values of the last 90 days, in unit per week; null with fewer than two values.';
comment on column vitalis.goal_progress.distance_to_target is 'How far the latest value is from targetValue, signed by the goal''s direction: minimize latest - target and maximize target - latest (positive: still to go; zero or negative: reached), target latest - target (positive above, negative below). Null without a target or a value.';
comment on column vitalis.goal_progress.on_track is 'Whether the goal is reached or heading there: minimize/maximize when reached or the trend points the right way; target when within 2 % of it or the trend points towards it. Null without a target or a value.';
comment on column vitalis.goal_progress.data_points is 'How many values the trend is computed from (the last 90 days).';

create or replace function vitalis.goals_progress(g vitalis.goals) returns vitalis.goal_progress
  language plpgsql stable set search_path = pg_catalog as $$
declare
  m record;
  l record;
  r vitalis.goal_progress;
  v_target numeric;
  v_slope numeric;
begin
  select * into m from vitalis_private.goal_metric(g);
  if m.unit is null then
    return null;
  end if;
  r.unit := case when g.target_unit is null or pg_catalog.btrim(g.target_unit) = '' then m.unit else g.target_unit end;
  select * into l from vitalis_private.goal_latest(g);
  r.latest_value := pg_catalog.trim_scale(pg_catalog.round(vitalis_private.goal_from_canonical(g, l.value, m.unit), 4));
  r.latest_at := l.observed_at;
  select pg_catalog.regr_slope(s.value, extract(epoch from s.observed_at) / 604800), pg_catalog.count(*)::integer
    into v_slope, r.data_points
    from vitalis_private.goal_series(g, pg_catalog.now() - interval '90 days') s;
  -- The slope of a linear unit conversion is the factor alone (offsets cancel out).
  r.trend_per_week := pg_catalog.trim_scale(pg_catalog.round(vitalis_private.goal_from_canonical(g, v_slope, m.unit) - coalesce(vitalis_private.goal_from_canonical(g, 0, m.unit), 0), 4));
  v_target := g.target_value;
  if v_target is not null and r.latest_value is not null then
    r.distance_to_target := pg_catalog.trim_scale(case g.direction
      when 'minimize' then r.latest_value - v_target
      when 'maximize' then v_target - r.latest_value
      else r.latest_value - v_target end);
    r.on_track := case g.direction
      when 'minimize' then r.distance_to_target <= 0 or r.trend_per_week < 0
      when 'maximize' then r.distance_to_target <= 0 or r.trend_per_week > 0
      else pg_catalog.abs(r.distance_to_target) <= pg_catalog.abs(v_target) * 0.02
           or pg_catalog.sign(r.trend_per_week) = -pg_catalog.sign(r.distance_to_target) end;
    r.on_track := coalesce(r.on_track, false);
  end if;
  return r;
end $$;
comment on function vitalis.goals_progress(vitalis.goals) is 'Progress towards the goal: latest value, trend per week over the last 90 days, distance to the target and whether it is on track, in the goal''s unit. Reads only what you may read.';

-- ---------------------------------------------------------------------------------------------
-- Who may run what.
revoke all on function vitalis_private.goal_wearable_metrics() from public;
revoke all on function vitalis_private.goal_metric(vitalis.goals) from public;
revoke all on function vitalis_private.goal_to_canonical(vitalis.goals, numeric, text) from public;
revoke all on function vitalis_private.goal_from_canonical(vitalis.goals, numeric, text) from public;
revoke all on function vitalis_private.goal_time_zone(uuid) from public;
revoke all on function vitalis_private.goal_latest(vitalis.goals, timestamptz) from public;
revoke all on function vitalis_private.wearable_daily_value(vitalis.wearable_daily, text) from public;
revoke all on function vitalis_private.wearable_sleep_value(vitalis.wearable_sleep, text) from public;
revoke all on function vitalis_private.goal_series(vitalis.goals, timestamptz) from public;
revoke all on function vitalis_private.goal_value_text(vitalis.goals, numeric, text, text) from public;
revoke all on function vitalis_private.goal_alert_message(text, text, text, text) from public;
revoke all on function vitalis_private.notification_wanted(uuid, text, text) from public;
revoke all on function vitalis_private.tg_user_preferences__validate_notification_prefs() from public;
revoke all on function vitalis_private.notify_goal_alert(vitalis.goal_alerts, text) from public;
revoke all on function vitalis_private.goal_alert_max_age(text) from public;
revoke all on function vitalis_private.evaluate_goal(vitalis.goals) from public;
revoke all on function vitalis_private.evaluate_goals(uuid, text) from public;
revoke all on function vitalis_private.tg__goals_evaluate() from public;
revoke all on function vitalis_private.evaluate_goals_batch(uuid, integer) from public;
revoke all on function vitalis_private.tg_goals__validate_metric() from public;
revoke all on function vitalis_private.tg_goals__limit_active() from public;
revoke all on function vitalis.goals_progress(vitalis.goals) from public;
-- Progress reads as the caller: its helpers run with the caller's rights.
grant execute on function vitalis_private.goal_wearable_metrics(), vitalis_private.goal_metric(vitalis.goals),
  vitalis_private.goal_to_canonical(vitalis.goals, numeric, text), vitalis_private.goal_from_canonical(vitalis.goals, numeric, text),
  vitalis_private.goal_time_zone(uuid), vitalis_private.goal_latest(vitalis.goals, timestamptz), vitalis_private.goal_series(vitalis.goals, timestamptz),
  vitalis_private.wearable_daily_value(vitalis.wearable_daily, text), vitalis_private.wearable_sleep_value(vitalis.wearable_sleep, text),
  vitalis.goals_progress(vitalis.goals) to vitalis_api, vitalis_worker, vitalis_admin;
-- Tasks may ask what a user wants to be told; the daily task runs the batches.
grant execute on function vitalis_private.notification_wanted(uuid, text, text) to vitalis_worker;
grant execute on function vitalis_private.evaluate_goals(uuid, text), vitalis_private.evaluate_goals_batch(uuid, integer) to vitalis_worker;

reset role;

--! split: 3-insights.sql
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

--! split: 4-training.sql
set local lock_timeout = '5s';
set local role vitalis_owner;

-- Training metrics (issue 14, docs/training.md): an estimated one-repetition maximum per lifting
-- set (Epley), personal records flagged by the server as sets arrive (in training order, so an
-- import of older history after newer data still flags the right sets), weekly volume and hard
-- sets per muscle group, and a daily cardio training load with acute:chronic workload ratio.
-- Everything reads as the caller (RLS applies); only the record flags are written, by a trigger.

-- Estimated 1RM ----------------------------------------------------------------------------------

create or replace function vitalis_private.epley_1rm(p_weight_lbs numeric, p_reps integer, p_is_warmup boolean)
  returns numeric language sql immutable parallel safe as $$
  select case
    when coalesce(p_is_warmup, false) or p_weight_lbs is null or p_weight_lbs <= 0 or p_reps is null or p_reps < 1 or p_reps > 12 then null
    when p_reps = 1 then round(p_weight_lbs, 2)
    else round(p_weight_lbs * (1 + p_reps / 30.0), 2)
  end
$$;
comment on function vitalis_private.epley_1rm(numeric, integer, boolean) is
  'The Epley formula, e1RM = weight x (1 + reps / 30), and the weight itself for a single: one definition for the computed column, the personal-record trigger and personalRecords. Null for warm-ups, sets without a positive weight or reps, and sets of more than 12 reps (the formula over-estimates there, so such sets are not estimated).';
revoke all on function vitalis_private.epley_1rm(numeric, integer, boolean) from public;
grant execute on function vitalis_private.epley_1rm(numeric, integer, boolean) to vitalis_api, vitalis_worker, vitalis_admin;

create or replace function vitalis.lifting_sets_estimated_1rm_lbs(s vitalis.lifting_sets)
  returns numeric language sql stable parallel safe as $$
  select vitalis_private.epley_1rm(s.weight_lbs, s.reps, s.is_warmup)
$$;
comment on function vitalis.lifting_sets_estimated_1rm_lbs(vitalis.lifting_sets) is
  'Estimated one-repetition maximum in pounds by the Epley formula: weightLbs x (1 + reps / 30); a single (reps = 1) is its own weight. Null for warm-ups, sets without a weight or reps, and sets of more than 12 reps (Epley over-estimates high-rep sets, so they are not estimated).';
revoke all on function vitalis.lifting_sets_estimated_1rm_lbs(vitalis.lifting_sets) from public;
grant execute on function vitalis.lifting_sets_estimated_1rm_lbs(vitalis.lifting_sets) to vitalis_api, vitalis_worker, vitalis_admin;

create or replace function vitalis.lifting_sets_estimated_1rm_display(s vitalis.lifting_sets)
  returns vitalis.display_value language sql stable as $$
  select vitalis_private.display_value(vitalis_private.epley_1rm(s.weight_lbs, s.reps, s.is_warmup), 'lb', 'weight', 1)
$$;
comment on function vitalis.lifting_sets_estimated_1rm_display(vitalis.lifting_sets) is
  'estimated1RmLbs in the signed-in user''s weight unit (lbs or kg), 1 decimal; null when the set has no estimate.';
revoke all on function vitalis.lifting_sets_estimated_1rm_display(vitalis.lifting_sets) from public;
grant execute on function vitalis.lifting_sets_estimated_1rm_display(vitalis.lifting_sets) to vitalis_api, vitalis_worker, vitalis_admin;

-- Personal records -------------------------------------------------------------------------------

alter table vitalis.lifting_sets add column if not exists is_personal_record boolean not null default false;
comment on column vitalis.lifting_sets.is_personal_record is
  'Set by the server: this set''s estimated 1RM (Epley) beat every earlier set of the same exercise (by session date, then exercise order and set number; the first estimated set of an exercise counts). Recomputed whenever sets or session dates change, so importing older history later moves the records to the right sets. Sets of deleted sessions are never records.';

-- Records are few: the triggers and personalRecords find them without reading every set.
create index if not exists lifting_sets_personal_records_idx on vitalis.lifting_sets (user_id, exercise_id) where is_personal_record;

-- The flags of the given exercises of one user, recomputed in training order from p_from_date on
-- (null: from the start), seeded with the best estimate before that date. Only flags that change
-- are written (a recompute that changes nothing writes, and audits, nothing).
-- Planned for each call's values (plan_cache_mode): a generic plan cannot know that "from this
-- date on" is one session and reads the user's whole history instead.
create or replace function vitalis_private.refresh_personal_records(p_user_id uuid, p_exercise_ids uuid[], p_from_date date)
  returns integer language plpgsql volatile security definer set search_path = pg_catalog set plan_cache_mode = force_custom_plan as $$
declare
  v_previous text := current_setting('app.current_user_id', true);
  v_from date := coalesce(p_from_date, '-infinity'::date);
  v_changed integer;
begin
  if p_user_id is null or p_exercise_ids is null or cardinality(p_exercise_ids) = 0 then
    return 0;
  end if;
  -- RLS binds the owner too: act as the sets' owner for this statement (an admin or the worker
  -- may have written them), then give the request its own identity back.
  perform pg_catalog.set_config('app.current_user_id', p_user_id::text, true);
  -- The best estimate before p_from_date is the best earlier record (the running best only rises
  -- at a record, and the flags before the date are right): a few rows by the partial index, not
  -- the whole history.
  with before as (
    select s.exercise_id, max(vitalis_private.epley_1rm(s.weight_lbs, s.reps, s.is_warmup)) as best
      from vitalis.lifting_sets s
      join vitalis.lifting_sessions ss on ss.session_id = s.session_id and ss.user_id = s.user_id
     where s.user_id = p_user_id and s.exercise_id = any (p_exercise_ids) and s.is_personal_record
       and ss.deleted_at is null and ss.session_date < v_from
     group by s.exercise_id
  ), ranked as (
    select s.set_id, e.e1rm,
           greatest(b.best,
                    max(e.e1rm) over (partition by s.exercise_id
                                      order by ss.session_date, ss.created_at, s.session_id, s.exercise_order nulls last, s.set_number nulls last, s.set_id
                                      rows between unbounded preceding and 1 preceding)) as best_before
      from vitalis.lifting_sets s
      join vitalis.lifting_sessions ss on ss.session_id = s.session_id and ss.user_id = s.user_id
      cross join lateral (select case when ss.deleted_at is null then vitalis_private.epley_1rm(s.weight_lbs, s.reps, s.is_warmup) end as e1rm) e
      left join before b on b.exercise_id = s.exercise_id
     where s.user_id = p_user_id and s.exercise_id = any (p_exercise_ids) and ss.session_date >= v_from
  )
  update vitalis.lifting_sets t
     set is_personal_record = (r.e1rm is not null and (r.best_before is null or r.e1rm > r.best_before))
    from ranked r
   where t.set_id = r.set_id and t.user_id = p_user_id
     and t.is_personal_record is distinct from (r.e1rm is not null and (r.best_before is null or r.e1rm > r.best_before));
  get diagnostics v_changed = row_count;
  perform pg_catalog.set_config('app.current_user_id', coalesce(v_previous, ''), true);
  return v_changed;
end $$;
comment on function vitalis_private.refresh_personal_records(uuid, uuid[], date) is
  'Recomputes is_personal_record for one user''s sets of the given exercises in training order, from p_from_date on (null: all of them; earlier sets only seed the best so far); returns how many flags changed. Security definer because the flag is server-owned (clients have no UPDATE grant on it) and the sets may belong to another user than the writer (admin, worker).';
revoke all on function vitalis_private.refresh_personal_records(uuid, uuid[], date) from public;

-- One user's changed exercises, recomputed from the earliest of the given sessions' dates (from the
-- start when one of them is gone: a cascade from a deleted session or user).
create or replace function vitalis_private.refresh_personal_records_after(p_user_id uuid, p_exercise_ids uuid[], p_session_ids uuid[])
  returns void language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_previous text := current_setting('app.current_user_id', true);
  v_from date;
begin
  perform pg_catalog.set_config('app.current_user_id', p_user_id::text, true);
  select case when count(*) = cardinality(p_session_ids) then min(ss.session_date) end into v_from
    from vitalis.lifting_sessions ss where ss.user_id = p_user_id and ss.session_id = any (p_session_ids);
  perform vitalis_private.refresh_personal_records(p_user_id, p_exercise_ids, v_from);
  perform pg_catalog.set_config('app.current_user_id', coalesce(v_previous, ''), true);
end $$;
comment on function vitalis_private.refresh_personal_records_after(uuid, uuid[], uuid[]) is
  'The personal-record triggers'' step per user: finds the earliest date among the sessions whose sets changed, so only sets from that date on are re-ranked (an import in date order re-ranks just the new session). Security definer: reads the sessions as their owner.';
revoke all on function vitalis_private.refresh_personal_records_after(uuid, uuid[], uuid[]) from public;

-- After a statement on lifting_sets: every (user, exercise) whose sets were added, removed or
-- changed in a way that moves an estimate or the training order is recomputed, once per statement
-- (an import writes a session's sets in one statement). The flag's own update comes back here and
-- finds nothing relevant changed.
create or replace function vitalis_private.tg_lifting_sets__personal_records()
  returns trigger language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  p record;
begin
  if tg_op = 'INSERT' then
    for p in select n.user_id, array_agg(distinct n.exercise_id) as exercises, array_agg(distinct n.session_id) as sessions
               from new_rows n where n.exercise_id is not null group by n.user_id loop
      perform vitalis_private.refresh_personal_records_after(p.user_id, p.exercises, p.sessions);
    end loop;
  elsif tg_op = 'DELETE' then
    for p in select o.user_id, array_agg(distinct o.exercise_id) as exercises, array_agg(distinct o.session_id) as sessions
               from old_rows o where o.exercise_id is not null group by o.user_id loop
      perform vitalis_private.refresh_personal_records_after(p.user_id, p.exercises, p.sessions);
    end loop;
  else
    -- Only changes that move an estimate or the training order; the flag's own update ends here.
    for p in
      select x.user_id, array_agg(distinct x.exercise_id) as exercises, array_agg(distinct x.session_id) as sessions
        from old_rows o join new_rows n on n.set_id = o.set_id
        cross join lateral (values (o.user_id, o.exercise_id, o.session_id), (n.user_id, n.exercise_id, n.session_id)) as x(user_id, exercise_id, session_id)
       where x.exercise_id is not null
         and (o.user_id, o.exercise_id, o.session_id, o.weight_lbs, o.reps, o.is_warmup, o.exercise_order, o.set_number)
             is distinct from (n.user_id, n.exercise_id, n.session_id, n.weight_lbs, n.reps, n.is_warmup, n.exercise_order, n.set_number)
       group by x.user_id
    loop
      perform vitalis_private.refresh_personal_records_after(p.user_id, p.exercises, p.sessions);
    end loop;
  end if;
  return null;
end $$;
comment on function vitalis_private.tg_lifting_sets__personal_records() is
  'Keeps is_personal_record right after inserts, deletes and updates of lifting sets: recomputes the affected exercises of each affected user (not every set of the user), once per statement.';
revoke all on function vitalis_private.tg_lifting_sets__personal_records() from public;

drop trigger if exists _700_personal_records_insert on vitalis.lifting_sets;
create trigger _700_personal_records_insert after insert on vitalis.lifting_sets
  referencing new table as new_rows for each statement execute function vitalis_private.tg_lifting_sets__personal_records();
drop trigger if exists _700_personal_records_update on vitalis.lifting_sets;
create trigger _700_personal_records_update after update on vitalis.lifting_sets
  referencing old table as old_rows new table as new_rows for each statement execute function vitalis_private.tg_lifting_sets__personal_records();
drop trigger if exists _700_personal_records_delete on vitalis.lifting_sets;
create trigger _700_personal_records_delete after delete on vitalis.lifting_sets
  referencing old table as old_rows for each statement execute function vitalis_private.tg_lifting_sets__personal_records();

-- A session moved to another date, deleted or restored changes the order or the set of sets that
-- compete: recompute the exercises it holds.
create or replace function vitalis_private.tg_lifting_sessions__personal_records()
  returns trigger language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  p record;
  v_previous text := current_setting('app.current_user_id', true);
  v_sessions uuid[];
begin
  for p in
    select n.user_id, array_agg(n.session_id) as sessions, min(least(o.session_date, n.session_date)) as from_date
      from old_rows o join new_rows n on n.session_id = o.session_id
     where (o.session_date, o.deleted_at is null) is distinct from (n.session_date, n.deleted_at is null)
     group by n.user_id
  loop
    perform pg_catalog.set_config('app.current_user_id', p.user_id::text, true);
    v_sessions := p.sessions;
    perform vitalis_private.refresh_personal_records(p.user_id,
      array(select distinct s.exercise_id from vitalis.lifting_sets s
             where s.user_id = p.user_id and s.session_id = any (v_sessions) and s.exercise_id is not null),
      p.from_date);
  end loop;
  perform pg_catalog.set_config('app.current_user_id', coalesce(v_previous, ''), true);
  return null;
end $$;
comment on function vitalis_private.tg_lifting_sessions__personal_records() is
  'Recomputes personal records when a session''s date changes or it is deleted or restored: its exercises are re-ranked in the new training order.';
revoke all on function vitalis_private.tg_lifting_sessions__personal_records() from public;

drop trigger if exists _700_personal_records on vitalis.lifting_sessions;
create trigger _700_personal_records after update on vitalis.lifting_sessions
  referencing old table as old_rows new table as new_rows for each statement execute function vitalis_private.tg_lifting_sessions__personal_records();

-- Flags of sets stored before this trigger existed: set once, user by user (RLS binds the owner
-- too: users are listed through the household gate, as the retention purge does).
do $$
declare
  v_gate text := vitalis_private.household_gate_open();
  v_users uuid[];
  v_user uuid;
begin
  select coalesce(array_agg(u.user_id order by u.user_id), '{}') into v_users from vitalis.users u;
  perform vitalis_private.household_gate_close(v_gate);
  foreach v_user in array v_users loop
    perform set_config('app.current_user_id', v_user::text, true);
    perform vitalis_private.refresh_personal_records(v_user,
      array(select distinct s.exercise_id from vitalis.lifting_sets s where s.user_id = v_user and s.exercise_id is not null), null);
  end loop;
  perform set_config('app.current_user_id', '', true);
end $$;

drop function if exists vitalis.personal_records();
create function vitalis.personal_records()
  returns table (exercise_id uuid, exercise_name text, estimated_1rm_lbs numeric, estimated_1rm_display vitalis.display_value,
                 weight_lbs numeric, reps integer, set_id uuid, session_id uuid, session_date date)
  language sql stable as $$
  select distinct on (s.exercise_id)
         s.exercise_id, d.display_name, e.e1rm, vitalis_private.display_value(e.e1rm, 'lb', 'weight', 1),
         s.weight_lbs, s.reps::integer, s.set_id, s.session_id, ss.session_date
    from vitalis.lifting_sets s
    join vitalis.lifting_sessions ss on ss.session_id = s.session_id and ss.user_id = s.user_id and ss.deleted_at is null
    join vitalis.exercise_dictionary d on d.exercise_id = s.exercise_id
    cross join lateral (select vitalis_private.epley_1rm(s.weight_lbs, s.reps, s.is_warmup) as e1rm) e
   where s.user_id = vitalis.current_user_id() and s.is_personal_record
   order by s.exercise_id, e.e1rm desc, ss.session_date, s.set_id
$$;
comment on function vitalis.personal_records() is '@behavior +list -connection
@listSuffix omit
Your current personal record for every exercise you have an estimate for: the set with the best estimated 1RM (Epley, weight x (1 + reps / 30), sets of 1 to 12 reps, warm-ups left out), the first time it was reached. Ordered by exercise id; deleted sessions do not count.';
revoke all on function vitalis.personal_records() from public;
grant execute on function vitalis.personal_records() to vitalis_api, vitalis_worker, vitalis_admin;

-- Shared range check ------------------------------------------------------------------------------

create or replace function vitalis_private.assert_training_range(p_from date, p_to date, p_max_days integer)
  returns void language plpgsql immutable as $$
begin
  if p_from is null then
    raise exception 'fromDate: is required' using errcode = '22023', column = 'from_date';
  end if;
  if p_to is null then
    raise exception 'toDate: is required' using errcode = '22023', column = 'to_date';
  end if;
  if p_to < p_from then
    raise exception 'toDate: must be on or after fromDate (%), got %', p_from, p_to using errcode = '22023', column = 'to_date';
  end if;
  if p_to - p_from + 1 > p_max_days then
    raise exception 'toDate: the range may span at most % days (3 years), got % days', p_max_days, p_to - p_from + 1
      using errcode = '22023', column = 'to_date', hint = 'Ask for a shorter range, e.g. one year at a time.';
  end if;
end $$;
comment on function vitalis_private.assert_training_range(date, date, integer) is
  'Refuses a missing, reversed or too long fromDate..toDate range, so one request of the training functions has a bounded cost.';
revoke all on function vitalis_private.assert_training_range(date, date, integer) from public;
grant execute on function vitalis_private.assert_training_range(date, date, integer) to vitalis_api, vitalis_worker, vitalis_admin;

-- Weekly volume -----------------------------------------------------------------------------------

drop function if exists vitalis.weekly_training_volume(date, date);
create function vitalis.weekly_training_volume(from_date date default (current_date - 83), to_date date default current_date)
  returns table (week_start date, iso_week text, muscle_group text, tonnage_lbs numeric, tonnage_display vitalis.display_value,
                 working_sets numeric, hard_sets numeric)
  language plpgsql stable as $$
begin
  perform vitalis_private.assert_training_range(from_date, to_date, 1096);
  return query
  with sets as (
    select ss.session_date, s.weight_lbs, s.reps, s.rpe, d.primary_muscle, d.secondary_muscles,
           case when s.reps is not null and s.weight_lbs is not null then s.weight_lbs * s.reps else 0 end as tonnage,
           (case when s.rpe is not null then s.rpe >= 7 else coalesce(s.reps, 0) >= 1 end) as hard
      from vitalis.lifting_sets s
      join vitalis.lifting_sessions ss on ss.session_id = s.session_id and ss.user_id = s.user_id and ss.deleted_at is null
      join vitalis.exercise_dictionary d on d.exercise_id = s.exercise_id
     where s.user_id = vitalis.current_user_id() and ss.user_id = vitalis.current_user_id()
       and ss.session_date between from_date and to_date
       and not coalesce(s.is_warmup, false)
       and d.primary_muscle is not null and d.category is distinct from 'cardio'
  ), credited as (
    -- A set counts in full for its primary muscle and as half a set for each secondary muscle.
    select x.session_date, x.primary_muscle as muscle, 1.0 as share, x.tonnage, x.hard from sets x
    union all
    select x.session_date, m.muscle, 0.5, x.tonnage, x.hard
      from sets x cross join lateral unnest(x.secondary_muscles) as m(muscle)
     where m.muscle is not null and m.muscle <> x.primary_muscle
  )
  select date_trunc('week', c.session_date)::date,
         to_char(date_trunc('week', c.session_date), 'IYYY-"W"IW'),
         c.muscle,
         round(sum(c.share * c.tonnage), 1),
         vitalis_private.display_value(round(sum(c.share * c.tonnage), 1), 'lb', 'weight', 0),
         sum(c.share),
         coalesce(sum(c.share) filter (where c.hard), 0)
    from credited c
   group by 1, 2, 3
   order by 1, 3;
end $$;
comment on function vitalis.weekly_training_volume(date, date) is '@behavior +list -connection
@listSuffix omit
Your lifting volume per ISO week (Monday to Sunday) and muscle group, for sessions from fromDate to toDate (inclusive, default the last 12 weeks; at most 3 years). Warm-ups and cardio exercises are left out, as are sets of exercises the dictionary does not know. A set counts fully for its exercise''s primary muscle and as half a set for each secondary muscle, for sets and tonnage alike. tonnageLbs: weight x reps. workingSets: every other set. hardSets: sets logged with RPE 7 or more (3 or fewer reps in reserve) or, where no RPE was logged, every working set with at least one rep. Weeks cut by the range count only the days inside it.';
revoke all on function vitalis.weekly_training_volume(date, date) from public;
grant execute on function vitalis.weekly_training_volume(date, date) to vitalis_api, vitalis_worker, vitalis_admin;

-- Training load ------------------------------------------------------------------------------------

drop function if exists vitalis.training_load(date, date);
create function vitalis.training_load(from_date date default (current_date - 89), to_date date default current_date)
  returns table (day date, load numeric, tss_load numeric, trimp_load numeric, activities integer, activities_without_load integer,
                 acute_load numeric, chronic_load numeric, acute_chronic_ratio numeric)
  language plpgsql stable as $$
declare
  v_user uuid := vitalis.current_user_id();
  v_activities vitalis.data_source[] := vitalis.source_priority('activities');
  v_first date;
begin
  perform vitalis_private.assert_training_range(from_date, to_date, 1096);
  if v_user is null then
    return;
  end if;
  -- History starts at the first activity ever recorded: before it the zeros are not rest days.
  select min(a.activity_date) into v_first from vitalis.wearable_activities a where a.user_id = v_user;
  return query
  with acts as materialized (
    select a.activity_id, a.activity_date, a.source, a.start_time,
           coalesce(a.end_time, a.start_time + make_interval(secs => coalesce(a.duration_seconds, 0))) as end_time,
           coalesce(array_position(v_activities, a.source), 1000) as rank,
           a.training_stress_score as tss,
           case when num_nonnulls(a.hr_zone_1_seconds, a.hr_zone_2_seconds, a.hr_zone_3_seconds, a.hr_zone_4_seconds, a.hr_zone_5_seconds) > 0
                then (coalesce(a.hr_zone_1_seconds, 0) * 1 + coalesce(a.hr_zone_2_seconds, 0) * 2 + coalesce(a.hr_zone_3_seconds, 0) * 3
                      + coalesce(a.hr_zone_4_seconds, 0) * 4 + coalesce(a.hr_zone_5_seconds, 0) * 5) / 60.0 end as trimp
      from vitalis.wearable_activities a
     where a.user_id = v_user and a.activity_date between from_date - 27 and to_date
  ), kept as (
    -- The same workout synced from two sources overlaps in time: keep the better source's (as the dashboard does).
    select a.* from acts a
     where not exists (
       select 1 from acts b
        where b.activity_date = a.activity_date and b.source <> a.source
          and (b.rank, b.source) < (a.rank, a.source)
          and b.start_time < a.end_time and a.start_time < b.end_time)
  ), per_day as (
    select k.activity_date,
           coalesce(sum(k.tss), 0) as tss_load,
           coalesce(sum(k.trimp) filter (where k.tss is null), 0) as trimp_load,
           count(*)::integer as n,
           (count(*) filter (where k.tss is null and k.trimp is null))::integer as without_load
      from kept k group by k.activity_date
  ), series as (
    select g.d::date as d, coalesce(p.tss_load, 0) + coalesce(p.trimp_load, 0) as load,
           coalesce(p.tss_load, 0) as tss_load, coalesce(p.trimp_load, 0) as trimp_load,
           coalesce(p.n, 0) as n, coalesce(p.without_load, 0) as without_load
      from generate_series(from_date - 27, to_date, interval '1 day') as g(d)
      left join per_day p on p.activity_date = g.d::date
  ), rolling as (
    select s.*,
           avg(s.load) over (order by s.d rows between 6 preceding and current row) as acute,
           avg(s.load) over (order by s.d rows between 27 preceding and current row) as chronic
      from series s
  )
  select r.d, round(r.load, 1), round(r.tss_load, 1), round(r.trimp_load, 1), r.n, r.without_load,
         round(r.acute, 2), round(r.chronic, 2),
         case when v_first is null or r.d - v_first + 1 < 28 or r.chronic = 0 then null else round(r.acute / r.chronic, 2) end
    from rolling r
   where r.d between from_date and to_date
   order by r.d;
end $$;
comment on function vitalis.training_load(date, date) is '@behavior +list -connection
@listSuffix omit
Your daily cardio training load from fromDate to toDate (inclusive, default the last 90 days; at most 3 years), one row per day, days without activity counting as 0. load: the sum of the day''s activities'' training stress score (TSS) or, for an activity without one, Edwards'' TRIMP from its heart-rate zones (minutes in zone 1 to 5 weighted 1 to 5); an activity with neither adds nothing and is counted in activitiesWithoutLoad. A workout recorded by two sources (overlapping in time) counts once, from the better source. acuteLoad: mean load of the 7 days ending that day; chronicLoad: mean of the 28 days ending that day; acuteChronicRatio: acute / chronic, null while chronic is 0 or less than 28 days have passed since your first recorded activity.';
revoke all on function vitalis.training_load(date, date) from public;
grant execute on function vitalis.training_load(date, date) to vitalis_api, vitalis_worker, vitalis_admin;

reset role;

--! split: 5-analytics.sql
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
