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
    raise exception 'authorization: sign in to invite members' using errcode = '42501';
  end if;
  if v_email is null or v_email !~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' or length(v_email) > 320 then
    raise exception 'email: % is not an email address', coalesce(quote_literal(email), 'NULL') using errcode = '22023', column = 'email';
  end if;
  v_gate := vitalis_private.household_gate_open();
  select a.* into v_account from vitalis.accounts a
   where a.account_id = (select u.account_id from vitalis.users u where u.user_id = v_me) for update;
  if v_account.owner_user_id is distinct from v_me then
    raise exception 'authorization: only the owner of the account may invite members' using errcode = '42501';
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

-- Data minimisation (issue 12): what is kept only as long as it is useful, deleted by the daily
-- privacy__retention task (src/privacy/retention.ts), which calls this until nothing is left.
-- Every kind is bounded per call (p_batch_size rows), so each call is a short transaction and a
-- big backlog never holds locks for long.
drop function if exists vitalis_private.apply_retention(integer, integer, integer, integer, integer, integer);
drop function if exists vitalis_private.apply_retention(integer, integer, integer, integer, integer, integer, uuid);
create or replace function vitalis_private.apply_retention(p_session_days integer, p_login_attempt_days integer, p_email_token_days integer,
                                                           p_raw_data_days integer, p_batch_size integer default 1000,
                                                           p_rate_window_seconds integer default 86400, p_raw_data_from_user uuid default null)
  returns jsonb
  language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_session_cutoff timestamptz := now() - make_interval(days => p_session_days);
  v_attempt_cutoff timestamptz := now() - make_interval(days => p_login_attempt_days);
  v_token_cutoff timestamptz := now() - make_interval(days => p_email_token_days);
  v_rate_cutoff timestamptz := now() - make_interval(secs => greatest(p_rate_window_seconds, 86400));
  v_counts jsonb := '{}';
  v_raw jsonb := '{}';
  v_n integer;
  v_more boolean := false;
  v_budget integer := p_batch_size;
  v_gate text;
  v_users uuid[];
  v_user uuid;
  v_resume uuid;
  v_previous_user text := current_setting('app.current_user_id', true);
  t record;
begin
  if p_session_days is null or p_session_days < 0 then
    raise exception 'sessionDays: must be 0 or more days' using errcode = '22023', column = 'p_session_days';
  end if;
  if p_login_attempt_days is null or p_login_attempt_days < 1 then
    raise exception 'loginAttemptDays: must be 1 or more days' using errcode = '22023', column = 'p_login_attempt_days';
  end if;
  if p_email_token_days is null or p_email_token_days < 0 then
    raise exception 'emailTokenDays: must be 0 or more days' using errcode = '22023', column = 'p_email_token_days';
  end if;
  if p_raw_data_days is not null and p_raw_data_days < 1 then
    raise exception 'rawDataDays: must be 1 or more days, or NULL to keep raw_data' using errcode = '22023', column = 'p_raw_data_days';
  end if;
  if p_batch_size is null or p_batch_size not between 1 and 100000 then
    raise exception 'batchSize: must be 1 to 100000 rows' using errcode = '22023', column = 'p_batch_size';
  end if;

  -- Sessions: a row goes once its refresh token expired N days ago, or once its whole family
  -- (one sign-in and its rotations) ended N days ago. A rotated token of a live family is kept
  -- until it expires: presenting it again is how theft is detected (auth_refresh).
  delete from vitalis_private.sessions s where s.ctid = any (array(
    select x.ctid from vitalis_private.sessions x
     where x.expires_at < v_session_cutoff
        or not exists (select 1 from vitalis_private.sessions f
                        where f.family_id = x.family_id
                          and least(coalesce(f.revoked_at, 'infinity'), f.expires_at) >= v_session_cutoff)
     limit p_batch_size));
  get diagnostics v_n = row_count;
  v_counts := v_counts || jsonb_build_object('sessions', v_n);
  v_more := v_more or v_n = p_batch_size;

  delete from vitalis_private.login_attempts a where a.ctid = any (array(
    select x.ctid from vitalis_private.login_attempts x where x.attempted_at < v_attempt_cutoff limit p_batch_size));
  get diagnostics v_n = row_count;
  v_counts := v_counts || jsonb_build_object('loginAttempts', v_n);
  v_more := v_more or v_n = p_batch_size;

  delete from vitalis_private.email_tokens e where e.ctid = any (array(
    select x.ctid from vitalis_private.email_tokens x where x.used_at < v_token_cutoff or x.expires_at < v_token_cutoff limit p_batch_size));
  get diagnostics v_n = row_count;
  v_counts := v_counts || jsonb_build_object('emailTokens', v_n);
  v_more := v_more or v_n = p_batch_size;

  -- Rate-limit rows past their window (auth prunes these too, but only as requests arrive).
  delete from vitalis_private.auth_rate_events e where e.ctid = any (array(
    select x.ctid from vitalis_private.auth_rate_events x where x.occurred_at < v_rate_cutoff limit p_batch_size));
  get diagnostics v_n = row_count;
  v_counts := v_counts || jsonb_build_object('authRateEvents', v_n);
  v_more := v_more or v_n = p_batch_size;

  -- Known sign-in sources are trusted for 90 days (auth_login); after that they are forgotten.
  delete from vitalis_private.login_known_sources k where k.ctid = any (array(
    select x.ctid from vitalis_private.login_known_sources x where x.last_success_at < now() - interval '90 days' limit p_batch_size));
  get diagnostics v_n = row_count;
  v_counts := v_counts || jsonb_build_object('loginKnownSources', v_n);
  v_more := v_more or v_n = p_batch_size;

  -- Provider OAuth states live 10 minutes; a day later they are of no use to anyone.
  delete from vitalis_private.provider_oauth_states o where o.ctid = any (array(
    select x.ctid from vitalis_private.provider_oauth_states x where x.created_at < now() - interval '1 day' limit p_batch_size));
  get diagnostics v_n = row_count;
  v_counts := v_counts || jsonb_build_object('providerOauthStates', v_n);
  v_more := v_more or v_n = p_batch_size;

  -- raw_data (opt-in): every user table with a raw_data column, found in the catalog, so tables
  -- added later are covered. Aged by updated_at (when the payload was last written) or created_at.
  -- RLS binds this function too: users are listed through the household gate, then each one's
  -- rows are changed as that user, in user_id order. When the batch is used up, rawDataResumeFrom
  -- names the user to go on from (the next call passes it as p_raw_data_from_user).
  if p_raw_data_days is not null then
    v_gate := vitalis_private.household_gate_open();
    select coalesce(array_agg(u.user_id order by u.user_id), '{}') into v_users
      from vitalis.users u where p_raw_data_from_user is null or u.user_id >= p_raw_data_from_user;
    perform vitalis_private.household_gate_close(v_gate);
    <<users>>
    foreach v_user in array v_users loop
      perform set_config('app.current_user_id', v_user::text, true);
      for t in
        select c.relname,
               case when exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'updated_at' and not a.attisdropped)
                    then 'updated_at' else 'created_at' end as aged_by
          from pg_class c
         where c.relnamespace = 'vitalis'::regnamespace and c.relkind in ('r', 'p') and not c.relispartition
           and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'raw_data' and not a.attisdropped)
           and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'user_id' and not a.attisdropped)
           and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname in ('updated_at', 'created_at') and not a.attisdropped)
         order by c.relname
      loop
        if v_budget = 0 then
          v_resume := v_user;
          exit users;
        end if;
        execute format('update vitalis.%1$I r set raw_data = null where r.raw_data is not null and (r.tableoid, r.ctid) in '
                       '(select x.tableoid, x.ctid from vitalis.%1$I x where x.raw_data is not null and x.%2$I < $1 limit $2)', t.relname, t.aged_by)
          using now() - make_interval(days => p_raw_data_days), v_budget;
        get diagnostics v_n = row_count;
        v_budget := v_budget - v_n;
        v_raw := v_raw || jsonb_build_object(t.relname, coalesce((v_raw ->> t.relname)::integer, 0) + v_n);
      end loop;
    end loop;
    perform set_config('app.current_user_id', coalesce(v_previous_user, ''), true);
    v_more := v_more or v_resume is not null;
  end if;

  return v_counts || jsonb_build_object('rawData', v_raw, 'rawDataResumeFrom', v_resume, 'more', v_more);
end $$;
comment on function vitalis_private.apply_retention(integer, integer, integer, integer, integer, integer, uuid) is 'Deletes what is past its retention, at most p_batch_size rows of each kind per call: sessions whose refresh token expired, or whose whole sign-in family ended, p_session_days ago; failed login attempts older than p_login_attempt_days; email tokens used or expired p_email_token_days ago; rate-limit events past their window (at least a day); sign-in sources unused for 90 days; provider OAuth states older than a day. With p_raw_data_days (NULL keeps it) sets raw_data to NULL on every user table that has it, for rows last written that many days ago (p_batch_size rows in all, user by user: rawDataResumeFrom, passed back as p_raw_data_from_user, goes on where the batch ended). Returns the counts per kind and more = true when a kind hit its bound: call again. Worker only.';
revoke all on function vitalis_private.apply_retention(integer, integer, integer, integer, integer, integer, uuid) from public;
grant execute on function vitalis_private.apply_retention(integer, integer, integer, integer, integer, integer, uuid) to vitalis_worker;

reset role;
