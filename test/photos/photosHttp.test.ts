// POST /photos as a client does it, through the real server and a real S3-protocol server: the
// photo is stored without its metadata, recorded for that user only, and refused with the field
// and the rule (and nothing stored) when it cannot be kept.
import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { createUser } from '../helpers/db';
import { graphql, startHarness, tokenFor, type Harness } from '../server/harness';
import { heic, jpegSegments, phoneJpeg, SECRETS, transparentPng } from './images';
import { getObject, keysUnder, openTestStorage } from './storage';

const MAX_BYTES = 64 * 1024;
let h: Harness;
let storage: Awaited<ReturnType<typeof openTestStorage>>;
let me: string;
let token: string;
let other: string;
let otherToken: string;

beforeAll(async () => {
  storage = await openTestStorage();
  h = await startHarness({ PHOTO_MAX_BYTES: String(MAX_BYTES) }, { storage });
  me = await createUser(h.db.pool);
  token = await tokenFor(h, me);
  other = await createUser(h.db.pool);
  otherToken = await tokenFor(h, other);
});
afterAll(async () => {
  await h?.close();
  await storage?.dispose();
});

async function post(body: RequestInit['body'], query = '', auth: string | null = token, headers: Record<string, string> = {}) {
  const response = await fetch(`${h.server.origin}/photos${query}`, {
    method: 'POST',
    headers: { ...(auth ? { authorization: `Bearer ${auth}` } : {}), 'content-type': 'image/jpeg', ...headers },
    body,
    duplex: 'half',
  } as RequestInit);
  return { status: response.status, body: (await response.json()) as any };
}

async function scanOf(userId: string): Promise<string> {
  const { rows } = await h.db.pool.query(`insert into vitalis.dexa_scans (user_id, scan_date) values ($1, '2025-03-01') returning scan_id`, [userId]);
  return rows[0].scan_id;
}

const PHOTOS = `{ photos(orderBy: PHOTO_DATE_ASC) { nodes { photoId userId photoDate photoType s3Key s3ThumbnailKey fileSizeBytes linkedScanId notes } } }`;

test('a phone photo is stored upright and without its metadata, and only its owner sees it', async () => {
  const uploaded = await post(await phoneJpeg(), '?photoType=front&notes=week%201');
  expect(uploaded.status).toBe(201);
  const photo = uploaded.body.photo;
  expect(photo).toMatchObject({ userId: me, photoDate: '2025-03-14', photoType: 'front', notes: 'week 1', linkedScanId: null, deletedAt: null });
  expect(photo.s3Key).toMatch(new RegExp(`^photos/${me}/[0-9a-f-]{36}\\.jpg$`));
  expect(photo.s3ThumbnailKey).toBe(photo.s3Key.replace(/\.jpg$/, '.thumb.jpg'));

  const image = await getObject(storage, photo.s3Key);
  expect(photo.fileSizeBytes).toBe(image.length);
  const meta = await sharp(image).metadata();
  expect([meta.format, meta.width, meta.height, meta.exif, meta.xmp, meta.iptc, meta.orientation]).toEqual(['jpeg', 48, 64, undefined, undefined, undefined, undefined]);
  expect(jpegSegments(image).filter((s) => /^APP|COM/.test(s))).toEqual([]);
  for (const secret of SECRETS) expect(image.includes(secret)).toBe(false);
  const thumbnail = await getObject(storage, photo.s3ThumbnailKey);
  expect((await sharp(thumbnail).metadata()).format).toBe('jpeg');

  const mine = await graphql(h.server, PHOTOS, { token });
  expect(mine.body.data!.photos.nodes).toEqual([expect.objectContaining({ photoId: photo.photoId, s3Key: photo.s3Key, photoDate: '2025-03-14' })]);
  const theirs = await graphql(h.server, PHOTOS, { token: otherToken });
  expect(theirs.body.data!.photos.nodes).toEqual([]);
});

test('the date: the client’s first, else the camera’s, else today (UTC); a HEIC and a PNG are taken', async () => {
  const given = await post(await phoneJpeg(), '?photoDate=2025-04-01');
  expect(given.body.photo.photoDate).toBe('2025-04-01');
  const fromHeic = await post(heic(), '', token, { 'content-type': 'image/heic' });
  expect(fromHeic.status).toBe(201);
  expect(fromHeic.body.photo.photoDate).toBe('2024-11-02');
  const png = await post(await transparentPng(), '?photoType=back', token, { 'content-type': 'application/octet-stream' });
  expect(png.status).toBe(201);
  expect(png.body.photo).toMatchObject({ photoType: 'back', photoDate: new Date().toISOString().slice(0, 10) });
});

test('a photo links to its owner’s DEXA scan; another user’s scan is not found and nothing is stored', async () => {
  const mine = await scanOf(me);
  const linked = await post(await phoneJpeg(), `?linkedScanId=${mine}&photoType=left`);
  expect(linked.status).toBe(201);
  expect(linked.body.photo.linkedScanId).toBe(mine);

  const before = await keysUnder(storage, `photos/${me}/`);
  const refused = await post(await phoneJpeg(), `?linkedScanId=${await scanOf(other)}`);
  expect(refused.status).toBe(404);
  expect(refused.body.errors[0]).toMatchObject({ message: 'linkedScanId: no such DEXA scan', extensions: { code: 'NOT_FOUND', field: 'linkedScanId' } });
  expect(await keysUnder(storage, `photos/${me}/`)).toEqual(before);
});

describe('refused, with the field and the rule, and nothing stored', () => {
  let before: string[];
  beforeEach(async () => {
    before = await keysUnder(storage, 'photos/');
  });
  afterEach(async () => {
    expect(await keysUnder(storage, 'photos/')).toEqual(before);
  });

  test('a text file', async () => {
    const refused = await post('weight,date\n80,2025-01-01\n');
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0]).toMatchObject({ message: 'file: is not a JPEG, PNG or HEIC image', extensions: { code: 'BAD_USER_INPUT', field: 'file' } });
  });

  test('a file over PHOTO_MAX_BYTES: 413, whether its length was declared or streamed', async () => {
    const big = Buffer.concat([await phoneJpeg(), Buffer.alloc(MAX_BYTES)]);
    const declared = await post(big);
    expect(declared.status).toBe(413);
    expect(declared.body.errors[0]).toMatchObject({ message: `file: is larger than the ${MAX_BYTES} bytes this server accepts`, extensions: { code: 'PAYLOAD_TOO_LARGE', field: 'file' } });
    const chunks = [big.subarray(0, 40_000), big.subarray(40_000)];
    const streamed = await post(new ReadableStream({ pull: (c) => (chunks.length ? c.enqueue(chunks.shift()!) : c.close()) }));
    expect(streamed.status).toBe(413);
  });

  test('a bad query, an empty body, no sign-in', async () => {
    const type = await post(await phoneJpeg(), '?photoType=side');
    expect(type.body.errors[0]).toMatchObject({ message: 'photoType: must be one of front, back, left, right, other', extensions: { field: 'photoType' } });
    const date = await post(await phoneJpeg(), '?photoDate=2025-02-30');
    expect(date.body.errors[0]).toMatchObject({ message: 'photoDate: must be a real calendar date', extensions: { field: 'photoDate' } });
    const scan = await post(await phoneJpeg(), '?linkedScanId=42');
    expect(scan.body.errors[0].extensions.field).toBe('linkedScanId');
    const empty = await post(Buffer.alloc(0));
    expect([empty.status, empty.body.errors[0].extensions.field]).toEqual([400, 'file']);
    expect((await post(await phoneJpeg(), '', null)).status).toBe(401);
    expect((await post(await phoneJpeg(), '', randomUUID())).status).toBe(401);
  });
});
