import { ProviderFormatError, splitWindow } from '../shared/rowTools';
import { emptyBatch, type ProviderHttp, type SyncBatch, type SyncWindow } from '../types';
import { mapGarminActivities } from './activities';
import { mapGarminBodyComps } from './bodyComps';
import { mapGarminDailies } from './dailies';
import { mapGarminSleeps } from './sleeps';

// Garmin's pull endpoints select summaries by UPLOAD time, at most 86400 s per call. History is
// not pulled: GET /backfill/<type> (summary time, at most 90 days per call) answers 202 and Garmin
// then delivers the summaries through the push/ping webhook. So a short window (an incremental
// sync or a ping) is pulled day by day, and a long one (the first sync) is asked for as backfill.

export const GARMIN_TYPES = ['dailies', 'sleeps', 'activities', 'bodyComps'] as const;
export type GarminType = (typeof GARMIN_TYPES)[number];

const DAY_MS = 86_400_000;
export const GARMIN_UPLOAD_WINDOW_MS = DAY_MS;
export const GARMIN_BACKFILL_MAX_DAYS = 90;
/** Windows up to this long are pulled; longer ones are requested as backfill. */
export const GARMIN_PULL_MAX_DAYS = 7;

const seconds = (d: Date) => Math.floor(d.getTime() / 1000);

/** Adds the mapped summaries of one type to batch (shared by fetchWindow and the push webhook). */
export function addGarminSummaries(batch: SyncBatch, type: GarminType, json: unknown): void {
  if (type === 'dailies') batch.daily.push(...mapGarminDailies(json, batch.warnings));
  else if (type === 'sleeps') batch.sleep.push(...mapGarminSleeps(json, batch.warnings));
  else if (type === 'activities') batch.activities.push(...mapGarminActivities(json, batch.warnings));
  else batch.measurements.push(...mapGarminBodyComps(json, batch.warnings));
}

/** Keeps the last row per key: a day uploaded twice inside one window arrives twice. */
function lastPerKey<T>(rows: T[], key: (r: T) => string): T[] {
  return [...new Map(rows.map((r) => [key(r), r])).values()];
}

async function pull(http: ProviderHttp, window: SyncWindow): Promise<SyncBatch> {
  // Summaries of all pieces are mapped together: a night and its nap, or two uploads of one day,
  // can arrive in different upload windows and must meet before one row per date is chosen.
  const collected = new Map<GarminType, unknown[]>(GARMIN_TYPES.map((t) => [t, []]));
  for (const piece of splitWindow(window.start, window.end, GARMIN_UPLOAD_WINDOW_MS)) {
    for (const type of GARMIN_TYPES) {
      const json = await http.get(`/${type}`, { uploadStartTimeInSeconds: seconds(piece.start), uploadEndTimeInSeconds: seconds(piece.end) });
      if (!Array.isArray(json)) throw new ProviderFormatError(`garmin ${type}: expected a JSON array`);
      collected.get(type)!.push(...(json as unknown[]));
    }
  }
  const batch = emptyBatch();
  for (const [type, summaries] of collected) addGarminSummaries(batch, type, summaries);
  batch.activities = lastPerKey(batch.activities, (r) => r.source_activity_id);
  batch.measurements = lastPerKey(batch.measurements, (m) => `${m.metric}|${m.measured_at}`);
  return batch;
}

async function backfill(http: ProviderHttp, window: SyncWindow): Promise<SyncBatch> {
  const batch = emptyBatch();
  for (const piece of splitWindow(window.start, window.end, GARMIN_BACKFILL_MAX_DAYS * DAY_MS)) {
    for (const type of GARMIN_TYPES) {
      try {
        await http.get(`/backfill/${type}`, { summaryStartTimeInSeconds: seconds(piece.start), summaryEndTimeInSeconds: seconds(piece.end) });
      } catch (error) {
        // 409: the same backfill was already requested; Garmin is delivering it.
        if ((error as { status?: number }).status !== 409) throw error;
      }
    }
    batch.warnings.push(`garmin: backfill requested for ${piece.start.toISOString()}..${piece.end.toISOString()}; Garmin delivers it by push`);
  }
  return batch;
}

export function fetchGarminWindow(http: ProviderHttp, window: SyncWindow): Promise<SyncBatch> {
  const days = (window.end.getTime() - window.start.getTime()) / DAY_MS;
  return days <= GARMIN_PULL_MAX_DAYS ? pull(http, window) : backfill(http, window);
}
