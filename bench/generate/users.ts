// Users with several wearables each and the traits their data is drawn from. Every user draws from
// its own seeded stream (seed/user/index), so user i does not depend on how many users are generated.

import { clamp, Random } from '../random';
import type { ActivitySource, DailySource, SleepSource, Sport } from './rows';
import { dayToIso, isoToDay } from './time';

export interface UserTraits {
  age: number;
  restingHr: number;
  hrvMedian: number;
  stepsMean: number;
  weekendStepsFactor: number;
  sleepHours: number;
  bedtimeHour: number;
  activitiesPerWeek: number;
  sport: Sport;
  runPaceSecPerKm: number;
  cyclingSpeedKmh: number;
  hasPowerMeter: boolean;
  weightKg: number;
  maxHr: number;
  vo2max: number;
  spo2: number;
  respiratoryRate: number;
  floorsMean: number;
}

export interface BenchUser {
  index: number;
  userId: string;
  accountId: string;
  email: string;
  displayName: string;
  sex: 'male' | 'female';
  dateOfBirth: string;
  dailySources: DailySource[];
  sleepSources: SleepSource[];
  activitySource: ActivitySource;
  traits: UserTraits;
}

const FIRST_NAMES = ['Alex', 'Sam', 'Jordan', 'Taylor', 'Morgan', 'Casey', 'Riley', 'Jamie', 'Avery', 'Quinn', 'Robin', 'Kim', 'Noa', 'Luca', 'Mira', 'Ines'];
const LAST_NAMES = ['Berg', 'Novak', 'Silva', 'Okafor', 'Tanaka', 'Müller', 'Haddad', 'Larsen', 'Costa', 'Kowalski', 'Nguyen', 'Rossi'];

/** Users `from` (default 0) to `from + users - 1`: a later range extends an earlier one unchanged. */
export function generateUsers(options: { seed: string; users: number; endDate: string; from?: number }): BenchUser[] {
  const endDay = isoToDay(options.endDate);
  const users: BenchUser[] = [];
  const from = options.from ?? 0;
  for (let index = from; index < from + options.users; index++) {
    const rng = new Random(`${options.seed}/user/${index}`);
    const sex = rng.chance(0.5) ? 'male' : 'female';
    const age = rng.int(24, 68);
    const dateOfBirth = dayToIso(endDay - Math.round(age * 365.25) - rng.int(0, 364));

    const dailySources: DailySource[] = [];
    if (rng.chance(0.6)) dailySources.push('garmin');
    if (rng.chance(0.5)) dailySources.push('oura');
    if (rng.chance(0.8)) dailySources.push('apple_health');
    // Several sources per user: at least two.
    for (const fill of ['apple_health', 'garmin', 'oura'] as const) {
      if (dailySources.length >= 2) break;
      if (!dailySources.includes(fill)) dailySources.push(fill);
    }
    const sleepSources: SleepSource[] = [];
    if (dailySources.includes('oura')) sleepSources.push('oura');
    if (rng.chance(0.3)) sleepSources.push('whoop');
    if (dailySources.includes('garmin') && rng.chance(0.6)) sleepSources.push('garmin');
    if (sleepSources.length === 0) sleepSources.push(dailySources.includes('garmin') ? 'garmin' : 'whoop');
    // WHOOP reports a daily recovery summary as well as sleep.
    if (sleepSources.includes('whoop')) dailySources.push('whoop');

    const sport = rng.weighted<Sport>([['runner', 0.35], ['cyclist', 0.2], ['lifter', 0.2], ['mixed', 0.25]]);
    const male = sex === 'male';
    const traits: UserTraits = {
      age,
      restingHr: clamp(rng.normal(58, 7) + (male ? 0 : 2), 40, 85),
      hrvMedian: clamp(rng.lognormal(Math.log(45) - (age - 40) * 0.012, 0.35), 12, 160),
      stepsMean: clamp(rng.lognormal(Math.log(8000), 0.35), 2500, 20000),
      weekendStepsFactor: rng.uniform(0.75, 1.25),
      sleepHours: clamp(rng.normal(7.3, 0.45), 6.3, 8.5),
      bedtimeHour: clamp(rng.normal(23, 0.7), 21.5, 25),
      activitiesPerWeek: clamp(rng.normal(4, 1.2), 1.5, 7),
      sport,
      runPaceSecPerKm: clamp(rng.normal(sport === 'runner' ? 320 : 360, 40), 220, 480),
      cyclingSpeedKmh: clamp(rng.normal(sport === 'cyclist' ? 27 : 22, 3), 15, 36),
      hasPowerMeter: sport === 'cyclist' && rng.chance(0.7),
      weightKg: clamp(male ? rng.normal(80, 11) : rng.normal(66, 10), 45, 130),
      maxHr: Math.round(clamp(208 - 0.7 * age + rng.normal(0, 6), 150, 205)),
      vo2max: clamp(rng.normal(45 - (age - 40) * 0.3 + (male ? 4 : 0), 6), 25, 70),
      spo2: clamp(rng.normal(96.8, 0.8), 95, 98.5),
      respiratoryRate: clamp(rng.normal(14.5, 1.5), 10, 20),
      floorsMean: clamp(rng.lognormal(Math.log(8), 0.5), 1, 40),
    };
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    users.push({
      index,
      userId: rng.uuid(),
      accountId: rng.uuid(),
      email: `bench-${options.seed.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${index}@example.com`,
      displayName: `${first} ${last}`,
      sex,
      dateOfBirth,
      dailySources,
      sleepSources,
      activitySource: dailySources.includes('garmin') ? 'garmin' : 'strava',
      traits,
    });
  }
  return users;
}
