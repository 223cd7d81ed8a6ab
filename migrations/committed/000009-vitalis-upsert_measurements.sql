--! Previous: sha1:5cbd8dad15de7242e7bab837bf455385f40bb419
--! Hash: sha1:4ce34cf6f9e58a9e7830264041e79053092e6818
--! Message: vitalis.upsert_measurements

--! split: 1-current.sql
set local lock_timeout = '5s';
set local role vitalis_owner;



/* Measurements from files and providers arrive in batches like the wearable tables, through one
 * function: idempotent on (user_id, metric, measured_at, source); a later value for the same
 * measurement replaces the stored one (a provider's correction); the same measurement twice in a
 * batch counts once. */
drop function if exists vitalis.upsert_measurements(jsonb);
create function vitalis.upsert_measurements(p_rows jsonb)
  returns table (inserted integer, updated integer, skipped integer)
  language plpgsql volatile as $$
declare
  v_total integer;
begin
  perform vitalis_private.check_batch(p_rows, 'measurements');
  v_total := jsonb_array_length(p_rows);
  return query
  with input as (
    select distinct on (coalesce(m.user_id, vitalis.current_user_id()), m.metric, m.measured_at, m.source)
           coalesce(m.user_id, vitalis.current_user_id()) as user_id, m.metric, m.value, m.unit, m.measured_at, m.source, m.notes
      from jsonb_populate_recordset(null::vitalis.measurements, p_rows) m
     order by coalesce(m.user_id, vitalis.current_user_id()), m.metric, m.measured_at, m.source
  ), written as (
    insert into vitalis.measurements as t (user_id, metric, value, unit, measured_at, source, notes)
    select i.user_id, i.metric, i.value, i.unit, i.measured_at, i.source, i.notes from input i
    on conflict (user_id, metric, measured_at, source) do update set value = excluded.value, unit = excluded.unit, notes = coalesce(excluded.notes, t.notes)
     where (t.value, t.unit, t.notes) is distinct from (excluded.value, excluded.unit, coalesce(excluded.notes, t.notes))
    returning (xmax = 0) as was_inserted
  )
  select (count(*) filter (where was_inserted))::integer,
         (count(*) filter (where not was_inserted))::integer,
         v_total - count(*)::integer
    from written;
end $$;
comment on function vitalis.upsert_measurements(jsonb) is 'Idempotent batch upsert into measurements keyed by (user_id, metric, measured_at, source): a JSON array of row objects (user_id defaults to you). A new value for a stored measurement replaces it; the same one again changes nothing. Returns rows inserted, updated and skipped.';
grant execute on function vitalis.upsert_measurements(jsonb) to vitalis_api, vitalis_worker, vitalis_admin;

reset role;
