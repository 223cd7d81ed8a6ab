/*
 * Idempotent batch writes for the worker and importers (one call per batch of rows, as a JSON
 * array of objects named like the table's columns). Re-sending the same batch changes nothing;
 * a row whose source_updated_at is older than the stored one is skipped, so a late retry of an
 * old payload never overwrites a provider's newer edit; an unversioned payload never overwrites
 * a versioned row. Each call returns how many rows it inserted, updated and skipped.
 * The functions run as the caller, so RLS and audit apply: user_id defaults to the current user
 * and any other user_id is rejected by the policy.
 * The column lists are generated here from the catalog so they cannot drift from the tables.
 */
set local lock_timeout = '5s';
set local role vitalis_owner;

create function vitalis_private.check_batch(p_rows jsonb, p_table text) returns void
  language plpgsql immutable as $$
begin
  if p_rows is null or jsonb_typeof(p_rows) <> 'array' then
    raise exception '%: rows must be a JSON array of objects', p_table using errcode = '22023';
  end if;
  if exists (select 1 from jsonb_array_elements(p_rows) e where jsonb_typeof(e) <> 'object') then
    raise exception '%: every row must be a JSON object', p_table using errcode = '22023';
  end if;
end $$;

create function vitalis_private.check_partition_dates(p_table text, p_column text, p_min date, p_max date) returns void
  language plpgsql stable as $$
begin
  if p_min < vitalis_private.partition_window_start() or p_max > vitalis_private.partition_window_end() then
    raise exception '%.%: % is outside the accepted range % to %', p_table, p_column,
      case when p_min < vitalis_private.partition_window_start() then p_min else p_max end,
      vitalis_private.partition_window_start(), vitalis_private.partition_window_end()
      using errcode = '22008', column = p_column, table = p_table, schema = 'vitalis';
  end if;
end $$;
grant execute on function vitalis_private.check_batch(jsonb, text), vitalis_private.check_partition_dates(text, text, date, date)
  to vitalis_api, vitalis_worker, vitalis_admin;
grant execute on function vitalis_private.ensure_partitions(regclass, date, date) to vitalis_api;

do $gen$
declare
  spec record;
  v_cols text;
  v_set text;
  v_cmp_t text;
  v_cmp_e text;
begin
  for spec in select * from (values
      ('wearable_daily', 'daily_id', 'date', array['user_id', 'date', 'source']),
      ('wearable_sleep', 'sleep_id', 'sleep_date', array['user_id', 'sleep_date', 'source'])) s(tbl, id_col, date_col, key_cols)
  loop
    select string_agg(quote_ident(attname), ', ' order by attnum),
           string_agg(format('%1$I = excluded.%1$I', attname), ', ' order by attnum) filter (where attname <> all (spec.key_cols)),
           string_agg(format('t.%I', attname), ', ' order by attnum) filter (where attname <> all (spec.key_cols) and attname <> 'source_updated_at'),
           string_agg(format('excluded.%I', attname), ', ' order by attnum) filter (where attname <> all (spec.key_cols) and attname <> 'source_updated_at')
      into v_cols, v_set, v_cmp_t, v_cmp_e
      from pg_attribute
     where attrelid = format('vitalis.%I', spec.tbl)::regclass and attnum > 0 and not attisdropped
       and attname not in (spec.id_col, 'created_at', 'updated_at');
    execute format($f$
      create function vitalis.upsert_%1$s(p_rows jsonb)
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
      grant execute on function vitalis.upsert_%1$s(jsonb) to vitalis_api, vitalis_worker, vitalis_admin;
    $f$, spec.tbl, v_cols, v_set, spec.date_col,
      replace(replace(v_cols, 'user_id', 'coalesce(i.user_id, vitalis.current_user_id())'), '"', ''),
      array_to_string(spec.key_cols, ', '), v_cmp_t, v_cmp_e,
      format('Idempotent batch upsert into %s keyed by (%s): a JSON array of row objects; returns rows inserted, updated and skipped (unchanged, duplicate in the batch, or older than the stored version).',
             spec.tbl, array_to_string(spec.key_cols, ', ')));
  end loop;
end $gen$;

-- Activities: the natural key spans partitions, so existing rows are found by
-- (user_id, source, source_activity_id) and updated in place, even when the date moved.
do $gen$
declare
  v_cols text;
  v_set text;
  v_cmp_t text;
  v_cmp_i text;
begin
  select string_agg(quote_ident(attname), ', ' order by attnum),
         string_agg(format('%1$I = i.%1$I', attname), ', ' order by attnum) filter (where attname not in ('user_id', 'source', 'source_activity_id')),
         string_agg(format('t.%I', attname), ', ' order by attnum) filter (where attname not in ('user_id', 'source', 'source_activity_id', 'source_updated_at')),
         string_agg(format('i.%I', attname), ', ' order by attnum) filter (where attname not in ('user_id', 'source', 'source_activity_id', 'source_updated_at'))
    into v_cols, v_set, v_cmp_t, v_cmp_i
    from pg_attribute
   where attrelid = 'vitalis.wearable_activities'::regclass and attnum > 0 and not attisdropped
     and attname not in ('activity_id', 'created_at', 'updated_at');
  execute format($f$
    create function vitalis.upsert_wearable_activities(p_rows jsonb)
      returns table (inserted integer, updated integer, skipped integer)
      language plpgsql volatile as $body$
    declare
      v_total integer;
      v_min date;
      v_max date;
      v_inserted integer;
      v_updated integer;
    begin
      perform vitalis_private.check_batch(p_rows, 'wearable_activities');
      -- CREATE TABLE AS copies no NOT NULL constraints: user_id is filled in below.
      if to_regclass('pg_temp.activity_batch') is null then
        create temporary table activity_batch on commit drop as select * from vitalis.wearable_activities with no data;
      else
        truncate pg_temp.activity_batch;
      end if;
      insert into pg_temp.activity_batch
      select distinct on (coalesce(r.user_id, vitalis.current_user_id()), r.source, coalesce(r.source_activity_id, gen_random_uuid()::text)) r.*
        from jsonb_populate_recordset(null::vitalis.wearable_activities, p_rows) r
       order by coalesce(r.user_id, vitalis.current_user_id()), r.source, coalesce(r.source_activity_id, gen_random_uuid()::text), r.source_updated_at desc nulls last;
      update pg_temp.activity_batch set user_id = vitalis.current_user_id() where user_id is null;
      select jsonb_array_length(p_rows), min(activity_date), max(activity_date) into v_total, v_min, v_max from pg_temp.activity_batch;
      if v_total = 0 then
        return query select 0, 0, 0;
        return;
      end if;
      perform vitalis_private.check_partition_dates('wearable_activities', 'activity_date', v_min, v_max);
      perform vitalis_private.ensure_partitions('vitalis.wearable_activities', v_min, v_max);

      update vitalis.wearable_activities t set %2$s
        from pg_temp.activity_batch i
       where i.source_activity_id is not null
         and (t.user_id, t.source, t.source_activity_id) = (i.user_id, i.source, i.source_activity_id)
         and (t.source_updated_at is null or i.source_updated_at >= t.source_updated_at)
         and (%3$s) is distinct from (%4$s);
      get diagnostics v_updated = row_count;

      insert into vitalis.wearable_activities (%1$s)
      select %1$s from pg_temp.activity_batch i
       where i.source_activity_id is null
          or not exists (select 1 from vitalis.wearable_activities t
                          where (t.user_id, t.source, t.source_activity_id) = (i.user_id, i.source, i.source_activity_id));
      get diagnostics v_inserted = row_count;

      return query select v_inserted, v_updated, v_total - v_inserted - v_updated;
    end $body$;
    comment on function vitalis.upsert_wearable_activities(jsonb) is 'Idempotent batch upsert into wearable_activities keyed by (user_id, source, source_activity_id) across all years: an activity whose date moved is updated, not duplicated. Returns rows inserted, updated and skipped.';
    grant execute on function vitalis.upsert_wearable_activities(jsonb) to vitalis_api, vitalis_worker, vitalis_admin;
  $f$, v_cols, v_set, v_cmp_t, v_cmp_i);
end $gen$;
