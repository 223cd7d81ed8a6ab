/*
 * Partition management. wearable_daily, wearable_sleep and wearable_activities are partitioned
 * by year, audit_log by quarter. One function creates whatever partitions a date range needs; a
 * graphile-worker cron task keeps next year ready, and ingestion calls it for historical years
 * (an Apple Health export can start in 2014). No DEFAULT partition: rows parked there would block
 * creating the proper partition later.
 */
set local lock_timeout = '5s';
set local role vitalis_owner;

create function vitalis_private.partition_period(p_table regclass) returns interval
  language sql immutable parallel safe as $$
  select case when p_table::text in ('vitalis.audit_log', 'audit_log') then interval '3 months' else interval '1 year' end
$$;

-- The accepted window for partitioned dates; anything outside is a data error, not a reason to
-- create a partition.
create function vitalis_private.partition_window_start() returns date
  language sql immutable parallel safe as $$ select date '2000-01-01' $$;
create function vitalis_private.partition_window_end() returns date
  language sql stable parallel safe as $$ select (date_trunc('year', current_date) + interval '2 years' - interval '1 day')::date $$;

create function vitalis_private.create_partitions(p_table regclass, p_from date, p_to date) returns integer
  language plpgsql security definer set search_path = pg_catalog as $$
declare
  v_schema text;
  v_parent text;
  v_period interval := vitalis_private.partition_period(p_table);
  v_start date;
  v_end date;
  v_name text;
  v_created integer := 0;
begin
  select n.nspname, c.relname into v_schema, v_parent
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
   where c.oid = p_table and c.relkind = 'p';
  if not found then
    raise exception 'create_partitions: % is not a partitioned table', p_table using errcode = '22023';
  end if;
  if p_from is null or p_to is null or p_from > p_to then
    raise exception 'create_partitions: invalid range % to %', p_from, p_to using errcode = '22023';
  end if;
  if p_from < vitalis_private.partition_window_start() or p_to > vitalis_private.partition_window_end() then
    raise exception '%: date range % to % is outside the accepted window % to %', v_parent, p_from, p_to,
      vitalis_private.partition_window_start(), vitalis_private.partition_window_end()
      using errcode = '22008', hint = 'Dates must lie between 2000-01-01 and the end of next year.';
  end if;
  -- One creator at a time: two imports backfilling the same year must not race.
  perform pg_advisory_xact_lock(hashtext('vitalis_private.create_partitions'));
  v_start := case when v_period = interval '1 year' then date_trunc('year', p_from)::date
                  else date_trunc('quarter', p_from)::date end;
  while v_start <= p_to loop
    v_end := (v_start + v_period)::date;
    v_name := v_parent || case when v_period = interval '1 year' then '_y' || to_char(v_start, 'YYYY')
                               else '_' || to_char(v_start, 'YYYY"q"Q') end;
    if to_regclass(format('%I.%I', v_schema, v_name)) is null then
      -- Bounds written with an explicit UTC offset so timestamptz keys do not depend on TimeZone.
      execute format('create table %I.%I partition of %I.%I for values from (%L) to (%L)',
        v_schema, v_name, v_schema, v_parent, v_start || ' 00:00:00+00', v_end || ' 00:00:00+00');
      execute format('comment on table %I.%I is %L', v_schema, v_name,
        format('Partition of %s for %s to %s.', v_parent, v_start, v_end - 1));
      v_created := v_created + 1;
    end if;
    v_start := v_end;
  end loop;
  return v_created;
end $$;
comment on function vitalis_private.create_partitions(regclass, date, date) is
  'Creates the missing partitions of a partitioned table for a date range (yearly, or quarterly for audit_log); returns how many it created. Rejects dates outside 2000-01-01 .. end of next year.';

-- Cheap check first: taking the advisory lock and DDL locks only when something is missing
-- keeps the hot ingestion path lock-free once partitions exist.
create function vitalis_private.ensure_partitions(p_table regclass, p_from date, p_to date) returns integer
  language plpgsql security definer set search_path = pg_catalog as $$
declare
  v_day date;
  v_period interval := vitalis_private.partition_period(p_table);
  v_missing boolean := false;
begin
  if p_from is null then
    return 0;
  end if;
  v_day := case when v_period = interval '1 year' then date_trunc('year', p_from)::date else date_trunc('quarter', p_from)::date end;
  while v_day <= p_to loop
    if not exists (
      select 1 from pg_inherits i join pg_class c on c.oid = i.inhrelid
       where i.inhparent = p_table
         and c.relname = (select relname from pg_class where oid = p_table)
           || case when v_period = interval '1 year' then '_y' || to_char(v_day, 'YYYY') else '_' || to_char(v_day, 'YYYY"q"Q') end
    ) then
      v_missing := true;
      exit;
    end if;
    v_day := (v_day + v_period)::date;
  end loop;
  if not v_missing then
    return 0;
  end if;
  return vitalis_private.create_partitions(p_table, p_from, p_to);
end $$;
comment on function vitalis_private.ensure_partitions(regclass, date, date) is
  'Like create_partitions, but returns at once without locking when every partition exists.';
