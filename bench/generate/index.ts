// Realistic, deterministic benchmark data: users with several wearables each (daily summaries,
// sleep, activities) and blood panels every few months. Every user draws from its own seeded
// stream (seed/kind/index), so user i's data does not depend on how many users are generated,
// and the smoke run's users are a prefix of the full run's.

export { ACTIVITY_COLUMNS, DAILY_COLUMNS, SLEEP_COLUMNS } from './rows';
export type { ActivitySource, DailySource, Json, Row, SleepSource, Sport, WearableData } from './rows';
export { dayToIso, isoToDay } from './time';
export { generateUsers, type BenchUser, type UserTraits } from './users';
export { generateWearables } from './wearables';
export { generateBloodwork, type Bloodwork, type MarkerDefinition } from './bloodwork';
export { FALLBACK_MARKERS } from './fallbackMarkers';
