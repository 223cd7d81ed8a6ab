// Presigned uploads through GraphQL, for clients (phones) that send a file straight to the bucket:
//   requestDocumentUpload → PUT the bytes to uploadUrl with uploadHeaders → confirmDocumentUpload
//   requestPhotoUpload    → PUT the bytes to uploadUrl with uploadHeaders → confirmPhotoUpload
// The rows are written by SQL functions in the request's own transaction (role vitalis_api, RLS),
// so these mutations can do nothing the user could not; what they add is the signed URL, which
// only the server can make. Sizes, types and the SHA-256 are signed into the URL, and checked
// again when the bytes are read (the local S3 server checks no signatures).
import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import { access, type FieldArgs, SafeError } from 'postgraphile/grafast';
import { sideEffectWithPgClientTransaction } from 'postgraphile/@dataplan/pg';
import { extendSchema, gql } from 'postgraphile/utils';
import { z } from 'zod';
import type { Config } from '../config';
import { confirmPhotoUpload, UploadNotFound } from '../photos/confirmUpload';
import { PhotoRejected } from '../photos/process';
import { presignPut } from '../storage/objects';
import type { Storage } from '../storage/s3';

export interface UploadsOptions {
  /** null: the mutations are in the schema (schema export) but answer that uploads are not offered. */
  storage: Storage | null;
  config: Pick<Config, 'DOCUMENT_MAX_BYTES' | 'PHOTO_MAX_BYTES' | 'UPLOAD_URL_TTL'>;
}

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, { message: 'must be the file’s SHA-256 as 64 lower-case hex digits' });
const documentUpload = z.object({
  documentType: z.enum(['blood_work', 'dexa', 'epigenetics', 'other'], { error: 'must be blood_work, dexa, epigenetics or other' }),
  filename: z.string().min(1).max(200, { message: 'must be at most 200 characters' }),
  mimeType: z.enum(['application/pdf', 'image/png', 'image/jpeg', 'image/heic', 'application/json'], {
    error: 'must be application/pdf, image/png, image/jpeg, image/heic or application/json',
  }),
  byteSize: z.number().int().min(1, { message: 'must be at least 1' }),
  sha256,
});
const photoUpload = z.object({
  mimeType: z.enum(['image/jpeg', 'image/png', 'image/heic'], { error: 'must be image/jpeg, image/png or image/heic' }),
  byteSize: z.number().int().min(1, { message: 'must be at least 1' }),
  sha256,
});
const photoConfirm = z.object({
  uploadId: z.string().uuid({ message: 'must be the uploadId requestPhotoUpload returned' }),
  photoDate: z.string().nullish(),
  photoType: z.string().nullish(),
  linkedScanId: z.string().nullish(),
  notes: z.string().nullish(),
});

/** Validates a mutation's input, answering a bad one with the field and the rule. */
function parseInput<T>(schema: z.ZodType<T>, input: unknown): T {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = String(issue.path[0] ?? 'input');
  throw new SafeError(`${field}: ${issue.message}`, { code: 'BAD_USER_INPUT', field });
}

type DataplanClient = { query<T>(q: { text: string; values?: readonly unknown[] }): PromiseLike<{ readonly rows: readonly T[] }> };

async function currentUser(client: DataplanClient): Promise<string> {
  // The request's own setting: an anonymous role may not even call current_user_id().
  const { rows } = await client.query<{ id: string | null }>({ text: "select nullif(current_setting('app.current_user_id', true), '') as id" });
  const id = rows[0]?.id;
  if (!id) throw new SafeError('Sign in to upload a file', { code: 'UNAUTHENTICATED' });
  return id;
}

/** The photo library's refusals, as the GraphQL error contract wants them. */
async function photoErrors<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof UploadNotFound) throw new SafeError(`uploadId: ${error.message.replace(/^uploadKey: /, '')}`, { code: 'NOT_FOUND', field: 'uploadId' });
    if (error instanceof PhotoRejected) throw new SafeError(error.message, { code: 'BAD_USER_INPUT', field: error.field });
    throw error;
  }
}

const uploadKey = (userId: string, uploadId: string) => `uploads/${userId}/${uploadId}`;

function storageOf(options: UploadsOptions): Storage {
  if (!options.storage) throw new SafeError('This server does not accept uploads (no file storage is configured)', { code: 'BAD_USER_INPUT' });
  return options.storage;
}

export function makeUploadsPlugin(options: UploadsOptions): GraphileConfig.Plugin {
  const { config } = options;
  return extendSchema((build) => {
    const executor = build.input.pgRegistry.pgExecutors.main!;
    const documents = build.input.pgRegistry.pgResources.documents!;
    const photos = build.input.pgRegistry.pgResources.photos!;
    return {
      typeDefs: gql`
        input RequestDocumentUploadInput {
          "blood_work, dexa, epigenetics, or other to let the parser recognise the kind."
          documentType: DocumentType!
          filename: String!
          "application/pdf, image/png, image/jpeg, image/heic, or application/json for a provider's JSON report (BodySpec)."
          mimeType: String!
          byteSize: Int!
          "SHA-256 of the file, 64 lower-case hex digits: the same file uploaded again answers with its existing document."
          sha256: String!
        }
        type RequestDocumentUploadPayload {
          documentId: UUID!
          "True when this file was uploaded before: nothing to upload, the document (and any record confirmed from it) is the existing one."
          duplicate: Boolean!
          "PUT the file here (null when there is nothing to upload)."
          uploadUrl: String
          "Headers the PUT must carry exactly as given."
          uploadHeaders: JSON
          expiresAt: Datetime
          document: Document
        }
        input RequestPhotoUploadInput {
          mimeType: String!
          byteSize: Int!
          sha256: String!
        }
        type RequestPhotoUploadPayload {
          "Name this upload in confirmPhotoUpload."
          uploadId: UUID!
          uploadUrl: String!
          uploadHeaders: JSON!
          expiresAt: Datetime!
        }
        input ConfirmPhotoUploadInput {
          uploadId: UUID!
          "Defaults to the date the photo was taken (from its EXIF data), else today."
          photoDate: Date
          photoType: String
          linkedScanId: UUID
          notes: String
        }
        type ConfirmPhotoUploadPayload {
          photo: Photo
        }
        extend type Mutation {
          "Starts a presigned report upload (lab, DEXA or epigenetic PDF or image): PUT the file to uploadUrl, then call confirmDocumentUpload."
          requestDocumentUpload(input: RequestDocumentUploadInput!): RequestDocumentUploadPayload
          "Starts a presigned progress-photo upload: PUT the image to uploadUrl, then call confirmPhotoUpload."
          requestPhotoUpload(input: RequestPhotoUploadInput!): RequestPhotoUploadPayload
          "Stores an uploaded progress photo: location and other metadata are stripped, a thumbnail is made, the raw upload is deleted."
          confirmPhotoUpload(input: ConfirmPhotoUploadInput!): ConfirmPhotoUploadPayload
        }
      `,
      plans: {
        Mutation: {
          requestDocumentUpload(_: unknown, fieldArgs: FieldArgs) {
            return sideEffectWithPgClientTransaction(executor, fieldArgs.getRaw('input'), async (client: DataplanClient, raw: unknown) => {
              await currentUser(client);
              const input = parseInput(documentUpload, raw);
              if (input.byteSize > config.DOCUMENT_MAX_BYTES) {
                throw new SafeError(`byteSize: at most ${config.DOCUMENT_MAX_BYTES} bytes are accepted`, { code: 'BAD_USER_INPUT', field: 'byteSize' });
              }
              const { rows } = await client.query<{ document_id: string; s3_key: string; duplicate: boolean; awaiting_upload: boolean }>({
                text: 'select * from vitalis_private.begin_document_upload($1::vitalis.document_type, $2, $3, $4, $5, $6)',
                values: [input.documentType, input.filename, input.mimeType, input.byteSize, input.sha256, config.DOCUMENT_MAX_BYTES],
              });
              const row = rows[0]!;
              const put = row.awaiting_upload
                ? await presignPut(storageOf(options), row.s3_key, { contentType: input.mimeType, contentLength: input.byteSize, sha256Hex: input.sha256 }, config.UPLOAD_URL_TTL)
                : null;
              return { documentId: row.document_id, duplicate: row.duplicate, uploadUrl: put?.url ?? null, uploadHeaders: put?.headers ?? null, expiresAt: put?.expiresAt.toISOString() ?? null };
            });
          },
          requestPhotoUpload(_: unknown, fieldArgs: FieldArgs) {
            return sideEffectWithPgClientTransaction(executor, fieldArgs.getRaw('input'), async (client: DataplanClient, raw: unknown) => {
              const userId = await currentUser(client);
              const input = parseInput(photoUpload, raw);
              if (input.byteSize > config.PHOTO_MAX_BYTES) {
                throw new SafeError(`byteSize: at most ${config.PHOTO_MAX_BYTES} bytes are accepted`, { code: 'BAD_USER_INPUT', field: 'byteSize' });
              }
              const uploadId = randomUUID();
              const put = await presignPut(storageOf(options), uploadKey(userId, uploadId), { contentType: input.mimeType, contentLength: input.byteSize, sha256Hex: input.sha256 }, config.UPLOAD_URL_TTL);
              return { uploadId, uploadUrl: put.url, uploadHeaders: put.headers, expiresAt: put.expiresAt.toISOString() };
            });
          },
          confirmPhotoUpload(_: unknown, fieldArgs: FieldArgs) {
            return sideEffectWithPgClientTransaction(executor, fieldArgs.getRaw('input'), async (client: DataplanClient, raw: unknown) => {
              const userId = await currentUser(client);
              const input = parseInput(photoConfirm, raw);
              // confirmPhotoUpload speaks node-postgres; the request's client takes { text, values }.
              const pgClient = { query: (text: string, values?: unknown[]) => client.query({ text, values }) } as unknown as PoolClient;
              const photo = await photoErrors(() => confirmPhotoUpload(
                { storage: storageOf(options), client: pgClient },
                {
                  userId,
                  uploadKey: uploadKey(userId, input.uploadId),
                  photoDate: input.photoDate ?? undefined,
                  photoType: input.photoType ?? undefined,
                  linkedScanId: input.linkedScanId ?? undefined,
                  notes: input.notes ?? undefined,
                  maxBytes: config.PHOTO_MAX_BYTES,
                },
              ));
              return { photoId: photo.photoId };
            });
          },
        },
        RequestDocumentUploadPayload: {
          document($payload: any) {
            return documents.get({ document_id: access($payload, 'documentId') });
          },
        },
        ConfirmPhotoUploadPayload: {
          photo($payload: any) {
            return photos.get({ photo_id: access($payload, 'photoId') });
          },
        },
      },
    };
  }, 'VitalisUploadsPlugin');
}
