// The operations of the mix, as a client app does them over HTTP, each writing what it sent to the
// ledger under an identity no other write shares (the client's number is in every note and source
// id, and the clients of one user take turns through the dates), except the resync, whose rows
// every client of a user sends alike: a row found twice, or an acknowledged row not found, is the
// server's doing.
import { exchange, graphqlRequest, type Exchange } from './client';
import type { Ledger, LedgerWrite, MeasuredOperation } from './ledger';
import type { LoadOptions, Operation } from './options';

export const DASHBOARD = `query { dashboard(days: 30) { date steps stepsSource restingHrBpm hrvRmssdMs readinessScore totalSleepMinutes sleepScore activitiesCount activitiesDurationSeconds } }`;
export const TREND = `query ($b: String!) { biomarkerTrend(biomarker: $b) { collectedAt valueCanonical unit normalLow normalHigh optimalLow optimalHigh flag inRange } }`;
/** A client's history screen: the newest month of daily rows, as a connection (plugins/OwnRowsListPlugin.ts). */
export const NEWEST_DAYS = `query { wearableDailies(first: 30, orderBy: DATE_DESC) { nodes { date source steps } } }`;
const CREATE_MEASUREMENT = `mutation ($input: CreateMeasurementInput!) { createMeasurement(input: $input) { measurement { measurementId } } }`;
const CREATE_MOOD = `mutation ($input: CreateMoodJournalInput!) { createMoodJournal(input: $input) { moodJournal { journalId } } }`;
export const UPSERT_DAILY = `mutation ($rows: JSON!) { upsertWearableDaily(input: { rows: $rows }) { result { inserted updated skipped } } }`;
const UPSERT_ACTIVITIES = `mutation ($rows: JSON!) { upsertWearableActivities(input: { rows: $rows }) { result { inserted updated skipped } } }`;
const JOB = `query ($id: UUID!) { ingestionJob(jobId: $id) { status attempts result errorMessage queuedAt startedAt completedAt } }`;
const FINAL_JOB_STATUSES = new Set(['succeeded', 'failed', 'canceled']);

/** Where each kind of write puts its dates: ranges apart from each other and from the seeded history (the last LOAD_SEED_DAYS). */
export const WRITE_RANGES = {
  moodFrom: '2000-01-01',
  measurementFrom: '2010-01-01T00:00:00Z',
  strongFrom: '2012-01-01',
  /** Apple Health body-mass records: one every 10 minutes of the user's slots from here. */
  appleHealthFrom: '2008-01-01T00:00:00Z',
  dailyFrom: '2020-01-01',
  /** Wearable writes stop before this date; the seeded history starts after it. */
  dailyUntil: '2025-01-01',
  /** The days every client of a user re-sends (resyncWearableDaily), RESYNC_DAYS from here. */
  resyncFrom: '2025-01-01',
} as const;
export const RESYNC_DAYS = 14;

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

const DAILY_CAPACITY = (Date.parse(WRITE_RANGES.dailyUntil) - Date.parse(WRITE_RANGES.dailyFrom)) / 86_400_000;

/** The n-th date-like slot of this client among its user's clients: users' clients never pick the same day. */
function slotOf(c: ClientContext, n: number): number {
  return n * c.stride + c.slot;
}

export interface LoadUser {
  userId: string;
  token: string;
}

export interface ClientContext {
  index: number;
  user: LoadUser;
  /** Which of its user's clients this one is (0..stride-1), and how many clients the user has: dates are interleaved by them. */
  slot: number;
  stride: number;
  userIndex: number;
  /** Run id: part of every identity, so rows of another run never count. */
  runId: string;
  origin: string;
  graphqlUrl: string;
  options: LoadOptions;
  ledger: Ledger;
  random: () => number;
  /** In-flight work (import polling) stops at this time. */
  drainDeadline: number;
  /** Set when the run is being abandoned (hard deadline): loops stop at their next turn. */
  run: { stopped: boolean };
  counters: Record<'measurement' | 'mood' | 'daily' | 'activity' | 'strong' | 'appleHealth', number>;
}

function tag(c: ClientContext, kind: string, n: number): string {
  return `${c.runId}:c${c.index}:${kind}:${n}`;
}

async function gql<T>(c: ClientContext, op: MeasuredOperation, query: string, variables: Record<string, unknown> = {}): Promise<Exchange<T>> {
  const result = await graphqlRequest<T>(c.graphqlUrl, c.user.token, query, variables, c.options.requestTimeoutMs);
  c.ledger.record(op, result);
  return result;
}

function failure(result: Exchange): LedgerWrite['failure'] {
  return result.ok ? undefined : { statusClass: result.statusClass, code: result.code, message: result.message };
}

/** How many times to send one write: twice at once now and then, as a double tap or a retry racing the original. */
function copies(c: ClientContext): number {
  return c.random() < c.options.doubleSubmit ? 2 : 1;
}

async function createMeasurement(c: ClientContext): Promise<void> {
  const n = c.counters.measurement++;
  const identity = tag(c, 'measurement', n);
  const value = Math.round((55 + (n % 400) / 10) * 10) / 10;
  const measuredAt = new Date(Date.parse(WRITE_RANGES.measurementFrom) + slotOf(c, n) * 60_000).toISOString();
  const variables = { input: { measurement: { metric: 'weight', value: String(value), unit: 'kg', measuredAt, notes: identity } } };
  const results = await Promise.all(Array.from({ length: copies(c) }, () => gql(c, 'createMeasurement', CREATE_MEASUREMENT, variables)));
  for (const result of results) c.ledger.write({ kind: 'measurement', userId: c.user.userId, identity, expected: value, acknowledged: result.ok, failure: failure(result) });
}

async function createMoodJournal(c: ClientContext): Promise<void> {
  const n = c.counters.mood++;
  const identity = tag(c, 'mood', n);
  const moodScore = 1 + (n % 5);
  const variables = { input: { moodJournal: { journalDate: addDays(WRITE_RANGES.moodFrom, slotOf(c, n)), moodScore, notes: identity } } };
  const results = await Promise.all(Array.from({ length: copies(c) }, () => gql(c, 'createMoodJournal', CREATE_MOOD, variables)));
  for (const result of results) c.ledger.write({ kind: 'mood', userId: c.user.userId, identity, expected: moodScore, acknowledged: result.ok, failure: failure(result) });
}

type UpsertResult = { [field: string]: { result: Array<{ inserted: number; updated: number; skipped: number }> } | null };

async function upsertWearableDaily(c: ClientContext): Promise<boolean> {
  const first = c.counters.daily;
  const size = Math.min(c.options.batchRows, Math.floor((DAILY_CAPACITY - c.slot - 1) / c.stride) + 1 - first);
  if (size <= 0) return false;
  c.counters.daily += size;
  const rows = Array.from({ length: size }, (_, i) => {
    const n = slotOf(c, first + i);
    return { date: addDays(WRITE_RANGES.dailyFrom, n), source: 'garmin', steps: 1000 + ((c.index * 7919 + n * 104_729) % 20_000), resting_hr_bpm: 50 + (n % 20) };
  });
  const result = await gql<UpsertResult>(c, 'upsertWearableDaily', UPSERT_DAILY, { rows });
  checkCounts(c, 'upsertWearableDaily', result, size);
  for (const row of rows) c.ledger.write({ kind: 'daily', userId: c.user.userId, identity: row.date, expected: row.steps, acknowledged: result.ok, failure: failure(result) });
  return true;
}

/**
 * A device re-sending the days it already sent, as syncs do: every client of a user sends the same
 * RESYNC_DAYS rows with the same values, each time in another order, so that concurrent upserts
 * of one user meet on the same rows. The first one inserts; the rest must change nothing.
 */
async function resyncWearableDaily(c: ClientContext): Promise<void> {
  const rows = Array.from({ length: RESYNC_DAYS }, (_, day) => ({
    date: addDays(WRITE_RANGES.resyncFrom, day),
    source: 'garmin',
    steps: 3000 + ((c.userIndex * 7907 + day * 613) % 15_000),
    resting_hr_bpm: 48 + ((c.userIndex + day) % 25),
  }));
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(c.random() * (i + 1));
    [rows[i], rows[j]] = [rows[j]!, rows[i]!];
  }
  const result = await gql<UpsertResult>(c, 'resyncWearableDaily', UPSERT_DAILY, { rows });
  const counts = result.ok ? result.data?.upsertWearableDaily?.result?.[0] : undefined;
  if (result.ok && (!counts || counts.inserted + counts.updated + counts.skipped !== rows.length || counts.updated !== 0)) {
    c.ledger.anomalies.push(`resyncWearableDaily (client ${c.index}): ${rows.length} unchanged or new rows answered with ${JSON.stringify(counts ?? null)}`);
  }
  for (const row of rows) c.ledger.write({ kind: 'daily', userId: c.user.userId, identity: row.date, expected: row.steps, acknowledged: result.ok, failure: failure(result) });
}

async function upsertWearableActivities(c: ClientContext): Promise<void> {
  const first = c.counters.activity;
  c.counters.activity += c.options.batchRows;
  const rows = Array.from({ length: c.options.batchRows }, (_, i) => {
    const n = first + i;
    const date = addDays(WRITE_RANGES.dailyFrom, n % DAILY_CAPACITY);
    return {
      source: 'garmin',
      source_activity_id: tag(c, 'activity', n),
      activity_date: date,
      activity_type: 'running',
      start_time: `${date}T07:00:00Z`,
      duration_seconds: 1200 + (n % 3600),
      distance_m: 3000 + (n % 5000),
    };
  });
  const result = await gql<UpsertResult>(c, 'upsertWearableActivities', UPSERT_ACTIVITIES, { rows });
  checkCounts(c, 'upsertWearableActivities', result, rows.length);
  for (const row of rows) c.ledger.write({ kind: 'activity', userId: c.user.userId, identity: row.source_activity_id, expected: row.duration_seconds, acknowledged: result.ok, failure: failure(result) });
}

/** An acknowledged batch of new rows must say it inserted all of them. */
function checkCounts(c: ClientContext, field: string, result: Exchange<UpsertResult>, rows: number): void {
  if (!result.ok) return;
  const counts = result.data?.[field]?.result?.[0];
  if (!counts || counts.inserted !== rows) c.ledger.anomalies.push(`${field} (client ${c.index}): acknowledged ${rows} new rows with ${JSON.stringify(counts ?? null)}`);
}

const EXERCISES = ['Squat (Barbell)', 'Bench Press (Barbell)', 'Deadlift (Barbell)'];

/** A Strong export with one workout (named by its identity) of `sets` sets over three exercises. */
export function strongCsv(identity: string, date: string, sets: number): string {
  const lines = ['Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE'];
  for (let i = 0; i < sets; i++) {
    const exercise = EXERCISES[i % EXERCISES.length]!;
    const order = Math.floor(i / EXERCISES.length) + 1;
    lines.push(`${date} 09:00:00,"${identity}",45min,"${exercise}",${order},${(60 + i * 2.5).toFixed(1)},${5 + (i % 4)},0,0,,,`);
  }
  return `${lines.join('\n')}\n`;
}

/** A bare export.xml (the Health app's own layout) holding these body-mass records, in kg. */
export function appleHealthXml(records: Array<{ at: string; kg: number }>): string {
  const stamp = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 19)} +0000`;
  const lines = records.map(
    (r) => ` <Record type="HKQuantityTypeIdentifierBodyMass" sourceName="Load Scale" sourceVersion="1" unit="kg" creationDate="${stamp(r.at)}" startDate="${stamp(r.at)}" endDate="${stamp(r.at)}" value="${r.kg}"/>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n<HealthData locale="en_GB">\n <ExportDate value="2026-01-01 00:00:00 +0000"/>\n <Me HKCharacteristicTypeIdentifierDateOfBirth="" HKCharacteristicTypeIdentifierBiologicalSex="HKBiologicalSexNotSet" HKCharacteristicTypeIdentifierBloodType="HKBloodTypeNotSet" HKCharacteristicTypeIdentifierFitzpatrickSkinType="HKFitzpatrickSkinTypeNotSet" HKCharacteristicTypeIdentifierCardioFitnessMedicationsUse="None"/>\n${lines.join('\n')}\n</HealthData>\n`;
}

/** Body-mass records per Apple Health file; each is a measurement identified by its instant. */
export const APPLE_HEALTH_RECORDS = 6;

async function appleHealthImport(c: ClientContext): Promise<void> {
  const n = c.counters.appleHealth++;
  const records = Array.from({ length: APPLE_HEALTH_RECORDS }, (_, i) => {
    const k = slotOf(c, n * APPLE_HEALTH_RECORDS + i);
    return { at: new Date(Date.parse(WRITE_RANGES.appleHealthFrom) + k * 600_000).toISOString(), kg: Math.round((60 + (k % 300) / 10) * 10) / 10 };
  });
  const xml = appleHealthXml(records);
  await Promise.all(
    Array.from({ length: copies(c) }, () =>
      uploadAndFollow(c, 'apple-health', 'appleHealthImport', xml, (acknowledged, fail) => {
        for (const r of records) c.ledger.write({ kind: 'appleHealthMeasurement', userId: c.user.userId, identity: r.at, expected: r.kg, acknowledged, failure: fail });
        return c.ledger.write({ kind: 'appleHealthImport', userId: c.user.userId, identity: tag(c, 'apple', n), expected: APPLE_HEALTH_RECORDS, acknowledged, failure: fail });
      }),
    ),
  );
}

type JobData = { ingestionJob: { status: string; attempts: number; result: unknown; errorMessage: string | null; queuedAt: string; startedAt: string | null; completedAt: string | null } | null };

async function strongImport(c: ClientContext): Promise<void> {
  const n = c.counters.strong++;
  const identity = tag(c, 'strong', n);
  const csv = strongCsv(identity, addDays(WRITE_RANGES.strongFrom, slotOf(c, n)), c.options.importSets);
  // The same file twice at once now and then (a retried upload): two jobs on the same workout.
  await Promise.all(
    Array.from({ length: copies(c) }, () =>
      uploadAndFollow(c, 'strong', 'strongImport', csv, (acknowledged, fail) =>
        c.ledger.write({ kind: 'strongImport', userId: c.user.userId, identity, expected: c.options.importSets, acknowledged, failure: fail }),
      ),
    ),
  );
}

/** Uploads a file, writes the import to the ledger (through `write`, which returns the entry for the job) and follows its job. */
async function uploadAndFollow(c: ClientContext, fileType: 'strong' | 'apple-health', op: Operation, body: string, write: (acknowledged: boolean, fail: LedgerWrite['failure']) => LedgerWrite): Promise<void> {
  const started = performance.now();
  const query = fileType === 'strong' ? '?weightUnit=kg&filename=load.csv' : '?filename=export.xml';
  const upload = await exchange<{ job: { jobId: string } }>(
    `${c.origin}/imports/${fileType}${query}`,
    { method: 'POST', headers: { authorization: `Bearer ${c.user.token}`, 'content-type': fileType === 'strong' ? 'text/csv' : 'application/xml' }, body },
    c.options.requestTimeoutMs,
  );
  c.ledger.record(op, upload);
  const entry = write(upload.ok, failure(upload));
  const jobId = upload.ok ? upload.data?.job?.jobId : undefined;
  if (!jobId) return;
  const job0 = { jobId, status: null, result: null, errorMessage: null, queuedAt: null, startedAt: null, completedAt: null, observedMs: null as number | null };
  entry.job = job0;
  // Follow the job as an app would, until it is done or the client gives up on it.
  const giveUp = Math.min(c.drainDeadline, Date.now() + c.options.importTimeoutMs);
  while (Date.now() < giveUp && !c.run.stopped) {
    await new Promise((r) => setTimeout(r, 250));
    const polled = await gql<JobData>(c, 'ingestionJobPoll', JOB, { id: jobId });
    const job = polled.data?.ingestionJob;
    if (!polled.ok || !job) continue;
    Object.assign(job0, { status: job.status, result: job.result, errorMessage: job.errorMessage, queuedAt: job.queuedAt, startedAt: job.startedAt, completedAt: job.completedAt });
    if (FINAL_JOB_STATUSES.has(job.status)) {
      job0.observedMs = performance.now() - started;
      return;
    }
  }
}

/** Runs one operation of the mix; false when the client has no room left for it (its date range is used up). */
export async function runOperation(c: ClientContext, op: Operation): Promise<boolean> {
  switch (op) {
    case 'dashboard':
      await gql(c, 'dashboard', DASHBOARD);
      return true;
    case 'biomarkerTrend':
      await gql(c, 'biomarkerTrend', TREND, { b: 'glucose' });
      return true;
    case 'newestDays':
      await gql(c, 'newestDays', NEWEST_DAYS);
      return true;
    case 'createMeasurement':
      await createMeasurement(c);
      return true;
    case 'createMoodJournal':
      await createMoodJournal(c);
      return true;
    case 'upsertWearableDaily':
      return upsertWearableDaily(c);
    case 'resyncWearableDaily':
      await resyncWearableDaily(c);
      return true;
    case 'upsertWearableActivities':
      await upsertWearableActivities(c);
      return true;
    case 'strongImport':
      await strongImport(c);
      return true;
    case 'appleHealthImport':
      await appleHealthImport(c);
      return true;
  }
}

export function pickOperation(weights: Record<Operation, number>, random: () => number): Operation {
  const entries = Object.entries(weights) as Array<[Operation, number]>;
  const total = entries.reduce((sum, [, w]) => sum + w, 0);
  let r = random() * total;
  for (const [op, w] of entries) {
    r -= w;
    if (r < 0 && w > 0) return op;
  }
  return entries.filter(([, w]) => w > 0).at(-1)![0];
}
