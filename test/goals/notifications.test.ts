// A fired alert is told as the user's notification_prefs say: a goal_alert mail, and a NOTIFY on
// goal_alerts:<userId> with {"alertId": ...} (what the goalAlerts subscription listens to), each
// only when its channel is wanted and only once the data's transaction commits.
import { Client, type Notification } from 'pg';
import { asRequest, createUser, pgError, useTestDatabase } from '../helpers/db';
import { queuedMails } from '../helpers/mailQueue';
import { alertsOf, asUser, createGoal, day, importDaily, setPreferences } from './helpers';

// The listener lets go of the database before it is dropped.
const db = useTestDatabase({ beforeDrop: () => listener?.end() });
let listener: Client | undefined;
const heard: Notification[] = [];

beforeAll(async () => {
  listener = new Client({ connectionString: db.url });
  await listener.connect();
  listener.on('notification', (n) => heard.push(n));
  listener.on('error', () => {});
});

async function userWithGoal(prefs: Record<string, unknown> = {}): Promise<{ user: string; email: string }> {
  const email = `alerts-${Math.random().toString(36).slice(2)}@example.com`;
  const user = await createUser(db.pool, { email });
  if (Object.keys(prefs).length > 0) await setPreferences(db.pool, user, prefs);
  await createGoal(db.pool, user, { metric_type: 'wearable', metric_name: 'resting_hr_bpm', alert_threshold_high: 65 });
  await listener!.query(`listen "goal_alerts:${user}"`);
  return { user, email };
}

/** Notifications for the user's channel, after giving the server a moment to deliver them. */
async function heardFor(user: string): Promise<unknown[]> {
  await new Promise((resolve) => setTimeout(resolve, 150));
  return heard.filter((n) => n.channel === `goal_alerts:${user}`).map((n) => JSON.parse(n.payload ?? 'null'));
}

test('by default: one mail and one live notification per alert', async () => {
  const { user, email } = await userWithGoal();
  await importDaily(db.pool, user, { date: day(2), resting_hr_bpm: 72 });
  await importDaily(db.pool, user, { date: day(1), resting_hr_bpm: 73 }); // still crossed: nothing new
  const [alert] = await alertsOf(db.pool, user);
  expect(await heardFor(user)).toEqual([{ alertId: alert!.alert_id }]);
  expect(await queuedMails(db.pool, email)).toEqual([
    {
      template: 'goal_alert',
      to: email,
      params: {
        message: 'Resting heart rate 72 bpm is above your alert threshold of 65 bpm',
        metric: 'Resting heart rate',
        side: 'high',
        observedAt: `${day(2)}T00:00:00+00:00`,
        alertId: alert!.alert_id,
      },
    },
  ]);
});

test('goal_alerts: {"email": false} keeps the live notification only', async () => {
  const { user, email } = await userWithGoal({ notification_prefs: { goal_alerts: { email: false } } });
  await importDaily(db.pool, user, { date: day(2), resting_hr_bpm: 72 });
  expect(await alertsOf(db.pool, user)).toHaveLength(1);
  expect(await queuedMails(db.pool, email)).toEqual([]);
  expect(await heardFor(user)).toHaveLength(1);
});

test('goal_alerts: {"live": false} mails only', async () => {
  const { user, email } = await userWithGoal({ notification_prefs: { goal_alerts: { live: false, email: true } } });
  await importDaily(db.pool, user, { date: day(2), resting_hr_bpm: 72 });
  expect(await queuedMails(db.pool, email)).toHaveLength(1);
  expect(await heardFor(user)).toEqual([]);
});

test('goal_alerts: false, or notifications off, tells nothing; the alert is still recorded', async () => {
  for (const prefs of [{ notification_prefs: { goal_alerts: false } }, { notifications_enabled: false, notification_prefs: { goal_alerts: true } }]) {
    const { user, email } = await userWithGoal(prefs);
    await importDaily(db.pool, user, { date: day(2), resting_hr_bpm: 72 });
    expect(await alertsOf(db.pool, user)).toHaveLength(1);
    expect(await queuedMails(db.pool, email)).toEqual([]);
    expect(await heardFor(user)).toEqual([]);
  }
});

test('nothing is told when the transaction that brought the data rolls back', async () => {
  const { user, email } = await userWithGoal();
  await asRequest(db.pool, { userId: user }, (c) =>
    c.query('select * from vitalis.upsert_wearable_daily($1)', [JSON.stringify([{ date: day(2), source: 'oura', resting_hr_bpm: 72 }])]),
  ); // rolled back
  expect(await alertsOf(db.pool, user)).toEqual([]);
  expect(await queuedMails(db.pool, email)).toEqual([]);
  expect(await heardFor(user)).toEqual([]);
});

test('notification_wanted reads booleans, channel objects and what is left out', async () => {
  const user = await createUser(db.pool);
  const wanted = async (channel: string, category = 'goal_alerts') =>
    (await db.pool.query('select vitalis_private.notification_wanted($1, $2, $3) as w', [user, category, channel])).rows[0].w as boolean;
  expect([await wanted('email'), await wanted('live')]).toEqual([true, true]);
  await setPreferences(db.pool, user, { notification_prefs: { goal_alerts: { email: false }, insights: false } });
  expect([await wanted('email'), await wanted('live'), await wanted('email', 'insights'), await wanted('email', 'other')]).toEqual([false, true, false, true]);
  await setPreferences(db.pool, user, { notifications_enabled: false, notification_prefs: {} });
  expect(await wanted('live')).toBe(false);
});

test('a notificationPrefs entry of another shape is refused, naming it', async () => {
  const user = await createUser(db.pool);
  await asUser(db.pool, user, async (c) => {
    expect(await pgError(c, () => c.query(`update vitalis.user_preferences set notification_prefs = '{"goal_alerts": "yes"}'`))).toMatchObject({
      code: '22023',
      column: 'notification_prefs',
      message: 'notificationPrefs: goal_alerts must be true, false or an object of channels, e.g. {"email": true, "live": false}',
    });
    expect(await pgError(c, () => c.query(`update vitalis.user_preferences set notification_prefs = '{"goal_alerts": {"email": 1}}'`))).toMatchObject({
      message: 'notificationPrefs: goal_alerts.email must be true or false',
    });
  });
});
