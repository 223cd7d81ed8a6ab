// The photos row for a stored photo, written by vitalis_private.record_photo in the caller's
// transaction (role vitalis_api, the user's app.current_user_id): RLS and the audit trail apply.
import type { PoolClient } from 'pg';
import type { PhotoInput } from './input';
import type { StoredPhoto } from './store';

/** A photos row as the API answers it (the GraphQL Photo type's field names). */
export interface PhotoRow {
  photoId: string;
  userId: string;
  photoDate: string;
  photoType: string | null;
  s3Key: string;
  s3ThumbnailKey: string | null;
  fileSizeBytes: number | null;
  linkedScanId: string | null;
  notes: string | null;
  createdAt: string;
  deletedAt: string | null;
}

/** The day the photo shows: the client's, else the camera's, else today (UTC). */
export function photoDay(input: PhotoInput, takenOn: string | null, now: Date = new Date()): string {
  return input.photoDate ?? takenOn ?? now.toISOString().slice(0, 10);
}

export async function recordPhoto(client: PoolClient, stored: StoredPhoto, photoDate: string, input: PhotoInput): Promise<PhotoRow> {
  const { rows } = await client.query<PhotoRow>(
    `select p.photo_id as "photoId", p.user_id as "userId", p.photo_date::text as "photoDate", p.photo_type as "photoType",
            p.s3_key as "s3Key", p.s3_thumbnail_key as "s3ThumbnailKey", p.file_size_bytes as "fileSizeBytes",
            p.linked_scan_id as "linkedScanId", p.notes, to_json(p.created_at) #>> '{}' as "createdAt", to_json(p.deleted_at) #>> '{}' as "deletedAt"
       from vitalis_private.record_photo($1, $2, $3, $4, $5, $6, $7) p`,
    [photoDate, input.photoType ?? null, stored.key, stored.thumbnailKey, stored.bytes, input.linkedScanId ?? null, input.notes ?? null],
  );
  return rows[0]!;
}
