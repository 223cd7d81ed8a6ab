// Param types shared by the templates, and how their values read in a mail.
import { z } from 'zod';

/**
 * An absolute http(s) address, or a path starting with "/" that the mail puts under PUBLIC_URL
 * (SQL callers do not know PUBLIC_URL). Nothing else: no javascript: or protocol-relative links.
 */
export const link = z
  .string()
  .max(2048)
  .refine((value) => /^\/(?!\/)/.test(value) || /^https?:\/\/[^/\s]/i.test(value), 'must be an absolute http(s) URL or a path starting with /');

export const token = z.string().min(1).max(512);
/** An ISO 8601 time with Z or an offset, e.g. 2026-12-13T06:00:00Z (to_jsonb(timestamptz) qualifies). */
export const isoTime = z.iso.datetime({ offset: true });

/** 13 Dec 2026, 06:00 UTC: one unambiguous form, whatever the reader's zone. */
export function readableTime(iso: string): string {
  const d = new Date(iso);
  const date = d.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
  const time = d.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', hour12: false, timeZone: 'UTC' });
  return `${date}, ${time} UTC`;
}

/** 90 -> "90 minutes", 1440 -> "24 hours". */
export function readableDuration(minutes: number): string {
  if (minutes >= 120 && minutes % 60 === 0) return `${minutes / 60} hours`;
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}

/** 1234567 -> "1.2 MB" (decimal units, as file managers show them). */
export function readableSize(bytes: number): string {
  const units = ['bytes', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return unit === 0 ? `${bytes} bytes` : `${value.toFixed(1)} ${units[unit]}`;
}
