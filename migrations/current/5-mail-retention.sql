set local lock_timeout = '5s';
set local role vitalis_owner;

-- Mail queue (issue 12): mail is queued as a graphile-worker job in the same transaction as the
-- event that causes it, so it is sent exactly when that event commits, even if the process dies
-- right after; tasks/mail__send.ts renders (src/mail/templates) and sends it.

create or replace function vitalis_private.mail_templates() returns text[]
  language sql immutable parallel safe set search_path = pg_catalog as $$
  select array['email_verification', 'password_reset', 'export_ready', 'deletion_requested', 'deletion_cancelled',
               'deletion_completed', 'household_invite', 'billing_payment_failed']::text[];
$$;
comment on function vitalis_private.mail_templates() is 'The mail templates queue_mail accepts: the names in src/mail/templates/index.ts (test/mail/queue.test.ts keeps both lists equal). A typo fails the transaction that queues it, not a worker later.';

create or replace function vitalis_private.queue_mail(p_template text, p_to text, p_params jsonb) returns void
  language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_to text := btrim(p_to);
begin
  if p_template is null or not (p_template = any (vitalis_private.mail_templates())) then
    raise exception 'template: % is not a mail template', coalesce(quote_literal(p_template), 'NULL')
      using errcode = '22023', column = 'template';
  end if;
  if v_to is null or v_to = '' then
    raise exception 'to: a mail needs a recipient' using errcode = '22023', column = 'to';
  end if;
  if length(v_to) > 320 or v_to !~ '^[^@\s]+@[^@\s]+$' then
    raise exception 'to: % is not an email address', quote_literal(left(v_to, 100)) using errcode = '22023', column = 'to';
  end if;
  if p_params is not null and jsonb_typeof(p_params) <> 'object' then
    raise exception 'params: must be a JSON object' using errcode = '22023', column = 'params';
  end if;
  -- No job key: every event mails once. Five attempts with graphile-worker's exponential backoff
  -- ride out an SMTP outage of about a quarter of an hour.
  perform vitalis_private.worker_add_job('mail__send',
    json_build_object('template', p_template, 'to', v_to, 'params', coalesce(p_params, '{}'::jsonb)), null, 5, 5);
end $$;
comment on function vitalis_private.queue_mail(text, text, jsonb) is 'Queues one mail (template name, recipient address, template params as a JSON object) as a mail__send job in the current transaction: it is sent if and only if that transaction commits. Refuses an unknown template, a blank recipient or non-object params, naming the field.';
revoke all on function vitalis_private.queue_mail(text, text, jsonb) from public;
grant execute on function vitalis_private.queue_mail(text, text, jsonb) to vitalis_api, vitalis_worker;
revoke all on function vitalis_private.mail_templates() from public;
grant execute on function vitalis_private.mail_templates() to vitalis_api, vitalis_worker;

-- Household invitations are mailed to the invitee (the body is 000010's, plus the queue_mail call;
-- the token is still returned, once, as before).
create or replace function vitalis.invite_household_member(email text, out invite_id uuid, out token text)
  language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_me uuid := vitalis.current_user_id();
  v_email text := lower(btrim(email));
  v_gate text;
  v_account vitalis.accounts;
  v_members integer;
  v_inviter text;
  v_expires_at timestamptz;
begin
  if v_me is null then
    raise exception 'sign in to invite members' using errcode = '42501';
  end if;
  if v_email is null or v_email !~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' or length(v_email) > 320 then
    raise exception 'email: % is not an email address', coalesce(quote_literal(email), 'NULL') using errcode = '22023', column = 'email';
  end if;
  v_gate := vitalis_private.household_gate_open();
  select a.* into v_account from vitalis.accounts a
   where a.account_id = (select u.account_id from vitalis.users u where u.user_id = v_me) for update;
  if v_account.owner_user_id is distinct from v_me then
    raise exception 'only the owner of the account may invite members' using errcode = '42501';
  end if;
  if v_account.subscription_tier <> 'family' then
    raise exception 'email: only a family account can have members; this account is on the % tier', v_account.subscription_tier
      using errcode = '23514', column = 'email', hint = 'Upgrade to the family tier first.';
  end if;
  if v_account.subscription_status not in ('active', 'trialing') then
    raise exception 'email: the family subscription is %', v_account.subscription_status using errcode = '23514', column = 'email';
  end if;
  if exists (select 1 from vitalis.users u where u.account_id = v_account.account_id and u.email = v_email) then
    raise exception 'email: % is already a member of this account', v_email using errcode = '23505', column = 'email';
  end if;
  select count(*) into v_members from vitalis.users u where u.account_id = v_account.account_id;
  if v_members >= v_account.max_users then
    raise exception 'email: the account is full (a % account holds at most % %)', v_account.subscription_tier, v_account.max_users,
      case when v_account.max_users = 1 then 'user' else 'users' end
      using errcode = '23514', column = 'email';
  end if;
  -- A new invitation to the same address replaces the previous one.
  update vitalis.household_invites i set revoked_at = now()
   where i.account_id = v_account.account_id and i.email = v_email and i.accepted_at is null and i.revoked_at is null;
  token := encode(public.gen_random_bytes(32), 'hex');
  insert into vitalis.household_invites (user_id, account_id, email, token_hash)
  values (v_me, v_account.account_id, v_email, sha256(convert_to(token, 'UTF8')))
  returning household_invites.invite_id, household_invites.expires_at into invite_id, v_expires_at;
  perform vitalis_private.household_gate_close(v_gate);
  -- acceptUrl is left out: the mail task builds it from PUBLIC_URL and the token, which SQL does not know.
  select u.display_name into v_inviter from vitalis.users u where u.user_id = v_me;
  perform vitalis_private.queue_mail('household_invite', v_email, jsonb_build_object(
    'inviterName', coalesce(v_inviter, 'A Vitalis user'),
    'token', token,
    'expiresAt', to_char(v_expires_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')));
end $$;
comment on function vitalis.invite_household_member(text) is 'The owner of a family account invites someone by email. Returns the invitation id and its token, once, and mails the invitation (with the token link) to that address; only the token''s hash is stored. Refused when the account is not family tier or is full.';

reset role;
