import { z } from 'zod';
import type { DailyRow } from '../types';

// Pieces every Oura v2 mapper uses. Source of truth: Oura API v2 OpenAPI 1.29 (MultiDocumentResponse_*,
// Metadata, ISODate, LocalizedDateTime). Real responses recorded before `meta` existed omit it, so
// meta is optional here although the 1.29 spec marks it required.

export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a YYYY-MM-DD date');
/** LocalizedDateTime: ISO 8601 with the user's offset at the time, e.g. 2024-10-10T01:01:59+02:00. */
export const dateTime = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'expected an ISO 8601 date-time');
export const num = z.number().nullish();
export const meta = z.object({ updated_at: dateTime.nullish() }).loose().nullish();

/** A MultiDocumentResponse: { data: [...], next_token }. */
export const page = <T extends z.ZodType>(record: T) => z.object({ data: z.array(record), next_token: z.string().nullish() }).loose();

/** meta.updated_at as an ISO string (Oura sends it in UTC), or undefined. */
export const updatedAt = (r: { meta?: { updated_at?: string | null } | null }): string | undefined => (r.meta?.updated_at ? new Date(r.meta.updated_at).toISOString() : undefined);

export const iso = (s: string): string => new Date(s).toISOString();

/** One warning per endpoint naming the fields Oura sent that no column holds (they stay in raw_data). */
export function unmappedWarning(where: string, records: Record<string, unknown>[], mapped: readonly string[]): string[] {
  const seen = new Set<string>();
  for (const r of records) for (const k of Object.keys(r)) if (!mapped.includes(k)) seen.add(k);
  return seen.size === 0 ? [] : [`${where}: not mapped (kept in raw_data): ${[...seen].sort().join(', ')}`];
}

const later = (a: unknown, b: unknown): unknown => (typeof a !== 'string' ? b : typeof b !== 'string' ? a : a >= b ? a : b);

/**
 * Merges partial wearable_daily rows (one per Oura endpoint) into one row per day: columns come
 * from the part that has them, raw_data is { <endpoint>: record, ... } and source_updated_at the
 * newest part's. The upsert replaces the whole row, so one day must never arrive in two pieces.
 */
export function mergeDaily(parts: DailyRow[]): DailyRow[] {
  const byDay = new Map<string, DailyRow>();
  for (const part of parts) {
    const row = byDay.get(part.date);
    if (!row) {
      byDay.set(part.date, { ...part, raw_data: { ...(part.raw_data as object | undefined) } });
      continue;
    }
    for (const [k, v] of Object.entries(part)) {
      if (k === 'raw_data') row.raw_data = { ...(row.raw_data as object), ...(v as object | undefined) };
      else if (k === 'source_updated_at') row.source_updated_at = later(row.source_updated_at, v);
      else if (v !== undefined) row[k] = v;
    }
  }
  return [...byDay.values()].sort((a, b) => a.date.localeCompare(b.date));
}
