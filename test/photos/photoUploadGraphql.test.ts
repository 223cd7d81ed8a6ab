// The phone's way in: requestPhotoUpload gives a presigned URL, the image is PUT there, and
// confirmPhotoUpload stores it without its metadata and deletes the raw upload; all through
// GraphQL against the real server and a real S3-protocol server.
import { createHash } from 'node:crypto';
import { createUser } from '../helpers/db';
import { graphql, startHarness, tokenFor, type Harness } from '../server/harness';
import { phoneJpeg, SECRETS } from './images';
import { getObject, keysUnder, openTestStorage } from './storage';

let h: Harness;
let storage: Awaited<ReturnType<typeof openTestStorage>>;
let me: string;
let token: string;
let otherToken: string;

beforeAll(async () => {
  storage = await openTestStorage();
  h = await startHarness({}, { storage });
  me = await createUser(h.db.pool);
  token = await tokenFor(h, me);
  otherToken = await tokenFor(h, await createUser(h.db.pool));
});
afterAll(async () => {
  await h?.close();
  await storage?.dispose();
});

const REQUEST = `mutation ($input: RequestPhotoUploadInput!) { requestPhotoUpload(input: $input) { uploadId uploadUrl uploadHeaders expiresAt } }`;
const CONFIRM = `mutation ($input: ConfirmPhotoUploadInput!) { confirmPhotoUpload(input: $input) { photo { photoId photoDate photoType s3Key s3ThumbnailKey userId } } }`;

async function requestUpload(bytes: Buffer, auth = token) {
  const answer = await graphql(h.server, REQUEST, {
    token: auth,
    variables: { input: { mimeType: 'image/jpeg', byteSize: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') } },
  });
  expect(answer.body.errors).toBeUndefined();
  return answer.body.data!.requestPhotoUpload as { uploadId: string; uploadUrl: string; uploadHeaders: Record<string, string>; expiresAt: string };
}

test('a presigned photo upload is stored without its metadata, and the raw upload is gone', async () => {
  const jpeg = await phoneJpeg({ dateTimeOriginal: '2025:03:14 08:30:00' });
  const ticket = await requestUpload(jpeg);
  expect(new Date(ticket.expiresAt).getTime()).toBeGreaterThan(Date.now());
  const put = await fetch(ticket.uploadUrl, { method: 'PUT', headers: ticket.uploadHeaders, body: jpeg });
  expect(put.status).toBe(200);
  expect(await keysUnder(storage, `uploads/${me}/`)).toEqual([`uploads/${me}/${ticket.uploadId}`]);

  const confirmed = await graphql(h.server, CONFIRM, { token, variables: { input: { uploadId: ticket.uploadId, photoType: 'front' } } });
  expect(confirmed.body.errors).toBeUndefined();
  const photo = confirmed.body.data!.confirmPhotoUpload.photo;
  expect(photo).toMatchObject({ photoDate: '2025-03-14', photoType: 'front', userId: me });
  const stored = await getObject(storage, photo.s3Key);
  for (const secret of SECRETS) expect(stored.includes(secret)).toBe(false);
  expect(await keysUnder(storage, `uploads/${me}/`)).toEqual([]);
});

test('another user cannot confirm my upload, and a confirmed upload cannot be confirmed twice', async () => {
  const jpeg = await phoneJpeg();
  const ticket = await requestUpload(jpeg);
  await fetch(ticket.uploadUrl, { method: 'PUT', headers: ticket.uploadHeaders, body: jpeg });
  const theirs = await graphql(h.server, CONFIRM, { token: otherToken, variables: { input: { uploadId: ticket.uploadId } } });
  expect(theirs.body.errors?.[0]).toMatchObject({ extensions: { code: 'NOT_FOUND', field: 'uploadId' } });
  expect(await keysUnder(storage, `uploads/${me}/`)).toEqual([`uploads/${me}/${ticket.uploadId}`]);
  expect((await graphql(h.server, CONFIRM, { token, variables: { input: { uploadId: ticket.uploadId } } })).body.errors).toBeUndefined();
  const again = await graphql(h.server, CONFIRM, { token, variables: { input: { uploadId: ticket.uploadId } } });
  expect(again.body.errors?.[0]).toMatchObject({ extensions: { code: 'NOT_FOUND', field: 'uploadId' } });
});

test('a request beyond the size limit or of another type is refused by field', async () => {
  const tooBig = await graphql(h.server, REQUEST, { token, variables: { input: { mimeType: 'image/jpeg', byteSize: h.config.PHOTO_MAX_BYTES + 1, sha256: 'a'.repeat(64) } } });
  expect(tooBig.body.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'byteSize' } });
  const gif = await graphql(h.server, REQUEST, { token, variables: { input: { mimeType: 'image/gif', byteSize: 10, sha256: 'a'.repeat(64) } } });
  expect(gif.body.errors?.[0]).toMatchObject({ message: 'mimeType: must be image/jpeg, image/png or image/heic', extensions: { field: 'mimeType' } });
  const anonymous = await graphql(h.server, REQUEST, { variables: { input: { mimeType: 'image/jpeg', byteSize: 10, sha256: 'a'.repeat(64) } } });
  expect(anonymous.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
});
