/*
 * Error messages of our own functions, as the API shows them: "<field>: <rule>", where the field
 * is the GraphQL argument or input field (camelCase), and `column =` names it for the error
 * mapping (src/server/pgErrors.ts), so the error carries extensions.field. No table, function or
 * constraint names. Each function below is the latest committed definition with only its RAISE
 * messages (and their column) changed; same signatures, so grants and comments stay.
 *
 * Redefined here (a later change to one of these must be made here, or this file undoes it):
 *   vitalis_private.tg_blood_markers__derive()                     -- unit: ...
 *   vitalis_private.tg_custom_metric_entries__validate()           -- valueNumeric: ...
 *   vitalis_private.tg_user_preferences__validate_source_priority() -- sourcePriority: ...
 *   vitalis.invite_household_member(text)                          -- email: ...
 *   vitalis.accept_household_invite(text)                          -- token: ...
 *   vitalis.grant_profile_view(uuid)                               -- viewer: ...
 *   vitalis.biomarker_trend(text, date, uuid)                      -- biomarker: ...
 *   vitalis.dashboard(integer, uuid)                               -- days: ...
 *   vitalis_private.check_partition_dates(text, text, date, date)  -- <field>: ... outside the accepted range
 * biomarker_trend and dashboard also refuse a forUser who shared nothing with the caller
 * (vitalis_private.assert_may_read, 6-for-user-forbidden.sql). check_batch's messages are in
 * 4-validation-parity.sql, which redefines it.
 */
set local lock_timeout = '5s';
set local role vitalis_owner;

create or replace function vitalis_private.tg_blood_markers__derive() returns trigger
  language plpgsql as $$
declare
  d vitalis.biomarker_dictionary;
  v_sex text;
  v_accepted text[];
  v_low numeric;
  v_high numeric;
begin
  if new.value_numeric is null or new.biomarker_id is null then
    new.value_canonical := case when new.biomarker_id is null then new.value_numeric end;
    if new.value_numeric is not null and new.in_range is null and (new.ref_range_low is not null or new.ref_range_high is not null) then
      new.in_range := new.value_numeric >= coalesce(new.ref_range_low, new.value_numeric)
                  and new.value_numeric <= coalesce(new.ref_range_high, new.value_numeric);
    end if;
    return new;
  end if;
  select * into d from vitalis.biomarker_dictionary where biomarker_id = new.biomarker_id;
  v_accepted := array_append(coalesce(d.common_units, '{}'), d.canonical_unit);
  if coalesce(vitalis.normalize_unit(new.unit), '') not in (select coalesce(vitalis.normalize_unit(u), '') from unnest(v_accepted) u) then
    raise exception 'unit: "%" is not an accepted unit for %; accepted units: %',
      coalesce(new.unit, '(none)'), d.display_name, array_to_string(v_accepted, ', ')
      using errcode = '22023', column = 'unit', table = 'blood_markers', schema = 'vitalis';
  end if;
  new.value_canonical := vitalis.convert_unit(new.value_numeric, coalesce(new.unit, d.canonical_unit), d.canonical_unit, d.biomarker_id);
  if new.value_canonical is null then
    raise exception 'unit: no conversion from "%" to % is known for %', new.unit, d.canonical_unit, d.display_name
      using errcode = '22023', column = 'unit', table = 'blood_markers', schema = 'vitalis';
  end if;
  if new.optimal_low is null and new.optimal_high is null then
    select biological_sex into v_sex from vitalis.users where user_id = new.user_id;
    new.optimal_low := case when v_sex = 'female' then d.optimal_low_female else d.optimal_low_male end;
    new.optimal_high := case when v_sex = 'female' then d.optimal_high_female else d.optimal_high_male end;
  end if;
  -- The lab's own range (in the reported unit) wins; otherwise the dictionary's normal range.
  if new.ref_range_low is not null or new.ref_range_high is not null then
    v_low := new.ref_range_low; v_high := new.ref_range_high;
    if new.in_range is null then
      new.in_range := new.value_numeric >= coalesce(v_low, new.value_numeric) and new.value_numeric <= coalesce(v_high, new.value_numeric);
    end if;
    if new.flag is null then
      new.flag := case when new.value_numeric < v_low then 'L' when new.value_numeric > v_high then 'H' end;
    end if;
  elsif d.normal_low is not null or d.normal_high is not null then
    if new.in_range is null then
      new.in_range := new.value_canonical >= coalesce(d.normal_low, new.value_canonical) and new.value_canonical <= coalesce(d.normal_high, new.value_canonical);
    end if;
    if new.flag is null then
      new.flag := case when new.value_canonical < d.normal_low then 'L' when new.value_canonical > d.normal_high then 'H' end;
    end if;
  end if;
  return new;
end $$;

create or replace function vitalis_private.tg_custom_metric_entries__validate() returns trigger
  language plpgsql as $$
declare
  m vitalis.custom_metrics;
begin
  select * into m from vitalis.custom_metrics where metric_id = new.metric_id;
  if m.data_type in ('numeric', 'scale_1_5') and new.value_numeric is null then
    raise exception 'valueNumeric: metric "%" needs a numeric value', m.name using errcode = '23514', column = 'value_numeric';
  end if;
  if m.data_type = 'scale_1_5' and (new.value_numeric not between 1 and 5 or new.value_numeric <> trunc(new.value_numeric)) then
    raise exception 'valueNumeric: metric "%" takes a whole number from 1 to 5, not %', m.name, new.value_numeric using errcode = '23514', column = 'value_numeric';
  end if;
  if m.data_type = 'boolean' and new.value_numeric is not null and new.value_numeric not in (0, 1) then
    raise exception 'valueNumeric: metric "%" is yes/no (0 or 1), not %', m.name, new.value_numeric using errcode = '23514', column = 'value_numeric';
  end if;
  if new.value_numeric < m.min_value or new.value_numeric > m.max_value then
    raise exception 'valueNumeric: % is outside % to % for metric "%"', new.value_numeric, m.min_value, m.max_value, m.name using errcode = '23514', column = 'value_numeric';
  end if;
  return new;
end $$;

create or replace function vitalis_private.tg_user_preferences__validate_source_priority() returns trigger
  language plpgsql as $$
declare
  v_category text;
  v_sources jsonb;
  v_source jsonb;
begin
  if jsonb_typeof(new.source_priority) <> 'object' then
    raise exception 'sourcePriority: must be an object of category: [sources]' using errcode = '22023', column = 'source_priority';
  end if;
  for v_category, v_sources in select key, value from jsonb_each(new.source_priority) loop
    if v_category not in ('sleep', 'steps', 'hrv', 'heart_rate', 'readiness', 'recovery', 'activities') then
      raise exception 'sourcePriority: unknown category "%" (sleep, steps, hrv, heart_rate, readiness, recovery, activities)', v_category
        using errcode = '22023', column = 'source_priority';
    end if;
    if jsonb_typeof(v_sources) <> 'array' then
      raise exception 'sourcePriority.%: must be a list of sources', v_category using errcode = '22023', column = 'source_priority';
    end if;
    for v_source in select value from jsonb_array_elements(v_sources) loop
      if jsonb_typeof(v_source) <> 'string' or not (v_source #>> '{}') = any (enum_range(null::vitalis.data_source)::text[]) then
        raise exception 'sourcePriority.%: "%" is not a data source', v_category, v_source #>> '{}'
          using errcode = '22023', column = 'source_priority';
      end if;
    end loop;
  end loop;
  return new;
end $$;

create or replace function vitalis.invite_household_member(email text, out invite_id uuid, out token text)
  language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_me uuid := vitalis.current_user_id();
  v_email text := lower(btrim(email));
  v_gate text;
  v_account vitalis.accounts;
  v_members integer;
begin
  if v_me is null then
    raise exception 'sign in to invite members' using errcode = '42501';
  end if;
  if v_email is null or v_email !~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' or length(v_email) > 320 then
    raise exception 'email: % is not an email address', coalesce(quote_literal(email), 'NULL') using errcode = '22023', column = 'email';
  end if;
  v_gate := vitalis_private.household_gate_open();
  select a.* into v_account from vitalis.accounts a
   where a.account_id = (select u.account_id from vitalis.users u where u.user_id = v_me) for update;
  if v_account.owner_user_id is distinct from v_me then
    raise exception 'only the owner of the account may invite members' using errcode = '42501';
  end if;
  if v_account.subscription_tier <> 'family' then
    raise exception 'email: only a family account can have members; this account is on the % tier', v_account.subscription_tier
      using errcode = '23514', column = 'email', hint = 'Upgrade to the family tier first.';
  end if;
  if v_account.subscription_status not in ('active', 'trialing') then
    raise exception 'email: the family subscription is %', v_account.subscription_status using errcode = '23514', column = 'email';
  end if;
  if exists (select 1 from vitalis.users u where u.account_id = v_account.account_id and u.email = v_email) then
    raise exception 'email: % is already a member of this account', v_email using errcode = '23505', column = 'email';
  end if;
  select count(*) into v_members from vitalis.users u where u.account_id = v_account.account_id;
  if v_members >= v_account.max_users then
    raise exception 'email: the account is full (a % account holds at most % %)', v_account.subscription_tier, v_account.max_users,
      case when v_account.max_users = 1 then 'user' else 'users' end
      using errcode = '23514', column = 'email';
  end if;
  -- A new invitation to the same address replaces the previous one.
  update vitalis.household_invites i set revoked_at = now()
   where i.account_id = v_account.account_id and i.email = v_email and i.accepted_at is null and i.revoked_at is null;
  token := encode(public.gen_random_bytes(32), 'hex');
  insert into vitalis.household_invites (user_id, account_id, email, token_hash)
  values (v_me, v_account.account_id, v_email, sha256(convert_to(token, 'UTF8')))
  returning household_invites.invite_id into invite_id;
  perform vitalis_private.household_gate_close(v_gate);
end $$;

create or replace function vitalis.accept_household_invite(token text) returns uuid
  language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_me uuid := vitalis.current_user_id();
  v_gate text;
  v_invite vitalis.household_invites;
  v_user vitalis.users;
  v_old vitalis.accounts;
  v_target vitalis.accounts;
begin
  if v_me is null then
    raise exception 'sign in to accept an invitation' using errcode = '42501';
  end if;
  v_gate := vitalis_private.household_gate_open();
  select i.* into v_invite from vitalis.household_invites i
   where i.token_hash = sha256(convert_to(coalesce(token, ''), 'UTF8')) for update;
  if not found then
    raise exception 'token: this invitation is not valid' using errcode = '22023', column = 'token';
  elsif v_invite.accepted_at is not null then
    raise exception 'token: this invitation has already been used' using errcode = '22023', column = 'token';
  elsif v_invite.revoked_at is not null then
    raise exception 'token: this invitation was withdrawn' using errcode = '22023', column = 'token';
  elsif v_invite.expires_at <= now() then
    raise exception 'token: this invitation has expired' using errcode = '22023', column = 'token';
  end if;
  select u.* into v_user from vitalis.users u where u.user_id = v_me for update;
  if v_user.email is distinct from v_invite.email then
    raise exception 'token: this invitation was sent to a different email address' using errcode = '42501';
  end if;
  if v_user.account_id = v_invite.account_id then
    raise exception 'token: you are already a member of this account' using errcode = '23505', column = 'token';
  end if;
  -- Lock both accounts in a fixed order, so two acceptances cannot deadlock.
  perform 1 from vitalis.accounts a where a.account_id in (v_user.account_id, v_invite.account_id) order by a.account_id for update;
  select a.* into v_old from vitalis.accounts a where a.account_id = v_user.account_id;
  select a.* into v_target from vitalis.accounts a where a.account_id = v_invite.account_id;
  if exists (select 1 from vitalis.users u where u.account_id = v_old.account_id and u.user_id <> v_me) then
    raise exception 'token: your account has other members; only a user alone in their account can join another one' using errcode = '23514', column = 'token';
  end if;
  if v_old.subscription_tier <> 'free' and v_old.subscription_status in ('active', 'trialing', 'past_due') then
    raise exception 'token: cancel your % subscription before joining a family account', v_old.subscription_tier using errcode = '23514', column = 'token';
  end if;
  if v_target.subscription_tier <> 'family' or v_target.subscription_status not in ('active', 'trialing') then
    raise exception 'token: the inviting account is no longer an active family account' using errcode = '23514', column = 'token';
  end if;
  -- The max_users trigger refuses the move if the account filled up meanwhile.
  update vitalis.users u set account_id = v_invite.account_id where u.user_id = v_me;
  update vitalis.household_invites i set accepted_at = now(), accepted_by = v_me where i.invite_id = v_invite.invite_id;
  delete from vitalis.accounts a where a.account_id = v_old.account_id
     and not exists (select 1 from vitalis.users u where u.account_id = a.account_id);
  perform vitalis_private.household_gate_close(v_gate);
  return v_invite.account_id;
end $$;

create or replace function vitalis.grant_profile_view(viewer uuid) returns vitalis.profile_shares
  language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_me uuid := vitalis.current_user_id();
  v_gate text;
  v_share vitalis.profile_shares;
begin
  if v_me is null then
    raise exception 'sign in to share your profile' using errcode = '42501';
  end if;
  if viewer is null or viewer = v_me then
    raise exception 'viewer: choose another member of your household to share with' using errcode = '22023', column = 'viewer';
  end if;
  v_gate := vitalis_private.household_gate_open();
  -- Same message whether the user does not exist or is in another account: no probing.
  if not exists (select 1 from vitalis.users me join vitalis.users v on v.account_id = me.account_id
                  where me.user_id = v_me and v.user_id = viewer and v.deleted_at is null) then
    raise exception 'viewer: you can only share your profile with members of your own household account' using errcode = '22023', column = 'viewer';
  end if;
  select s.* into v_share from vitalis.profile_shares s
   where s.user_id = v_me and s.viewer_user_id = viewer and s.revoked_at is null;
  if not found then
    insert into vitalis.profile_shares (user_id, viewer_user_id) values (v_me, viewer) returning * into v_share;
  end if;
  perform vitalis_private.household_gate_close(v_gate);
  return v_share;
end $$;

create or replace function vitalis.biomarker_trend(biomarker text, since date default (current_date - 730), for_user uuid default null)
  returns setof vitalis.biomarker_result
  language plpgsql stable parallel safe security invoker as $$
declare
  v_user uuid := coalesce(for_user, vitalis.current_user_id());
  d vitalis.biomarker_dictionary;
begin
  perform vitalis_private.assert_may_read(for_user);
  select * into d from vitalis.biomarker_dictionary b where b.canonical_name = lower(btrim(biomarker));
  if not found then
    raise exception 'biomarker: no biomarker is named "%" (use a canonicalName from biomarkerDictionaries, e.g. glucose)', biomarker
      using errcode = '22023', column = 'biomarker', hint = 'Use a canonicalName from biomarkerDictionaries, e.g. glucose, hdl_cholesterol, ldl_cholesterol.';
  end if;
  return query
  select d.biomarker_id, d.canonical_name, d.display_name, d.category,
         m.marker_id, m.panel_id, p.collected_at, m.value_canonical::numeric, m.value_text, d.canonical_unit,
         d.normal_low::numeric, d.normal_high::numeric,
         case u.biological_sex when 'female' then d.optimal_low_female when 'male' then d.optimal_low_male else m.optimal_low end::numeric,
         case u.biological_sex when 'female' then d.optimal_high_female when 'male' then d.optimal_high_male else m.optimal_high end::numeric,
         m.flag, m.in_range
    from vitalis.blood_markers m
    join vitalis.blood_panels p on p.panel_id = m.panel_id and p.user_id = m.user_id
    left join vitalis.users u on u.user_id = m.user_id
   where m.user_id = v_user
     and m.biomarker_id = d.biomarker_id
     and p.deleted_at is null
     and p.collected_at >= coalesce(since, '-infinity'::date)
   order by p.collected_at, m.marker_id;
end $$;

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
      (array_agg(s.source order by coalesce(array_position(v_sleep, s.source), 1000), s.source) filter (where s.sleep_score is not null))[1] as sleep_score_source
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
         coalesce(activities.activities_count, 0), coalesce(activities.activities_duration_seconds, 0)
    from generate_series(v_from, v_to, interval '1 day') as g(day)
    left join daily on daily.date = g.day::date
    left join sleep on sleep.date = g.day::date
    left join activities on activities.date = g.day::date
   order by g.day;
end $$;

-- Batch dates outside the partition window: the field as the API names it, no table prefix.
create or replace function vitalis_private.check_partition_dates(p_table text, p_column text, p_min date, p_max date) returns void
  language plpgsql stable as $$
begin
  if p_min < vitalis_private.partition_window_start() or p_max > vitalis_private.partition_window_end() then
    raise exception '%: % is outside the accepted range % to %', vitalis_private.field_name(p_column),
      case when p_min < vitalis_private.partition_window_start() then p_min else p_max end,
      vitalis_private.partition_window_start(), vitalis_private.partition_window_end()
      using errcode = '22008', column = p_column, table = p_table, schema = 'vitalis';
  end if;
end $$;

reset role;
