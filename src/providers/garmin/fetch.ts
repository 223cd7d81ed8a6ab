import { ProviderFormatError, splitWindow } from '../shared/rowTools';
import { emptyBatch, type ProviderHttp, type SyncBatch, type SyncWindow } from '../types';
import { mapGarminActivities } from './activities';
import { mapGarminBodyComps } from './bodyComps';
import { mapGarminDailies } from './dailies';
import { mapGarminHrv } from './hrv';
import { mergeGarminBatch } from './merge';
import { garminObservedOffsets } from './offsets';
import { mapGarminPulseOx } from './pulseOx';
import { mapGarminRespiration } from './respiration';
import { mapGarminSleeps } from './sleeps';
import { mapGarminStressDetails } from './stressDetails';

// Garmin's pull endpoints select summaries by UPLOAD time, at most 86400 s per call. History is
// not pulled: GET /backfill/<type> (summary time, at most 90 days per call) answers 202 and Garmin
// then delivers the summaries through the push/ping webhook. So a short window (an incremental
// sync or a ping) is pulled day by day, and a long one (the first sync) is asked for as backfill.
// The types are named by their endpoint paths (GET /<type>, GET /backfill/<type>); push and ping
// bodies name two of them otherwise (pulseox, allDayRespiration: webhook.ts).
// Not fetched: epochs, activityDetails, userMetrics, bloodPressures, skinTemp, healthSnapshot,
// moveiq, mct (no mapping yet; their pushes are answered and reported as not stored).

export const GARMIN_TYPES = ['dailies', 'sleeps', 'activities', 'bodyComps', 'hrv', 'pulseOx', 'respiration', 'stressDetails'] as const;
export type GarminType = (typeof GARMIN_TYPES)[number];

const DAY_MS = 86_400_000;
export const GARMIN_UPLOAD_WINDOW_MS = DAY_MS;
export const GARMIN_BACKFILL_MAX_DAYS = 90;
/** Windows up to this long are pulled; longer ones are requested as backfill. */
export const GARMIN_PULL_MAX_DAYS = 7;

const seconds = (d: Date) => Math.floor(d.getTime() / 1000);

/**
 * Adds the mapped summaries of one type to batch (shared by fetchWindow and the push webhook).
 * Daily and sleep rows are pieces until mergeGarminBatch makes them one row per day; the UTC
 * offsets the summaries carry go to batch.observedOffsets (the user's zone history learns them).
 */
export function addGarminSummaries(batch: SyncBatch, type: GarminType, json: unknown): void {
  const w = batch.warnings;
  (batch.observedOffsets ??= []).push(...garminObservedOffsets(json));
  if (type === 'dailies') batch.daily.push(...mapGarminDailies(json, w));
  else if (type === 'sleeps') batch.sleep.push(...mapGarminSleeps(json, w));
  else if (type === 'activities') batch.activities.push(...mapGarminActivities(json, w, (batch.supersededActivities ??= [])));
  else if (type === 'bodyComps') batch.measurements.push(...mapGarminBodyComps(json, w));
  else if (type === 'hrv') {
    const hrv = mapGarminHrv(json, w);
    batch.daily.push(...hrv.daily);
    batch.sleep.push(...hrv.sleep);
  } else if (type === 'pulseOx') batch.daily.push(...mapGarminPulseOx(json, w));
  else if (type === 'respiration') batch.daily.push(...mapGarminRespiration(json, w));
  else batch.daily.push(...mapGarminStressDetails(json, w));
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
  return mergeGarminBatch(batch);
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
