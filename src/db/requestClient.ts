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

const EMPTY_BEGIN = { command: 'BEGIN', rowCount: null, oid: 0, rows: [], fields: [] } as unknown as QueryResult;

/**
 * A client that sends a request's `begin` and its settings as one message instead of two: every
 * GraphQL request and every auth transaction opens with exactly these two statements, and each
 * was a round trip of its own (the profile of issue 15: the API idle half the time, waiting).
 *
 * `begin` is held back until the next query. When that query is the settings statement, both go
 * as one simple-protocol message with the settings inlined as a quoted literal (escapeLiteral;
 * the same JSON the parameter carried), so PostgreSQL runs them in order in one round trip.
 * Anything else first sends the held `begin` on its own, in order (node-postgres queues queries),
 * so no other statement changes meaning.
 */
export class RequestClient extends Client {
  private beginHeld = false;

  // Forwards node-pg's overloaded query(); `any` keeps the override assignable to every overload.
  override query(...args: any[]): any {
    const [config, values, callback] = args as [unknown, unknown, unknown];
    const forward = super.query as (...a: unknown[]) => unknown;
    const text = textOf(config);
    const promiseStyle = typeof values !== 'function' && callback === undefined && typeof (config as QueryConfigLike | undefined)?.callback !== 'function';
    if (promiseStyle && text !== undefined && /^\s*begin\s*;?\s*$/i.test(text) && !this.beginHeld && (values === undefined || (Array.isArray(values) && values.length === 0))) {
      this.beginHeld = true;
      return Promise.resolve(EMPTY_BEGIN);
    }
    if (!this.beginHeld) return forward.apply(this, args);
    this.beginHeld = false;
    const params = values ?? (config as QueryConfigLike | undefined)?.values;
    if (promiseStyle && text === REQUEST_SETTINGS_SQL && Array.isArray(params) && params.length === 1 && typeof params[0] === 'string') {
      // A replacer function: a replacement string would read `$$` in the value as `$`.
      const inlined = `begin; ${REQUEST_SETTINGS_SQL.replace('$1', () => this.escapeLiteral(params[0] as string))}`;
      return (forward.call(this, inlined) as Promise<QueryResult | QueryResult[]>).then((results) => (Array.isArray(results) ? results[results.length - 1]! : results));
    }
    // Queued ahead of the caller's query; a failure here shows again on that query (same connection).
    (forward.call(this, 'begin') as Promise<unknown>).catch(() => {});
    return forward.apply(this, args);
  }
}
