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
