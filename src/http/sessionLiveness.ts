import type { Pool } from 'pg';
import { listenDirect } from '../db/directListener';
import type { SessionChecker, Sessions } from './jwt';

export interface SessionLivenessOptions {
  /** Where liveness is read (the API's pool; PgBouncer is fine). */
  pool: Pool;
  /** A direct connection string for LISTEN (never through a transaction-mode pooler). */
  listenUrl: string;
  /** How long one answer may be reused at most; 0 turns the cache off (every request asks). */
  ttlMs: number;
  /** How many sessions are remembered; the least recently used are forgotten first. */
  maxEntries: number;
  onListenError?: (error: Error) => void;
}

export interface SessionLiveness extends Sessions {
  check: SessionChecker;
  /** Drops what is cached for a user (this process revoked one of their sessions), or everything. */
  ended(userId?: string): void;
  /**
   * Whether the user of a session checked a moment ago views anyone else's profile, as read with
   * its liveness; undefined when that is not cached now (then assume they may).
   */
  viewsOthers(sessionId: string, userId: string): boolean | undefined;
  /** Whether answers are being reused now: only while the LISTEN connection is up. */
  readonly caching: boolean;
  readonly size: number;
  /** Users with a cached session (the index a notification is served from; tests read it). */
  readonly usersIndexed: number;
  close(): Promise<void>;
}

interface Entry {
  userId: string;
  until: number;
  /** Whether the user holds a live profile share as its viewer (auth_user_views_others). */
  viewsOthers: boolean;
}

/**
 * Session liveness with a cache: every authenticated request asks whether its token's session is
 * still live, which was one database round trip of the five a GraphQL read made. A live answer is
 * reused until the session expires or ttlMs passes, whichever is first; the database NOTIFYs
 * vitalis_session_ended with the user id whenever a session is revoked, shortened or deleted (any
 * process, any path: logout, password change, account deletion, a DBA's UPDATE), and every entry of
 * that user is dropped. While the LISTEN connection is down nothing is reused, since a
 * notification could be missed; when it is back the cache starts empty. Only live answers are kept:
 * an ended session never comes back, but it costs a lookup each time, as before.
 *
 * The same lookup says whether the user views anyone else's profile (a live share as its viewer),
 * which lets list queries name the user (plugins/OwnRowsListPlugin.ts). A share that becomes live
 * NOTIFYs vitalis_session_ended with its viewer's id, so that answer is dropped with the rest.
 */
export function createSessionLiveness(options: SessionLivenessOptions): SessionLiveness {
  const { pool, ttlMs, maxEntries } = options;
  // Insertion order is recency: a hit moves its key to the end, so the first key is the least
  // recently used (a Map is an LRU in a few lines; no dependency needed).
  const entries = new Map<string, Entry>();
  // The session ids cached per user: a notification names a user, and scanning every entry for
  // theirs would cost the whole cache (up to maxEntries) per logout anywhere.
  const byUser = new Map<string, Set<string>>();
  // Bumped by every notification and every (re)connect: an answer read while it changed may
  // predate a revocation whose notification has already gone by, so it is not kept.
  let epoch = 0;

  const drop = (sessionId: string) => {
    const entry = entries.get(sessionId);
    if (!entry) return;
    entries.delete(sessionId);
    const ids = byUser.get(entry.userId);
    ids?.delete(sessionId);
    if (ids?.size === 0) byUser.delete(entry.userId);
  };
  const remember = (sessionId: string, entry: Entry) => {
    drop(sessionId);
    entries.set(sessionId, entry);
    let ids = byUser.get(entry.userId);
    if (!ids) byUser.set(entry.userId, (ids = new Set()));
    ids.add(sessionId);
  };
  const forgetAll = () => {
    entries.clear();
    byUser.clear();
    epoch += 1;
  };
  const forgetUser = (userId: string) => {
    epoch += 1;
    for (const sessionId of byUser.get(userId) ?? []) entries.delete(sessionId);
    byUser.delete(userId);
  };

  const listener =
    ttlMs > 0
      ? listenDirect({
          url: options.listenUrl,
          channel: 'vitalis_session_ended',
          applicationName: 'vitalis-api-sessions',
          onNotification: (payload) => (!payload || payload === '*' ? forgetAll() : forgetUser(payload)),
          onUp: forgetAll,
          onDown: (error) => {
            forgetAll();
            options.onListenError?.(error);
          },
        })
      : undefined;
  const listening = () => listener?.up === true;

  // Whether the user views others is kept with a cached answer only: with the cache off, not read.
  const lookUpText = listener
    ? 'select vitalis_private.auth_session_live_until($1, $2) as until, vitalis_private.auth_user_views_others($2) as views_others'
    : 'select vitalis_private.auth_session_live_until($1, $2) as until, true as views_others';
  const lookUp = async (sessionId: string, userId: string): Promise<{ until: number; viewsOthers: boolean } | null> => {
    const { rows } = await pool.query<{ until: Date | null; views_others: boolean }>(lookUpText, [sessionId, userId]);
    const until = rows[0]?.until;
    return until ? { until: until.getTime(), viewsOthers: rows[0]!.views_others !== false } : null;
  };

  const check: SessionChecker = async (sessionId, userId) => {
    const now = Date.now();
    const hit = entries.get(sessionId);
    if (hit && hit.userId === userId && listening() && hit.until > now) {
      // Moved to the end: the most recently used.
      entries.delete(sessionId);
      entries.set(sessionId, hit);
      return true;
    }
    // Expired, or not trusted while the listener is down. Another user's entry for the same id
    // stays: a token naming someone else cannot evict it.
    if (hit && hit.userId === userId) drop(sessionId);
    const before = epoch;
    const live = await lookUp(sessionId, userId);
    if (live === null) return false;
    if (listening() && epoch === before) {
      remember(sessionId, { userId, until: Math.min(live.until, Date.now() + ttlMs), viewsOthers: live.viewsOthers });
      if (entries.size > maxEntries) drop(entries.keys().next().value as string);
    }
    return true;
  };

  return {
    check,
    ended: (userId) => (userId ? forgetUser(userId) : forgetAll()),
    viewsOthers(sessionId, userId) {
      const hit = entries.get(sessionId);
      return hit && hit.userId === userId && listening() && hit.until > Date.now() ? hit.viewsOthers : undefined;
    },
    get caching() {
      return listening();
    },
    get size() {
      return entries.size;
    },
    get usersIndexed() {
      return byUser.size;
    },
    async close() {
      await listener?.close();
      entries.clear();
      byUser.clear();
    },
  };
}
