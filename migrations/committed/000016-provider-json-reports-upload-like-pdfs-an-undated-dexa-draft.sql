--! Previous: sha1:a4579d6a505ad29a9f27bbb56f094dc5eeb52d5f
--! Hash: sha1:0685107515b770334e8c836cab418a574ddf59ec
--! Message: Provider JSON reports upload like PDFs; an undated DEXA draft needs review

--! split: 1-current.sql
set local lock_timeout = '5s';
set local role vitalis_owner;



reset role;

--! split: 2-report-json.sql
set local lock_timeout = '5s';
set local role vitalis_owner;

-- A DEXA provider's API answer (BodySpec's composition JSON) is a report too: it is uploaded like
-- a PDF, parsed into the same draft, reviewed and confirmed the same way.

alter table vitalis.documents drop constraint if exists documents_mime_type_check;
alter table vitalis.documents add constraint documents_mime_type_check
  check (mime_type is null or mime_type in ('application/pdf', 'image/png', 'image/jpeg', 'image/heic', 'application/json')
         or vitalis_private.refuse('mimeType must be application/pdf, image/png, image/jpeg, image/heic or application/json', 'mime_type'));

create or replace function vitalis_private.check_document_upload(p_document_type vitalis.document_type, p_mime_type text, p_file_size_bytes bigint, p_sha256 text, p_max_bytes bigint)
returns void language plpgsql immutable as $$
begin
  if p_document_type is null then
    raise exception 'documentType: is required (blood_work, dexa, epigenetics or other)' using errcode = '22023', column = 'document_type';
  end if;
  if p_document_type not in ('blood_work', 'dexa', 'epigenetics', 'other') then
    raise exception 'documentType: % reports are not parsed; upload blood_work, dexa, epigenetics or other', p_document_type using errcode = '22023', column = 'document_type';
  end if;
  if p_mime_type is null or p_mime_type not in ('application/pdf', 'image/png', 'image/jpeg', 'image/heic', 'application/json') then
    raise exception 'mimeType: must be application/pdf, image/png, image/jpeg, image/heic or application/json' using errcode = '22023', column = 'mime_type';
  end if;
  if p_file_size_bytes is null or p_file_size_bytes < 1 or p_file_size_bytes > p_max_bytes then
    raise exception 'byteSize: must be between 1 and % bytes', p_max_bytes using errcode = '22023', column = 'file_size_bytes';
  end if;
  if p_sha256 is null or p_sha256 !~ '^[0-9a-f]{64}$' then
    raise exception 'sha256: must be the file''s SHA-256 as 64 lower-case hex digits' using errcode = '22023', column = 'sha256';
  end if;
end $$;
comment on function vitalis_private.check_document_upload(vitalis.document_type, text, bigint, text, bigint) is 'The rules every report upload meets, whichever way it arrives.';

-- A DEXA draft without its scan date needs review: confirmation would refuse it.
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
  -- Clean: every row read, every lab result mapped to the dictionary, nothing confirmation would refuse.
  v_clean := jsonb_array_length(coalesce(p_draft -> 'unreadLines', '[]')) = 0
         and not exists (select 1 from vitalis_private.draft_items(p_draft, 'lab_result') i where i ->> 'biomarkerId' is null)
         and jsonb_array_length(p_draft -> 'items') > 0
         -- A scan cannot be confirmed without its date (a provider's JSON does not carry one).
         and (p_draft ->> 'kind' <> 'dexa' or p_draft -> 'header' ->> 'collectedAt' is not null);
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
comment on function vitalis_private.save_document_draft(uuid, jsonb, text) is 'Stores the draft the worker read: parsed when clean (every row read, every result mapped, a DEXA scan dated) and confident, needs_review otherwise; confirmed at once when the owner''s auto_confirm_documents_at allows it.';

reset role;
