import type { Pool } from 'pg';
import type { Config } from '../../config';
import type { Logger } from '../../http/logger';
import type { AdapterRegistry } from '../registry';
import { loadTimeZoneHistory } from '../../time/localTime';
import type { ProviderAdapter, ProviderHttp, ProviderName, SyncBatch, SyncWindow } from '../types';
import { asDeviceUser, loadDevice, setSyncStatus, type DeviceRef, type DeviceRow } from './connections';
import { ProviderHttpError, RateLimitedError, ReconnectRequiredError, TokenCryptoError } from './errors';
import { createProviderHttp, type ProviderHttpOptions } from './http';
import { providerSettings } from './settings';
import { parseTokenKeys } from './tokenCrypto';
import { ConnectionTokens } from './tokens';
import { backfillRange, chunkWindow, dailyRange, readCursor, type SyncCursor } from './windows';
import { addCounts, deleteActivities, emptyCounts, writeBatch, type BatchCounts } from './writeBatch';

export type SyncMode = 'backfill' | 'daily' | 'webhook';

export interface SyncOptions {
  /** The connection: its id, or the user and provider. */
  deviceId?: string;
  userId?: string;
  provider?: ProviderName;
  mode: SyncMode;
  /** Fetch exactly this range (a webhook's window) instead of the one the cursor gives. */
  window?: { start: Date; end: Date };
  /** Data pushed in a webhook: written as is, nothing is fetched. */
  batch?: SyncBatch;
  /** Workouts deleted at the provider (a webhook said so): their rows are deleted, nothing is fetched. */
  deletedActivityIds?: string[];
  config: Config;
  logger?: Logger;
  signal?: AbortSignal;
  /** Defaults to src/providers/registry.ts (tests pass their own). */
  adapters?: AdapterRegistry;
  now?: () => Date;
  /** Backoff, timeouts and the longest in-process Retry-After wait (tests shorten them). */
  http?: Pick<ProviderHttpOptions, 'maxRateLimitWaitMs' | 'maxRetries' | 'backoffMs' | 'timeoutMs' | 'onWait'>;
}

export interface SyncSummary extends BatchCounts {
  deviceId: string;
  userId: string;
  provider: ProviderName;
  mode: SyncMode;
  /** Windows written, oldest first (ISO). */
  windows: { start: string; end: string }[];
  warnings: string[];
  /** Activity rows deleted because the provider deleted them. */
  deletedActivities: number;
  status: 'success' | 'error' | 'partial';
  error?: string;
}

/** A sync that stopped. connected_devices already says so; the job decides from `retryable` and `retryAfterMs` whether to try again. */
export class SyncFailedError extends Error {
  constructor(
    message: string,
    readonly summary: SyncSummary | undefined,
    readonly retryable: boolean,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'SyncFailedError';
  }
}

const MAX_WARNINGS = 500;

function planWindows(opts: SyncOptions, maxWindowDays: number, backfillDays: number, cursor: SyncCursor, now: Date): { windows: SyncWindow[]; backfill?: { start: string; end: string } } {
  if (opts.window) return { windows: chunkWindow(opts.window.start, opts.window.end, maxWindowDays) };
  if (opts.mode === 'backfill') {
    const range = backfillRange(cursor, backfillDays, now);
    return { windows: chunkWindow(range.resumeFrom, range.end, maxWindowDays), backfill: { start: range.start.toISOString(), end: range.end.toISOString() } };
  }
  const range = dailyRange(cursor, now);
  return { windows: chunkWindow(range.start, range.end, maxWindowDays) };
}

/** The cursor after a window is stored: webhooks and explicit windows leave it alone. */
function advanceCursor(opts: SyncOptions, raw: Record<string, unknown>, window: SyncWindow, backfill: { start: string; end: string } | undefined, last: boolean): Record<string, unknown> | undefined {
  if (opts.mode === 'webhook' || opts.window) return undefined;
  const end = window.end.toISOString();
  if (backfill) {
    const rest = { ...raw };
    delete rest.backfill;
    return last ? { ...rest, syncedThrough: end } : { ...rest, syncedThrough: end, backfill };
  }
  const previous = readCursor(raw).syncedThrough;
  return { ...raw, syncedThrough: previous && previous > end ? previous : end };
}

/** Stores the provider's id for this user (webhooks are matched by it); a failure only warns: the data sync goes on. */
async function learnExternalUserId(pool: Pool, device: DeviceRow, lookup: Promise<string>, warnings: string[]): Promise<void> {
  try {
    const id = await lookup;
    await asDeviceUser(pool, device, (client) => client.query('update vitalis.connected_devices set external_user_id = $2 where device_id = $1', [device.device_id, id]));
  } catch (error) {
    warnings.push(`${device.source}: could not learn the provider's user id, so its webhooks cannot be matched yet: ${(error as Error).message}`);
  }
}

/**
 * One window through the adapter. An adapter may find the token refused inside a 2xx answer
 * (Withings: HTTP 200 with status 401) and throw ProviderHttpError(401), which the HTTP client
 * never saw: the token is refreshed and the window fetched once more.
 */
async function fetchWindowOnce(adapter: ProviderAdapter, http: ProviderHttp, tokens: ConnectionTokens, window: SyncWindow): Promise<SyncBatch> {
  try {
    return await adapter.fetchWindow(http, window);
  } catch (error) {
    if (!(error instanceof ProviderHttpError) || error.status !== 401) throw error;
    await tokens.refresh(await tokens.accessToken());
    return adapter.fetchWindow(http, window);
  }
}

/**
 * Syncs one connection: loads it, decrypts its tokens, fetches each window through the adapter,
 * and writes each window's batch together with the cursor advance in one transaction (as
 * vitalis_worker acting as the user), so a crash never loses or skips a window and re-running is
 * idempotent. Records last_sync_at/status/error on the connection; on failure also throws
 * SyncFailedError. `pool` must be able to `set role vitalis_worker` (the worker's connection).
 */
export async function syncDevice(pool: Pool, opts: SyncOptions): Promise<SyncSummary> {
  const ref: DeviceRef | undefined = opts.deviceId ? { deviceId: opts.deviceId } : opts.userId && opts.provider ? { userId: opts.userId, provider: opts.provider } : undefined;
  if (!ref) throw new SyncFailedError('syncDevice needs deviceId, or userId and provider', undefined, false);
  const device = await loadDevice(pool, ref);
  if (!device) throw new SyncFailedError(`no ${opts.provider ?? ''} connection ${opts.deviceId ?? `for user ${opts.userId}`}`.replace('  ', ' '), undefined, false);
  if (!device.is_active) throw new SyncFailedError(`${device.source} is disconnected; nothing to sync`, undefined, false);

  const summary: SyncSummary = { deviceId: device.device_id, userId: device.user_id, provider: device.source, mode: opts.mode, windows: [], warnings: [], deletedActivities: 0, status: 'success', ...emptyCounts() };
  const fail = async (error: unknown, windowsDone: number, context = ''): Promise<never> => {
    summary.status = windowsDone > 0 ? 'partial' : 'error';
    summary.error = `${context}${error instanceof Error ? error.message : String(error)}`;
    await setSyncStatus(pool, device, summary.status, summary.error);
    opts.logger?.warn({ deviceId: device.device_id, provider: device.source, mode: opts.mode, err: summary.error }, 'provider sync failed');
    const retryable = !(error instanceof ReconnectRequiredError || error instanceof TokenCryptoError);
    throw new SyncFailedError(summary.error, summary, retryable, error instanceof RateLimitedError ? error.retryAfterMs : undefined);
  };

  const settings = providerSettings(opts.config, device.source, opts.adapters);
  if (!settings) return fail(new ReconnectRequiredError(`${device.source} is not configured on this server (${device.source.toUpperCase()}_CLIENT_ID and _CLIENT_SECRET)`), 0);

  const deletedIds = opts.deletedActivityIds;
  if (deletedIds?.length) {
    try {
      const deleted = await asDeviceUser(pool, device, (client) => deleteActivities(client, device.user_id, device.source, deletedIds));
      summary.deletedActivities = deleted.length;
    } catch (error) {
      return fail(error, 0);
    }
    await setSyncStatus(pool, device, 'success', null);
    return summary;
  }

  if (opts.batch) {
    try {
      const counts = await asDeviceUser(pool, device, (client) => writeBatch(client, device.user_id, opts.batch!));
      addCounts(summary, counts);
      summary.warnings.push(...opts.batch.warnings.slice(0, MAX_WARNINGS));
    } catch (error) {
      return fail(error, 0);
    }
    await setSyncStatus(pool, device, 'success', null);
    return summary;
  }

  const now = (opts.now ?? (() => new Date()))();
  let tokens: ConnectionTokens;
  try {
    tokens = new ConnectionTokens(pool, device, settings, parseTokenKeys(opts.config.TOKEN_ENCRYPTION_KEYS), opts.now);
  } catch (error) {
    return fail(error, 0);
  }
  const http = createProviderHttp({ apiBaseUrl: settings.apiBaseUrl, tokens, signal: opts.signal, ...opts.http });
  if (!device.external_user_id && settings.adapter.fetchExternalUserId) {
    await learnExternalUserId(pool, device, settings.adapter.fetchExternalUserId(http), summary.warnings);
  }
  const { windows, backfill } = planWindows(opts, settings.adapter.maxWindowDays, settings.adapter.backfillDays, readCursor(device.sync_cursor), now);
  let cursor: Record<string, unknown> = device.sync_cursor ?? {};
  const timeZones = await asDeviceUser(pool, device, loadTimeZoneHistory);
  for (const [i, window] of windows.entries()) {
    try {
      const batch = await fetchWindowOnce(settings.adapter, http, tokens, { ...window, timeZones });
      const next = advanceCursor(opts, cursor, window, backfill, i === windows.length - 1);
      const counts = await asDeviceUser(pool, device, async (client) => {
        const written = await writeBatch(client, device.user_id, batch);
        if (next) await client.query('update vitalis.connected_devices set sync_cursor = $2::jsonb where device_id = $1', [device.device_id, JSON.stringify(next)]);
        return written;
      });
      if (next) cursor = next;
      addCounts(summary, counts);
      summary.windows.push({ start: window.start.toISOString(), end: window.end.toISOString() });
      summary.warnings.push(...batch.warnings.slice(0, MAX_WARNINGS - summary.warnings.length));
    } catch (error) {
      return fail(error, i, `${device.source} ${opts.mode} sync of ${window.startDate}..${window.endDate} failed: `);
    }
  }
  await setSyncStatus(pool, device, 'success', null);
  opts.logger?.info({ deviceId: device.device_id, provider: device.source, mode: opts.mode, windows: windows.length }, 'provider sync done');
  return summary;
}

export type { DeviceRow };
