--! Previous: sha1:c00736c3fdcaf76147d5df5975e01c742e2d840c
--! Hash: sha1:a4579d6a505ad29a9f27bbb56f094dc5eeb52d5f
--! Message: Reports in: upload, parse, review and confirm documents; report upserts; progress photos

--! split: 1-current.sql
set local lock_timeout = '5s';
set local role vitalis_owner;



reset role;

--! split: 2-documents.sql
set local lock_timeout = '5s';
set local role vitalis_owner;

-- Reports in (issue 11): a lab, DEXA or epigenetic report is uploaded (streamed through the API or
-- PUT to a presigned URL), parsed by the worker into a draft (documents.parse_result, the shape of
-- src/documents/draft.ts), reviewed and corrected by the user through these functions, and
-- confirmed into a panel, scan or test. The draft is only ever changed here, item by item, so
-- what a client may change is decided in SQL, not by whatever JSON it sends.

alter table vitalis.documents add column if not exists sha256 text;
alter table vitalis.documents add column if not exists parse_job_id uuid;
alter table vitalis.documents drop constraint if exists documents_sha256_format;
alter table vitalis.documents add constraint documents_sha256_format
  check (sha256 is null or sha256 ~ '^[0-9a-f]{64}$' or vitalis_private.refuse('sha256 must be 64 lower-case hex digits', 'sha256'));
alter table vitalis.documents drop constraint if exists documents_mime_type_check;
alter table vitalis.documents add constraint documents_mime_type_check
  check (mime_type is null or mime_type in ('application/pdf', 'image/png', 'image/jpeg', 'image/heic')
         or vitalis_private.refuse('mimeType must be application/pdf, image/png, image/jpeg or image/heic', 'mime_type'));
alter table vitalis.documents drop constraint if exists documents_parse_job_id_fkey;
alter table vitalis.documents add constraint documents_parse_job_id_fkey
  foreign key (parse_job_id) references vitalis.ingestion_jobs (job_id) on delete set null;
create unique index if not exists documents_user_id_sha256_key on vitalis.documents (user_id, sha256)
  where deleted_at is null and sha256 is not null;
create index if not exists documents_parse_job_id_idx on vitalis.documents (parse_job_id);
comment on column vitalis.documents.sha256 is 'SHA-256 of the file''s bytes (hex): the same file uploaded again is recognised and answered with this document instead of a second one.';
comment on column vitalis.documents.parse_job_id is 'The document_parse ingestion job that reads this file: follow its status and progress there.';
comment on column vitalis.documents.parse_result is 'The draft read from the file, for review: header (provider, dates), items (each with its confidence, page and position, and the extractor that read it), unread lines (rows that looked like results but could not be read, listed rather than dropped), and how the text was read (text layer or OCR, per page). Change it with reviseDocumentItem / reviseDocumentHeader; confirmDocument turns it into records.';

alter table vitalis.profile_shares add column if not exists may_review_documents boolean not null default false;
comment on column vitalis.profile_shares.may_review_documents is 'The viewer may also review, correct and confirm the owner''s uploaded reports (a parent for a child, a carer): granted with grantDocumentReview.';

alter table vitalis.user_preferences add column if not exists auto_confirm_documents_at numeric(3,2);
alter table vitalis.user_preferences drop constraint if exists user_preferences_auto_confirm_documents_at_range;
alter table vitalis.user_preferences add constraint user_preferences_auto_confirm_documents_at_range
  check (auto_confirm_documents_at >= 0.5 and auto_confirm_documents_at <= 1);
comment on column vitalis.user_preferences.auto_confirm_documents_at is 'Confirm a parsed report without review when its confidence reaches this value (0.5-1) and every result was read and mapped; null (the default) always asks for review.';
select vitalis_private.set_client_columns('vitalis.user_preferences', '{}',
  '{weight_unit, height_unit, distance_unit, temperature_unit, energy_unit, timezone, notifications_enabled, notification_prefs, dashboard_layout, source_priority, auto_confirm_documents_at}');

create or replace function vitalis_private.ingestion_task(job_type vitalis.job_type) returns text
language sql immutable parallel safe as $$
  select case job_type
    when 'file_import' then 'imports__file'
    when 'daily_sync' then 'providers__sync'
    when 'backfill' then 'providers__sync'
    when 'webhook_sync' then 'providers__sync'
    when 'document_parse' then 'documents__parse'
  end
$$;
comment on function vitalis_private.ingestion_task(vitalis.job_type) is 'The graphile-worker task that runs an ingestion job type; null for types no task runs yet.';

-- Where a report's bytes live: under the owner's own prefix, one folder per upload.
create or replace function vitalis_private.document_key(p_user_id uuid, p_folder uuid, p_filename text) returns text
language sql immutable parallel safe as $$
  select 'documents/' || p_user_id || '/' || p_folder || '/' ||
         coalesce(nullif(regexp_replace(coalesce(p_filename, ''), '[^A-Za-z0-9._() -]', '_', 'g'), ''), 'report')
$$;
comment on function vitalis_private.document_key(uuid, uuid, text) is 'The object key of an uploaded report: documents/<user>/<folder>/<filename with unsafe characters replaced>.';

create or replace function vitalis_private.check_document_upload(p_document_type vitalis.document_type, p_mime_type text, p_file_size_bytes bigint, p_sha256 text, p_max_bytes bigint)
returns void language plpgsql immutable as $$
begin
  if p_document_type is null then
    raise exception 'documentType: is required (blood_work, dexa, epigenetics or other)' using errcode = '22023', column = 'document_type';
  end if;
  if p_document_type not in ('blood_work', 'dexa', 'epigenetics', 'other') then
    raise exception 'documentType: % reports are not parsed; upload blood_work, dexa, epigenetics or other', p_document_type using errcode = '22023', column = 'document_type';
  end if;
  if p_mime_type is null or p_mime_type not in ('application/pdf', 'image/png', 'image/jpeg', 'image/heic') then
    raise exception 'mimeType: must be application/pdf, image/png, image/jpeg or image/heic' using errcode = '22023', column = 'mime_type';
  end if;
  if p_file_size_bytes is null or p_file_size_bytes < 1 or p_file_size_bytes > p_max_bytes then
    raise exception 'byteSize: must be between 1 and % bytes', p_max_bytes using errcode = '22023', column = 'file_size_bytes';
  end if;
  if p_sha256 is null or p_sha256 !~ '^[0-9a-f]{64}$' then
    raise exception 'sha256: must be the file''s SHA-256 as 64 lower-case hex digits' using errcode = '22023', column = 'sha256';
  end if;
end $$;
comment on function vitalis_private.check_document_upload(vitalis.document_type, text, bigint, text, bigint) is 'The rules every report upload meets, whichever way it arrives.';

-- A file already uploaded by this user (same bytes): the upload is answered with it.
create or replace function vitalis_private.existing_document(p_sha256 text) returns vitalis.documents
language sql stable as $$
  select d.* from vitalis.documents d
   where d.user_id = vitalis.current_user_id() and d.sha256 = p_sha256 and d.deleted_at is null
$$;
comment on function vitalis_private.existing_document(text) is 'The caller''s live document with these bytes, if any.';

create or replace function vitalis_private.queue_document_parse(p_document vitalis.documents) returns uuid
language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_job uuid;
begin
  v_job := vitalis_private.enqueue_ingestion_job(p_document.user_id, 'document_parse', 'pdf_import',
                                                 jsonb_build_object('documentId', p_document.document_id), 3::smallint, 3::smallint);
  update vitalis.documents d set parse_job_id = v_job, parse_status = 'pending', error_message = null
   where d.document_id = p_document.document_id;
  return v_job;
end $$;
comment on function vitalis_private.queue_document_parse(vitalis.documents) is 'Queues the document_parse job for a document and links it (security definer: the job queue is not the client''s to write).';

-- Streamed upload (POST /documents): the bytes are already stored under the user's prefix.
create or replace function vitalis_private.record_document_upload(
  p_document_type vitalis.document_type, p_s3_key text, p_original_filename text, p_mime_type text,
  p_file_size_bytes bigint, p_sha256 text, p_max_bytes bigint,
  out document_id uuid, out job_id uuid, out duplicate boolean)
language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_me uuid := vitalis.current_user_id();
  v_doc vitalis.documents;
begin
  if v_me is null then
    raise exception 'authorization: sign in to upload a report' using errcode = '28000';
  end if;
  perform vitalis_private.check_document_upload(p_document_type, p_mime_type, p_file_size_bytes, p_sha256, p_max_bytes);
  if p_s3_key is null or p_s3_key not like 'documents/' || v_me || '/%' or p_s3_key like '%..%' then
    raise exception 's3Key: must be under documents/%/', v_me using errcode = '22023', column = 's3_key';
  end if;
  v_doc := vitalis_private.existing_document(p_sha256);
  if v_doc.document_id is not null then
    document_id := v_doc.document_id; job_id := v_doc.parse_job_id; duplicate := true;
    return;
  end if;
  insert into vitalis.documents (user_id, document_type, original_filename, s3_key, file_size_bytes, mime_type, sha256)
  values (v_me, p_document_type, left(p_original_filename, 200), p_s3_key, p_file_size_bytes, p_mime_type, p_sha256)
  returning * into v_doc;
  document_id := v_doc.document_id;
  job_id := vitalis_private.queue_document_parse(v_doc);
  duplicate := false;
end $$;
comment on function vitalis_private.record_document_upload(vitalis.document_type, text, text, text, bigint, text, bigint) is 'Records a report streamed to storage and queues its parse in the same transaction; the same bytes again answer with the existing document (duplicate = true). Security definer: documents are server-written.';

-- Presigned upload, step 1 (requestDocumentUpload): the row and its key; the client PUTs the bytes.
create or replace function vitalis_private.begin_document_upload(
  p_document_type vitalis.document_type, p_original_filename text, p_mime_type text, p_file_size_bytes bigint,
  p_sha256 text, p_max_bytes bigint,
  out document_id uuid, out s3_key text, out duplicate boolean, out awaiting_upload boolean)
language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_me uuid := vitalis.current_user_id();
  v_doc vitalis.documents;
  v_id uuid := gen_random_uuid();
begin
  if v_me is null then
    raise exception 'authorization: sign in to upload a report' using errcode = '28000';
  end if;
  perform vitalis_private.check_document_upload(p_document_type, p_mime_type, p_file_size_bytes, p_sha256, p_max_bytes);
  v_doc := vitalis_private.existing_document(p_sha256);
  if v_doc.document_id is null then
    insert into vitalis.documents (document_id, user_id, document_type, original_filename, s3_key, file_size_bytes, mime_type, sha256)
    values (v_id, v_me, p_document_type, left(p_original_filename, 200), vitalis_private.document_key(v_me, v_id, p_original_filename),
            p_file_size_bytes, p_mime_type, p_sha256)
    returning * into v_doc;
    duplicate := false;
  else
    duplicate := true;
  end if;
  document_id := v_doc.document_id;
  s3_key := v_doc.s3_key;
  -- A document whose bytes never arrived may be uploaded again (a fresh URL for the same key).
  awaiting_upload := v_doc.parse_job_id is null and v_doc.parse_status = 'pending';
end $$;
comment on function vitalis_private.begin_document_upload(vitalis.document_type, text, text, bigint, text, bigint) is 'Creates the document a presigned upload will fill (or finds the one with the same bytes) and returns its object key. Security definer: documents are server-written.';

-- Presigned upload, step 2: the client says the PUT is done; the worker checks the bytes.
create or replace function vitalis.confirm_document_upload(document_id uuid) returns vitalis.ingestion_jobs
language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_doc vitalis.documents;
  v_job vitalis.ingestion_jobs;
begin
  select d.* into v_doc from vitalis.documents d
   where d.document_id = confirm_document_upload.document_id and d.user_id = vitalis.current_user_id() and d.deleted_at is null
     for update;
  if v_doc.document_id is null then
    raise exception 'documentId: no such document' using errcode = 'VT404', column = 'document_id';
  end if;
  if v_doc.parse_job_id is null then
    perform vitalis_private.queue_document_parse(v_doc);
    select d.* into v_doc from vitalis.documents d where d.document_id = v_doc.document_id;
  end if;
  select j.* into v_job from vitalis.ingestion_jobs j where j.job_id = v_doc.parse_job_id;
  return v_job;
end $$;
comment on function vitalis.confirm_document_upload(uuid) is 'Call after PUTting a report''s bytes to the URL from requestDocumentUpload: queues its parse and returns the job to follow. Calling it again returns the same job. The worker checks the bytes (type, size, SHA-256) before it reads them.';

-- The document a caller may review: their own, or a household member's who granted them review.
-- Switches app.current_user_id to the owner for the rest of the calling function, so RLS binds
-- the owner's rows; returns the caller, whom the calling function must restore with restore_reviewer.
drop function if exists vitalis_private.act_for_document(uuid);
create or replace function vitalis_private.act_for_document(p_document_id uuid) returns uuid
language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_owner uuid;
  v_candidate uuid;
  reviewer uuid;
begin
  reviewer := vitalis.current_user_id();
  if reviewer is null then
    raise exception 'authorization: sign in to review a report' using errcode = '28000';
  end if;
  -- The caller's own, or one of the owners who shared their profile with them (RLS, forced,
  -- binds this function too: look as each of them in turn).
  foreach v_candidate in array vitalis.viewable_user_ids() loop
    perform set_config('app.current_user_id', v_candidate::text, true);
    select d.user_id into v_owner from vitalis.documents d where d.document_id = p_document_id and d.deleted_at is null;
    exit when v_owner is not null;
  end loop;
  if v_owner is null then
    perform set_config('app.current_user_id', reviewer::text, true);
    raise exception 'documentId: no such document' using errcode = 'VT404', column = 'document_id';
  end if;
  if v_owner <> reviewer and not exists (
       select 1 from vitalis.profile_shares s
        where s.user_id = v_owner and s.viewer_user_id = reviewer and s.revoked_at is null and s.may_review_documents) then
    perform set_config('app.current_user_id', reviewer::text, true);
    raise exception 'documentId: you may read this report but not review it; its owner can grant that with grantDocumentReview'
      using errcode = 'VT403', column = 'document_id';
  end if;
  return reviewer;
end $$;
comment on function vitalis_private.act_for_document(uuid) is 'Finds a report the caller may review and acts as its owner for the rest of the transaction step (restore with restore_reviewer). Security definer: reading another user''s shares is not the caller''s to do.';

create or replace function vitalis_private.restore_reviewer(p_reviewer uuid) returns void
language sql volatile as $$
  select set_config('app.current_user_id', p_reviewer::text, true)
$$;
comment on function vitalis_private.restore_reviewer(uuid) is 'Ends act_for_document: the caller is the current user again.';

create or replace function vitalis_private.assert_reviewable(p_document vitalis.documents) returns void
language plpgsql immutable as $$
begin
  if p_document.parse_status = 'confirmed' then
    raise exception 'documentId: the report is confirmed; change its records (the linked panel, scan or test) instead' using errcode = '23514', column = 'document_id';
  end if;
  if p_document.parse_status not in ('parsed', 'needs_review') or p_document.parse_result is null then
    raise exception 'documentId: the report is %; only a parsed report can be reviewed', p_document.parse_status using errcode = '23514', column = 'document_id';
  end if;
end $$;
comment on function vitalis_private.assert_reviewable(vitalis.documents) is 'Refuses review of a report that is not (or no longer) a draft.';

-- What review may change on each kind of item, and the JSON type each change must have.
create or replace function vitalis_private.revisable_fields(p_item_type text) returns jsonb
language sql immutable parallel safe as $$
  select case p_item_type
    when 'lab_result' then '{"printedName":"text!","subPanel":"text","value":"number","valueText":"text","comparator":"comparator","unit":"text",
                             "refLow":"number","refHigh":"number","refRangeText":"text","flag":"flag","biomarkerId":"biomarker","rejected":"boolean"}'
    when 'dexa_summary' then '{"value":"number","rejected":"boolean"}'
    when 'epigenetic_summary' then '{"value":"number","rejected":"boolean"}'
    when 'dexa_region' then '{"region":"dexa_region","bodyFatPct":"number","fatLbs":"number","leanLbs":"number","bmcLbs":"number","totalMassLbs":"number","rejected":"boolean"}'
    when 'bone_density' then '{"region":"bone_density_region","bmdGCm2":"number","tScore":"number","zScore":"number","rejected":"boolean"}'
    when 'organ_age' then '{"organSystem":"organ_system","biologicalAge":"number","chronologicalAge":"number","rejected":"boolean"}'
    when 'header' then '{"provider":"text","orderingProvider":"text","panelName":"text","collectedAt":"date","reportedAt":"date","specimenId":"text",
                         "kitId":"text","fasting":"boolean","methylationClock":"text"}'
  end::jsonb
$$;
comment on function vitalis_private.revisable_fields(text) is 'The fields review may change on an item of this type (or the header), with the kind of value each takes.';

-- Checks one change against its kind; returns the value to store (a biomarker id also brings its name).
create or replace function vitalis_private.revised_value(p_field text, p_kind text, p_value jsonb) returns jsonb
language plpgsql stable as $$
declare
  v_type text := jsonb_typeof(p_value);
  v_name text;
begin
  if v_type = 'null' then
    if p_kind in ('text!', 'boolean') then
      raise exception 'changes: % cannot be null', p_field using errcode = '22023', column = 'changes';
    end if;
    return p_value;
  end if;
  case p_kind
    when 'number' then
      if v_type <> 'number' then
        raise exception 'changes: % must be a number', p_field using errcode = '22023', column = 'changes';
      end if;
    when 'boolean' then
      if v_type <> 'boolean' then
        raise exception 'changes: % must be true or false', p_field using errcode = '22023', column = 'changes';
      end if;
    when 'text', 'text!' then
      if v_type <> 'string' or length(p_value #>> '{}') > 200 or (p_kind = 'text!' and btrim(p_value #>> '{}') = '') then
        raise exception 'changes: % must be a non-empty text of at most 200 characters', p_field using errcode = '22023', column = 'changes';
      end if;
    when 'comparator' then
      if p_value #>> '{}' not in ('<', '<=', '>', '>=') then
        raise exception 'changes: % must be <, <=, > or >=', p_field using errcode = '22023', column = 'changes';
      end if;
    when 'flag' then
      if p_value #>> '{}' not in ('H', 'L', 'HH', 'LL', 'ABNORMAL') then
        raise exception 'changes: % must be H, L, HH, LL or ABNORMAL', p_field using errcode = '22023', column = 'changes';
      end if;
    when 'date' then
      if v_type <> 'string' or p_value #>> '{}' !~ '^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$' then
        raise exception 'changes: % must be a date (YYYY-MM-DD) or an ISO 8601 timestamp with an offset', p_field using errcode = '22023', column = 'changes';
      end if;
      begin
        perform (p_value #>> '{}')::timestamptz;
      exception when others then
        raise exception 'changes: % is not a real date', p_field using errcode = '22023', column = 'changes';
      end;
    when 'biomarker' then
      select d.canonical_name into v_name from vitalis.biomarker_dictionary d where d.biomarker_id::text = p_value #>> '{}';
      if v_name is null then
        raise exception 'changes: % is not a biomarker of the dictionary', p_field using errcode = 'VT404', column = 'changes';
      end if;
    when 'dexa_region', 'bone_density_region', 'organ_system' then
      if not exists (select 1 from pg_catalog.pg_enum e join pg_catalog.pg_type t on t.oid = e.enumtypid
                      join pg_catalog.pg_namespace n on n.oid = t.typnamespace
                     where n.nspname = 'vitalis' and t.typname = p_kind and e.enumlabel = p_value #>> '{}') then
        raise exception 'changes: % must be one of %', p_field,
          (select string_agg(e.enumlabel, ', ' order by e.enumsortorder) from pg_catalog.pg_enum e join pg_catalog.pg_type t on t.oid = e.enumtypid
            join pg_catalog.pg_namespace n on n.oid = t.typnamespace where n.nspname = 'vitalis' and t.typname = p_kind)
          using errcode = '22023', column = 'changes';
      end if;
  end case;
  return p_value;
end $$;
comment on function vitalis_private.revised_value(text, text, jsonb) is 'Validates one reviewed value against the kind revisable_fields gives its field.';

create or replace function vitalis_private.apply_revision(p_target jsonb, p_target_type text, p_changes jsonb) returns jsonb
language plpgsql stable as $$
declare
  v_allowed jsonb := vitalis_private.revisable_fields(p_target_type);
  v_key text;
  v_value jsonb;
  v_result jsonb := p_target;
  v_corrected jsonb := coalesce(p_target -> 'corrected', '[]');
begin
  if p_changes is null or jsonb_typeof(p_changes) <> 'object' or p_changes = '{}' then
    raise exception 'changes: must be an object of the fields to change' using errcode = '22023', column = 'changes';
  end if;
  for v_key, v_value in select * from jsonb_each(p_changes) loop
    if not v_allowed ? v_key then
      raise exception 'changes: % cannot be revised on a % (revisable: %)', v_key, replace(p_target_type, '_', ' '),
        (select string_agg(k, ', ') from jsonb_object_keys(v_allowed) k) using errcode = '22023', column = 'changes';
    end if;
    v_result := jsonb_set(v_result, array[v_key], vitalis_private.revised_value(v_key, v_allowed ->> v_key, v_value), true);
    if v_key = 'biomarkerId' then
      v_result := v_result || jsonb_build_object(
        'canonicalName', (select d.canonical_name from vitalis.biomarker_dictionary d where d.biomarker_id::text = v_value #>> '{}'),
        'matchedBy', case when jsonb_typeof(v_value) = 'null' then null else 'user' end);
    end if;
    if p_target_type <> 'header' and v_key <> 'rejected' and not v_corrected ? v_key then
      v_corrected := v_corrected || to_jsonb(v_key);
    end if;
  end loop;
  if p_target_type <> 'header' then
    v_result := v_result || jsonb_build_object('corrected', v_corrected);
  end if;
  return v_result;
end $$;
comment on function vitalis_private.apply_revision(jsonb, text, jsonb) is 'One reviewed item (or the header) with the changes applied after validation, its corrected list extended.';

create or replace function vitalis.revise_document_item(document_id uuid, item_id text, changes jsonb) returns vitalis.documents
language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_reviewer uuid := vitalis_private.act_for_document(revise_document_item.document_id);
  v_index integer;
  v_item jsonb;
  v_doc vitalis.documents;
begin
  select d.* into v_doc from vitalis.documents d where d.document_id = revise_document_item.document_id for update;
  perform vitalis_private.assert_reviewable(v_doc);
  select (e.ordinality - 1)::integer, e.value into v_index, v_item
    from jsonb_array_elements(v_doc.parse_result -> 'items') with ordinality e
   where e.value ->> 'id' = item_id;
  if v_item is null then
    raise exception 'itemId: no such item in this report''s draft' using errcode = 'VT404', column = 'item_id';
  end if;
  update vitalis.documents d
     set parse_result = jsonb_set(d.parse_result, array['items', v_index::text], vitalis_private.apply_revision(v_item, v_item ->> 'type', changes))
   where d.document_id = v_doc.document_id
  returning * into v_doc;
  perform vitalis_private.restore_reviewer(v_reviewer);
  return v_doc;
end $$;
comment on function vitalis.revise_document_item(uuid, text, jsonb) is 'Corrects one item of a parsed report''s draft before it is confirmed: changes is an object of the fields to change (a lab result''s value, unit, range, flag, name or biomarkerId; a DEXA or epigenetic value; "rejected": true strikes the item). Each changed field is listed in the item''s corrected list. The owner, or a household member granted review, may call it.';

create or replace function vitalis.revise_document_header(document_id uuid, changes jsonb) returns vitalis.documents
language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_reviewer uuid := vitalis_private.act_for_document(revise_document_header.document_id);
  v_doc vitalis.documents;
begin
  select d.* into v_doc from vitalis.documents d where d.document_id = revise_document_header.document_id for update;
  perform vitalis_private.assert_reviewable(v_doc);
  update vitalis.documents d
     set parse_result = jsonb_set(d.parse_result, '{header}', vitalis_private.apply_revision(coalesce(d.parse_result -> 'header', '{}'), 'header', changes)),
         provider_name = coalesce(changes ->> 'provider', d.provider_name)
   where d.document_id = v_doc.document_id
  returning * into v_doc;
  perform vitalis_private.restore_reviewer(v_reviewer);
  return v_doc;
end $$;
comment on function vitalis.revise_document_header(uuid, jsonb) is 'Corrects a parsed report''s header before it is confirmed: provider (the lab or company), orderingProvider, panelName, collectedAt, reportedAt (YYYY-MM-DD or an ISO timestamp), specimenId, kitId, fasting, methylationClock.';

-- A draft date as a timestamp: a bare date is midnight in the owner's own time zone.
create or replace function vitalis_private.draft_timestamp(p_value text) returns timestamptz
language sql stable as $$
  select case
    when p_value is null then null
    when p_value ~ '^\d{4}-\d{2}-\d{2}$' then
      p_value::date::timestamp at time zone coalesce((select p.timezone from vitalis.user_preferences p where p.user_id = vitalis.current_user_id()), 'UTC')
    else p_value::timestamptz
  end
$$;
comment on function vitalis_private.draft_timestamp(text) is 'A draft''s date or timestamp as timestamptz; a bare date is the start of that day where the user lives.';

-- The items of one type that confirmation writes (struck ones are left out).
create or replace function vitalis_private.draft_items(p_draft jsonb, p_type text) returns setof jsonb
language sql immutable parallel safe as $$
  select i from jsonb_array_elements(coalesce(p_draft -> 'items', '[]')) i
   where i ->> 'type' = p_type and not coalesce((i ->> 'rejected')::boolean, false)
$$;
comment on function vitalis_private.draft_items(jsonb, text) is 'The items of one type in a draft, without those rejected in review.';

create or replace function vitalis_private.draft_summary(p_draft jsonb, p_type text) returns jsonb
language sql immutable parallel safe as $$
  select coalesce(jsonb_object_agg(i ->> 'field', i -> 'value'), '{}') from vitalis_private.draft_items(p_draft, p_type) i
$$;
comment on function vitalis_private.draft_summary(jsonb, text) is 'A draft''s summary items (DEXA or epigenetic) as one object: field name to value.';

create or replace function vitalis_private.confirm_lab_draft(p_document vitalis.documents) returns uuid
language plpgsql volatile as $$
declare
  d jsonb := p_document.parse_result;
  h jsonb := coalesce(p_document.parse_result -> 'header', '{}');
begin
  if vitalis_private.draft_timestamp(h ->> 'reportedAt') < vitalis_private.draft_timestamp(h ->> 'collectedAt') then
    raise exception 'reportedAt: the report date (%) is before the collection date (%); correct one with reviseDocumentHeader', h ->> 'reportedAt', h ->> 'collectedAt'
      using errcode = '23514', column = 'reported_at';
  end if;
  return vitalis_private.upsert_blood_panel(jsonb_build_object(
    'lab_name', h ->> 'provider', 'lab_provider', h ->> 'orderingProvider', 'panel_name', h ->> 'panelName',
    'collected_at', vitalis_private.draft_timestamp(h ->> 'collectedAt'), 'reported_at', vitalis_private.draft_timestamp(h ->> 'reportedAt'),
    'fasting', h -> 'fasting', 'specimen_id', h ->> 'specimenId', 'document_id', p_document.document_id,
    'markers', coalesce((
      select jsonb_agg(jsonb_build_object(
               'biomarker_id', i ->> 'biomarkerId', 'raw_name', i ->> 'printedName', 'sub_panel', i ->> 'subPanel',
               'value_numeric', i -> 'value',
               'value_text', coalesce(i ->> 'valueText', case when jsonb_typeof(i -> 'value') <> 'number' then 'not read' end),
               'unit', i ->> 'unit', 'ref_range_low', i -> 'refLow', 'ref_range_high', i -> 'refHigh', 'ref_range_text', i ->> 'refRangeText',
               'flag', i ->> 'flag', 'parse_confidence', round((i ->> 'confidence')::numeric, 2)))
        from vitalis_private.draft_items(d, 'lab_result') i), '[]')), true);
end $$;
comment on function vitalis_private.confirm_lab_draft(vitalis.documents) is 'Writes a lab draft as a blood panel and its markers (unmatched results with biomarker_id null); returns the panel.';

create or replace function vitalis_private.confirm_dexa_draft(p_document vitalis.documents) returns uuid
language plpgsql volatile as $$
declare
  d jsonb := p_document.parse_result;
  h jsonb := coalesce(p_document.parse_result -> 'header', '{}');
  s jsonb := vitalis_private.draft_summary(p_document.parse_result, 'dexa_summary');
begin
  if h ->> 'collectedAt' is null then
    raise exception 'collectedAt: a DEXA scan needs its scan date; set it with reviseDocumentHeader' using errcode = '23514', column = 'collected_at';
  end if;
  return vitalis_private.upsert_dexa_scan(jsonb_build_object(
    'provider', h ->> 'provider', 'scan_date', left(h ->> 'collectedAt', 10), 'document_id', p_document.document_id,
    'age_at_scan', s -> 'ageAtScan', 'height_in', s -> 'heightIn', 'weight_lbs', s -> 'weightLbs', 'total_mass_lbs', s -> 'totalMassLbs',
    'total_fat_lbs', s -> 'totalFatLbs', 'total_lean_lbs', s -> 'totalLeanLbs', 'total_bmc_lbs', s -> 'totalBmcLbs',
    'total_body_fat_pct', s -> 'totalBodyFatPct', 'visceral_fat_lbs', s -> 'visceralFatLbs', 'visceral_fat_in3', s -> 'visceralFatIn3',
    'android_gynoid_ratio', s -> 'androidGynoidRatio',
    'regions', coalesce((
      select jsonb_agg(jsonb_build_object('region', i ->> 'region', 'body_fat_pct', i -> 'bodyFatPct', 'fat_lbs', i -> 'fatLbs',
                                          'lean_lbs', i -> 'leanLbs', 'bmc_lbs', i -> 'bmcLbs', 'total_mass_lbs', i -> 'totalMassLbs'))
        from vitalis_private.draft_items(d, 'dexa_region') i), '[]'),
    'bone_density', coalesce((
      select jsonb_agg(jsonb_build_object('region', i ->> 'region', 'bmd_g_cm2', i -> 'bmdGCm2', 't_score', i -> 'tScore', 'z_score', i -> 'zScore'))
        from vitalis_private.draft_items(d, 'bone_density') i), '[]')), true);
end $$;
comment on function vitalis_private.confirm_dexa_draft(vitalis.documents) is 'Writes a DEXA draft as a scan with its regions and bone densities; returns the scan.';

create or replace function vitalis_private.confirm_epigenetic_draft(p_document vitalis.documents) returns uuid
language plpgsql volatile as $$
declare
  d jsonb := p_document.parse_result;
  h jsonb := coalesce(p_document.parse_result -> 'header', '{}');
  s jsonb := vitalis_private.draft_summary(p_document.parse_result, 'epigenetic_summary');
begin
  return vitalis_private.upsert_epigenetic_test(jsonb_build_object(
    'provider', h ->> 'provider', 'kit_id', h ->> 'kitId', 'collected_at', left(h ->> 'collectedAt', 10), 'reported_at', left(h ->> 'reportedAt', 10),
    'methylation_clock', h ->> 'methylationClock', 'document_id', p_document.document_id,
    'chronological_age', s -> 'chronologicalAge', 'biological_age', s -> 'biologicalAge', 'pace_score', s -> 'paceScore',
    'pace_percentile', s -> 'pacePercentile', 'telomere_length', s -> 'telomereLength',
    'raw_data', jsonb_build_object('draft', d -> 'family', 'items', d -> 'items'),
    'organ_ages', coalesce((
      select jsonb_agg(jsonb_build_object('organ_system', i ->> 'organSystem', 'biological_age', i -> 'biologicalAge', 'chronological_age', i -> 'chronologicalAge'))
        from vitalis_private.draft_items(d, 'organ_age') i), '[]')), true);
end $$;
comment on function vitalis_private.confirm_epigenetic_draft(vitalis.documents) is 'Writes an epigenetic draft as a test with its organ-system ages; returns the test.';

-- Confirms as whoever is the current user (the owner, acting for a reviewer or the worker).
create or replace function vitalis_private.confirm_draft(p_document vitalis.documents, p_confirmed_by uuid) returns vitalis.documents
language plpgsql volatile as $$
declare
  v_kind text := p_document.parse_result ->> 'kind';
  v_record uuid;
  v_doc vitalis.documents;
begin
  perform vitalis_private.assert_reviewable(p_document);
  v_record := case v_kind
    when 'lab' then vitalis_private.confirm_lab_draft(p_document)
    when 'dexa' then vitalis_private.confirm_dexa_draft(p_document)
    when 'epigenetic' then vitalis_private.confirm_epigenetic_draft(p_document)
  end;
  if v_record is null then
    raise exception 'documentId: the draft has no report kind that can be confirmed' using errcode = '23514', column = 'document_id';
  end if;
  update vitalis.documents d
     set parse_status = 'confirmed', confirmed_at = now(), confirmed_by = p_confirmed_by, linked_record_id = v_record,
         linked_record_type = case v_kind when 'lab' then 'blood_panel' when 'dexa' then 'dexa_scan' else 'epigenetic_test' end
   where d.document_id = p_document.document_id
  returning * into v_doc;
  return v_doc;
end $$;
comment on function vitalis_private.confirm_draft(vitalis.documents, uuid) is 'Turns a reviewed draft into its records in one transaction and links them to the document.';

create or replace function vitalis.confirm_document(document_id uuid) returns vitalis.documents
language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_reviewer uuid := vitalis_private.act_for_document(confirm_document.document_id);
  v_doc vitalis.documents;
begin
  select d.* into v_doc from vitalis.documents d where d.document_id = confirm_document.document_id for update;
  if v_doc.parse_status <> 'confirmed' then
    v_doc := vitalis_private.confirm_draft(v_doc, v_reviewer);
  end if;
  perform vitalis_private.restore_reviewer(v_reviewer);
  return v_doc;
end $$;
comment on function vitalis.confirm_document(uuid) is 'Confirms a reviewed report: creates the blood panel (with every result not rejected; unmatched ones without a biomarker), the DEXA scan (regions, bone density) or the epigenetic test (organ ages) in one transaction, links it (linkedRecordId, linkedRecordType) and records who confirmed it and when. A result already stored for the same panel and biomarker is replaced (a confirmed re-import wins). Confirming again changes nothing.';

-- The worker's moves (role vitalis_worker, acting as the owner). Security definer: the draft and
-- the parse status are server-owned columns no client role may write; RLS still binds the owner.
create or replace function vitalis_private.start_document_parse(p_document_id uuid) returns vitalis.documents
language sql volatile security definer set search_path = pg_catalog as $$
  update vitalis.documents d set parse_status = 'processing', error_message = null
   where d.document_id = p_document_id and d.parse_status in ('pending', 'processing', 'failed')
  returning *
$$;
comment on function vitalis_private.start_document_parse(uuid) is 'The worker starts reading a document; a document already parsed or confirmed is left alone (null).';

create or replace function vitalis_private.fail_document_parse(p_document_id uuid, p_message text) returns void
language sql volatile security definer set search_path = pg_catalog as $$
  update vitalis.documents d set parse_status = 'failed', error_message = left(p_message, 2000), parse_result = null, parse_confidence = null
   where d.document_id = p_document_id and d.parse_status in ('pending', 'processing')
$$;
comment on function vitalis_private.fail_document_parse(uuid, text) is 'The file could not be read: the document says why and holds no draft.';

create or replace function vitalis_private.save_document_draft(p_document_id uuid, p_draft jsonb, p_sha256 text) returns vitalis.documents
language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_doc vitalis.documents;
  v_auto numeric;
  v_clean boolean;
  v_confidence numeric := round((p_draft ->> 'confidence')::numeric, 2);
begin
  if p_draft ->> 'kind' not in ('lab', 'dexa', 'epigenetic') or jsonb_typeof(p_draft -> 'items') <> 'array' then
    raise exception 'parseResult: a draft needs a kind (lab, dexa, epigenetic) and an items array' using errcode = '22023', column = 'parse_result';
  end if;
  -- Clean: every row read, every lab result mapped to the dictionary.
  v_clean := jsonb_array_length(coalesce(p_draft -> 'unreadLines', '[]')) = 0
         and not exists (select 1 from vitalis_private.draft_items(p_draft, 'lab_result') i where i ->> 'biomarkerId' is null)
         and jsonb_array_length(p_draft -> 'items') > 0;
  update vitalis.documents d
     set parse_result = p_draft, parse_confidence = v_confidence, parsed_at = now(), error_message = null,
         parse_status = case when v_clean and v_confidence >= 0.9 then 'parsed' else 'needs_review' end::vitalis.parse_status,
         sha256 = coalesce(d.sha256, p_sha256),
         provider_name = coalesce(p_draft -> 'header' ->> 'provider', d.provider_name),
         document_type = case when d.document_type = 'other'
                              then (case p_draft ->> 'kind' when 'lab' then 'blood_work' when 'dexa' then 'dexa' else 'epigenetics' end)::vitalis.document_type
                              else d.document_type end
   where d.document_id = p_document_id and d.parse_status in ('pending', 'processing')
  returning * into v_doc;
  if v_doc.document_id is null then
    return null;
  end if;
  select p.auto_confirm_documents_at into v_auto from vitalis.user_preferences p where p.user_id = v_doc.user_id;
  if v_auto is not null and v_clean and v_confidence >= v_auto then
    begin
      v_doc := vitalis_private.confirm_draft(v_doc, v_doc.user_id);
    exception when others then
      -- The records refused something (a unit the marker does not accept): the user reviews it.
      update vitalis.documents d set parse_status = 'needs_review',
             parse_result = jsonb_set(d.parse_result, '{warnings}', coalesce(d.parse_result -> 'warnings', '[]') || to_jsonb('not confirmed automatically: ' || sqlerrm))
       where d.document_id = p_document_id returning * into v_doc;
    end;
  end if;
  return v_doc;
end $$;
comment on function vitalis_private.save_document_draft(uuid, jsonb, text) is 'Stores the draft the worker read: parsed when clean and confident, needs_review otherwise; confirmed at once when the owner''s auto_confirm_documents_at allows it.';

-- Reports print dimensionless results without a unit; that is not a wrong unit.
create or replace function vitalis_private.tg_blood_markers__derive() returns trigger
  language plpgsql volatile as $$
declare
  d vitalis.biomarker_dictionary;
  v_sex text;
  v_accepted text[];
  v_low numeric;
  v_high numeric;
begin
  if new.value_numeric is null or new.biomarker_id is null then
    new.value_canonical := case when new.biomarker_id is null then new.value_numeric end;
    if new.value_numeric is not null and new.in_range is null and (new.ref_range_low is not null or new.ref_range_high is not null) then
      new.in_range := new.value_numeric >= coalesce(new.ref_range_low, new.value_numeric)
                  and new.value_numeric <= coalesce(new.ref_range_high, new.value_numeric);
    end if;
    return new;
  end if;
  select * into d from vitalis.biomarker_dictionary where biomarker_id = new.biomarker_id;
  v_accepted := array_append(coalesce(d.common_units, '{}'), d.canonical_unit);
  -- A dimensionless marker (a ratio, an index, a pH, a titer) printed without a unit is in its
  -- canonical unit: lab reports print "BUN/Creatinine Ratio 18" with an empty unit column.
  if new.unit is null and lower(coalesce(d.canonical_unit, '')) in ('ratio', 'index', 'ph', 'titer', 'qualitative', '') then
    null;
  elsif coalesce(vitalis.normalize_unit(new.unit), '') not in (select coalesce(vitalis.normalize_unit(u), '') from unnest(v_accepted) u) then
    raise exception 'unit: "%" is not an accepted unit for %; accepted units: %',
      coalesce(new.unit, '(none)'), d.display_name, array_to_string(v_accepted, ', ')
      using errcode = '22023', column = 'unit', table = 'blood_markers', schema = 'vitalis';
  end if;
  new.value_canonical := vitalis.convert_unit(new.value_numeric, coalesce(new.unit, d.canonical_unit), d.canonical_unit, d.biomarker_id);
  if new.value_canonical is null then
    raise exception 'unit: no conversion from "%" to % is known for %', new.unit, d.canonical_unit, d.display_name
      using errcode = '22023', column = 'unit', table = 'blood_markers', schema = 'vitalis';
  end if;
  if new.optimal_low is null and new.optimal_high is null then
    select biological_sex into v_sex from vitalis.users where user_id = new.user_id;
    new.optimal_low := case when v_sex = 'female' then d.optimal_low_female else d.optimal_low_male end;
    new.optimal_high := case when v_sex = 'female' then d.optimal_high_female else d.optimal_high_male end;
  end if;
  -- The lab's own range (in the reported unit) wins; otherwise the dictionary's normal range.
  if new.ref_range_low is not null or new.ref_range_high is not null then
    v_low := new.ref_range_low; v_high := new.ref_range_high;
    if new.in_range is null then
      new.in_range := new.value_numeric >= coalesce(v_low, new.value_numeric) and new.value_numeric <= coalesce(v_high, new.value_numeric);
    end if;
    if new.flag is null then
      new.flag := case when new.value_numeric < v_low then 'L' when new.value_numeric > v_high then 'H' end;
    end if;
  elsif d.normal_low is not null or d.normal_high is not null then
    if new.in_range is null then
      new.in_range := new.value_canonical >= coalesce(d.normal_low, new.value_canonical) and new.value_canonical <= coalesce(d.normal_high, new.value_canonical);
    end if;
    if new.flag is null then
      new.flag := case when new.value_canonical < d.normal_low then 'L' when new.value_canonical > d.normal_high then 'H' end;
    end if;
  end if;
  return new;
end $$;
comment on function vitalis_private.tg_blood_markers__derive() is 'Derives a marker''s canonical value, in-range verdict, flag and optimal range from the dictionary, and refuses a unit the marker does not accept (a dimensionless marker may be given without one).';

-- Household review rights.
create or replace function vitalis.grant_document_review(reviewer uuid) returns vitalis.profile_shares
language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_share vitalis.profile_shares;
begin
  v_share := vitalis.grant_profile_view(reviewer);
  update vitalis.profile_shares s set may_review_documents = true where s.share_id = v_share.share_id returning * into v_share;
  return v_share;
end $$;
comment on function vitalis.grant_document_review(uuid) is 'Lets another member of your household account read your data and also review, correct and confirm your uploaded reports.';

create or replace function vitalis.revoke_document_review(reviewer uuid) returns vitalis.profile_shares
language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_share vitalis.profile_shares;
begin
  update vitalis.profile_shares s set may_review_documents = false
   where s.user_id = vitalis.current_user_id() and s.viewer_user_id = reviewer and s.revoked_at is null
  returning * into v_share;
  if v_share.share_id is null then
    raise exception 'reviewer: you have not shared your profile with this member' using errcode = 'VT404', column = 'reviewer';
  end if;
  return v_share;
end $$;
comment on function vitalis.revoke_document_review(uuid) is 'Takes back the right to review your reports; the member can still read your data until you revoke the profile view.';

revoke all on function vitalis_private.record_document_upload(vitalis.document_type, text, text, text, bigint, text, bigint) from public;
revoke all on function vitalis_private.begin_document_upload(vitalis.document_type, text, text, bigint, text, bigint) from public;
revoke all on function vitalis_private.queue_document_parse(vitalis.documents) from public;
revoke all on function vitalis_private.act_for_document(uuid) from public;
revoke all on function vitalis_private.start_document_parse(uuid) from public;
revoke all on function vitalis_private.fail_document_parse(uuid, text) from public;
revoke all on function vitalis_private.save_document_draft(uuid, jsonb, text) from public;
revoke all on function vitalis.confirm_document_upload(uuid) from public;
revoke all on function vitalis.revise_document_item(uuid, text, jsonb) from public;
revoke all on function vitalis.revise_document_header(uuid, jsonb) from public;
revoke all on function vitalis.confirm_document(uuid) from public;
revoke all on function vitalis.grant_document_review(uuid) from public;
revoke all on function vitalis.revoke_document_review(uuid) from public;
grant execute on function vitalis_private.record_document_upload(vitalis.document_type, text, text, text, bigint, text, bigint) to vitalis_api;
grant execute on function vitalis_private.begin_document_upload(vitalis.document_type, text, text, bigint, text, bigint) to vitalis_api;
grant execute on function vitalis.confirm_document_upload(uuid) to vitalis_api;
grant execute on function vitalis.revise_document_item(uuid, text, jsonb) to vitalis_api, vitalis_worker;
grant execute on function vitalis.revise_document_header(uuid, jsonb) to vitalis_api, vitalis_worker;
grant execute on function vitalis.confirm_document(uuid) to vitalis_api, vitalis_worker;
grant execute on function vitalis.grant_document_review(uuid) to vitalis_api;
grant execute on function vitalis.revoke_document_review(uuid) to vitalis_api;
grant execute on function vitalis_private.start_document_parse(uuid) to vitalis_worker;
grant execute on function vitalis_private.fail_document_parse(uuid, text) to vitalis_worker;
grant execute on function vitalis_private.save_document_draft(uuid, jsonb, text) to vitalis_worker;

reset role;

--! split: 3-photos.sql
set local lock_timeout = '5s';
set local role vitalis_owner;

/*
 * Progress photos. Clients may not insert into vitalis.photos (the keys and the size are the
 * server's: an object it stored after stripping the photo's metadata), so the upload paths
 * (POST /photos and the presigned upload's confirmation) record the row through this function,
 * in the user's own transaction as vitalis_api: RLS and the audit trail apply as for any write.
 */

create or replace function vitalis_private.record_photo(
  p_photo_date date, p_photo_type text, p_s3_key text, p_s3_thumbnail_key text,
  p_file_size_bytes integer, p_linked_scan_id uuid, p_notes text) returns vitalis.photos
  language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_me uuid := vitalis.current_user_id();
  v_prefix text;
  v_photo vitalis.photos;
begin
  if v_me is null then
    raise exception 'authorization: sign in to add a photo' using errcode = '42501';
  end if;
  -- Keys the server made for this user (src/photos/store.ts): never another user's object.
  v_prefix := 'photos/' || v_me::text || '/';
  if p_s3_key is null or left(p_s3_key, length(v_prefix)) <> v_prefix or p_s3_key !~ '^photos/[0-9a-f-]+/[A-Za-z0-9._-]+$' then
    raise exception 's3Key: must be a key under photos/%/', v_me using errcode = '23514', column = 's3_key';
  end if;
  if p_s3_thumbnail_key is not null
     and (left(p_s3_thumbnail_key, length(v_prefix)) <> v_prefix or p_s3_thumbnail_key !~ '^photos/[0-9a-f-]+/[A-Za-z0-9._-]+$') then
    raise exception 's3ThumbnailKey: must be a key under photos/%/', v_me using errcode = '23514', column = 's3_thumbnail_key';
  end if;
  if p_photo_date is null then
    raise exception 'photoDate: is required' using errcode = '22004', column = 'photo_date';
  end if;
  if p_photo_type is not null and p_photo_type not in ('front', 'back', 'left', 'right', 'other') then
    raise exception 'photoType: must be one of front, back, left, right, other' using errcode = '23514', column = 'photo_type';
  end if;
  if p_file_size_bytes is not null and p_file_size_bytes < 0 then
    raise exception 'fileSizeBytes: must not be negative' using errcode = '23514', column = 'file_size_bytes';
  end if;
  -- The (scan, user) foreign key would refuse another user's scan too, but as a constraint
  -- violation; this says "not found" (as for a scan RLS hides) and refuses a deleted scan.
  if p_linked_scan_id is not null and not exists (
    select 1 from vitalis.dexa_scans s where s.scan_id = p_linked_scan_id and s.user_id = v_me and s.deleted_at is null) then
    raise exception 'linkedScanId: no such DEXA scan' using errcode = 'VT404', column = 'linked_scan_id';
  end if;

  insert into vitalis.photos (user_id, photo_date, photo_type, s3_key, s3_thumbnail_key, file_size_bytes, linked_scan_id, notes)
  values (v_me, p_photo_date, p_photo_type, p_s3_key, p_s3_thumbnail_key, p_file_size_bytes, p_linked_scan_id, p_notes)
  returning * into v_photo;
  return v_photo;
end $$;
comment on function vitalis_private.record_photo(date, text, text, text, integer, uuid, text) is
  'Records a progress photo of the signed-in user once the server has stored its metadata-free image and thumbnail under photos/<user id>/; the linked scan must be one of the user''s own DEXA scans. Definer: clients may not write photo keys or sizes (vitalis.photos grants them no insert), only the upload paths may.';

revoke all on function vitalis_private.record_photo(date, text, text, text, integer, uuid, text) from public;
grant execute on function vitalis_private.record_photo(date, text, text, text, integer, uuid, text) to vitalis_api;

reset role;

--! split: 4-report-upserts.sql
set local lock_timeout = '5s';
set local role vitalis_owner;

/*
 * Labs, DEXA and epigenetics get the same idempotent upsert contract as wearables (issue 11).
 *
 * A report can arrive twice: the same PDF confirmed again, a second download of it, a client that
 * re-sends its batch after a timeout. Each kind gets a natural key (a unique index), a private
 * single-report function for the server's own confirm path, and a public batch function shaped like
 * vitalis.upsert_measurements. The same report again changes nothing (no updated_at bump, no audit
 * row); a stored result differing from the new one is kept unless the re-import is confirmed
 * (SCHEMA.md §6: "accept re-import override with confirmed flag"). A header only gains the fields
 * it lacked (or, confirmed, takes the new non-null ones); a child row (marker, region, density,
 * organ age) confirmed again is replaced by the new one as given.
 */

--------------------------------------------------------------------------------------------------
-- Natural keys. A live duplicate already stored makes the index refuse to build: the migration
-- then stops, changes nothing and says how to list the duplicates, so an operator decides which
-- copy to soft-delete (or, for unmatched markers, to rename) instead of a migration guessing.

do $$
begin
  drop index if exists vitalis.blood_panels_user_id_lab_name_collected_at_key;
  create unique index blood_panels_user_id_lab_name_collected_at_key
    on vitalis.blood_panels (user_id, coalesce(lab_name, ''), collected_at)
    where collected_at is not null and deleted_at is null;
exception when unique_violation then
  raise exception 'collectedAt: two live blood panels of one user share lab and collection time; soft-delete one before migrating'
    using errcode = '23505', column = 'collected_at',
          hint = 'Row-level security hides the rows from this role. As a superuser, list them with: select user_id, lab_name, collected_at, array_agg(panel_id) from vitalis.blood_panels where collected_at is not null and deleted_at is null group by 1, 2, 3 having count(*) > 1';
end $$;
comment on index vitalis.blood_panels_user_id_lab_name_collected_at_key is
  'A panel is one lab''s collection at one moment: the key report upserts find it by. Panels without a collection time are matched by their document instead.';

do $$
begin
  drop index if exists vitalis.blood_markers_panel_id_raw_name_key;
  create unique index blood_markers_panel_id_raw_name_key
    on vitalis.blood_markers (panel_id, lower(raw_name))
    where biomarker_id is null;
exception when unique_violation then
  raise exception 'rawName: a blood panel holds two unmatched results of the same name; rename or delete one before migrating'
    using errcode = '23505', column = 'raw_name',
          hint = 'Row-level security hides the rows from this role. As a superuser, list them with: select panel_id, lower(raw_name), array_agg(marker_id) from vitalis.blood_markers where biomarker_id is null group by 1, 2 having count(*) > 1';
end $$;
comment on index vitalis.blood_markers_panel_id_raw_name_key is
  'An unmatched result (no dictionary entry) is known within its panel by its printed name, case aside; matched ones by blood_markers_panel_id_biomarker_id_key.';

do $$
begin
  drop index if exists vitalis.dexa_scans_user_id_scan_date_provider_key;
  create unique index dexa_scans_user_id_scan_date_provider_key
    on vitalis.dexa_scans (user_id, scan_date, coalesce(provider, ''))
    where deleted_at is null;
exception when unique_violation then
  raise exception 'scanDate: two live DEXA scans of one user share date and provider; soft-delete one before migrating'
    using errcode = '23505', column = 'scan_date',
          hint = 'Row-level security hides the rows from this role. As a superuser, list them with: select user_id, scan_date, provider, array_agg(scan_id) from vitalis.dexa_scans where deleted_at is null group by 1, 2, 3 having count(*) > 1';
end $$;
comment on index vitalis.dexa_scans_user_id_scan_date_provider_key is
  'One scan per provider and day: the key report upserts find a DEXA scan by.';

do $$
begin
  drop index if exists vitalis.epigenetic_tests_user_id_provider_kit_id_collected_at_key;
  create unique index epigenetic_tests_user_id_provider_kit_id_collected_at_key
    on vitalis.epigenetic_tests (user_id, coalesce(provider, ''), coalesce(kit_id, ''), collected_at)
    where deleted_at is null;
exception when unique_violation then
  raise exception 'kitId: two live epigenetic tests of one user share provider, kit and collection date; soft-delete one before migrating'
    using errcode = '23505', column = 'kit_id',
          hint = 'Row-level security hides the rows from this role. As a superuser, list them with: select user_id, provider, kit_id, collected_at, array_agg(test_id) from vitalis.epigenetic_tests where deleted_at is null and collected_at is not null group by 1, 2, 3, 4 having count(*) > 1';
end $$;
comment on index vitalis.epigenetic_tests_user_id_provider_kit_id_collected_at_key is
  'One result per provider, kit and collection date: the key report upserts find a test by. Tests without a collection date are matched by their document instead.';

-- dexa_regions, dexa_bone_density (scan_id, region) and epigenetic_organ_ages (test_id,
-- organ_system) are unique constraints since 000001; blood_markers (panel_id, biomarker_id) too.

--------------------------------------------------------------------------------------------------
-- Shared pieces: checking one part of a report, and what a stored header takes from a new one.

create or replace function vitalis_private.check_report_part(p_part jsonb, p_table regclass, p_allowed text[], p_required text[], p_at text, p_list boolean)
  returns void
  language plpgsql stable set search_path = pg_catalog as $$
declare
  v_root text := substring(p_at from '^[A-Za-z_]+');
  v_items jsonb;
  v_item jsonb;
  v_n bigint;
  v_path text;
  v_key text;
  v_value jsonb;
  v_type oid;
  v_typmod integer;
  v_rule text;
  v_limit numeric;
begin
  if p_part is null or jsonb_typeof(p_part) = 'null' then
    if p_list then
      return;
    end if;
    raise exception using message = format('%s: %s must be a JSON object', v_root, p_at), errcode = '22023', column = v_root;
  end if;
  if p_list and jsonb_typeof(p_part) <> 'array' then
    raise exception using message = format('%s: %s must be a JSON array of objects', v_root, p_at), errcode = '22023', column = v_root;
  end if;
  v_items := case when p_list then p_part else jsonb_build_array(p_part) end;
  for v_item, v_n in select e.j, e.n - 1 from jsonb_array_elements(v_items) with ordinality e(j, n) loop
    v_path := case when p_list then format('%s[%s]', p_at, v_n) else p_at end;
    if jsonb_typeof(v_item) <> 'object' then
      raise exception using message = format('%s: %s must be a JSON object', v_root, v_path), errcode = '22023', column = v_root;
    end if;
    select k into v_key from jsonb_object_keys(v_item) k where k <> all (p_allowed) order by k limit 1;
    if found then
      raise exception using message = format('%s: %s.%s is not a known field', v_root, v_path, v_key), errcode = '22023', column = v_root;
    end if;
    select r into v_key from unnest(p_required) r where jsonb_typeof(coalesce(v_item -> r, 'null')) = 'null' limit 1;
    if found then
      raise exception using message = format('%s: must be given (%s)', vitalis_private.field_name(v_key), v_path), errcode = '22023', column = v_key;
    end if;
  end loop;
  -- Every value must read as its column's type. One attempt for the whole part; only when it
  -- fails are the values tried one by one, to name the field (each try is a subtransaction).
  begin
    execute format('select count(*) from jsonb_populate_recordset(null::%s, $1)', p_table) using v_items;
  exception when others then
    for v_item, v_n in select e.j, e.n - 1 from jsonb_array_elements(v_items) with ordinality e(j, n) loop
      for v_key, v_value in select k.key, k.value from jsonb_each(v_item) k where jsonb_typeof(k.value) <> 'null' loop
        begin
          execute format('select jsonb_populate_record(null::%s, $1)', p_table) using jsonb_build_object(v_key, v_value);
        exception when others then
          v_limit := null;
          select a.atttypid, a.atttypmod into v_type, v_typmod
            from pg_attribute a where a.attrelid = p_table and a.attname = v_key and not a.attisdropped;
          if v_type is null then
            -- A key that is no column (a part's child list): its own check names it.
            continue;
          end if;
          if v_type = 'numeric'::regtype and v_typmod >= 4 and sqlstate = '22003' then
            v_limit := trim_scale(10::numeric ^ (((v_typmod - 4) >> 16) - ((v_typmod - 4) & 65535)) - 10::numeric ^ (-((v_typmod - 4) & 65535)));
          end if;
          v_rule := case
            when exists (select 1 from pg_type t where t.oid = v_type and t.typtype = 'e') then
              'must be one of ' || (select string_agg(e.enumlabel, ', ' order by e.enumsortorder) from pg_enum e where e.enumtypid = v_type)
            when v_limit is not null then format('must be a number from -%s to %s', v_limit, v_limit)
            when v_type in ('numeric'::regtype, 'int2'::regtype, 'int4'::regtype, 'int8'::regtype, 'float4'::regtype, 'float8'::regtype) then 'must be a number'
            when v_type = 'date'::regtype then 'must be a date (YYYY-MM-DD)'
            when v_type = 'timestamptz'::regtype then 'must be a date and time (ISO 8601)'
            when v_type = 'bool'::regtype then 'must be true or false'
            when v_type = 'uuid'::regtype then 'must be a UUID'
            else 'must be a ' || format_type(v_type, v_typmod)
          end;
          v_path := case when p_list then format('%s[%s]', p_at, v_n) else p_at end;
          raise exception using message = format('%s: %s (%s)', vitalis_private.field_name(v_key), v_rule, v_path), errcode = '22023', column = v_key;
        end;
      end loop;
    end loop;
    raise;
  end;
end $$;
comment on function vitalis_private.check_report_part(jsonb, regclass, text[], text[], text, boolean) is
  'Checks one part of a report before anything is written: a JSON object (or, p_list, an array of them) at path p_at, whose keys are all allowed, required ones given, and every value readable as its column''s type. Messages name the field and where it is: "valueNumeric: must be a number (rows[0].markers[2])".';

create or replace function vitalis_private.report_header_patch(p_stored jsonb, p_given jsonb, p_columns text[], p_override boolean)
  returns jsonb
  language sql immutable parallel safe set search_path = pg_catalog as $$
  select coalesce(jsonb_object_agg(g.key, g.value), '{}')
    from jsonb_each(p_given) g
   where g.key = any (p_columns) and jsonb_typeof(g.value) <> 'null'
     and (p_override or jsonb_typeof(coalesce(p_stored -> g.key, 'null')) = 'null')
$$;
comment on function vitalis_private.report_header_patch(jsonb, jsonb, text[], boolean) is
  'What a stored report header takes from the same report sent again: the given non-null values of the fields it lacks, or of every field when the re-import is confirmed (override). A value left out never erases one.';

--------------------------------------------------------------------------------------------------
-- Lab panels.

create or replace function vitalis_private.merge_blood_panel(p_panel jsonb, p_override boolean, p_at text, p_trusted boolean,
  out panel_id uuid, out inserted integer, out updated integer, out skipped integer)
  language plpgsql volatile set search_path = pg_catalog as $$
declare
  c_header constant text[] := '{lab_name, lab_provider, panel_name, collected_at, reported_at, fasting, specimen_id, notes}';
  c_marker constant text[] := '{biomarker_id, raw_name, sub_panel, value_numeric, value_text, unit, ref_range_low, ref_range_high, ref_range_text, flag, lab_code}';
  v_user uuid := vitalis.current_user_id();
  v_header text[] := c_header || case when p_trusted then '{document_id}'::text[] else '{}' end;
  v_markers jsonb := coalesce(p_panel -> 'markers', '[]');
  g vitalis.blood_panels;
  t vitalis.blood_panels;
  m vitalis.blood_panels;
  v_ins integer;
  v_upd integer;
begin
  if v_user is null then
    raise exception 'userId: a signed-in user is required' using errcode = '28000', column = 'user_id';
  end if;
  perform vitalis_private.check_report_part(p_panel, 'vitalis.blood_panels', v_header || '{markers}'::text[], '{}', p_at, false);
  perform vitalis_private.check_report_part(v_markers, 'vitalis.blood_markers',
    c_marker || case when p_trusted then '{parse_confidence}'::text[] else '{}' end, '{raw_name}', p_at || '.markers', true);
  g := jsonb_populate_record(null::vitalis.blood_panels, p_panel);

  -- The panel: by its key, else (no collection time, or none stored yet) by the document it came from.
  if g.collected_at is not null then
    select b.* into t from vitalis.blood_panels b
     where b.user_id = v_user and coalesce(b.lab_name, '') = coalesce(g.lab_name, '') and b.collected_at = g.collected_at and b.deleted_at is null
       for update;
  end if;
  if t.panel_id is null and p_trusted and g.document_id is not null then
    select b.* into t from vitalis.blood_panels b
     where b.user_id = v_user and b.document_id = g.document_id and b.deleted_at is null
       and (b.collected_at is null or b.collected_at = g.collected_at)
     order by b.created_at limit 1
       for update;
  end if;
  if t.panel_id is null then
    insert into vitalis.blood_panels as b (user_id, lab_name, lab_provider, panel_name, collected_at, reported_at, fasting, specimen_id, document_id, notes)
    values (v_user, g.lab_name, g.lab_provider, g.panel_name, g.collected_at, g.reported_at, g.fasting, g.specimen_id,
            case when p_trusted then g.document_id end, g.notes)
    on conflict (user_id, (coalesce(lab_name, '')), collected_at) where collected_at is not null and deleted_at is null do nothing
    returning b.panel_id into merge_blood_panel.panel_id;
    if merge_blood_panel.panel_id is not null then
      inserted := 1; updated := 0; skipped := 0;
    else
      -- Another transaction stored the same panel since we looked: merge into theirs.
      select b.* into strict t from vitalis.blood_panels b
       where b.user_id = v_user and coalesce(b.lab_name, '') = coalesce(g.lab_name, '') and b.collected_at = g.collected_at and b.deleted_at is null
         for update;
    end if;
  end if;
  if t.panel_id is not null then
    merge_blood_panel.panel_id := t.panel_id;
    m := jsonb_populate_record(t, vitalis_private.report_header_patch(to_jsonb(t), p_panel, v_header, p_override));
    if m is distinct from t then
      update vitalis.blood_panels b
         set lab_name = m.lab_name, lab_provider = m.lab_provider, panel_name = m.panel_name, collected_at = m.collected_at,
             reported_at = m.reported_at, fasting = m.fasting, specimen_id = m.specimen_id, document_id = m.document_id, notes = m.notes
       where b.panel_id = t.panel_id;
      inserted := 0; updated := 1; skipped := 0;
    else
      inserted := 0; updated := 0; skipped := 1;
    end if;
  end if;

  -- Its results: one per dictionary marker, or per printed name when unmatched; the first of a
  -- repeated one counts. The lab's flag left out is "not printed": the stored (or derived) one stays.
  -- A changed parse_confidence alone is no new result.
  with given as (
    select distinct on (r.biomarker_id, case when r.biomarker_id is null then lower(r.raw_name) end) r.*
      from jsonb_array_elements(v_markers) with ordinality e(j, n)
     cross join lateral jsonb_populate_record(null::vitalis.blood_markers, e.j) r
     order by r.biomarker_id, case when r.biomarker_id is null then lower(r.raw_name) end, e.n
  ), paired as (
    select g2.*, s.marker_id as stored_id,
           (s.raw_name, s.sub_panel, s.value_numeric, s.value_text, s.unit, s.ref_range_low, s.ref_range_high, s.ref_range_text, s.flag, s.lab_code)
             is distinct from
           (g2.raw_name, g2.sub_panel, g2.value_numeric, g2.value_text, g2.unit, g2.ref_range_low, g2.ref_range_high, g2.ref_range_text, coalesce(g2.flag, s.flag), g2.lab_code)
             as differs
      from given g2
      left join vitalis.blood_markers s
        on s.panel_id = merge_blood_panel.panel_id
       and (s.biomarker_id = g2.biomarker_id or (g2.biomarker_id is null and s.biomarker_id is null and lower(s.raw_name) = lower(g2.raw_name)))
  ), added as (
    insert into vitalis.blood_markers (user_id, panel_id, biomarker_id, raw_name, sub_panel, value_numeric, value_text, unit,
                                       ref_range_low, ref_range_high, ref_range_text, flag, lab_code, parse_confidence)
    select v_user, merge_blood_panel.panel_id, p.biomarker_id, p.raw_name, p.sub_panel, p.value_numeric, p.value_text, p.unit,
           p.ref_range_low, p.ref_range_high, p.ref_range_text, p.flag, p.lab_code, p.parse_confidence
      from paired p where p.stored_id is null
    returning 1
  ), replaced as (
    update vitalis.blood_markers s
       set raw_name = p.raw_name, sub_panel = p.sub_panel, value_numeric = p.value_numeric, value_text = p.value_text, unit = p.unit,
           ref_range_low = p.ref_range_low, ref_range_high = p.ref_range_high, ref_range_text = p.ref_range_text, flag = p.flag,
           lab_code = p.lab_code, parse_confidence = p.parse_confidence
      from paired p
     where p_override and p.differs and s.marker_id = p.stored_id
    returning 1
  )
  select (select count(*) from added)::integer, (select count(*) from replaced)::integer into v_ins, v_upd;
  inserted := inserted + v_ins;
  updated := updated + v_upd;
  skipped := skipped + jsonb_array_length(v_markers) - v_ins - v_upd;
end $$;
comment on function vitalis_private.merge_blood_panel(jsonb, boolean, text, boolean) is
  'One lab panel and its markers, upserted for the signed-in user (p_at says where the panel sits in the caller''s input, for messages; p_trusted admits the server-owned document_id and parse_confidence). Returns the panel and how many header and marker rows were inserted, updated and skipped. The body of upsert_blood_panel and vitalis.upsert_blood_panels.';

create or replace function vitalis_private.upsert_blood_panel(p_panel jsonb, p_override boolean) returns uuid
  language sql volatile set search_path = pg_catalog as $$
  select m.panel_id from vitalis_private.merge_blood_panel(p_panel, coalesce(p_override, false), 'panel', true) m
$$;
comment on function vitalis_private.upsert_blood_panel(jsonb, boolean) is
  'Stores a lab report (blood_panels columns in snake_case plus "markers", blood_markers columns) for the signed-in user and returns its panel: found by (lab_name, collected_at), or without a collection time by its document_id; header fields it lacked are filled; a stored marker that differs is replaced only with p_override (a confirmed re-import). The same report again changes nothing. For the server''s confirm path: it accepts document_id and parse_confidence.';

--------------------------------------------------------------------------------------------------
-- DEXA scans.

create or replace function vitalis_private.merge_dexa_scan(p_scan jsonb, p_override boolean, p_at text, p_trusted boolean,
  out scan_id uuid, out inserted integer, out updated integer, out skipped integer)
  language plpgsql volatile set search_path = pg_catalog as $$
declare
  c_header constant text[] := '{provider, scan_date, age_at_scan, height_in, weight_lbs, total_mass_lbs, total_fat_lbs, total_lean_lbs, total_bmc_lbs, total_body_fat_pct, visceral_fat_lbs, visceral_fat_in3, android_gynoid_ratio, notes}';
  v_user uuid := vitalis.current_user_id();
  v_header text[] := c_header || case when p_trusted then '{document_id}'::text[] else '{}' end;
  v_regions jsonb := coalesce(p_scan -> 'regions', '[]');
  v_density jsonb := coalesce(p_scan -> 'bone_density', '[]');
  g vitalis.dexa_scans;
  t vitalis.dexa_scans;
  m vitalis.dexa_scans;
  v_ins integer;
  v_upd integer;
begin
  if v_user is null then
    raise exception 'userId: a signed-in user is required' using errcode = '28000', column = 'user_id';
  end if;
  perform vitalis_private.check_report_part(p_scan, 'vitalis.dexa_scans', v_header || '{regions, bone_density}'::text[], '{scan_date}', p_at, false);
  perform vitalis_private.check_report_part(v_regions, 'vitalis.dexa_regions',
    '{region, body_fat_pct, fat_lbs, lean_lbs, bmc_lbs, total_mass_lbs}', '{region}', p_at || '.regions', true);
  perform vitalis_private.check_report_part(v_density, 'vitalis.dexa_bone_density',
    '{region, bmd_g_cm2, t_score, z_score}', '{region}', p_at || '.bone_density', true);
  g := jsonb_populate_record(null::vitalis.dexa_scans, p_scan);

  select d.* into t from vitalis.dexa_scans d
   where d.user_id = v_user and d.scan_date = g.scan_date and coalesce(d.provider, '') = coalesce(g.provider, '') and d.deleted_at is null
     for update;
  if t.scan_id is null then
    insert into vitalis.dexa_scans as d (user_id, provider, scan_date, age_at_scan, height_in, weight_lbs, total_mass_lbs, total_fat_lbs, total_lean_lbs,
                                         total_bmc_lbs, total_body_fat_pct, visceral_fat_lbs, visceral_fat_in3, android_gynoid_ratio, document_id, notes)
    values (v_user, g.provider, g.scan_date, g.age_at_scan, g.height_in, g.weight_lbs, g.total_mass_lbs, g.total_fat_lbs, g.total_lean_lbs,
            g.total_bmc_lbs, g.total_body_fat_pct, g.visceral_fat_lbs, g.visceral_fat_in3, g.android_gynoid_ratio,
            case when p_trusted then g.document_id end, g.notes)
    on conflict (user_id, scan_date, (coalesce(provider, ''))) where deleted_at is null do nothing
    returning d.scan_id into merge_dexa_scan.scan_id;
    if merge_dexa_scan.scan_id is not null then
      inserted := 1; updated := 0; skipped := 0;
    else
      select d.* into strict t from vitalis.dexa_scans d
       where d.user_id = v_user and d.scan_date = g.scan_date and coalesce(d.provider, '') = coalesce(g.provider, '') and d.deleted_at is null
         for update;
    end if;
  end if;
  if t.scan_id is not null then
    merge_dexa_scan.scan_id := t.scan_id;
    m := jsonb_populate_record(t, vitalis_private.report_header_patch(to_jsonb(t), p_scan, v_header, p_override));
    if m is distinct from t then
      update vitalis.dexa_scans d
         set provider = m.provider, scan_date = m.scan_date, age_at_scan = m.age_at_scan, height_in = m.height_in, weight_lbs = m.weight_lbs, total_mass_lbs = m.total_mass_lbs,
             total_fat_lbs = m.total_fat_lbs, total_lean_lbs = m.total_lean_lbs, total_bmc_lbs = m.total_bmc_lbs,
             total_body_fat_pct = m.total_body_fat_pct, visceral_fat_lbs = m.visceral_fat_lbs, visceral_fat_in3 = m.visceral_fat_in3,
             android_gynoid_ratio = m.android_gynoid_ratio, document_id = m.document_id, notes = m.notes
       where d.scan_id = t.scan_id;
      inserted := 0; updated := 1; skipped := 0;
    else
      inserted := 0; updated := 0; skipped := 1;
    end if;
  end if;

  with given as (
    select distinct on (r.region) r.*
      from jsonb_array_elements(v_regions) with ordinality e(j, n)
     cross join lateral jsonb_populate_record(null::vitalis.dexa_regions, e.j) r
     order by r.region, e.n
  ), written as (
    insert into vitalis.dexa_regions as s (user_id, scan_id, region, body_fat_pct, fat_lbs, lean_lbs, bmc_lbs, total_mass_lbs)
    select v_user, merge_dexa_scan.scan_id, g2.region, g2.body_fat_pct, g2.fat_lbs, g2.lean_lbs, g2.bmc_lbs, g2.total_mass_lbs from given g2
    on conflict on constraint dexa_regions_scan_id_region_key do update
       set body_fat_pct = excluded.body_fat_pct, fat_lbs = excluded.fat_lbs, lean_lbs = excluded.lean_lbs, bmc_lbs = excluded.bmc_lbs,
           total_mass_lbs = excluded.total_mass_lbs
     where p_override
       and (s.body_fat_pct, s.fat_lbs, s.lean_lbs, s.bmc_lbs, s.total_mass_lbs)
           is distinct from (excluded.body_fat_pct, excluded.fat_lbs, excluded.lean_lbs, excluded.bmc_lbs, excluded.total_mass_lbs)
    returning (s.xmax = 0) as was_inserted
  )
  select (count(*) filter (where was_inserted))::integer, (count(*) filter (where not was_inserted))::integer into v_ins, v_upd from written;
  inserted := inserted + v_ins;
  updated := updated + v_upd;
  skipped := skipped + jsonb_array_length(v_regions) - v_ins - v_upd;

  with given as (
    select distinct on (r.region) r.*
      from jsonb_array_elements(v_density) with ordinality e(j, n)
     cross join lateral jsonb_populate_record(null::vitalis.dexa_bone_density, e.j) r
     order by r.region, e.n
  ), written as (
    insert into vitalis.dexa_bone_density as s (user_id, scan_id, region, bmd_g_cm2, t_score, z_score)
    select v_user, merge_dexa_scan.scan_id, g2.region, g2.bmd_g_cm2, g2.t_score, g2.z_score from given g2
    on conflict on constraint dexa_bone_density_scan_id_region_key do update
       set bmd_g_cm2 = excluded.bmd_g_cm2, t_score = excluded.t_score, z_score = excluded.z_score
     where p_override
       and (s.bmd_g_cm2, s.t_score, s.z_score) is distinct from (excluded.bmd_g_cm2, excluded.t_score, excluded.z_score)
    returning (s.xmax = 0) as was_inserted
  )
  select (count(*) filter (where was_inserted))::integer, (count(*) filter (where not was_inserted))::integer into v_ins, v_upd from written;
  inserted := inserted + v_ins;
  updated := updated + v_upd;
  skipped := skipped + jsonb_array_length(v_density) - v_ins - v_upd;
end $$;
comment on function vitalis_private.merge_dexa_scan(jsonb, boolean, text, boolean) is
  'One DEXA scan with its regions and bone densities, upserted for the signed-in user (p_at and p_trusted as in merge_blood_panel). Returns the scan and how many header and child rows were inserted, updated and skipped. The body of upsert_dexa_scan and vitalis.upsert_dexa_scans.';

create or replace function vitalis_private.upsert_dexa_scan(p_scan jsonb, p_override boolean) returns uuid
  language sql volatile set search_path = pg_catalog as $$
  select m.scan_id from vitalis_private.merge_dexa_scan(p_scan, coalesce(p_override, false), 'scan', true) m
$$;
comment on function vitalis_private.upsert_dexa_scan(jsonb, boolean) is
  'Stores a DEXA report (dexa_scans columns in snake_case plus "regions" and "bone_density" arrays) for the signed-in user and returns its scan, found by (scan_date, provider); header fields it lacked are filled; a stored region or density that differs is replaced only with p_override (a confirmed re-import). The same report again changes nothing. For the server''s confirm path: it accepts document_id.';

--------------------------------------------------------------------------------------------------
-- Epigenetic tests.

create or replace function vitalis_private.merge_epigenetic_test(p_test jsonb, p_override boolean, p_at text, p_trusted boolean,
  out test_id uuid, out inserted integer, out updated integer, out skipped integer)
  language plpgsql volatile set search_path = pg_catalog as $$
declare
  c_header constant text[] := '{provider, kit_id, collected_at, reported_at, chronological_age, biological_age, pace_score, pace_percentile, telomere_length, methylation_clock, raw_data}';
  v_user uuid := vitalis.current_user_id();
  v_header text[] := c_header || case when p_trusted then '{document_id}'::text[] else '{}' end;
  v_organs jsonb := coalesce(p_test -> 'organ_ages', '[]');
  g vitalis.epigenetic_tests;
  t vitalis.epigenetic_tests;
  m vitalis.epigenetic_tests;
  v_ins integer;
  v_upd integer;
begin
  if v_user is null then
    raise exception 'userId: a signed-in user is required' using errcode = '28000', column = 'user_id';
  end if;
  perform vitalis_private.check_report_part(p_test, 'vitalis.epigenetic_tests', v_header || '{organ_ages}'::text[], '{}', p_at, false);
  perform vitalis_private.check_report_part(v_organs, 'vitalis.epigenetic_organ_ages',
    '{organ_system, biological_age, chronological_age, delta_years, direction}', '{organ_system}', p_at || '.organ_ages', true);
  g := jsonb_populate_record(null::vitalis.epigenetic_tests, p_test);

  if g.collected_at is not null then
    select x.* into t from vitalis.epigenetic_tests x
     where x.user_id = v_user and coalesce(x.provider, '') = coalesce(g.provider, '') and coalesce(x.kit_id, '') = coalesce(g.kit_id, '')
       and x.collected_at = g.collected_at and x.deleted_at is null
       for update;
  end if;
  if t.test_id is null and p_trusted and g.document_id is not null then
    select x.* into t from vitalis.epigenetic_tests x
     where x.user_id = v_user and x.document_id = g.document_id and x.deleted_at is null
       and (x.collected_at is null or x.collected_at = g.collected_at)
     order by x.created_at limit 1
       for update;
  end if;
  if t.test_id is null then
    insert into vitalis.epigenetic_tests as x (user_id, provider, kit_id, collected_at, reported_at, chronological_age, biological_age, pace_score,
                                               pace_percentile, telomere_length, methylation_clock, document_id, raw_data)
    values (v_user, g.provider, g.kit_id, g.collected_at, g.reported_at, g.chronological_age, g.biological_age, g.pace_score,
            g.pace_percentile, g.telomere_length, g.methylation_clock, case when p_trusted then g.document_id end, g.raw_data)
    on conflict (user_id, (coalesce(provider, '')), (coalesce(kit_id, '')), collected_at) where deleted_at is null do nothing
    returning x.test_id into merge_epigenetic_test.test_id;
    if merge_epigenetic_test.test_id is not null then
      inserted := 1; updated := 0; skipped := 0;
      select x.* into t from vitalis.epigenetic_tests x where x.test_id = merge_epigenetic_test.test_id;
      m := t;
      t := null;
    else
      select x.* into strict t from vitalis.epigenetic_tests x
       where x.user_id = v_user and coalesce(x.provider, '') = coalesce(g.provider, '') and coalesce(x.kit_id, '') = coalesce(g.kit_id, '')
         and x.collected_at = g.collected_at and x.deleted_at is null
         for update;
    end if;
  end if;
  if t.test_id is not null then
    merge_epigenetic_test.test_id := t.test_id;
    m := jsonb_populate_record(t, vitalis_private.report_header_patch(to_jsonb(t), p_test, v_header, p_override));
    if m is distinct from t then
      update vitalis.epigenetic_tests x
         set provider = m.provider, kit_id = m.kit_id, collected_at = m.collected_at, reported_at = m.reported_at, chronological_age = m.chronological_age, biological_age = m.biological_age,
             pace_score = m.pace_score, pace_percentile = m.pace_percentile, telomere_length = m.telomere_length,
             methylation_clock = m.methylation_clock, document_id = m.document_id, raw_data = m.raw_data
       where x.test_id = t.test_id;
      inserted := 0; updated := 1; skipped := 0;
    else
      inserted := 0; updated := 0; skipped := 1;
    end if;
  end if;

  -- An organ's age left without its chronological age takes the test's; the difference and its
  -- direction are worked out when not given, so the same report again compares equal.
  with given as (
    select distinct on (r.organ_system) r.organ_system, r.biological_age,
           coalesce(r.chronological_age, m.chronological_age) as chronological_age, r.delta_years, r.direction
      from jsonb_array_elements(v_organs) with ordinality e(j, n)
     cross join lateral jsonb_populate_record(null::vitalis.epigenetic_organ_ages, e.j) r
     order by r.organ_system, e.n
  ), derived as (
    select g2.organ_system, g2.biological_age, g2.chronological_age,
           coalesce(g2.delta_years, g2.biological_age - g2.chronological_age)::numeric(4,1) as delta_years, g2.direction
      from given g2
  ), written as (
    insert into vitalis.epigenetic_organ_ages as s (user_id, test_id, organ_system, biological_age, chronological_age, delta_years, direction)
    select v_user, merge_epigenetic_test.test_id, d.organ_system, d.biological_age, d.chronological_age, d.delta_years,
           coalesce(d.direction, case when d.delta_years < 0 then 'younger' when d.delta_years > 0 then 'older' when d.delta_years = 0 then 'same' end)
      from derived d
    on conflict on constraint epigenetic_organ_ages_test_id_organ_system_key do update
       set biological_age = excluded.biological_age, chronological_age = excluded.chronological_age,
           delta_years = excluded.delta_years, direction = excluded.direction
     where p_override
       and (s.biological_age, s.chronological_age, s.delta_years, s.direction)
           is distinct from (excluded.biological_age, excluded.chronological_age, excluded.delta_years, excluded.direction)
    returning (s.xmax = 0) as was_inserted
  )
  select (count(*) filter (where was_inserted))::integer, (count(*) filter (where not was_inserted))::integer into v_ins, v_upd from written;
  inserted := inserted + v_ins;
  updated := updated + v_upd;
  skipped := skipped + jsonb_array_length(v_organs) - v_ins - v_upd;
end $$;
comment on function vitalis_private.merge_epigenetic_test(jsonb, boolean, text, boolean) is
  'One epigenetic test with its organ-system ages, upserted for the signed-in user (p_at and p_trusted as in merge_blood_panel). Returns the test and how many header and organ-age rows were inserted, updated and skipped. The body of upsert_epigenetic_test and vitalis.upsert_epigenetic_tests.';

create or replace function vitalis_private.upsert_epigenetic_test(p_test jsonb, p_override boolean) returns uuid
  language sql volatile set search_path = pg_catalog as $$
  select m.test_id from vitalis_private.merge_epigenetic_test(p_test, coalesce(p_override, false), 'test', true) m
$$;
comment on function vitalis_private.upsert_epigenetic_test(jsonb, boolean) is
  'Stores an epigenetic report (epigenetic_tests columns in snake_case plus "organ_ages") for the signed-in user and returns its test, found by (provider, kit_id, collected_at), or without a collection date by its document_id; header fields it lacked are filled; an organ age without chronological_age takes the test''s, and delta_years and direction are computed when absent; a stored organ age that differs is replaced only with p_override (a confirmed re-import). The same report again changes nothing. For the server''s confirm path: it accepts document_id.';

revoke all on function vitalis_private.check_report_part(jsonb, regclass, text[], text[], text, boolean),
                       vitalis_private.report_header_patch(jsonb, jsonb, text[], boolean),
                       vitalis_private.merge_blood_panel(jsonb, boolean, text, boolean),
                       vitalis_private.merge_dexa_scan(jsonb, boolean, text, boolean),
                       vitalis_private.merge_epigenetic_test(jsonb, boolean, text, boolean),
                       vitalis_private.upsert_blood_panel(jsonb, boolean),
                       vitalis_private.upsert_dexa_scan(jsonb, boolean),
                       vitalis_private.upsert_epigenetic_test(jsonb, boolean) from public;

--------------------------------------------------------------------------------------------------
-- The public batches, in the wearable contract: a JSON array of reports, each with its children;
-- "confirmed": true on a report is the override. One bad report fails the whole call.
-- SECURITY DEFINER with RLS forced binds the owner as well: the functions act for exactly the
-- caller (vitalis.current_user_id()). Definer is needed because a client may not write these
-- tables' rows as a set in one statement with the checks above, and so that document_id and
-- parse_confidence stay server-owned: they are refused here as unknown fields.

create or replace function vitalis_private.report_batch_headers(p_rows jsonb, p_children text[]) returns jsonb
  language sql immutable parallel safe set search_path = pg_catalog as $$
  select case when jsonb_typeof(p_rows) = 'array' then
    (select coalesce(jsonb_agg(case when jsonb_typeof(e.r) = 'object' then e.r - p_children - 'confirmed' else e.r end order by e.n), '[]')
       from jsonb_array_elements(p_rows) with ordinality e(r, n))
  else p_rows end
$$;
comment on function vitalis_private.report_batch_headers(jsonb, text[]) is
  'A report batch''s rows without their child lists and "confirmed", for check_batch to check the batch''s shape and header keys the way it checks the wearable batches.';
revoke all on function vitalis_private.report_batch_headers(jsonb, text[]) from public;

create or replace function vitalis_private.report_confirmed(p_row jsonb, p_index bigint) returns boolean
  language plpgsql immutable parallel safe set search_path = pg_catalog as $$
begin
  if jsonb_typeof(coalesce(p_row -> 'confirmed', 'null')) not in ('boolean', 'null') then
    raise exception 'confirmed: must be true or false (rows[%])', p_index using errcode = '22023', column = 'confirmed';
  end if;
  return coalesce((p_row ->> 'confirmed')::boolean, false);
end $$;
comment on function vitalis_private.report_confirmed(jsonb, bigint) is
  'A batch row''s "confirmed": true is a confirmed re-import, whose values replace the stored ones.';
revoke all on function vitalis_private.report_confirmed(jsonb, bigint) from public;

create or replace function vitalis.upsert_blood_panels(p_rows jsonb) returns table(inserted integer, updated integer, skipped integer)
  language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_row jsonb;
  v_i bigint;
  c record;
begin
  perform vitalis_private.check_batch(vitalis_private.report_batch_headers(p_rows, '{markers}'), 'blood_panels');
  inserted := 0; updated := 0; skipped := 0;
  for v_row, v_i in select e.r, e.n - 1 from jsonb_array_elements(p_rows) with ordinality e(r, n) loop
    select * into c from vitalis_private.merge_blood_panel(v_row - 'confirmed', vitalis_private.report_confirmed(v_row, v_i), format('rows[%s]', v_i), false);
    inserted := inserted + c.inserted;
    updated := updated + c.updated;
    skipped := skipped + c.skipped;
  end loop;
  return next;
end $$;
comment on function vitalis.upsert_blood_panels(jsonb) is
  'Idempotent batch upsert of lab reports: a JSON array of blood panels (lab_name, lab_provider, panel_name, collected_at, reported_at, fasting, specimen_id, notes), each with "markers" (biomarker_id, raw_name, sub_panel, value_numeric, value_text, unit, ref_range_low, ref_range_high, ref_range_text, flag, lab_code) and optionally "confirmed". A panel is found by (lab_name, collected_at) and gains the fields it lacked; a result by its marker, or its printed name when unmatched. A stored result that differs is kept unless the row is "confirmed": true, which replaces it (and the panel''s given fields). The same report again changes nothing. Counts panels and markers together: rows inserted, updated and skipped (unchanged, kept, or repeated in the report). One bad row fails the whole call, its field named.';

create or replace function vitalis.upsert_dexa_scans(p_rows jsonb) returns table(inserted integer, updated integer, skipped integer)
  language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_row jsonb;
  v_i bigint;
  c record;
begin
  perform vitalis_private.check_batch(vitalis_private.report_batch_headers(p_rows, '{regions, bone_density}'), 'dexa_scans');
  inserted := 0; updated := 0; skipped := 0;
  for v_row, v_i in select e.r, e.n - 1 from jsonb_array_elements(p_rows) with ordinality e(r, n) loop
    select * into c from vitalis_private.merge_dexa_scan(v_row - 'confirmed', vitalis_private.report_confirmed(v_row, v_i), format('rows[%s]', v_i), false);
    inserted := inserted + c.inserted;
    updated := updated + c.updated;
    skipped := skipped + c.skipped;
  end loop;
  return next;
end $$;
comment on function vitalis.upsert_dexa_scans(jsonb) is
  'Idempotent batch upsert of DEXA reports: a JSON array of scans (dexa_scans columns in snake_case, scan_date required), each with "regions" (region, body_fat_pct, fat_lbs, lean_lbs, bmc_lbs, total_mass_lbs), "bone_density" (region, bmd_g_cm2, t_score, z_score) and optionally "confirmed". A scan is found by (scan_date, provider) and gains the fields it lacked; a stored region or density that differs is kept unless the row is "confirmed": true, which replaces it. The same report again changes nothing. Counts scans, regions and densities together: rows inserted, updated and skipped. One bad row fails the whole call, its field named.';

create or replace function vitalis.upsert_epigenetic_tests(p_rows jsonb) returns table(inserted integer, updated integer, skipped integer)
  language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_row jsonb;
  v_i bigint;
  c record;
begin
  perform vitalis_private.check_batch(vitalis_private.report_batch_headers(p_rows, '{organ_ages}'), 'epigenetic_tests');
  inserted := 0; updated := 0; skipped := 0;
  for v_row, v_i in select e.r, e.n - 1 from jsonb_array_elements(p_rows) with ordinality e(r, n) loop
    select * into c from vitalis_private.merge_epigenetic_test(v_row - 'confirmed', vitalis_private.report_confirmed(v_row, v_i), format('rows[%s]', v_i), false);
    inserted := inserted + c.inserted;
    updated := updated + c.updated;
    skipped := skipped + c.skipped;
  end loop;
  return next;
end $$;
comment on function vitalis.upsert_epigenetic_tests(jsonb) is
  'Idempotent batch upsert of epigenetic reports: a JSON array of tests (provider, kit_id, collected_at, reported_at, chronological_age, biological_age, pace_score, pace_percentile, telomere_length, methylation_clock, raw_data), each with "organ_ages" (organ_system, biological_age, chronological_age, delta_years, direction) and optionally "confirmed". A test is found by (provider, kit_id, collected_at) and gains the fields it lacked; an organ age takes the test''s chronological age when it has none, its delta and direction are computed when absent; a stored one that differs is kept unless the row is "confirmed": true, which replaces it. The same report again changes nothing. Counts tests and organ ages together: rows inserted, updated and skipped. One bad row fails the whole call, its field named.';

revoke all on function vitalis.upsert_blood_panels(jsonb), vitalis.upsert_dexa_scans(jsonb), vitalis.upsert_epigenetic_tests(jsonb) from public;
grant execute on function vitalis.upsert_blood_panels(jsonb), vitalis.upsert_dexa_scans(jsonb), vitalis.upsert_epigenetic_tests(jsonb)
  to vitalis_api, vitalis_worker, vitalis_admin;

reset role;
