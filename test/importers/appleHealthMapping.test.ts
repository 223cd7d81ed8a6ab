import { mergeHourly, addHourly } from '../../src/importers/appleHealth/hourly';
import { rankOf } from '../../src/importers/appleHealth/sources';
import { localDateAt, parseAppleTime } from '../../src/importers/appleHealth/time';
import { fractionToPct, toCelsius, toKcal, toMetres } from '../../src/importers/appleHealth/units';
import { appleActivityType } from '../../src/importers/appleHealth/workouts';

test('Apple dates: the local date is the one written, the instant applies the offset', () => {
  expect(parseAppleTime('2024-01-02 07:10:00 +0100')).toEqual({ ms: Date.parse('2024-01-02T06:10:00Z'), localDate: '2024-01-02', offsetMin: 60, localHour: 7 });
  // West of UTC late in the evening: still the 1st locally, already the 2nd in UTC.
  expect(parseAppleTime('2024-01-01 22:30:00 -0500')).toMatchObject({ ms: Date.parse('2024-01-02T03:30:00Z'), localDate: '2024-01-01', offsetMin: -300 });
  expect(parseAppleTime('2024-03-31 03:20:00 +0530')?.offsetMin).toBe(330);
  expect(parseAppleTime('2024-01-02T07:10:00Z')).toBeUndefined();
  expect(parseAppleTime(undefined)).toBeUndefined();
  expect(localDateAt(Date.parse('2024-03-30T23:30:00Z'), 120)).toBe('2024-03-31');
});

test('units', () => {
  expect(toMetres(1, 'mi')).toBeCloseTo(1609.344);
  expect(toMetres(2, 'km')).toBe(2000);
  expect(toMetres(2, 'furlong')).toBeUndefined();
  expect(toKcal(4.184, 'kJ')).toBeCloseTo(1);
  expect(toKcal(100, 'Cal')).toBe(100);
  expect(fractionToPct(0.97, '%')).toBeCloseTo(97);
  expect(toCelsius(98.6, 'degF')).toBeCloseTo(37);
});

test('workout types: the enum value, indoor and open-water variants, unknown to other', () => {
  expect(appleActivityType('HKWorkoutActivityTypeRunning')).toBe('running');
  expect(appleActivityType('HKWorkoutActivityTypeRunning', [{ key: 'HKIndoorWorkout', value: '1' }])).toBe('treadmill_running');
  expect(appleActivityType('HKWorkoutActivityTypeSwimming', [{ key: 'HKSwimmingLocationType', value: '2' }])).toBe('open_water_swimming');
  expect(appleActivityType('HKWorkoutActivityTypeTraditionalStrengthTraining')).toBe('strength_training');
  expect(appleActivityType('HKWorkoutActivityTypeHighIntensityIntervalTraining')).toBe('hiit');
  expect(appleActivityType('HKWorkoutActivityTypeUnderwaterDiving')).toBe('other');
  expect(appleActivityType(undefined)).toBe('other');
});

test('source ranking: Watch, then iPhone, then apps', () => {
  expect(rankOf('Jane’s Apple Watch', undefined)).toBe(0);
  expect(rankOf('Series 9', '<<HKDevice: 0x1>, name:Apple Watch, manufacturer:Apple Inc., model:Watch, hardware:Watch7,1>')).toBe(0);
  expect(rankOf('Jane’s iPhone', undefined)).toBe(1);
  expect(rankOf('Withings', undefined)).toBe(2);
});

test('hourly merge takes each hour from the best source that has it', () => {
  let watch = addHourly(undefined, 9, 1000);
  watch = addHourly(watch, 10, 500);
  let phone = addHourly(undefined, 9, 1200);
  phone = addHourly(phone, 14, 300);
  expect(mergeHourly([['watch', watch], ['phone', phone]])).toEqual({ total: 1800, used: ['watch', 'phone'] });
  expect(mergeHourly([['watch', undefined], ['phone', phone]])).toEqual({ total: 1500, used: ['phone'] });
  expect(mergeHourly([['watch', undefined]])).toBeUndefined();
});
