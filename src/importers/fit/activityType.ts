// FIT sport / sub_sport to the shared activity vocabulary (src/validation/activityTypes.ts).
import { type ActivityType, activityTypeOf, knownActivityType } from '../../validation/activityTypes';
import { snakeCase } from './values';

/**
 * FIT names (snake_case, as the FIT profile spells them) that the shared vocabulary does not
 * cover. Sub-sport wins over sport; "treadmill" and "trail" are only running sub-sports when the
 * sport is running (or generic), so they fall back to the sport otherwise.
 */
const SUB_SPORTS: Record<string, ActivityType> = {
  treadmill: 'treadmill_running',
  trail: 'trail_running',
  virtual_activity: 'indoor_cycling',
  mountain: 'mountain_biking',
  downhill: 'mountain_biking',
  open_water: 'open_water_swimming',
  cardio_training: 'functional_training',
  breathing: 'breathwork',
};
const SPORTS: Record<string, ActivityType> = {
  training: 'strength_training',
  fitness_equipment: 'functional_training',
};
const RUNNING_ONLY = new Set<ActivityType>(['treadmill_running', 'trail_running']);

/** Accepts the profile's snake_case names and the SDK's camelCase ones ("indoorCycling"). */
export function fitActivityType(sport: unknown, subSport: unknown): ActivityType {
  const s = typeof sport === 'string' ? snakeCase(sport) : undefined;
  const sub = typeof subSport === 'string' ? snakeCase(subSport) : undefined;
  const fromSport = s ? activityTypeOf(s, SPORTS) : 'other';
  const fromSub = sub ? knownActivityType(sub, SUB_SPORTS) : undefined;
  if (!fromSub || fromSub === 'other') return fromSport;
  if (RUNNING_ONLY.has(fromSub) && s !== 'running' && s !== 'generic') return fromSport;
  return fromSub;
}
