// vitalis_private.record_photo: the only way a photos row is made. It writes for the signed-in
// user only, under that user's own keys, linked only to that user's own DEXA scans.
import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import { asRequest, createUser, pgError, useTestDatabase } from '../helpers/db';

const db = useTestDatabase();
let me: string;
let other: string;
let myScan: string;
let otherScan: string;
let myDeletedScan: string;

async function scan(userId: string, deleted = false): Promise<string> {
  const { rows } = await db.pool.query(
    `insert into vitalis.dexa_scans (user_id, scan_date, deleted_at) values ($1, '2025-01-10', case when $2 then now() end) returning scan_id`,
    [userId, deleted],
  );
  return rows[0].scan_id;
}

beforeAll(async () => {
  me = await createUser(db.pool);
  other = await createUser(db.pool);
  myScan = await scan(me);
  otherScan = await scan(other);
  myDeletedScan = await scan(me, true);
});

function keys(userId: string) {
  const id = randomUUID();
  return { key: `photos/${userId}/${id}.jpg`, thumb: `photos/${userId}/${id}.thumb.jpg` };
}

function record(client: PoolClient, args: { key?: string; thumb?: string | null; scan?: string | null; type?: string | null; date?: string | null } = {}) {
  const k = keys(me);
  return client.query('select * from vitalis_private.record_photo($1, $2, $3, $4, $5, $6, $7)', [
    args.date === undefined ? '2025-03-14' : args.date,
    args.type === undefined ? 'front' : args.type,
    args.key ?? k.key,
    args.thumb === undefined ? k.thumb : args.thumb,
    1234,
    args.scan ?? null,
    'after the cut',
  ]);
}

test('records a photo for the signed-in user, linked to their scan, with an audit row', async () => {
  const requestId = randomUUID();
  const photo = await asRequest(
    db.pool,
    { userId: me, requestId },
    async (client) => (await record(client, { scan: myScan })).rows[0],
    true,
  );
  expect(photo).toMatchObject({ user_id: me, photo_type: 'front', linked_scan_id: myScan, file_size_bytes: 1234, notes: 'after the cut', deleted_at: null });
  const audit = await db.pool.query(`select action::text, user_id, request_id from vitalis.audit_log where table_name = 'photos' and record_id = $1`, [photo.photo_id]);
  expect(audit.rows).toEqual([{ action: 'INSERT', user_id: me, request_id: requestId }]);
});

test('keys outside photos/<that user>/ are refused', async () => {
  await asRequest(db.pool, { userId: me }, async (client) => {
    const theirs = keys(other);
    expect(await pgError(client, () => record(client, { key: theirs.key }))).toMatchObject({ code: '23514', column: 's3_key', message: `s3Key: must be a key under photos/${me}/` });
    expect(await pgError(client, () => record(client, { thumb: theirs.thumb }))).toMatchObject({ code: '23514', column: 's3_thumbnail_key' });
    expect(await pgError(client, () => record(client, { key: `imports/${me}/x.jpg` }))).toMatchObject({ column: 's3_key' });
    expect(await pgError(client, () => record(client, { key: `photos/${me}/../${other}/x.jpg` }))).toMatchObject({ column: 's3_key' });
  });
});

test('another user’s DEXA scan, or a deleted one, is "no such DEXA scan" (VT404)', async () => {
  await asRequest(db.pool, { userId: me }, async (client) => {
    for (const id of [otherScan, myDeletedScan, randomUUID()]) {
      expect(await pgError(client, () => record(client, { scan: id }))).toMatchObject({ code: 'VT404', column: 'linked_scan_id', message: 'linkedScanId: no such DEXA scan' });
    }
  });
});

test('photo type and date follow the table’s rules, with the field named', async () => {
  await asRequest(db.pool, { userId: me }, async (client) => {
    expect(await pgError(client, () => record(client, { type: 'side' }))).toMatchObject({ column: 'photo_type', message: 'photoType: must be one of front, back, left, right, other' });
    expect(await pgError(client, () => record(client, { date: null }))).toMatchObject({ column: 'photo_date', message: 'photoDate: is required' });
    expect(await pgError(client, () => record(client, { type: null, thumb: null }))).toBeNull();
  });
});

test('nobody else may call it, and clients still cannot insert photos themselves', async () => {
  await asRequest(db.pool, { role: 'vitalis_anonymous' }, async (client) => {
    expect(await pgError(client, () => record(client))).toMatchObject({ code: '42501' });
  });
  await asRequest(db.pool, { userId: null }, async (client) => {
    expect(await pgError(client, () => record(client))).toMatchObject({ code: '42501', message: 'authorization: sign in to add a photo' });
  });
  await asRequest(db.pool, { userId: me }, async (client) => {
    const k = keys(me);
    const direct = await pgError(client, () =>
      client.query(`insert into vitalis.photos (user_id, photo_date, s3_key) values ($1, '2025-01-01', $2)`, [me, k.key]),
    );
    expect(direct).toMatchObject({ code: '42501' });
  });
});
