--! Previous: sha1:7ebfd2a6cdbe733c5d83ea6a9f06519e6e44d0f7
--! Hash: sha1:d46796ad3fd2b197255e81a018a4b0b6e48ae935
--! Message: GDPR anonymisation of the audit log

--! split: 1-current.sql
set local lock_timeout = '5s';
set local role vitalis_owner;

/*
 * GDPR erasure of the audit trail (SCHEMA.md sections 2.10 and 11): audit rows are never deleted;
 * on account deletion user_id becomes NULL and the images lose email, date of birth and names.
 * The append-only trigger lets exactly this function through (as vitalis_owner, with the
 * vitalis.audit_rewrite flag set for its own transaction only).
 */
drop function if exists vitalis_private.anonymise_audit_log(uuid);
drop policy if exists gdpr_anonymise_read on vitalis.audit_log;
-- UPDATE ... WHERE needs the rows to be visible: only while the rewrite flag is set.
create policy gdpr_anonymise_read on vitalis.audit_log for select to vitalis_owner
  using (current_setting('vitalis.audit_rewrite', true) = 'gdpr_anonymise');
create function vitalis_private.anonymise_audit_log(p_user_id uuid) returns integer
  language plpgsql security definer set search_path = pg_catalog as $$
declare
  v_pii constant text[] := array['email', 'date_of_birth', 'display_name', 'first_name', 'last_name', 'name',
                                 'provider_name', 'lab_provider', 'external_user_id', 'provider_user_id', 'notes'];
  v_rows integer;
begin
  if p_user_id is null then
    raise exception 'anonymise_audit_log: a user id is required' using errcode = '22004';
  end if;
  perform set_config('vitalis.audit_rewrite', 'gdpr_anonymise', true);
  update vitalis.audit_log
     set user_id = null,
         action_by = case when action_by = p_user_id then null else action_by end,
         record_id = case when record_id = p_user_id then '00000000-0000-0000-0000-000000000000'::uuid else record_id end,
         old_values = old_values - v_pii - 'user_id',
         new_values = new_values - v_pii - 'user_id',
         ip_address = null,
         user_agent = null
   where user_id = p_user_id;
  get diagnostics v_rows = row_count;
  perform set_config('vitalis.audit_rewrite', '', true);
  return v_rows;
end $$;
comment on function vitalis_private.anonymise_audit_log(uuid) is 'GDPR: detaches a user''s audit rows from them (user_id NULL) and strips PII from the row images; returns how many rows it rewrote. The rows themselves are kept.';
revoke all on function vitalis_private.anonymise_audit_log(uuid) from public;
grant execute on function vitalis_private.anonymise_audit_log(uuid) to vitalis_worker, vitalis_admin;

reset role;
