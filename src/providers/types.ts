// The contract between the provider-sync engine (src/providers/engine/*: OAuth, token storage,
// HTTP with rate limits, cursors, webhooks, connected_devices status) and each provider's adapter
// (src/providers/<name>/*: endpoints and field mapping). Adapters are plain data + pure mapping:
// they never touch the database or tokens; the engine never knows a provider's field names.

import type { ObservedOffset, TimeZoneHistory } from '../time/localTime';

export const PROVIDERS = ['oura', 'whoop', 'garmin', 'fitbit', 'withings'] as const;
export type ProviderName = (typeof PROVIDERS)[number];

/** Row objects for vitalis.upsert_wearable_daily / _sleep / _activities (column names as keys; no user_id, the engine acts as the user). */
export type DailyRow = Record<string, unknown> & { date: string; source: ProviderName };
export type SleepRow = Record<string, unknown> & { sleep_date: string; source: ProviderName };
export type ActivityRow = Record<string, unknown> & { activity_date: string; source: ProviderName; source_activity_id: string; start_time: string };
/** A vitalis.measurements row (idempotent on user_id, metric, measured_at, source). */
export interface MeasurementRow {
  metric: string;
  value: number;
  unit: string;
  measured_at: string;
  source: ProviderName;
}

/** What one fetch (or one webhook payload) maps to. */
export interface SyncBatch {
  daily: DailyRow[];
  sleep: SleepRow[];
  activities: ActivityRow[];
  measurements: MeasurementRow[];
  /** Values dropped because they failed the bounds in src/validation/bounds.ts, or fields seen that no column holds: "oura.daily_activity.met: no column". */
  warnings: string[];
  /** UTC offsets the data carried (Garmin's startTimeOffsetInSeconds): the engine learns the user's zone history from them. */
  observedOffsets?: ObservedOffset[];
  /**
   * Activities this answer shows are not activities of their own (a Garmin multisport parent,
   * whose legs are stored instead): a row stored for one earlier, before they were told apart, is
   * deleted with the batch, and the deletion named in a warning.
   */
  supersededActivities?: { source: ProviderName; source_activity_id: string }[];
}

export const emptyBatch = (): SyncBatch => ({ daily: [], sleep: [], activities: [], measurements: [], warnings: [] });

/** The authenticated HTTP client the engine hands an adapter: base URL, bearer token, refresh on 401, 429/Retry-After and 5xx backoff are the engine's. */
export interface ProviderHttp {
  /** GET apiBaseUrl + path with query; resolves with parsed JSON; throws ProviderHttpError for a final non-2xx. */
  get(path: string, query?: Record<string, string | number | undefined>): Promise<unknown>;
  /** POST form-encoded (Withings' API is POST with action=...). */
  postForm(path: string, form: Record<string, string | number | undefined>): Promise<unknown>;
}

/** A half-open UTC window [start, end) to fetch; dates are also given as local YYYY-MM-DD days for date-keyed APIs. */
export interface SyncWindow {
  start: Date;
  end: Date;
  startDate: string;
  /** Inclusive last day. */
  endDate: string;
  /** The user's zone history (vitalis.user_timezones), loaded by the engine once per sync: offset-less local times are placed with it. */
  timeZones?: TimeZoneHistory;
}

/** The OAuth 2 token endpoint's answer, as the provider documents it. */
export interface TokenSet {
  accessToken: string;
  refreshToken?: string;
  expiresAt?: Date;
  scope?: string[];
  externalUserId?: string;
}

/** A webhook request as received (raw body kept for signature checks). */
export interface WebhookRequest {
  headers: Record<string, string | undefined>;
  query: Record<string, string | undefined>;
  rawBody: Buffer;
  body: unknown;
  /** When it arrived (default now): signed timestamps older or newer than a few minutes are refused as replays. */
  receivedAt?: Date;
}

/** What a verified webhook asks for: sync these users (by the provider's user id) over these windows, or store data pushed in the body. */
export interface WebhookEvent {
  externalUserId: string;
  /** Fetch this window for that user (pull-style notifications: Oura, WHOOP, Fitbit, Withings, Garmin ping). */
  window?: { start: Date; end: Date };
  /** Data pushed in the notification itself (Garmin push). */
  batch?: SyncBatch;
  /** Workouts the user deleted at the provider (their source_activity_id): the rows are deleted here too. */
  deletedActivityIds?: string[];
}

export interface ProviderAdapter {
  name: ProviderName;
  /** The provider's real endpoints; <NAME>_AUTHORIZE_URL, <NAME>_TOKEN_URL and <NAME>_API_URL in the configuration replace them (tests point them at 127.0.0.1). */
  authorizeUrl: string;
  tokenUrl: string;
  apiBaseUrl: string;
  /** Scopes requested at connect. */
  scopes: string[];
  /** Separator the provider wants between scopes in the authorize URL. */
  scopeSeparator: ' ' | ',';
  /** Whether the provider supports PKCE (S256). State is always used. */
  pkce: boolean;
  /** How the token endpoint takes the client credentials. */
  tokenAuth: 'basic' | 'body';
  /** Extra form fields the token endpoint requires (Withings: action=requesttoken). */
  tokenExtraParams?: Record<string, string>;
  /** Parses the token endpoint's JSON (Withings wraps it in { status, body }). Throws a clear Error on a provider error body. */
  parseToken(json: unknown, now: Date): TokenSet;
  /**
   * Who the token belongs to at the provider, when the token answer does not say (Oura
   * personal_info.id, WHOOP profile user_id, Garmin GET /user/id). The engine calls it after a
   * connect and at a sync while connected_devices.external_user_id is empty: webhooks are
   * routed by that id. Absent: parseToken's externalUserId is all there is.
   */
  fetchExternalUserId?(http: ProviderHttp): Promise<string>;
  /** How far back the first sync reaches, in days (each provider's documented limit). */
  backfillDays: number;
  /** Largest window one fetch may ask for, in days (provider limits such as Garmin's 90 days). */
  maxWindowDays: number;
  /** Fetches and maps everything in the window. Pagination (next_token, offset) is the adapter's. */
  fetchWindow(http: ProviderHttp, window: SyncWindow): Promise<SyncBatch>;
  /** Verifies a webhook's signature or verification token; false rejects it with 401. Absent: the provider has no webhooks. */
  verifyWebhook?(req: WebhookRequest, secrets: { clientSecret: string; webhookSecret?: string }): boolean;
  /** Answers a provider's subscription-verification GET (Fitbit ?verify=, Oura challenge), if it has one. */
  verificationChallenge?(query: Record<string, string | undefined>, secrets: { webhookSecret?: string }): { status: number; body: string } | undefined;
  /** Turns a verified webhook body into events. */
  parseWebhook?(req: WebhookRequest): WebhookEvent[];
  /**
   * The request that withdraws the user's grant at the provider (account erasure), as documented
   * by the provider; the caller sends it. Absent: the provider offers no revocation endpoint.
   */
  revoke?(grant: RevokeGrant): RevokeRequest;
}

/** What a revocation request may use: the connection's tokens and this deployment's client and API base. */
export interface RevokeGrant {
  accessToken: string;
  refreshToken?: string;
  clientId: string;
  clientSecret: string;
  /** The provider's API base (<NAME>_API_URL or the adapter's apiBaseUrl). */
  apiBaseUrl: string;
}

/** One HTTP request; any 2xx answer means the grant is withdrawn. */
export interface RevokeRequest {
  method: 'GET' | 'POST' | 'DELETE';
  url: string;
  headers: Record<string, string>;
  /** Form-encoded body, when the endpoint takes one. */
  form?: Record<string, string>;
}

/** A canned response for the fake provider servers under test/fakeProviders (replaying documented formats). */
export interface FakeRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | undefined>;
  body: string;
}
export interface FakeResponse {
  status: number;
  headers?: Record<string, string>;
  body: unknown;
}
