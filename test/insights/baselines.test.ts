// Personal baselines, the third range layer beside the lab's reference and the optimal range:
// vitalis.personal_baselines (daily metrics) and blood markers' personalRange (earlier results),
// in SQL and through GraphQL.
import { asRequest, createUser, useTestDatabase } from '../helpers/db';
import { graphql, startHarness, tokenFor, type Harness } from '../server/harness';

describe('in SQL', () => {
  const db = useTestDatabase();
  let user: string;

  beforeAll(async () => {
    user = await createUser(db.pool);
    // HRV 40, 42, ..., 58 on the last ten days; one value (250) 31 days ago, outside a 30-day window.
    await db.pool.query(
      `insert into vitalis.wearable_daily (user_id, date, source, hrv_rmssd_ms)
       select $1::uuid, (now() at time zone 'UTC')::date - i, 'oura'::vitalis.data_source, 40 + 2 * (i - 1) from generate_series(1, 10) i
       union all select $1, (now() at time zone 'UTC')::date - 31, 'oura', 250`,
      [user],
    );
  });

  test('mean, sd, n, p10 and p90 of each daily metric over the window', async () => {
    const rows = await asRequest(db.pool, { userId: user }, async (c) => (await c.query(`select * from vitalis.personal_baselines(30)`)).rows);
    expect(rows).toHaveLength(1);
    const hrv = rows[0];
    expect(hrv.metric).toBe('daily.hrv_rmssd_ms');
    expect(hrv.n).toBe(10);
    expect(hrv.mean).toBeCloseTo(49, 6);
    // Sample SD of 40, 42, ..., 58: sqrt(sum((x - 49)^2) / 9) = sqrt(330 / 9).
    expect(hrv.sd).toBeCloseTo(Math.sqrt(330 / 9), 6);
    expect(hrv.p10).toBeCloseTo(41.8, 6);
    expect(hrv.p90).toBeCloseTo(56.2, 6);
    const wide = await asRequest(db.pool, { userId: user }, async (c) => (await c.query(`select n from vitalis.personal_baselines(90)`)).rows);
    expect(wide).toEqual([{ n: 11 }]);
  });

  test('another user has no baseline from these values; a window outside 7..730 is refused', async () => {
    const other = await createUser(db.pool);
    await asRequest(db.pool, { userId: other }, async (c) => {
      expect((await c.query(`select * from vitalis.personal_baselines()`)).rows).toEqual([]);
      await expect(c.query(`select * from vitalis.personal_baselines(3)`)).rejects.toMatchObject({ code: '22023', column: 'window_days' });
    });
  });

  test('a blood marker\'s personal range comes from the earlier results, in its own unit, once there are three', async () => {
    const glucose = (await db.pool.query(`select biomarker_id from vitalis.biomarker_dictionary where canonical_name = 'glucose'`)).rows[0].biomarker_id;
    const ids: string[] = [];
    for (const [monthsAgo, value, unit] of [[12, 90, 'mg/dL'], [9, 94, 'mg/dL'], [6, 86, 'mg/dL'], [3, 5.0, 'mmol/L'], [0, 100, 'mg/dL']] as const) {
      const panel = await db.pool.query(`insert into vitalis.blood_panels (user_id, collected_at) values ($1, now() - make_interval(months => $2)) returning panel_id`, [user, monthsAgo]);
      const marker = await db.pool.query(
        `insert into vitalis.blood_markers (user_id, panel_id, biomarker_id, raw_name, value_numeric, unit) values ($1, $2, $3, 'Glucose', $4, $5) returning marker_id`,
        [user, panel.rows[0].panel_id, glucose, value, unit],
      );
      ids.push(marker.rows[0].marker_id);
    }
    const range = async (id: string) =>
      asRequest(db.pool, { userId: user }, async (c) => (await c.query(`select (vitalis.blood_markers_personal_range(m)).* from vitalis.blood_markers m where marker_id = $1`, [id])).rows[0]);
    // The third result has two earlier ones: no range yet.
    expect((await range(ids[2]!)).n).toBeNull();
    // The fourth (reported in mmol/L) rests on 90, 94, 86 mg/dL: mean 90, sd 4, shown in mmol/L.
    const fourth = await range(ids[3]!);
    expect(fourth.n).toBe(3);
    expect(fourth.unit).toBe('mmol/L');
    expect(Number(fourth.mean)).toBeCloseTo(90 / 18.016, 1);
    // The fifth rests on all four earlier results (5.0 mmol/L = about 90.1 mg/dL), in mg/dL.
    const fifth = await range(ids[4]!);
    expect(fifth.n).toBe(4);
    expect(fifth.unit).toBe('mg/dL');
    const values = [90, 94, 86, 5.0 * 18.016];
    const mean = values.reduce((a, b) => a + b) / 4;
    const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / 3);
    expect(Number(fifth.mean)).toBeCloseTo(mean, 0);
    expect(Number(fifth.low)).toBeCloseTo(Number(fifth.mean) - 2 * Number(fifth.sd), 3);
    expect(Number(fifth.high)).toBeCloseTo(Number(fifth.mean) + 2 * Number(fifth.sd), 3);
    expect(Number(fifth.sd)).toBeCloseTo(sd, 0);
  });
});

describe('through GraphQL', () => {
  let h: Harness;
  let token: string;
  let user: string;
  beforeAll(async () => {
    h = await startHarness();
    user = await createUser(h.db.pool);
    token = await tokenFor(h, user);
    await h.db.pool.query(
      `insert into vitalis.wearable_daily (user_id, date, source, steps) select $1, (now() at time zone 'UTC')::date - i, 'garmin', 8000 + 100 * i from generate_series(1, 20) i`,
      [user],
    );
    const panel = await h.db.pool.query(`insert into vitalis.blood_panels (user_id, collected_at) values ($1, now()) returning panel_id`, [user]);
    await h.db.pool.query(
      `insert into vitalis.blood_markers (user_id, panel_id, biomarker_id, raw_name, value_numeric, unit)
       select $1, $2, biomarker_id, 'Glucose', 90, 'mg/dL' from vitalis.biomarker_dictionary where canonical_name = 'glucose'`,
      [user, panel.rows[0].panel_id],
    );
  });
  afterAll(async () => h?.close());

  test('personalBaselines(windowDays) and bloodMarkers { personalRange } answer the signed-in user', async () => {
    const res = await graphql(h.server, `{
      personalBaselines(windowDays: 30) { nodes { metric mean sd n p10 p90 } }
      bloodMarkers { nodes { rawName personalRange { mean sd low high n unit } } }
    }`, { token });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.personalBaselines.nodes).toEqual([
      expect.objectContaining({ metric: 'daily.steps', n: 20, mean: 9050 }),
    ]);
    expect(res.body.data!.bloodMarkers.nodes).toEqual([{ rawName: 'Glucose', personalRange: null }]);
  });

  test('insights expose the new columns read-only, and dismissInsight is the way to hide one', async () => {
    await h.db.pool.query(
      `insert into vitalis.insights (user_id, insight_key, insight_type, title, body, lag_days, spearman_rho, p_adjusted, tests_run, ci_low, ci_high, effect_size, method, details)
       values ($1, 'corr:a|b', 'correlation', 'A and B', 'n = 90', 1, 0.41, 0.0123, 56, 0.2, 0.6, 0.41, 'Spearman', '{"nEffective": 70}')`,
      [user],
    );
    const res = await graphql(h.server, `{ insights { nodes { insightId insightKey lagDays spearmanRho pAdjusted testsRun ciLow ciHigh effectSize method details } } }`, { token });
    expect(res.body.errors).toBeUndefined();
    const [node] = res.body.data!.insights.nodes;
    expect(node).toMatchObject({ insightKey: 'corr:a|b', lagDays: 1, spearmanRho: '0.410', pAdjusted: '0.012300', testsRun: 56, method: 'Spearman', details: { nEffective: 70 } });
    const schema = await graphql(h.server, `{ __type(name: "InsightPatch") { inputFields { name } } }`, { token });
    expect(schema.body.data?.__type?.inputFields ?? []).toEqual([]);
    const dismissed = await graphql(h.server, `mutation($id: UUID!) { dismissInsight(input: { insightId: $id }) { result { isDismissed } } }`, { token, variables: { id: node.insightId } });
    expect(dismissed.body.errors).toBeUndefined();
    expect(dismissed.body.data!.dismissInsight.result.isDismissed).toBe(true);
  });
});
