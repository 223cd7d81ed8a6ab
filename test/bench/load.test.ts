// The load test in miniature on this file's database (4 clients for 3 s, every operation of the
// mix, the real API and worker processes): reconciliation must be exact and no request may get a
// 5xx. The full run is `npm run bench:load` (docs/load-testing.md), never a test. The reconciler
// itself is checked against a database holding a lost, a duplicated, a changed and a phantom write.
import { Pool } from 'pg';
import { parseStrong } from '../../src/importers/strong';
import type { LedgerWrite } from '../../bench/load/ledger';
import { runLoadTest, type LoadResult } from '../../bench/load/loadTest';
import { pickOperation, strongCsv } from '../../bench/load/operations';
import { OPERATIONS, resolveLoadOptions } from '../../bench/load/options';
import { reconcile } from '../../bench/load/reconcile';
import { formatLoadReport } from '../../bench/load/report';
import { loadResultFileName } from '../../bench/load/run';
import { mulberry32 } from '../../seeds/random';
import { createUser, useTestDatabase } from '../helpers/db';

const db = useTestDatabase({ ignoreIdleClientErrors: true });
let result: LoadResult;

beforeAll(async () => {
  const options = resolveLoadOptions({
    LOAD_CLIENTS: '4',
    LOAD_SECONDS: '3',
    LOAD_SEED_DAYS: '14',
    LOAD_IMPORT_SETS: '6',
    LOAD_DRAIN_SECONDS: '30',
    LOAD_DEADLINE_SECONDS: '150',
    // A second child process would spend ~10 s more starting on a busy CI machine: the same API runs in-process.
    LOAD_API_IN_PROCESS: '1',
    // Every operation equally often, so that 3 s of 4 clients does each of them.
    LOAD_MIX: OPERATIONS.map((op) => `${op}=1`).join(','),
    // Manual entries and imports sent twice at once often: the copy must be refused or change nothing.
    LOAD_DOUBLE_SUBMIT: '0.3',
  });
  result = await runLoadTest(options, { url: db.url, mode: 'test', name: db.name });
}, 160_000);

test('every operation ran, none got a 5xx or timed out; the only refusals are double submits', () => {
  expect(Object.keys(result.operations).sort()).toEqual([...OPERATIONS, 'ingestionJobPoll'].sort());
  for (const [op, o] of Object.entries(result.operations)) {
    const refused = o.statusClasses['4xx'] ?? 0;
    expect({ op, ...o.statusClasses }).toEqual({ op, '2xx': o.requests - refused, ...(refused ? { '4xx': refused } : {}) });
    expect({ op, ok: o.ok }).toEqual({ op, ok: o.requests - refused });
    // A second createX of the same row is a CONFLICT; every other operation is always accepted.
    expect({ op, errors: o.errors }).toEqual({ op, errors: refused ? { '200 CONFLICT': refused } : {} });
    if (refused) expect(['createMeasurement', 'createMoodJournal']).toContain(op);
    expect(o.latency.p50Ms).toBeLessThanOrEqual(o.latency.p99Ms);
    expect(o.perSecond).toBeGreaterThan(0);
  }
  expect(result.totals.serverErrors).toBe(0);
  expect(result.serverErrors).toEqual([]);
  // Counts too: two resyncs of one user that meet still answer counts that add up (test/db/upsertConcurrentCounts.test.ts).
  expect(result.anomalies).toEqual([]);
});

test('reconciliation is exact: every acknowledged write is in the database once with its value', () => {
  const r = result.reconciliation;
  expect(r.mismatches).toEqual([]);
  expect(r.exact).toBe(true);
  for (const [kind, k] of Object.entries(r.kinds)) {
    expect({ kind, sent: k.sent > 0 }).toEqual({ kind, sent: true });
    expect({ kind, confirmed: k.confirmed }).toEqual({ kind, confirmed: k.acknowledged });
    expect({ kind, unacknowledged: k.unacknowledgedPresent + k.unacknowledgedDuplicated }).toEqual({ kind, unacknowledged: 0 });
  }
  expect(r.imports.acknowledged).toBeGreaterThan(0);
  expect(r.imports.succeeded).toBe(r.imports.acknowledged);
  expect(result.imports.unfinishedAtReconciliation).toBe(0);
  expect(result.imports.jobLatency.total.n).toBe(result.imports.uploaded);
  expect(result.imports.jobLatency.total.p50Ms).toBeGreaterThan(0);
});

test('the result is plain JSON naming its settings, and the summary names every operation', () => {
  expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  expect(result.settings.env).toMatchObject({ RUN_WORKER: 'false', GRAPHILE_ENV: 'production', PROCESSES: 'API in the load process, worker (src/cli/worker.ts) as a child process' });
  expect(result.settings.env).not.toHaveProperty('JWT_SECRET');
  expect(result.options).toMatchObject({ clients: 4, seconds: 3 });
  expect(result.users).toBe(2);
  expect(result.options.users).toBe(2);
  const text = formatLoadReport(result);
  for (const op of OPERATIONS) expect(text).toContain(op);
  expect(text).toContain('RECONCILED');
  expect(loadResultFileName(new Date('2026-12-06T09:30:05.123Z'))).toBe('load-20261206T093005Z.json');
});

test('options: defaults, the mix, and refusals naming the setting', () => {
  expect(resolveLoadOptions({})).toMatchObject({ clients: 50, seconds: 60, requestTimeoutMs: 30_000 });
  expect(resolveLoadOptions({ LOAD_MIX: 'strongImport=0' }).weights.strongImport).toBe(0);
  expect(() => resolveLoadOptions({ LOAD_CLIENTS: 'many' })).toThrow(/LOAD_CLIENTS/);
  expect(() => resolveLoadOptions({ LOAD_MIX: 'nap=3' })).toThrow(/LOAD_MIX: "nap" is not an operation/);
  expect(() => resolveLoadOptions({ LOAD_MIX: OPERATIONS.map((op) => `${op}=0`).join(',') })).toThrow(/at least one/);
  const random = mulberry32(1);
  const picks = new Set(Array.from({ length: 200 }, () => pickOperation({ ...resolveLoadOptions({}).weights, dashboard: 0 }, random)));
  expect(picks.has('dashboard')).toBe(false);
  expect(picks.size).toBe(OPERATIONS.length - 1);
});

test('the uploaded Strong file is one workout of the stated number of sets', () => {
  const parsed = parseStrong(strongCsv('r:c0:strong:0', '2012-01-01', 7), 'kg');
  expect(parsed.sessions).toHaveLength(1);
  expect(parsed.sessions[0]!.name).toBe('r:c0:strong:0');
  expect(parsed.sessions[0]!.sets).toHaveLength(7);
});

describe('the reconciler catches what it is there for', () => {
  test('a lost, a duplicated, a changed and a phantom write, and a duplicated unacknowledged one', async () => {
    const pool = new Pool({ connectionString: db.url, max: 1 });
    try {
      const userId = await createUser(pool);
      const insert = (notes: string, value: number, minute: number) =>
        pool.query(`insert into vitalis.measurements (user_id, metric, value, unit, measured_at, notes) values ($1, 'weight', $2, 'kg', $3, $4)`, [
          userId,
          value,
          new Date(Date.UTC(2010, 0, 1, 0, minute)).toISOString(),
          notes,
        ]);
      await insert('rx:c0:measurement:0', 70, 0); // acknowledged, there once: fine
      await insert('rx:c0:measurement:1', 71, 1); // acknowledged, there twice
      await insert('rx:c0:measurement:1', 71, 2);
      await insert('rx:c0:measurement:2', 99, 3); // acknowledged with 72
      await insert('rx:c0:measurement:4', 74, 4); // not acknowledged, there twice
      await insert('rx:c0:measurement:4', 74, 5);
      await insert('rx:c0:measurement:5', 75, 6); // not acknowledged, there once: allowed
      await insert('rx:c0:measurement:9', 79, 7); // nobody sent it
      const write = (n: number, expected: number, acknowledged: boolean): LedgerWrite => ({
        kind: 'measurement',
        userId,
        identity: `rx:c0:measurement:${n}`,
        expected,
        acknowledged,
        ...(acknowledged ? {} : { failure: { statusClass: 'timeout', code: 'TIMEOUT', message: 'timed out' } }),
      });
      const r = await reconcile(pool, 'rx', [userId], [write(0, 70, true), write(1, 71, true), write(2, 72, true), write(3, 73, true), write(4, 74, false), write(5, 75, false)]);
      expect(r.exact).toBe(false);
      expect(r.kinds.measurement).toEqual({ sent: 6, acknowledged: 4, confirmed: 1, lost: 1, duplicated: 1, wrongValue: 1, unacknowledgedPresent: 1, unacknowledgedDuplicated: 1, phantom: 1 });
      expect(r.mismatches.sort()).toEqual(
        [
          `duplicated: measurement rx:c0:measurement:1 of user ${userId} was acknowledged once and is there 2 times`,
          `duplicated: measurement rx:c0:measurement:4 of user ${userId} was not acknowledged (TIMEOUT) and is there 2 times`,
          `lost: measurement rx:c0:measurement:3 of user ${userId} was acknowledged but is not in the database`,
          `phantom: measurement rx:c0:measurement:9 of user ${userId} is in the database 1 time(s) but no client sent it`,
          `wrong value: measurement rx:c0:measurement:2 of user ${userId} holds 99, the client sent 72`,
        ].sort(),
      );
    } finally {
      await pool.end();
    }
  });
});
