// Subscription.goalAlertTriggered: goal alerts as they fire, over the websocket at /graphql
// (src/server/liveSocket.ts, docs/api.md "Live goal alerts").
//
// The channel comes from the signed-in user of the connection only (goal_alerts:<user id>); the
// field takes no argument, so nobody can listen to someone else's channel. Each notification names
// an alert id; the alert is read through the connection's own request context (role vitalis_api,
// app.current_user_id = the user), so row-level security decides what is delivered: an id the user
// cannot see is dropped before anything is sent (src/server/goalAlertEvents.ts).
import { access, context, type GrafastSubscriber, lambda, listen, SafeError, type Step } from 'postgraphile/grafast';
import { extendSchema, gql } from 'postgraphile/utils';
import { goalAlertsChannel, visibleGoalAlerts } from './goalAlertEvents';

/** What the websocket layer puts in the context of an operation it runs for a signed-in user. */
export interface LiveSession {
  userId: string;
  /** Re-checks the connection's session (logout, password change revoke it); when it has ended, closes the connection and resolves false. */
  ensureSessionLive(): Promise<boolean>;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Grafast {
    interface Context {
      /** Set for operations received over an authenticated websocket (src/server/liveSocket.ts). */
      live?: LiveSession;
    }
  }
}

function requireLive(live: LiveSession | undefined): LiveSession {
  if (!live) {
    throw new SafeError('goalAlertTriggered: subscribe over the websocket at /graphql, signed in (connectionParams: { authorization: "Bearer <token>" })', {
      code: 'UNAUTHENTICATED',
    });
  }
  return live;
}

export function makeGoalAlertSubscriptionPlugin(): GraphileConfig.Plugin {
  return extendSchema((build) => {
    const goalAlerts = build.input.pgRegistry.pgResources.goal_alerts;
    if (!goalAlerts) throw new Error('VitalisGoalAlertSubscriptionPlugin: the goal_alerts table is not in the schema');
    return {
      typeDefs: gql`
        type GoalAlertTriggeredPayload {
          "The alert that fired, as goalAlerts would return it."
          goalAlert: GoalAlert
        }
        extend type Subscription {
          "Your goal alerts as they fire (when your notification preferences ask for live alerts). Over the websocket at /graphql only (graphql-transport-ws), signed in with connectionParams { authorization: \\"Bearer <token>\\" }; see docs/api.md."
          goalAlertTriggered: GoalAlertTriggeredPayload
        }
      `,
      plans: {
        Subscription: {
          goalAlertTriggered: {
            subscribePlan() {
              const $context = context();
              const $live = $context.get('live');
              const $topic = lambda($live, (live) => goalAlertsChannel(requireLive(live).userId));
              const $events = lambda(
                [$live, $context.get('pgSubscriber'), $context.get('withPgClient'), $context.get('pgSettings')],
                ([live, pgSubscriber, withPgClient, pgSettings]): GrafastSubscriber<Record<string, unknown>> => {
                  const session = requireLive(live);
                  if (!pgSubscriber) throw new SafeError('Live notifications are not available on this server', { code: 'SERVICE_UNAVAILABLE' });
                  return {
                    subscribe: (topic) =>
                      visibleGoalAlerts(pgSubscriber.subscribe(topic), async ({ alertId }) => {
                        if (!(await session.ensureSessionLive())) throw new SafeError('Session has ended: sign in again', { code: 'UNAUTHENTICATED' });
                        // The user's own transaction: row-level security hides everyone else's alerts.
                        const { rows } = await withPgClient(pgSettings, (client) =>
                          client.query({ text: 'select 1 from vitalis.goal_alerts where alert_id = $1::uuid', values: [alertId] }),
                        );
                        return rows.length === 1;
                      }),
                  };
                },
              );
              return listen($events, $topic);
            },
            plan($event) {
              return $event;
            },
          },
        },
        GoalAlertTriggeredPayload: {
          goalAlert($event: Step) {
            return goalAlerts.get({ alert_id: access($event, 'alertId') });
          },
        },
      },
    };
  }, 'VitalisGoalAlertSubscriptionPlugin');
}
