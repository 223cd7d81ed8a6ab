--! Previous: sha1:0bd13f4ac541871093da1ac8c603cbe4f5f6e737
--! Hash: sha1:8d1f6dc742433099bae101e106e969e31b65acca
--! Message: check_batch at half the cost: unknown keys by one jsonb minus per row, values converted by one jsonb_populate_recordset; unknown keys that are not plain names quoted

--! split: 1-current.sql
set local lock_timeout = '5s';
set local role vitalis_owner;

-- check_batch, the same rules and messages at half the cost (4.5 -> about 2 ms for a year of
-- wearable_daily, 365 rows; it was a third of a no-op upsert): unknown keys are found with one
-- jsonb minus per row instead of a row per key, and values are converted with one
-- jsonb_populate_recordset instead of a jsonb_populate_record per row. An unknown key that is not
-- a plain name is quoted in the message (rows[3]."a key, with a comma" is not a known field).
create or replace function vitalis_private.check_batch(p_rows jsonb, p_table text) returns void
  language plpgsql stable
as $$
declare
  v_columns text[];
  v_unknown text;
  v_row record;
  v_key text;
  v_type text;
  v_partition_key text;
  v_bad bigint;
begin
  if p_rows is null or jsonb_typeof(p_rows) <> 'array' then
    raise exception 'rows: must be a JSON array of objects' using errcode = '22023', column = 'rows';
  end if;
  if exists (select 1 from jsonb_array_elements(p_rows) e where jsonb_typeof(e) <> 'object') then
    raise exception 'rows: every row must be a JSON object' using errcode = '22023', column = 'rows';
  end if;
  select array_agg(a.attname::text) into v_columns
    from pg_attribute a where a.attrelid = format('vitalis.%I', p_table)::regclass and a.attnum > 0 and not a.attisdropped;
  -- Unknown keys: each row minus the known ones is {} (one C call per row); only a batch that has
  -- one pays for naming every row and key.
  if exists (select 1 from jsonb_array_elements(p_rows) e where (e - v_columns) <> '{}'::jsonb) then
    -- A key that is not a plain name is quoted as a JSON string, so a list of them still reads
    -- unambiguously (a hostile key can hold spaces, commas and quotes).
    select string_agg(format('rows[%s].%s', e.i - 1, case when k.key ~ '^[A-Za-z_][A-Za-z0-9_]*$' then k.key else to_jsonb(k.key)::text end), ', ' order by e.i, k.key) into v_unknown
      from (select * from jsonb_array_elements(p_rows) with ordinality x(r, i)) e
      cross join lateral jsonb_object_keys(e.r) k(key)
     where k.key <> all (v_columns);
    raise exception '% %', v_unknown,
      case when v_unknown like '%,%' then 'are not known fields' else 'is not a known field' end using errcode = '22023', column = 'rows';
  end if;
  -- The partition key of a partitioned table (its only column: a date).
  select a.attname into v_partition_key
    from pg_partitioned_table p join pg_attribute a on a.attrelid = p.partrelid and a.attnum = p.partattrs[0]
   where p.partrelid = format('vitalis.%I', p_table)::regclass;
  begin
    -- One set-returning call converts every value of every row (no WHERE: a filter could skip
    -- rows); per-element jsonb_populate_record cost 60 % more.
    execute format(
      'select min(r.ordinality) filter (where %s) - 1 from jsonb_populate_recordset(null::vitalis.%I, $1) with ordinality r',
      case when v_partition_key is null then 'false' else format('r.%I is null', v_partition_key) end, p_table)
      into v_bad using p_rows;
  exception when data_exception then
    -- Some value does not convert: find the first, value by value, to name it.
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
  if v_bad is not null then
    raise exception 'rows[%].%: is required', v_bad, v_partition_key using errcode = '22023', column = v_partition_key;
  end if;
end $$;

comment on function vitalis_private.check_batch(jsonb, text) is 'Batch upsert input: a JSON array of objects whose keys are all columns of the table, whose values convert to the columns'' types, with the partition key given on a partitioned table; the first row that does not is named with its index (from 0) and the field. CHECK constraints are left to the table, whose errors the API names by field.';
revoke all on function vitalis_private.check_batch(jsonb, text) from public;
grant execute on function vitalis_private.check_batch(jsonb, text) to vitalis_api, vitalis_worker, vitalis_admin;

reset role;
