set local lock_timeout = '5s';
set local role vitalis_owner;

/*
 * The read functions that take `for_user` (dashboard, biomarker_trend, latest_biomarkers) answer
 * FORBIDDEN for a person who has not shared their data with the caller, instead of an empty
 * result that looks like "no data yet". RLS still decides which rows are read; this only makes
 * the refusal explicit. dashboard and biomarker_trend (redefined in 5-error-messages.sql) call it.
 */
create or replace function vitalis_private.assert_may_read(p_for_user uuid) returns void
  language plpgsql stable parallel safe as $$
begin
  if p_for_user is not null and not (p_for_user = any (vitalis.viewable_user_ids())) then
    raise exception 'forUser: you may not read this person''s data (they have not shared their profile with you)'
      using errcode = '42501', column = 'for_user';
  end if;
end $$;
comment on function vitalis_private.assert_may_read(uuid) is 'Refuses (42501, naming forUser) a for_user argument that is neither the caller nor a household member who shared their profile with the caller.';
revoke all on function vitalis_private.assert_may_read(uuid) from public;
grant execute on function vitalis_private.assert_may_read(uuid) to vitalis_api, vitalis_worker, vitalis_admin;

create or replace function vitalis.latest_biomarkers(for_user uuid default null)
  returns setof vitalis.biomarker_result
  language plpgsql stable parallel safe security invoker as $$
begin
  perform vitalis_private.assert_may_read(for_user);
  return query
  select l.biomarker_id, l.canonical_name, l.display_name, l.category, l.marker_id, l.panel_id, l.collected_at,
         l.value_canonical, l.value_text, l.unit, l.normal_low, l.normal_high, l.optimal_low, l.optimal_high, l.flag, l.in_range
    from (
      select distinct on (d.biomarker_id)
             d.biomarker_id, d.canonical_name, d.display_name, d.category,
             m.marker_id, m.panel_id, p.collected_at, m.value_canonical::numeric as value_canonical, m.value_text, d.canonical_unit as unit,
             d.normal_low::numeric as normal_low, d.normal_high::numeric as normal_high,
             case u.biological_sex when 'female' then d.optimal_low_female when 'male' then d.optimal_low_male else m.optimal_low end::numeric as optimal_low,
             case u.biological_sex when 'female' then d.optimal_high_female when 'male' then d.optimal_high_male else m.optimal_high end::numeric as optimal_high,
             m.flag, m.in_range, d.sort_order
        from vitalis.blood_markers m
        join vitalis.blood_panels p on p.panel_id = m.panel_id and p.user_id = m.user_id
        join vitalis.biomarker_dictionary d on d.biomarker_id = m.biomarker_id
        left join vitalis.users u on u.user_id = m.user_id
       where m.user_id = coalesce(latest_biomarkers.for_user, vitalis.current_user_id())
         and p.deleted_at is null
       order by d.biomarker_id, p.collected_at desc nulls last, m.created_at desc
    ) l
   order by l.category, l.sort_order nulls last, l.canonical_name;
end $$;

reset role;
