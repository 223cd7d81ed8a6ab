import { printImportSummary } from '../../src/cli/importSummary';
import { importLiftingCsv } from '../../src/importers/lifting';
import { asRequest, createUser, pgError, useTestDatabase } from '../helpers/db';
import { logSession, recordFlags } from './helpers';

// A set is a personal record when its estimated 1RM (Epley) beats every earlier set of the same
// exercise, in training order. The database keeps the flags right as sets arrive in any order.
const db = useTestDatabase();

const squat = (weight: number, reps: number) => ({ exercise: 'squat_barbell', weight, reps });
const bench = (weight: number, reps: number) => ({ exercise: 'bench_press_barbell', weight, reps });

describe('flags through a training history', () => {
  let userId: string;
  beforeAll(async () => {
    userId = await createUser(db.pool);
    // e1RM: 200x5 233.33, 210x5 245, 205x5 239.17 | 215x5 250.83, bench 150x5 175 | 210x5 245, 220x3 242
    await logSession(db.pool, userId, '2025-01-06', [squat(200, 5), squat(210, 5), squat(205, 5)]);
    await logSession(db.pool, userId, '2025-01-13', [squat(215, 5), bench(150, 5)]);
    await logSession(db.pool, userId, '2025-01-20', [squat(210, 5), squat(220, 3)]);
  });

  const inOrder = [
    '2025-01-06 squat_barbell 200x5 PR', // the first estimate of an exercise
    '2025-01-06 squat_barbell 210x5 PR',
    '2025-01-06 squat_barbell 205x5',
    '2025-01-13 squat_barbell 215x5 PR',
    '2025-01-13 bench_press_barbell 150x5 PR',
    '2025-01-20 squat_barbell 210x5',
    '2025-01-20 squat_barbell 220x3',
  ];

  test('sessions logged in order: each set that beats the best so far', async () => {
    expect(await recordFlags(db.pool, userId)).toEqual(inOrder);
  });

  test('an older session imported afterwards takes the records it beats, and its removal gives them back', async () => {
    // 230x5 = 268.33 beats every later squat; the bench is another exercise and keeps its record.
    const older = await logSession(db.pool, userId, '2024-12-30', [squat(230, 5)]);
    expect(await recordFlags(db.pool, userId)).toEqual([
      '2024-12-30 squat_barbell 230x5 PR',
      '2025-01-06 squat_barbell 200x5',
      '2025-01-06 squat_barbell 210x5',
      '2025-01-06 squat_barbell 205x5',
      '2025-01-13 squat_barbell 215x5',
      '2025-01-13 bench_press_barbell 150x5 PR',
      '2025-01-20 squat_barbell 210x5',
      '2025-01-20 squat_barbell 220x3',
    ]);
    // A deleted session competes no more.
    await asRequest(db.pool, { userId }, (c) => c.query('update vitalis.lifting_sessions set deleted_at = now() where session_id = $1', [older]), true);
    expect((await recordFlags(db.pool, userId)).filter((l) => !l.startsWith('2024-12-30'))).toEqual(inOrder);
    expect(await recordFlags(db.pool, userId)).toContain('2024-12-30 squat_barbell 230x5');
    // Restored and moved after the others: now the latest set, and still the best.
    await asRequest(db.pool, { userId }, (c) => c.query(`update vitalis.lifting_sessions set deleted_at = null, session_date = '2025-01-27' where session_id = $1`, [older]), true);
    expect(await recordFlags(db.pool, userId)).toEqual([...inOrder, '2025-01-27 squat_barbell 230x5 PR']);
    // Removed for good (its sets cascade).
    await asRequest(db.pool, { userId }, (c) => c.query('delete from vitalis.lifting_sessions where session_id = $1', [older]), true);
    expect(await recordFlags(db.pool, userId)).toEqual(inOrder);
  });

  test('editing a set moves the records after it', async () => {
    const edit = (weight: number, warmup = false) =>
      asRequest(db.pool, { userId }, (c) =>
        c.query(`update vitalis.lifting_sets s set weight_lbs = $2, is_warmup = $3
                   from vitalis.lifting_sessions ss where ss.session_id = s.session_id and ss.session_date = '2025-01-20' and s.reps = 3 and s.user_id = $1`, [userId, weight, warmup]), true);
    await edit(250); // 250x3 = 275
    expect(await recordFlags(db.pool, userId)).toEqual([...inOrder.slice(0, 6), '2025-01-20 squat_barbell 250x3 PR']);
    await edit(250, true); // a warm-up is never a record
    expect(await recordFlags(db.pool, userId)).toEqual([...inOrder.slice(0, 6), '2025-01-20 squat_barbell 250x3']);
    await edit(220);
    expect(await recordFlags(db.pool, userId)).toEqual(inOrder);
  });

  test('personalRecords lists the best set per exercise, the first time it was reached', async () => {
    await logSession(db.pool, userId, '2025-02-03', [squat(215, 5)]); // equals the record: not a new one
    const rows = await asRequest(db.pool, { userId }, async (c) =>
      (await c.query(`select exercise_name, estimated_1rm_lbs::text, weight_lbs::float8 as weight, reps, session_date::text, (estimated_1rm_display).unit
                        from vitalis.personal_records() order by exercise_name`)).rows);
    expect(rows).toEqual([
      { exercise_name: 'Bench Press (Barbell)', estimated_1rm_lbs: '175.00', weight: 150, reps: 5, session_date: '2025-01-13', unit: 'lbs' },
      { exercise_name: 'Squat (Barbell)', estimated_1rm_lbs: '250.83', weight: 215, reps: 5, session_date: '2025-01-13', unit: 'lbs' },
    ]);
    expect(await recordFlags(db.pool, userId)).toContain('2025-02-03 squat_barbell 215x5');
  });

  test('another user\'s sets neither compete nor show', async () => {
    const other = await createUser(db.pool);
    await logSession(db.pool, other, '2025-01-01', [squat(500, 5)]);
    expect(await recordFlags(db.pool, other)).toEqual(['2025-01-01 squat_barbell 500x5 PR']);
    expect((await recordFlags(db.pool, userId)).slice(0, 7)).toEqual(inOrder);
    const names = await asRequest(db.pool, { userId }, async (c) => (await c.query('select weight_lbs::float8 as w from vitalis.personal_records()')).rows.map((r) => r.w));
    expect(names).not.toContain(500);
  });
});

test('the flag is the server\'s: clients can neither insert nor update it', async () => {
  const userId = await createUser(db.pool);
  const sessionId = await logSession(db.pool, userId, '2025-01-06', [squat(100, 5)]);
  await asRequest(db.pool, { userId }, async (client) => {
    const update = await pgError(client, () => client.query('update vitalis.lifting_sets set is_personal_record = false'));
    expect(update?.code).toBe('42501');
    const insert = await pgError(client, () =>
      client.query('insert into vitalis.lifting_sets (session_id, reps, is_personal_record) values ($1, 5, true)', [sessionId]));
    expect(insert?.code).toBe('42501');
  });
  expect(await recordFlags(db.pool, userId)).toEqual(['2025-01-06 squat_barbell 100x5 PR']);
  // The worker may write every column, but a flag it sends is recomputed all the same.
  const { rows } = await db.pool.query(`select exercise_id from vitalis.exercise_dictionary where canonical_name = 'squat_barbell'`);
  await asRequest(db.pool, { role: 'vitalis_worker', userId }, (client) =>
    client.query('insert into vitalis.lifting_sets (session_id, exercise_id, exercise_order, set_number, weight_lbs, reps, is_personal_record) values ($1, $2, 1, 2, 90, 5, true)',
      [sessionId, rows[0].exercise_id]), true);
  expect(await recordFlags(db.pool, userId)).toEqual(['2025-01-06 squat_barbell 100x5 PR', '2025-01-06 squat_barbell 90x5']);
});

describe('imports', () => {
  const header = 'Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE';
  const row = (date: string, set: number, weight: number, reps: number) => `${date} 18:00:00,"Legs",45min,"Squat (Barbell)",${set},${weight},${reps},0,0,,,`;

  test('the summary counts the records among the sets written, after older history moved them', async () => {
    const userId = await createUser(db.pool);
    const recent = [header, row('2025-02-03', 1, 200, 5), row('2025-02-03', 2, 210, 5), row('2025-02-10', 1, 215, 5)].join('\n');
    const first = await importLiftingCsv(db.pool, { userId, format: 'strong', csv: recent });
    expect(first.personalRecords).toBe(3);
    // The older export: 220x5 (256.67) on 2025-01-27 beats every set above; 100x5 before it is its own first record.
    const older = [header, row('2025-01-20', 1, 100, 5), row('2025-01-27', 1, 220, 5)].join('\n');
    const second = await importLiftingCsv(db.pool, { userId, format: 'strong', csv: older });
    expect(second.personalRecords).toBe(2);
    const printed: string[] = [];
    printImportSummary('strong', { ...second }, (line) => printed.push(line));
    expect(printed).toContain('  personal records among the sets written: 2');
    expect(await recordFlags(db.pool, userId)).toEqual([
      '2025-01-20 squat_barbell 100x5 PR',
      '2025-01-27 squat_barbell 220x5 PR',
      '2025-02-03 squat_barbell 200x5',
      '2025-02-03 squat_barbell 210x5',
      '2025-02-10 squat_barbell 215x5',
    ]);
    // Re-importing an unchanged file writes no sets, so it reports no records.
    expect((await importLiftingCsv(db.pool, { userId, format: 'strong', csv: recent })).personalRecords).toBe(0);
  });
});
