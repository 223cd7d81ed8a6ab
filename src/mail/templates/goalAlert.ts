// Sent by vitalis_private.notify_goal_alert when a goal alert fires and the user's
// notification_prefs allow mail for goal_alerts (the default).
import { z } from 'zod';
import { button, html } from '../html';
import { isoTime, readableTime } from '../params';
import { defineTemplate } from '../template';

const params = z.object({
  /** The alert's message, already in the user's units ("Weight 180.8 lbs is above ..."). */
  message: z.string().min(1).max(1000),
  /** The metric's name as the message spells it, e.g. "Resting heart rate". */
  metric: z.string().min(1).max(200),
  side: z.enum(['low', 'high']),
  /** When the value that crossed the threshold was measured. */
  observedAt: isoTime,
  alertId: z.uuid(),
});

export const goalAlert = defineTemplate({
  params,
  subject: (p) => `Goal alert: ${p.metric} is ${p.side === 'high' ? 'above' : 'below'} your threshold`,
  text: (p, ctx) =>
    `${p.message} (measured ${readableTime(p.observedAt)}).\n\n` +
    `See your goals: ${ctx.link('/goals')}\n\n` +
    `You get this mail because goal alerts are on in your notification settings; turn off "goal_alerts" email there to stop them.\n`,
  html: (p, ctx) => html`<p>${p.message} (measured ${readableTime(p.observedAt)}).</p>
${button(ctx.link('/goals'), 'See your goals')}
<p>You get this mail because goal alerts are on in your notification settings; turn off "goal_alerts" email there to stop them.</p>`,
});
