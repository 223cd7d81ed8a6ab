set local lock_timeout = '5s';
set local role vitalis_owner;

-- Retention beyond the rows of users (docs/privacy.md, "Retention"): a mail that failed every
-- attempt keeps its address and link in the job queue, and Stripe's event ids are only needed while
-- Stripe may still deliver them again (it retries for three days).
drop function if exists vitalis_private.prune_operational_records(integer, integer);
create function vitalis_private.prune_operational_records(p_failed_mail_days integer, p_stripe_event_days integer)
  returns table (failed_mails integer, stripe_events integer)
  language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_mails integer;
  v_events integer;
begin
  if p_failed_mail_days is null or p_failed_mail_days < 0 then
    raise exception 'failedMailDays: must be 0 or more days' using errcode = '22023', column = 'p_failed_mail_days';
  end if;
  if p_stripe_event_days is null or p_stripe_event_days < 7 then
    raise exception 'stripeEventDays: must be 7 or more days (Stripe delivers an event again for up to three days)'
      using errcode = '22023', column = 'p_stripe_event_days';
  end if;
  v_mails := vitalis_private.worker_prune_failed_jobs('mail__send', make_interval(days => p_failed_mail_days));
  delete from vitalis_private.stripe_events e where e.received_at < now() - make_interval(days => p_stripe_event_days);
  get diagnostics v_events = row_count;
  return query select v_mails, v_events;
end $$;
comment on function vitalis_private.prune_operational_records(integer, integer) is 'Daily retention of what is not a user''s row: mails that failed every attempt (their address and link) after p_failed_mail_days, Stripe event ids after p_stripe_event_days. Returns the counts. Worker only.';
revoke all on function vitalis_private.prune_operational_records(integer, integer) from public;
grant execute on function vitalis_private.prune_operational_records(integer, integer) to vitalis_worker;

reset role;
