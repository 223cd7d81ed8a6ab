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
