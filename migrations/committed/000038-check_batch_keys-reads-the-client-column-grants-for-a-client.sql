--! Previous: sha1:db24abc00c85186f7ac91838cc8d954d08573621
--! Hash: sha1:2a1f179232e007f396431d2a54f30848e58ca9fb
--! Message: check_batch_keys reads the client column grants for a client's batch only; source_orders() reads the caller's preferences itself, so source_priority() and source_priorities() no longer repeat the same join

--! split: 1-current.sql
set local lock_timeout = '5s';
set local role vitalis_owner;

-- Two mends to migrations 36 and 37, same answers:
-- * check_batch_keys read the table's client column grants (has_column_privilege on every column)
--   on every call, a provider sync's too, where only a client's batch uses them: now only for a
--   client.
-- * source_priority() and source_priorities() each joined the caller's preferences to
--   source_orders() the same way; source_orders() now takes the categories only and reads the
--   caller's preferences itself (still one read, inlined into its caller), and both are one
--   statement over it.

create or replace function vitalis_private.check_batch_keys(p_rows jsonb, p_table text) returns void
  language plpgsql stable
as $$
declare
  v_client boolean := vitalis_private.batch_caller_is_client();
  v_columns text[];
  v_client_columns text[];
  v_named text;
begin
  if p_rows is null or jsonb_typeof(p_rows) <> 'array' then
    raise exception 'rows: must be a JSON array of objects' using errcode = '22023', column = 'rows';
  end if;
  if exists (select 1 from jsonb_array_elements(p_rows) e where jsonb_typeof(e) <> 'object') then
    raise exception 'rows: every row must be a JSON object' using errcode = '22023', column = 'rows';
  end if;
  -- The grants are read for a client's batch only (case: evaluated in this order).
  select array_agg(a.attname::text),
         coalesce(array_agg(a.attname::text) filter (where case when v_client then has_column_privilege('vitalis_api', a.attrelid, a.attnum, 'INSERT') else false end), '{}')
    into v_columns, v_client_columns
    from pg_attribute a where a.attrelid = format('vitalis.%I', p_table)::regclass and a.attnum > 0 and not a.attisdropped;
  v_named := vitalis_private.batch_keys_outside(p_rows, v_columns);
  if v_named is not null then
    raise exception '% %', v_named, case when v_named like '%,%' then 'are not known fields' else 'is not a known field' end
      using errcode = '22023', column = 'rows';
  end if;
  if v_client then
    v_named := vitalis_private.batch_keys_outside(p_rows, v_client_columns);
    if v_named is not null then
      raise exception '% %', v_named,
        case when v_named like '%,%' then 'are set by the server; a client may not send them' else 'is set by the server; a client may not send it' end
        using errcode = '42501', column = 'rows';
    end if;
  end if;
end $$;
comment on function vitalis_private.check_batch_keys(jsonb, text) is 'Batch upsert input, its shape: a JSON array of objects whose keys are all columns of the table, and, from a client, only columns vitalis_api may insert (not ids, user_id, stamps or source_updated_at); the keys refused are named with their rows'' indexes (from 0).';

drop function if exists vitalis_private.source_orders(jsonb, text[]);

-- A set-returning SQL function of one query: PostgreSQL inlines it into the statement that calls it
-- in FROM, so the preferences are read once for all the categories asked and the sub-selects run
-- in that statement's executor.
create or replace function vitalis_private.source_orders(categories text[])
  returns table (category text, sources vitalis.data_source[])
  language sql stable parallel safe
as $$
  select c.category,
         named.sources operator(pg_catalog.||) array(
           select d.source from pg_catalog.unnest(vitalis_private.default_source_order(c.category)) with ordinality d(source, n)
            where d.source operator(pg_catalog.<>) all (named.sources) order by d.n)
    from (select vitalis.current_user_id() as user_id) me
    left join vitalis.user_preferences p on p.user_id operator(pg_catalog.=) me.user_id
    cross join pg_catalog.unnest(categories) c(category)
    cross join lateral (
      select coalesce(array(select pg_catalog.jsonb_array_elements_text(p.source_priority operator(pg_catalog.->) c.category)), '{}')::vitalis.data_source[] as sources
    ) named
   where vitalis_private.default_source_order(c.category) is not null
$$;

comment on function vitalis_private.source_orders(text[]) is
  'The signed-in user''s source order for each known category asked, from one read of their preferences: the sources named in user_preferences.source_priority first, then the defaults not named, in their order (default_source_order). Unknown categories give no row.';

revoke all on function vitalis_private.source_orders(text[]) from public;
grant execute on function vitalis_private.source_orders(text[]) to vitalis_api, vitalis_worker, vitalis_admin;

create or replace function vitalis.source_priority(category text) returns vitalis.data_source[]
  language plpgsql stable parallel safe
as $$
declare
  v_order vitalis.data_source[];
begin
  select o.sources into v_order from vitalis_private.source_orders(array[category]) o;
  return v_order;
end $$;

comment on function vitalis.source_priority(text) is
  'The order in which sources are trusted for a metric category, best first: your own order from user_preferences.source_priority, then the defaults you did not name. Categories: sleep (total sleep, sleep score), steps (steps, distance, active calories), hrv, heart_rate (resting heart rate), readiness, recovery, activities (which of two overlapping workouts from different sources is kept). Sources not listed rank after the listed ones. NULL for an unknown category.';

create or replace function vitalis_private.source_priorities(
  out sleep vitalis.data_source[], out steps vitalis.data_source[], out hrv vitalis.data_source[],
  out heart_rate vitalis.data_source[], out readiness vitalis.data_source[], out recovery vitalis.data_source[],
  out activities vitalis.data_source[])
  language plpgsql stable parallel safe
as $$
begin
  select max(o.sources) filter (where o.category = 'sleep'), max(o.sources) filter (where o.category = 'steps'),
         max(o.sources) filter (where o.category = 'hrv'), max(o.sources) filter (where o.category = 'heart_rate'),
         max(o.sources) filter (where o.category = 'readiness'), max(o.sources) filter (where o.category = 'recovery'),
         max(o.sources) filter (where o.category = 'activities')
    into sleep, steps, hrv, heart_rate, readiness, recovery, activities
    from vitalis_private.source_orders(array['sleep', 'steps', 'hrv', 'heart_rate', 'readiness', 'recovery', 'activities']) o;
end $$;

comment on function vitalis_private.source_priorities() is
  'Every category''s source_priority() for the signed-in user from one read of their preferences: what the dashboard resolves once per call.';

reset role;
