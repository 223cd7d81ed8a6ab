--! Previous: sha1:904a77d98cd7515ad72911c3c949a723b24f78a2
--! Hash: sha1:4e6ab8170da1db1210981e015a0fcbb5c8e3d368
--! Message: User source priority per metric category

--! split: 1-current.sql
set local lock_timeout = '5s';
set local role vitalis_owner;

/*
 * The user's own source priority (issue 4 item 6): which device to trust first for each metric
 * category, overriding the defaults of vitalis.source_priority. Stored on user_preferences as
 * {"sleep": ["whoop", "oura"], ...}; sources left out rank after the listed ones, in the default
 * order. Validated on write so a typo is a clear error, not a silently ignored preference.
 */
alter table vitalis.user_preferences add column if not exists source_priority jsonb not null default '{}';
comment on column vitalis.user_preferences.source_priority is
  'Your own order of trust per metric category, best first, e.g. {"sleep": ["whoop", "oura"], "steps": ["apple_health"]}. Categories: sleep, steps, hrv, heart_rate, readiness, recovery, activities. Sources you leave out keep the default order after yours.';

create or replace function vitalis_private.tg_user_preferences__validate_source_priority() returns trigger
  language plpgsql as $$
declare
  v_category text;
  v_sources jsonb;
  v_source jsonb;
begin
  if jsonb_typeof(new.source_priority) <> 'object' then
    raise exception 'user_preferences.source_priority must be an object of category: [sources]' using errcode = '22023', column = 'source_priority';
  end if;
  for v_category, v_sources in select key, value from jsonb_each(new.source_priority) loop
    if v_category not in ('sleep', 'steps', 'hrv', 'heart_rate', 'readiness', 'recovery', 'activities') then
      raise exception 'user_preferences.source_priority: unknown category "%" (sleep, steps, hrv, heart_rate, readiness, recovery, activities)', v_category
        using errcode = '22023', column = 'source_priority';
    end if;
    if jsonb_typeof(v_sources) <> 'array' then
      raise exception 'user_preferences.source_priority.%: must be a list of sources', v_category using errcode = '22023', column = 'source_priority';
    end if;
    for v_source in select value from jsonb_array_elements(v_sources) loop
      if jsonb_typeof(v_source) <> 'string' or not (v_source #>> '{}') = any (enum_range(null::vitalis.data_source)::text[]) then
        raise exception 'user_preferences.source_priority.%: "%" is not a data source', v_category, v_source #>> '{}'
          using errcode = '22023', column = 'source_priority';
      end if;
    end loop;
  end loop;
  return new;
end $$;
drop trigger if exists _200_validate_source_priority on vitalis.user_preferences;
create trigger _200_validate_source_priority before insert or update of source_priority on vitalis.user_preferences
  for each row execute function vitalis_private.tg_user_preferences__validate_source_priority();

-- The signed-in user's order first, then the defaults not already named.
create or replace function vitalis.source_priority(category text) returns vitalis.data_source[]
  language sql stable parallel safe security invoker as $$
  with mine as (
    select coalesce(array(select jsonb_array_elements_text(p.source_priority -> category)), '{}')::vitalis.data_source[] as sources
      from vitalis.user_preferences p where p.user_id = vitalis.current_user_id()
  ), defaults as (
    select (case category
      when 'sleep' then array['oura', 'whoop', 'garmin', 'fitbit', 'withings', 'apple_health']
      when 'steps' then array['garmin', 'fitbit', 'apple_health', 'oura']
      when 'hrv' then array['oura', 'whoop', 'garmin']
      when 'heart_rate' then array['oura', 'whoop', 'garmin', 'fitbit', 'withings', 'apple_health']
      when 'readiness' then array['oura', 'whoop', 'garmin']
      when 'recovery' then array['whoop', 'oura', 'garmin']
      when 'activities' then array['garmin', 'polar', 'coros', 'suunto', 'whoop', 'fitbit', 'apple_health', 'oura', 'strava']
    end)::vitalis.data_source[] as sources
  )
  select case when d.sources is null then null
              else coalesce(m.sources, '{}') || array(select s from unnest(d.sources) with ordinality u(s, n)
                                                     where s <> all (coalesce(m.sources, '{}')) order by n) end
    from defaults d left join mine m on true
$$;
comment on function vitalis.source_priority(text) is
  'The order in which sources are trusted for a metric category, best first: your own order from user_preferences.source_priority, then the defaults you did not name. Categories: sleep (total sleep, sleep score), steps (steps, distance, active calories), hrv, heart_rate (resting heart rate), readiness, recovery, activities (which of two overlapping workouts from different sources is kept). Sources not listed rank after the listed ones. NULL for an unknown category.';

reset role;
