--! Previous: sha1:ffd2f039dd39228ed79f99c9a330069a1fdf144b
--! Hash: sha1:48e0d6ef465346e4b70c9a7e25adee02bc33f0c4
--! Message: At most ten reports of one user wait to be read

--! split: 1-current.sql
set local lock_timeout = '5s';
set local role vitalis_owner;



reset role;

--! split: 2-document-queue-limit.sql
set local lock_timeout = '5s';
set local role vitalis_owner;

-- A client uploading report after report would queue unbounded OCR work: each user may have a
-- bounded number of reports waiting to be read at once.
create or replace function vitalis_private.max_waiting_documents() returns integer
language sql immutable parallel safe as $$ select 10 $$;
comment on function vitalis_private.max_waiting_documents() is 'How many of one user''s reports may wait to be read at once; the next upload is refused until one is done.';

create or replace function vitalis_private.queue_document_parse(p_document vitalis.documents) returns uuid
language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_job uuid;
begin
  -- Reading a report can take a minute of OCR: one user may keep a bounded number waiting.
  if (select count(*) from vitalis.documents d
       where d.user_id = p_document.user_id and d.parse_job_id is not null and d.deleted_at is null
         and d.parse_status in ('pending', 'processing')) >= vitalis_private.max_waiting_documents() then
    raise exception 'file: % of your reports are still waiting to be read; upload more once they are done', vitalis_private.max_waiting_documents()
      using errcode = '23514', column = 'file';
  end if;
  v_job := vitalis_private.enqueue_ingestion_job(p_document.user_id, 'document_parse', 'pdf_import',
                                                 jsonb_build_object('documentId', p_document.document_id), 3::smallint, 3::smallint);
  update vitalis.documents d set parse_job_id = v_job, parse_status = 'pending', error_message = null
   where d.document_id = p_document.document_id;
  return v_job;
end $$;
comment on function vitalis_private.queue_document_parse(vitalis.documents) is 'Queues the document_parse job for a document and links it, refusing when the owner already has max_waiting_documents() reports waiting (security definer: the job queue is not the client''s to write).';

reset role;
