// FIT file_id.type: what kind of FIT file this is, and whether Vitalis imports it. Shared by the
// importer (which reads the type with Garmin's SDK) and src/importers/sniff.ts (which reads the
// first message itself, without the SDK). Numbers and names as in the FIT profile's `file` type.

export interface FitFileType {
  /** The SDK's name (camelCase, as @garmin/fitsdk decodes the type). */
  name: string;
  /** How messages name it: "a FIT <label> file". */
  label: string;
  /** What Vitalis imports from it, or undefined when it imports nothing from this kind. */
  imports?: string;
}

export const FIT_FILE_TYPES: Readonly<Record<number, FitFileType>> = {
  1: { name: 'device', label: 'device description' },
  2: { name: 'settings', label: 'settings' },
  3: { name: 'sport', label: 'sport settings' },
  4: { name: 'activity', label: 'activity', imports: 'each session becomes an activity' },
  5: { name: 'workout', label: 'workout (planned)' },
  6: { name: 'course', label: 'course (route)' },
  7: { name: 'schedules', label: 'schedules' },
  9: { name: 'weight', label: 'weight-scale', imports: 'each weigh-in becomes measurements' },
  10: { name: 'totals', label: 'totals' },
  11: { name: 'goals', label: 'goals' },
  14: { name: 'bloodPressure', label: 'blood-pressure', imports: 'each reading becomes measurements' },
  15: { name: 'monitoringA', label: 'monitoring (all-day steps and heart rate)' },
  20: { name: 'activitySummary', label: 'activity summary', imports: 'each session becomes an activity' },
  28: { name: 'monitoringDaily', label: 'daily monitoring' },
  32: { name: 'monitoringB', label: 'monitoring (all-day steps and heart rate)' },
  34: { name: 'segment', label: 'segment' },
  35: { name: 'segmentList', label: 'segment list' },
  40: { name: 'exdConfiguration', label: 'data-screen configuration' },
};

export const FIT_IMPORTED_KINDS = 'FIT activity, weight-scale and blood-pressure files';

/** The entry for a type given as the SDK's name or as the raw number; undefined when unknown. */
export function fitFileType(type: unknown): FitFileType | undefined {
  if (typeof type === 'number') return FIT_FILE_TYPES[type];
  if (typeof type === 'string') return Object.values(FIT_FILE_TYPES).find((t) => t.name === type);
  return undefined;
}

/** "a FIT activity file", "a FIT monitoring (...) file", or "a FIT file" when the type is unknown. */
export function describeFitFile(type: unknown): string {
  const t = fitFileType(type);
  return t ? `a FIT ${t.label} file` : 'a FIT file';
}
