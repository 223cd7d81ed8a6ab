import { Client, type QueryResult } from 'pg';

/**
 * How a request's settings are applied, by @dataplan/pg (node_modules/@dataplan/pg/dist/adaptors/pg.js)
 * and by inRequestTransaction: one JSON array of [name, value] pairs, set transaction-locally.
 */
export const REQUEST_SETTINGS_SQL = 'select set_config(el->>0, el->>1, true) from json_array_elements($1::json) el';

type QueryConfigLike = { text?: unknown; values?: unknown; submit?: unknown; callback?: unknown };

function textOf(config: unknown): string | undefined {
  if (typeof config === 'string') return config;
  if (config && typeof config === 'object' && typeof (config as QueryConfigLike).submit !== 'function') {
    const text = (config as QueryConfigLike).text;
    return typeof text === 'string' ? text : undefined;
  }
  return undefined;
}

/**
 * The entry that makes a request's transaction read-only, as JSON.stringify writes it into the
 * settings parameter (@dataplan/pg and inRequestTransaction both do). A string value cannot hold
 * it: inside a JSON string every `"` is written `\"`, so `["` only occurs where an entry begins.
 * Other spellings (spaces) are not recognised, and then the commit is merely sent as usual.
 */
const READ_ONLY_ENTRY = JSON.stringify(['transaction_read_only', 'on']);

const EMPTY_BEGIN = { command: 'BEGIN', rowCount: null, oid: 0, rows: [], fields: [] } as unknown as QueryResult;
const EMPTY_COMMIT = { command: 'COMMIT', rowCount: null, oid: 0, rows: [], fields: [] } as unknown as QueryResult;
const BEGIN_RE = /^\s*begin\s*;?\s*$/i;
const COMMIT_RE = /^\s*commit\s*;?\s*$/i;
const TRANSACTION_END_RE = /^\s*(commit|rollback|end|abort)\b/i;

/**
 * A client that spends fewer round trips on a request's transaction. Every GraphQL request and
 * every auth transaction opens with `begin` and its settings, and each was a round trip of its
 * own (the profile of issue 15: the API idle half the time, waiting).
 *
 * `begin` is held back until the next query. When that query is the settings statement, both go
 * as one simple-protocol message with the settings inlined as a quoted literal (escapeLiteral;
 * the same JSON the parameter carried), so PostgreSQL runs them in order in one round trip.
 * Anything else first sends the held `begin` on its own, in order (node-postgres queues queries),
 * so no other statement changes meaning.
 *
 * The `commit` of a read-only transaction (settings with transaction_read_only = on: GraphQL
 * queries, see pgSettingsFor) is held back too. It resolves at once, since such a transaction has
 * nothing to make durable and PostgreSQL refused any write in it, and goes out ahead of the
 * connection's next message (`commit; begin; <settings>` for the next request), or on its own
 * after RequestClient.heldCommitMs. A read-write transaction's commit is always sent and awaited.
 */
export class RequestClient extends Client {
  /**
   * How long a read-only transaction's `commit` may wait for the connection's next request to carry
   * it, in ms. Past this it goes out on its own: an open read-only transaction holds its snapshot
   * and its AccessShare locks, and nothing should wait on those for longer. One value for every
   * client; tests that must not race the timer lengthen it.
   */
  static heldCommitMs = 10;

  private beginHeld = false;
  private commitHeld = false;
  private readOnly = false;
  private commitTimer: NodeJS.Timeout | undefined;

  // Forwards node-pg's overloaded query(); `any` keeps the override assignable to every overload.
  override query(...args: any[]): any {
    const [config, values, callback] = args as [unknown, unknown, unknown];
    const forward = super.query as (...a: unknown[]) => unknown;
    const text = textOf(config);
    const promiseStyle = typeof values !== 'function' && callback === undefined && typeof (config as QueryConfigLike | undefined)?.callback !== 'function';
    const noValues = values === undefined || (Array.isArray(values) && values.length === 0);
    if (promiseStyle && text !== undefined && noValues) {
      if (!this.beginHeld && BEGIN_RE.test(text)) {
        this.beginHeld = true;
        return Promise.resolve(EMPTY_BEGIN);
      }
      if (this.readOnly && !this.beginHeld && !this.commitHeld && COMMIT_RE.test(text)) {
        this.readOnly = false;
        this.holdCommit();
        return Promise.resolve(EMPTY_COMMIT);
      }
    }
    if (text !== undefined && TRANSACTION_END_RE.test(text)) this.readOnly = false;
    const params = values ?? (config as QueryConfigLike | undefined)?.values;
    const settings = promiseStyle && text === REQUEST_SETTINGS_SQL && Array.isArray(params) && params.length === 1 && typeof params[0] === 'string' ? params[0] : undefined;
    if (this.beginHeld && settings !== undefined) {
      this.beginHeld = false;
      const prefix = this.takeHeldCommit() ? 'commit; begin;' : 'begin;';
      // A replacer function: a replacement string would read `$$` in the value as `$`.
      const inlined = `${prefix} ${REQUEST_SETTINGS_SQL.replace('$1', () => this.escapeLiteral(settings))}`;
      this.readOnly = settings.includes(READ_ONLY_ENTRY);
      return (forward.call(this, inlined) as Promise<QueryResult | QueryResult[]>).then((results) => (Array.isArray(results) ? results[results.length - 1]! : results));
    }
    // Queued ahead of the caller's query, in order; a failure here shows again on that query (same connection).
    if (this.takeHeldCommit()) (forward.call(this, 'commit') as Promise<unknown>).catch(() => {});
    if (this.beginHeld) {
      this.beginHeld = false;
      (forward.call(this, 'begin') as Promise<unknown>).catch(() => {});
    }
    return forward.apply(this, args);
  }

  override end(...args: any[]): any {
    // Closing the connection ends a held read-only transaction as its commit would have.
    this.takeHeldCommit();
    return (super.end as (...a: unknown[]) => unknown).apply(this, args);
  }

  private holdCommit(): void {
    this.commitHeld = true;
    this.commitTimer = setTimeout(() => {
      if (!this.takeHeldCommit()) return;
      // A client that is being closed has no transaction left to end.
      (Client.prototype.query as (...a: unknown[]) => Promise<unknown>).call(this, 'commit').catch(() => {});
    }, RequestClient.heldCommitMs);
    this.commitTimer.unref();
  }

  /** Clears a held commit; true when there was one (the caller now sends it). */
  private takeHeldCommit(): boolean {
    if (!this.commitHeld) return false;
    this.commitHeld = false;
    clearTimeout(this.commitTimer);
    this.commitTimer = undefined;
    return true;
  }
}
