/*
 * Time-zone history (issue 9). Fitbit's local times and other providers' day-level data carry no
 * UTC offset: they are placed with the zone the user was in at that time, not the one configured
 * now. A user's ranges never overlap; user- and client-set ranges always win over learned ones
 * (learned ranges only fill the gaps between them). Outside every range the zone is
 * user_preferences.timezone, then UTC.
 */
set local lock_timeout = '5s';

-- Before switching to the owner: installing into public needs the migrating user's rights.
-- btree_gist lets one exclusion constraint say "same user and overlapping range".
create extension if not exists btree_gist with schema public;

set local role vitalis_owner;

create table if not exists vitalis.user_timezones (
  timezone_id uuid primary key default gen_random_uuid(),
  user_id uuid not null default vitalis.current_user_id() references vitalis.users on delete cascade,
  timezone text not null default 'UTC'
    constraint user_timezones_timezone_check check (length(timezone) <= 64 and timezone ~ '^[A-Za-z][A-Za-z0-9_/+-]*$' and now() at time zone timezone is not null),
  utc_offset_minutes smallint constraint user_timezones_utc_offset_minutes_range check (utc_offset_minutes >= -720 and utc_offset_minutes <= 840),
  valid_from timestamptz not null default now(),
  valid_to timestamptz,
  source text not null default 'user' constraint user_timezones_source_check check (source in ('user', 'client', 'learned')),
  created_at timestamptz not null default now(),
  constraint user_timezones_valid_to_after_from check (valid_to is null or valid_to > valid_from),
  constraint user_timezones_learned_offset check ((source = 'learned') = (utc_offset_minutes is not null)),
  constraint user_timezones_no_overlap exclude using gist (user_id with =, tstzrange(valid_from, valid_to) with &&)
);
comment on table vitalis.user_timezones is
  'Where the user was, as time-zone ranges: set by the user or a client app, or learned from data that carries UTC offsets (Apple Health, Garmin). Offset-less data (Fitbit local times) is placed with the zone valid at that time. Ranges of one user never overlap.';
comment on column vitalis.user_timezones.timezone is 'IANA time zone name in force during the range. A learned range holds a fixed-offset zone with the observed offset (Etc/GMT-5 for UTC+05:00).';
comment on column vitalis.user_timezones.utc_offset_minutes is 'Learned ranges only: the UTC offset observed in the data, in minutes east of UTC (+330 for +05:30); the evidence the timezone was chosen from.';
comment on column vitalis.user_timezones.valid_from is 'First instant the zone applies (inclusive).';
comment on column vitalis.user_timezones.valid_to is 'Instant the zone stops applying (exclusive); NULL while it still applies.';
comment on column vitalis.user_timezones.source is 'user (set by the person), client (set by an app, e.g. from the phone''s zone), learned (from offsets in imported or synced data; never overrides the other two).';

create index if not exists user_timezones_user_from on vitalis.user_timezones (user_id, valid_from);

do $$
begin
  if not exists (select 1 from pg_policy where polrelid = 'vitalis.user_timezones'::regclass and polname = 'user_isolation') then
    perform vitalis_private.secure_user_table('vitalis.user_timezones', 'timezone_id');
  end if;
end $$;
-- Clients write through vitalis.set_timezone only: the ranges are kept consistent there.
select vitalis_private.set_client_columns('vitalis.user_timezones', '{}', '{}');
revoke delete on vitalis.user_timezones from vitalis_api;

--------------------------------------------------------------------------------------------------
-- Helpers

create or replace function vitalis_private.zone_offset_minutes(p_zone text, p_at timestamptz) returns integer
  language sql stable parallel safe set search_path = pg_catalog as $$
  select (extract(epoch from (p_at at time zone p_zone) - (p_at at time zone 'UTC')) / 60)::integer
$$;
comment on function vitalis_private.zone_offset_minutes(text, timestamptz) is 'The UTC offset (minutes east) of a zone at an instant.';

create or replace function vitalis_private.is_time_zone_name(p_zone text) returns boolean
  language sql stable set search_path = pg_catalog as $$
  select p_zone is not null and length(p_zone) <= 64 and p_zone ~ '^[A-Za-z][A-Za-z0-9_/+-]*$'
     and p_zone not like 'posix/%' and p_zone not like 'right/%'
     and exists (select 1 from pg_timezone_names n where n.name = p_zone)
$$;
comment on function vitalis_private.is_time_zone_name(text) is 'Whether p_zone names a zone of the time-zone database (not a POSIX offset string such as UTC+5, which PostgreSQL and JavaScript read with opposite signs).';

create or replace function vitalis_private.zone_for_offset(p_minutes integer, p_from timestamptz, p_to timestamptz) returns text
  language sql stable set search_path = pg_catalog as $$
  -- Whole hours: the fixed Etc zone (POSIX sign: Etc/GMT-5 is UTC+05:00). Otherwise the first
  -- zone that had exactly this offset at both ends of the range (Asia/Kolkata for +05:30).
  select case
    when p_minutes % 60 = 0 and p_minutes between -720 and 840 then
      case when p_minutes = 0 then 'Etc/GMT' when p_minutes > 0 then 'Etc/GMT-' || (p_minutes / 60) else 'Etc/GMT+' || (-p_minutes / 60) end
    else (select c.name from (
            -- The usual zone of each non-whole-hour offset first, then any other that fits.
            select z.name, 0 as rank from (values ('Pacific/Marquesas'), ('America/St_Johns'), ('Asia/Tehran'), ('Asia/Kabul'), ('Asia/Kolkata'),
                   ('Asia/Kathmandu'), ('Asia/Yangon'), ('Australia/Eucla'), ('Australia/Darwin'), ('Australia/Adelaide'), ('Australia/Lord_Howe'), ('Pacific/Chatham')) z(name)
            union all
            select n.name, 1 from pg_timezone_names n where n.name ~ '^(Asia|Australia|America|Pacific|Atlantic|Indian|Africa|Europe)/[A-Za-z_]+$'
          ) c
           where vitalis_private.zone_offset_minutes(c.name, p_from) = p_minutes
             and vitalis_private.zone_offset_minutes(c.name, p_to) = p_minutes
           order by c.rank, c.name limit 1)
  end
$$;
comment on function vitalis_private.zone_for_offset(integer, timestamptz, timestamptz) is 'A zone name with this fixed UTC offset over the range, for storing a learned offset as a zone both PostgreSQL and JavaScript read alike.';

--------------------------------------------------------------------------------------------------
-- Reading

create or replace function vitalis.timezone_at("at" timestamptz, for_user uuid default null) returns text
  language sql stable set search_path = pg_catalog as $$
  select coalesce(
    (select t.timezone from vitalis.user_timezones t
      where t.user_id = coalesce(for_user, vitalis.current_user_id()) and t.valid_from <= "at" and (t.valid_to is null or "at" < t.valid_to)),
    (select p.timezone from vitalis.user_preferences p where p.user_id = coalesce(for_user, vitalis.current_user_id())),
    'UTC')
$$;
comment on function vitalis.timezone_at(timestamptz, uuid) is 'The IANA zone the user (default: the signed-in one) was in at that instant: the range covering it, else user_preferences.timezone, else UTC.';
grant execute on function vitalis.timezone_at(timestamptz, uuid) to vitalis_api, vitalis_worker, vitalis_admin;

create or replace function vitalis_private.set_zone_known(p_user uuid, p_at timestamptz) returns text
  language sql stable set search_path = pg_catalog as $$
  -- The zone that user- and client-set ranges (or the preference) give: what learned offsets are compared with.
  select coalesce(
    (select t.timezone from vitalis.user_timezones t
      where t.user_id = p_user and t.source <> 'learned' and t.valid_from <= p_at and (t.valid_to is null or p_at < t.valid_to)),
    (select p.timezone from vitalis.user_preferences p where p.user_id = p_user),
    'UTC')
$$;
comment on function vitalis_private.set_zone_known(uuid, timestamptz) is 'The zone at an instant from user- and client-set ranges only (else the preference, else UTC).';

create or replace function vitalis_private.clear_learned(p_user uuid, p_span tstzrange) returns void
  language plpgsql volatile set search_path = pg_catalog as $$
declare
  r vitalis.user_timezones;
  piece tstzrange;
begin
  -- Removes the span from every learned range it touches, keeping what lies outside it.
  for r in delete from vitalis.user_timezones t
            where t.user_id = p_user and t.source = 'learned' and tstzrange(t.valid_from, t.valid_to) && p_span returning t.* loop
    for piece in select unnest(tstzmultirange(tstzrange(r.valid_from, r.valid_to)) - tstzmultirange(p_span)) loop
      insert into vitalis.user_timezones (user_id, timezone, utc_offset_minutes, valid_from, valid_to, source, created_at)
      values (p_user, r.timezone, r.utc_offset_minutes, lower(piece), upper(piece), 'learned', r.created_at);
    end loop;
  end loop;
end $$;
comment on function vitalis_private.clear_learned(uuid, tstzrange) is 'Cuts a span out of the user''s learned ranges (a user-set range or newer evidence replaces them there).';

--------------------------------------------------------------------------------------------------
-- Writing

drop function if exists vitalis.set_timezone(text, timestamptz, text);
create function vitalis.set_timezone(timezone text, valid_from timestamptz default now(), source text default 'user') returns vitalis.user_timezones
  language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_user uuid := vitalis.current_user_id();
  v_from timestamptz := coalesce(set_timezone.valid_from, now());
  v_current vitalis.user_timezones;
  v_next timestamptz;
  v_row vitalis.user_timezones;
begin
  if v_user is null then
    raise exception 'sign in to set a time zone' using errcode = '42501';
  end if;
  if not vitalis_private.is_time_zone_name(set_timezone.timezone) then
    raise exception 'timezone must be a known time zone name, e.g. Europe/Paris' using errcode = '23514', column = 'timezone';
  end if;
  if set_timezone.source is null or set_timezone.source not in ('user', 'client') then
    raise exception 'source must be user or client' using errcode = '23514', column = 'source';
  end if;
  if v_from < '1900-01-01' or v_from > now() + interval '1 year' then
    raise exception 'validFrom must be between 1900-01-01 and a year from now' using errcode = '23514', column = 'valid_from';
  end if;

  -- One user's ranges change one at a time.
  perform pg_advisory_xact_lock(hashtext('vitalis.user_timezones'), hashtext(v_user::text));

  select t.* into v_current from vitalis.user_timezones t
   where t.user_id = v_user and t.source <> 'learned' and t.valid_from <= v_from and (t.valid_to is null or v_from < t.valid_to);
  if found and v_current.timezone = set_timezone.timezone then
    return v_current; -- already in force: nothing changes
  end if;
  -- The new range runs until the next user- or client-set range (or stays open).
  select min(t.valid_from) into v_next from vitalis.user_timezones t
   where t.user_id = v_user and t.source <> 'learned' and t.valid_from > v_from;
  if v_current.timezone_id is not null then
    if v_current.valid_from = v_from then
      delete from vitalis.user_timezones t where t.timezone_id = v_current.timezone_id;
    else
      update vitalis.user_timezones t set valid_to = v_from where t.timezone_id = v_current.timezone_id;
    end if;
  end if;
  perform vitalis_private.clear_learned(v_user, tstzrange(v_from, v_next));
  insert into vitalis.user_timezones (user_id, timezone, valid_from, valid_to, source)
  values (v_user, set_timezone.timezone, v_from, v_next, set_timezone.source)
  returning * into v_row;

  if v_from <= now() and (v_next is null or now() < v_next) then
    update vitalis.user_preferences p set timezone = set_timezone.timezone where p.user_id = v_user and p.timezone is distinct from set_timezone.timezone;
  end if;
  return v_row;
end $$;
comment on function vitalis.set_timezone(text, timestamptz, text) is
  E'@resultFieldName userTimezone\nSets the zone the signed-in user is in from valid_from on (default now): closes the range in force then and opens one that lasts until the next user- or client-set range. Learned ranges in that span give way. When the new range is the current one, user_preferences.timezone follows. source: user (default) or client (an app that follows the device''s zone).';
revoke all on function vitalis.set_timezone(text, timestamptz, text) from public;
grant execute on function vitalis.set_timezone(text, timestamptz, text) to vitalis_api, vitalis_worker;

drop function if exists vitalis_private.learn_timezone_offsets(jsonb);
create function vitalis_private.learn_timezone_offsets(p_observations jsonb) returns integer
  language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_user uuid := vitalis.current_user_id();
  v_run record;
  v_piece tstzrange;
  v_zone text;
  v_written integer := 0;
begin
  if v_user is null then
    raise exception 'learn_timezone_offsets: no user in the request context' using errcode = '42501';
  end if;
  if p_observations is null or jsonb_typeof(p_observations) <> 'array' or jsonb_array_length(p_observations) = 0 then
    return 0;
  end if;
  perform pg_advisory_xact_lock(hashtext('vitalis.user_timezones'), hashtext(v_user::text));

  -- Observations -> runs of one offset (split where the set zone changes too); each run spans
  -- from its first observation to the next run's first one (the last run: to its own end).
  for v_run in
    with obs as (
      select (((o->>'local')::timestamp - make_interval(mins => (o->>'offset_minutes')::integer)) at time zone 'UTC') as at_utc,
             (o->>'offset_minutes')::integer as off,
             coalesce((o->>'duration_minutes')::integer, 0) as dur
        from jsonb_array_elements(p_observations) o
       where (o->>'offset_minutes')::integer between -720 and 840
    ), judged as (
      select at_utc, off, dur, off <> vitalis_private.zone_offset_minutes(vitalis_private.set_zone_known(v_user, at_utc), at_utc) as differs
        from obs
    ), marked as (
      select *, case when lag(off) over w is distinct from off or lag(differs) over w is distinct from differs then 1 else 0 end as starts
        from judged window w as (order by at_utc, off)
    ), grouped as (
      select *, sum(starts) over (order by at_utc, off rows unbounded preceding) as run from marked
    ), runs as (
      select run, min(off) as off, bool_or(differs) as differs, min(at_utc) as first_at, max(at_utc + make_interval(mins => dur)) as last_end
        from grouped group by run
    )
    select r.off, r.differs, r.first_at,
           greatest(coalesce(lead(r.first_at) over (order by r.run), r.last_end), r.first_at + interval '1 second') as end_at
      from runs r order by r.run
  loop
    -- Learned already, exactly so (a re-import): nothing to change.
    continue when v_run.differs and (
      select count(*) = 1 and bool_and(t.valid_from = v_run.first_at and t.valid_to = v_run.end_at and t.utc_offset_minutes = v_run.off)
        from vitalis.user_timezones t
       where t.user_id = v_user and tstzrange(t.valid_from, t.valid_to) && tstzrange(v_run.first_at, v_run.end_at));
    -- Newer evidence replaces what was learned over the span; only disagreeing runs are kept.
    perform vitalis_private.clear_learned(v_user, tstzrange(v_run.first_at, v_run.end_at));
    continue when not v_run.differs;
    v_zone := vitalis_private.zone_for_offset(v_run.off, v_run.first_at, v_run.end_at);
    continue when v_zone is null;
    for v_piece in
      select unnest(tstzmultirange(tstzrange(v_run.first_at, v_run.end_at))
                    - coalesce((select range_agg(tstzrange(t.valid_from, t.valid_to)) from vitalis.user_timezones t
                                 where t.user_id = v_user and t.source <> 'learned' and tstzrange(t.valid_from, t.valid_to) && tstzrange(v_run.first_at, v_run.end_at)),
                               '{}'::tstzmultirange))
    loop
      insert into vitalis.user_timezones (user_id, timezone, utc_offset_minutes, valid_from, valid_to, source)
      values (v_user, v_zone, v_run.off, lower(v_piece), upper(v_piece), 'learned');
      v_written := v_written + 1;
    end loop;
  end loop;
  return v_written;
end $$;
comment on function vitalis_private.learn_timezone_offsets(jsonb) is
  'For importers and provider adapters: observed [{local: "2024-03-10T08:00:00", offset_minutes: -300, duration_minutes?: 1440}] pairs of the signed-in user. Where the offset differs from the zone the user set for that time (else the preference), a learned range with a fixed-offset zone is recorded; observations that agree clear learned ranges over their span. Never touches user- or client-set ranges. Returns the learned ranges written.';
revoke all on function vitalis_private.learn_timezone_offsets(jsonb) from public;
grant execute on function vitalis_private.learn_timezone_offsets(jsonb) to vitalis_api, vitalis_worker;

reset role;
