import { ACTIVITY_TYPES, GENERIC_ACTIVITY_NAMES, activityTypeOf, knownActivityType, normaliseActivityName } from '../../src/validation/activityTypes';
import { fitActivityType } from '../../src/importers/fit';
import { fitbitActivityType } from '../../src/providers/fitbit/activities';
import { ouraActivityType } from '../../src/providers/oura/workouts';
import { whoopActivityType } from '../../src/providers/whoop/workouts';
import { useTestDatabase } from '../helpers/db';

const db = useTestDatabase();

test('ACTIVITY_TYPES is exactly vitalis.activity_type, in enum order', async () => {
  const { rows } = await db.pool.query<{ values: string[] }>('select enum_range(null::vitalis.activity_type)::text[] as values');
  expect([...ACTIVITY_TYPES]).toEqual(rows[0]!.values);
});

test('names are normalised to snake case from camel, upper snake, spaces, hyphens and slashes', () => {
  expect(normaliseActivityName('strengthTraining')).toBe('strength_training');
  expect(normaliseActivityName('TraditionalStrengthTraining')).toBe('traditional_strength_training');
  expect(normaliseActivityName('HIITWorkout')).toBe('hiit_workout');
  expect(normaliseActivityName('LAP_SWIMMING')).toBe('lap_swimming');
  expect(normaliseActivityName('Outdoor Bike')).toBe('outdoor_bike');
  expect(normaliseActivityName('functional-fitness')).toBe('functional_fitness');
  expect(normaliseActivityName(' Hiking/Rucking ')).toBe('hiking_rucking');
  expect(normaliseActivityName('e-Biking')).toBe('e_biking');
});

test('an enum value maps to itself, a generic synonym to its type, anything else to undefined / other', () => {
  expect(knownActivityType('Table Tennis')).toBe('table_tennis');
  expect(knownActivityType('openWaterSwimming')).toBe('open_water_swimming');
  expect(knownActivityType('ice-skating')).toBe('skating');
  expect(knownActivityType('Stand Up Paddling')).toBe('paddling');
  expect(knownActivityType('football')).toBe('soccer');
  expect(knownActivityType('unicycling')).toBeUndefined();
  expect(activityTypeOf('unicycling')).toBe('other');
  expect(knownActivityType('')).toBeUndefined();
  expect(activityTypeOf('')).toBe('other');
});

test('the caller overrides win over the generic synonyms and over identity, matched after normalisation', () => {
  expect(activityTypeOf('Football', { football: 'american_football' })).toBe('american_football');
  expect(activityTypeOf('kick-boxing', { kick_boxing: 'martial_arts' })).toBe('martial_arts');
  expect(activityTypeOf('dance', { dance: 'other' })).toBe('other');
  // An override to 'other' is a known name: the caller need not warn about it.
  expect(knownActivityType('activity', { activity: 'other' })).toBe('other');
  // Overrides apply only to the call that passes them.
  expect(activityTypeOf('Football')).toBe('soccer');
});

test('inherited object keys are not names', () => {
  for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
    expect(knownActivityType(name)).toBeUndefined();
    expect(knownActivityType(name, { other: 'other' })).toBeUndefined();
  }
});

test('every generic synonym is reachable (already normalised) and is not itself an enum value', () => {
  for (const [name, type] of Object.entries(GENERIC_ACTIVITY_NAMES)) {
    expect([name, normaliseActivityName(name)]).toEqual([name, name]);
    expect([name, (ACTIVITY_TYPES as readonly string[]).includes(name)]).toEqual([name, false]);
    expect([name, knownActivityType(name)]).toEqual([name, type]);
  }
});

test('each source keeps its own reading of a shared name, and FIT sub-sports that name a sport win', () => {
  expect([whoopActivityType('football'), fitbitActivityType('Football'), ouraActivityType('football')]).toEqual(['american_football', 'american_football', 'soccer']);
  expect([fitbitActivityType('Kickboxing'), whoopActivityType('kickboxing')]).toEqual(['martial_arts', 'boxing']);
  expect(fitActivityType('racket', 'pickleball')).toBe('pickleball');
  expect(fitActivityType('multisport', 'triathlon')).toBe('triathlon');
  expect(fitActivityType('cycling', 'treadmill')).toBe('cycling');
  expect(fitActivityType('stand_up_paddleboarding', 'generic')).toBe('paddling');
});
