// The stream behind Subscription.goalAlertTriggered: the NOTIFY payloads on the user's own
// channel, reduced to the alerts that user can see.
//
// The contract with the SQL that fires alerts: pg_notify('goal_alerts:' || user_id,
// json_build_object('alertId', alert_id)::text). Only the database can notify, but a payload is
// still checked like input: anything that is not {"alertId": "<uuid>"}, and any alert the user's
// own row-level security hides (another user's id, a made-up one, a deleted alert), is dropped
// here, so the client receives nothing for it rather than an empty event.
import { SafeError } from 'postgraphile/grafast';
import { UUID_RE } from '../http/requestState';

/** The LISTEN/NOTIFY channel of one user's goal alerts. */
export function goalAlertsChannel(userId: string): string {
  return `goal_alerts:${userId.toLowerCase()}`;
}

export interface GoalAlertEvent {
  alertId: string;
}

/** {"alertId": "<uuid>"} as text (what pg_notify sends); null for anything else. */
export function parseGoalAlertNotification(payload: unknown): GoalAlertEvent | null {
  if (typeof payload !== 'string' || payload.length > 1000) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
  const alertId = (parsed as { alertId?: unknown }).alertId;
  return typeof alertId === 'string' && UUID_RE.test(alertId) ? { alertId: alertId.toLowerCase() } : null;
}

/**
 * The events of `source` (raw notification payloads) that parse and that `accept` lets through,
 * in order. `accept` may throw (a session that has ended): the stream then fails with that error.
 *
 * Written as a plain iterator, not an async generator: a generator's return() waits behind the
 * pending next(), i.e. until the next notification, so an unsubscribe would keep the LISTEN (and
 * the connection's bookkeeping) alive. Here return() ends `source` at once, which settles a
 * pending next() with done.
 */
export function visibleGoalAlerts(
  source: AsyncIterator<unknown>,
  accept: (event: GoalAlertEvent) => Promise<boolean>,
): AsyncIterableIterator<GoalAlertEvent> {
  const finish = async () => {
    await source.return?.();
  };
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next(): Promise<IteratorResult<GoalAlertEvent>> {
      for (;;) {
        let item: IteratorResult<unknown>;
        try {
          item = await source.next();
        } catch {
          // PgSubscriber ends every stream when its LISTEN connection drops: notifications may have
          // been missed, and the client should know to subscribe again (and catch up with goalAlerts).
          throw new SafeError('Live goal alerts were interrupted (the server lost its database connection): subscribe again', { code: 'SERVICE_UNAVAILABLE' });
        }
        if (item.done) return { done: true, value: undefined };
        const event = parseGoalAlertNotification(item.value);
        if (!event) continue;
        let accepted: boolean;
        try {
          accepted = await accept(event);
        } catch (error) {
          await finish();
          throw error;
        }
        if (accepted) return { done: false, value: event };
      }
    },
    async return(): Promise<IteratorResult<GoalAlertEvent>> {
      await finish();
      return { done: true, value: undefined };
    },
    async throw(error?: unknown): Promise<IteratorResult<GoalAlertEvent>> {
      await finish();
      throw error;
    },
  };
}
