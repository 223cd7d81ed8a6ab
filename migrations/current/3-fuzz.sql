set local lock_timeout = '5s';
set local role vitalis_owner;

-- Batch upserts: a value of the wrong type, a value a CHECK refuses, or a required field left
-- out is refused naming the row and the field. Found by fuzzing: {"steps": "abc"} failed with
-- PostgreSQL's bare 'invalid input syntax for type smallint: "abc"', {"steps": -1} with
-- 'new row for relation "wearable_daily_y2024" violates check constraint
-- "wearable_daily_steps_range"', a row without activity_date with 'no partition of relation
-- "wearable_activities" found for row': none names a field. The batch is converted once here
-- with every CHECK of the table and every required column evaluated in the same pass (one scan
-- of the batch when it is right); only when the conversion fails is it converted value by value
-- to find the first bad one.
create or replace function vitalis_private.check_batch(p_rows jsonb, p_table text) returns void
  language plpgsql stable
  as $$
declare
  v_columns text[];
  v_unknown text;
  v_row record;
  v_key text;
  v_type text;
  v_whens text;
  v_bad bigint;
  v_message text;
begin
  if p_rows is null or jsonb_typeof(p_rows) <> 'array' then
    raise exception 'rows: must be a JSON array of objects' using errcode = '22023', column = 'rows';
  end if;
  if exists (select 1 from jsonb_array_elements(p_rows) e where jsonb_typeof(e) <> 'object') then
    raise exception 'rows: every row must be a JSON object' using errcode = '22023', column = 'rows';
  end if;
  select array_agg(a.attname::text) into v_columns
    from pg_attribute a where a.attrelid = format('vitalis.%I', p_table)::regclass and a.attnum > 0 and not a.attisdropped;
  select string_agg(format('rows[%s].%s', e.i - 1, k.key), ', ' order by e.i, k.key) into v_unknown
    from (select * from jsonb_array_elements(p_rows) with ordinality x(r, i)) e
    cross join lateral jsonb_object_keys(e.r) k(key)
   where k.key <> all (v_columns);
  if v_unknown is not null then
    raise exception '% %', v_unknown,
      case when v_unknown like '%,%' then 'are not known fields' else 'is not a known field' end using errcode = '22023', column = 'rows';
  end if;
  -- One CASE over the converted row: each CHECK (named by its first column) and each required
  -- column without a default (user_id has one: the caller).
  select string_agg(w, ' ' order by n) into v_whens from (
    select 1 as n, format('when not coalesce(%s, true) then %L', pg_get_expr(c.conbin, c.conrelid), format('%s: must satisfy %s', coalesce(a.attname::text, c.conname::text), pg_get_expr(c.conbin, c.conrelid))) as w
      from pg_constraint c left join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
     where c.conrelid = format('vitalis.%I', p_table)::regclass and c.contype = 'c'
    union all
    select 0, format('when r.%I is null then %L', a.attname, format('%s: is required', a.attname))
      from pg_attribute a
     where a.attrelid = format('vitalis.%I', p_table)::regclass and a.attnum > 0 and not a.attisdropped and a.attnotnull and not a.atthasdef
  ) x;
  begin
    execute format(
      'select i - 1, msg from (select e.i, case %s else null end as msg from jsonb_array_elements($1) with ordinality e(j, i) cross join lateral jsonb_populate_record(null::vitalis.%I, e.j) r) x where msg is not null order by i limit 1',
      coalesce(v_whens, 'when false then null'), p_table)
      into v_bad, v_message using p_rows;
  exception when data_exception then
    for v_row in select e.r, e.i from jsonb_array_elements(p_rows) with ordinality e(r, i) loop
      for v_key in select jsonb_object_keys(v_row.r) loop
        begin
          execute format('select (jsonb_populate_record(null::vitalis.%I, $1)).%I', p_table, v_key) using jsonb_build_object(v_key, v_row.r -> v_key);
        exception when data_exception then
          select format_type(a.atttypid, a.atttypmod) into v_type
            from pg_attribute a where a.attrelid = format('vitalis.%I', p_table)::regclass and a.attname = v_key;
          raise exception 'rows[%].%: must be a value of type % (got %)', v_row.i - 1, v_key, v_type, left((v_row.r -> v_key)::text, 100)
            using errcode = '22023', column = v_key;
        end;
      end loop;
    end loop;
    raise;
  end;
  if v_message is not null then
    raise exception 'rows[%].%', v_bad, v_message using errcode = '22023', column = split_part(v_message, ':', 1);
  end if;
end $$;

comment on function vitalis_private.check_batch(jsonb, text) is 'Batch upsert input: a JSON array of objects whose keys are all columns of the table, whose values convert to the columns'' types and meet the table''s CHECKs, with every required column given; the first row that does not is named with its index (from 0) and the field.';
revoke all on function vitalis_private.check_batch(jsonb, text) from public;
grant execute on function vitalis_private.check_batch(jsonb, text) to vitalis_api, vitalis_worker, vitalis_admin;

reset role;
