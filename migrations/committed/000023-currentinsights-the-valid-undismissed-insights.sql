--! Previous: sha1:0b73db27a96c473f567021ac519ee6023729b9ba
--! Hash: sha1:6bbba12243ae9634115d4122c9a3afeccce23a72
--! Message: currentInsights: the valid, undismissed insights

--! split: 1-current.sql
set local lock_timeout = '5s';
set local role vitalis_owner;

-- The insights a dashboard shows: still valid (validUntil not past in the user's time zone) and not
-- dismissed, the most certain first. The insights connection itself filters and orders only by
-- indexed columns (a bounded cost), which leaves out both rules.
create or replace function vitalis.current_insights() returns setof vitalis.insights
  language sql stable as $$
  select i.*
    from vitalis.insights i
   where i.user_id = vitalis.current_user_id()
     and not coalesce(i.is_dismissed, false)
     and (i.valid_until is null
          or i.valid_until >= (pg_catalog.now() at time zone coalesce(
               (select p.timezone from vitalis.user_preferences p where p.user_id = vitalis.current_user_id()), 'UTC'))::date)
   order by i.p_adjusted nulls last, i.created_at desc, i.insight_id
$$;
comment on function vitalis.current_insights() is 'Your insights that are still valid (validUntil is today or later in your time zone) and not dismissed, the most certain first (smallest adjusted p-value).';
revoke all on function vitalis.current_insights() from public;
grant execute on function vitalis.current_insights() to vitalis_api, vitalis_admin;

reset role;
