// One normaliser from a source's sport / workout name to vitalis.activity_type, so each importer
// and provider lists only the names that are its own (HK enum names, FIT sub_sports, WHOOP's
// sport list) instead of repeating the generic vocabulary. Vendor prefixes such as
// "HKWorkoutActivityType" are the caller's to strip: only the caller knows what its names carry.

/** The values of the vitalis.activity_type enum, in enum order (test/validation proves it). */
export const ACTIVITY_TYPES = [
  'running', 'trail_running', 'treadmill_running', 'walking', 'hiking',
  'cycling', 'indoor_cycling', 'mountain_biking', 'swimming', 'open_water_swimming',
  'rowing', 'indoor_rowing', 'elliptical', 'stair_climbing', 'strength_training',
  'functional_training', 'hiit', 'crossfit', 'yoga', 'pilates',
  'stretching', 'mobility', 'martial_arts', 'boxing', 'dance',
  'climbing', 'skiing', 'snowboarding', 'cross_country_skiing', 'skating',
  'surfing', 'paddling', 'kayaking', 'tennis', 'padel',
  'pickleball', 'squash', 'badminton', 'table_tennis', 'golf',
  'soccer', 'basketball', 'volleyball', 'baseball', 'hockey',
  'rugby', 'american_football', 'cricket', 'triathlon', 'multisport',
  'meditation', 'breathwork', 'sauna', 'cold_plunge', 'other',
] as const;

export type ActivityType = (typeof ACTIVITY_TYPES)[number];

const ENUM = new Set<string>(ACTIVITY_TYPES);

/**
 * Synonyms that mean the same thing whichever source says them. A name one source uses in its
 * own sense (WHOOP's "football" is American football, Fitbit's "kickboxing" martial arts) is
 * that source's override, not an entry here.
 */
export const GENERIC_ACTIVITY_NAMES: Readonly<Record<string, ActivityType>> = {
  run: 'running',
  walk: 'walking',
  hike: 'hiking',
  mountaineering: 'hiking',
  bike: 'cycling',
  biking: 'cycling',
  e_biking: 'cycling',
  hand_cycling: 'cycling',
  spin: 'indoor_cycling',
  spinning: 'indoor_cycling',
  swim: 'swimming',
  lap_swimming: 'swimming',
  pool_swimming: 'swimming',
  weights: 'strength_training',
  weightlifting: 'strength_training',
  weight_lifting: 'strength_training',
  weight_training: 'strength_training',
  powerlifting: 'strength_training',
  cross_training: 'functional_training',
  high_intensity_interval_training: 'hiit',
  hot_yoga: 'yoga',
  barre: 'pilates',
  mixed_martial_arts: 'martial_arts',
  jiu_jitsu: 'martial_arts',
  wrestling: 'martial_arts',
  tai_chi: 'martial_arts',
  kickboxing: 'boxing',
  dancing: 'dance',
  rock_climbing: 'climbing',
  indoor_climbing: 'climbing',
  bouldering: 'climbing',
  alpine_skiing: 'skiing',
  downhill_skiing: 'skiing',
  ice_skating: 'skating',
  inline_skating: 'skating',
  paddleboarding: 'paddling',
  stand_up_paddling: 'paddling',
  stand_up_paddleboarding: 'paddling',
  football: 'soccer',
  softball: 'baseball',
  ice_hockey: 'hockey',
  field_hockey: 'hockey',
  duathlon: 'multisport',
  ice_bath: 'cold_plunge',
};

/** "strengthTraining", "Hiking/Rucking", "Outdoor Bike", "LAP_SWIMMING" -> strength_training, hiking_rucking, outdoor_bike, lap_swimming. */
export function normaliseActivityName(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/**
 * The activity_type for a source's name, or undefined when nothing knows it (callers warn then).
 * Order: the caller's overrides (keyed by normalised name), the generic synonyms, then the
 * name itself when it already is an enum value.
 */
export function knownActivityType(name: string, overrides: Readonly<Record<string, ActivityType>> = {}): ActivityType | undefined {
  const key = normaliseActivityName(name);
  if (Object.hasOwn(overrides, key)) return overrides[key];
  if (Object.hasOwn(GENERIC_ACTIVITY_NAMES, key)) return GENERIC_ACTIVITY_NAMES[key];
  return ENUM.has(key) ? (key as ActivityType) : undefined;
}

/** As knownActivityType, with 'other' for a name nothing knows. */
export function activityTypeOf(name: string, overrides?: Readonly<Record<string, ActivityType>>): ActivityType {
  return knownActivityType(name, overrides) ?? 'other';
}
