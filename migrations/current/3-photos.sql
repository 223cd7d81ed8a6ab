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
