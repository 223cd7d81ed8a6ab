// The stream behind goalAlertTriggered on its own (no server): what a notification may say, and an
// unsubscribe that does not wait for the next notification. End to end: goalAlertSubscription.test.ts.
import { goalAlertsChannel, parseGoalAlertNotification, visibleGoalAlerts } from '../../src/server/goalAlertEvents';

const ID = '3f0c2a9e-6b1d-4c7e-9a55-0d9b8f1e2c34';

test('the channel is goal_alerts:<user id>, lowercase like uuid::text', () => {
  expect(goalAlertsChannel(ID.toUpperCase())).toBe(`goal_alerts:${ID}`);
});

test.each([
  ['the contract', JSON.stringify({ alertId: ID }), { alertId: ID }],
  ['an uppercase id, extra keys', JSON.stringify({ alertId: ID.toUpperCase(), extra: 1 }), { alertId: ID }],
  ['not JSON', 'not json', null],
  ['JSON null', 'null', null],
  ['an array', '[]', null],
  ['no alertId', '{}', null],
  ['a number', JSON.stringify({ alertId: 42 }), null],
  ['not a uuid', JSON.stringify({ alertId: `${ID}' or true --` }), null],
  ['over 1000 characters', JSON.stringify({ alertId: ID, pad: 'x'.repeat(2000) }), null],
  ['no payload', undefined, null],
])('a notification with %s -> %j', (_label, payload, expected) => {
  expect(parseGoalAlertNotification(payload)).toEqual(expected);
});

/** A source like PgSubscriber's: next() waits for a push; return() settles a waiting next() with done. */
function manualSource() {
  const waiting: Array<(r: IteratorResult<unknown>) => void> = [];
  const queued: unknown[] = [];
  let returned = 0;
  const source: AsyncIterator<unknown> = {
    next: () => (queued.length ? Promise.resolve({ done: false, value: queued.shift() }) : new Promise((resolve) => waiting.push(resolve))),
    return: async () => {
      returned++;
      for (const resolve of waiting.splice(0)) resolve({ done: true, value: undefined });
      return { done: true, value: undefined };
    },
  };
  return { source, push: (value: unknown) => (waiting.length ? waiting.shift()!({ done: false, value }) : queued.push(value)), returned: () => returned };
}

test('only events that parse and are accepted come through, in order', async () => {
  const { source, push } = manualSource();
  const accepted = new Set(['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000003']);
  const stream = visibleGoalAlerts(source, async ({ alertId }) => accepted.has(alertId));
  for (const n of [1, 2, 3]) push(JSON.stringify({ alertId: `00000000-0000-4000-8000-00000000000${n}` }));
  push('garbage');
  expect(await stream.next()).toEqual({ done: false, value: { alertId: '00000000-0000-4000-8000-000000000001' } });
  expect(await stream.next()).toEqual({ done: false, value: { alertId: '00000000-0000-4000-8000-000000000003' } });
});

test('return() while next() waits for a notification ends both at once, and ends the source', async () => {
  const { source, returned } = manualSource();
  const stream = visibleGoalAlerts(source, async () => true);
  const pending = stream.next();
  await stream.return!();
  expect(await pending).toEqual({ done: true, value: undefined });
  expect(returned()).toBeGreaterThan(0);
});

test('an accept that throws (a session that ended) fails the stream and ends the source', async () => {
  const { source, push, returned } = manualSource();
  const stream = visibleGoalAlerts(source, async () => {
    throw new Error('Session has ended: sign in again');
  });
  push(JSON.stringify({ alertId: ID }));
  await expect(stream.next()).rejects.toThrow('Session has ended: sign in again');
  expect(returned()).toBe(1);
});

test('a source that fails (the LISTEN connection dropped) fails the stream with SERVICE_UNAVAILABLE', async () => {
  const source: AsyncIterator<unknown> = { next: () => Promise.reject(new Error('Underlying pubsub channel interrupted')) };
  await expect(visibleGoalAlerts(source, async () => true).next()).rejects.toMatchObject({
    message: 'Live goal alerts were interrupted (the server lost its database connection): subscribe again',
    extensions: { code: 'SERVICE_UNAVAILABLE' },
  });
});
