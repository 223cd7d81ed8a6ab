--! Previous: sha1:285c551d7b587b5c94359e215f03f7d5b9ac25ce
--! Hash: sha1:cfbe377f9e7384fd4ac2fff29c0b84b17db4334b
--! Message: source_priority in PL/pgSQL, planned once per connection instead of in every transaction; the biomarker trend on a generic plan

--! split: 1-current.sql
set local lock_timeout = '5s';
set local role vitalis_owner;

-- source_priority in PL/pgSQL. As a SQL function that PostgreSQL cannot inline (a CTE over
-- user_preferences), its query was planned again in every transaction that called it (PostgreSQL
-- before 18 keeps no plan for such a function beyond one query's execution), and the dashboard
-- calls it seven times: about 0.3 ms of planning each, most of a request's time in the database.
-- PL/pgSQL keeps its plans for the session. Same answers. On the 200-user bench set, each call in
-- a transaction of its own, as the API makes them (medians of 20 users): dashboard(30) 2.49 ->
-- 0.87-0.93 ms.
create or replace function vitalis.source_priority(category text) returns vitalis.data_source[]
  language plpgsql stable parallel safe
as $$
declare
  v_defaults vitalis.data_source[] := (case category
      when 'sleep' then array['oura', 'whoop', 'garmin', 'fitbit', 'withings', 'apple_health']
      when 'steps' then array['garmin', 'fitbit', 'apple_health', 'oura']
      when 'hrv' then array['oura', 'whoop', 'garmin']
      when 'heart_rate' then array['oura', 'whoop', 'garmin', 'fitbit', 'withings', 'apple_health']
      when 'readiness' then array['oura', 'whoop', 'garmin']
      when 'recovery' then array['whoop', 'oura', 'garmin']
      when 'activities' then array['garmin', 'polar', 'coros', 'suunto', 'whoop', 'fitbit', 'apple_health', 'oura', 'strava']
    end)::vitalis.data_source[];
  v_mine vitalis.data_source[];
begin
  if v_defaults is null then
    return null;
  end if;
  select coalesce(array(select jsonb_array_elements_text(p.source_priority -> category)), '{}')::vitalis.data_source[]
    into v_mine
    from vitalis.user_preferences p where p.user_id = vitalis.current_user_id();
  v_mine := coalesce(v_mine, '{}');
  return v_mine || array(select s from unnest(v_defaults) with ordinality u(s, n) where s <> all (v_mine) order by n);
end $$;

comment on function vitalis.source_priority(text) is
  'The order in which sources are trusted for a metric category, best first: your own order from user_preferences.source_priority, then the defaults you did not name. Categories: sleep (total sleep, sleep score), steps (steps, distance, active calories), hrv, heart_rate (resting heart rate), readiness, recovery, activities (which of two overlapping workouts from different sources is kept). Sources not listed rank after the listed ones. NULL for an unknown category.';

-- The biomarker trend's statements took a custom plan on every call as well (five planner runs per
-- request); one generic plan per connection serves every user the same way.
alter function vitalis.biomarker_trend(text, date, uuid) set plan_cache_mode = force_generic_plan;

reset role;
