// Signed webhook timestamps: a signature proves who sent a notification, not when. A captured
// request replayed later would still verify, so a timestamp further than this from the moment it
// arrived is refused (providers deliver within seconds and retry with fresh timestamps).
export const WEBHOOK_TOLERANCE_MS = 5 * 60_000;

/** Whether a signed timestamp (epoch milliseconds) is within the tolerance of receivedAt. */
export function isFreshTimestamp(epochMs: number, receivedAt: Date = new Date()): boolean {
  return Number.isFinite(epochMs) && Math.abs(receivedAt.getTime() - epochMs) <= WEBHOOK_TOLERANCE_MS;
}
