--! Previous: sha1:0685107515b770334e8c836cab418a574ddf59ec
--! Hash: sha1:ffd2f039dd39228ed79f99c9a330069a1fdf144b
--! Message: A report's type follows what its content shows

--! split: 1-current.sql
set local lock_timeout = '5s';
set local role vitalis_owner;



reset role;

--! split: 2-document-kind.sql
set local lock_timeout = '5s';
set local role vitalis_owner;

-- A report's kind is read from its content: a DEXA report uploaded as blood work is parsed as
-- DEXA, and the document's type follows what it was found to be.
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
         -- What the file turned out to be, whatever it was uploaded as (the draft's warnings say so).
         document_type = (case p_draft ->> 'kind' when 'lab' then 'blood_work' when 'dexa' then 'dexa' else 'epigenetics' end)::vitalis.document_type
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
