import { z } from 'zod';

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

/** Partial wearable_daily rows (one per Oura endpoint) merged into one row per day (src/providers/shared/mergeRows.ts). */
export { mergeDailyRows as mergeDaily } from '../shared/mergeRows';
