// One user's wearable data: activities first, then the body's daily state, then what each device
// reported of it. One seeded stream (seed/wearables/index), drawn in this order.

import { Random } from '../random';
import { generateActivities } from './activities';
import { bodyStates } from './bodyState';
import { dailyRows } from './daily';
import type { WearableData } from './rows';
import { sleepRows } from './sleep';
import { isoToDay } from './time';
import type { BenchUser } from './users';

export function generateWearables(user: BenchUser, options: { seed: string; startDate: string; endDate: string }): WearableData {
  const rng = new Random(`${options.seed}/wearables/${user.index}`);
  const startDay = isoToDay(options.startDate);
  const endDay = isoToDay(options.endDate);
  const days = endDay - startDay + 1;

  const { rows: activities, load } = generateActivities(rng, user, startDay, endDay);
  const states = bodyStates(rng, user.traits, load, startDay, days);
  const daily = dailyRows(rng, user, states, load, startDay, days);
  const sleep = sleepRows(rng, user, states, startDay, days);
  return { daily, sleep, activities };
}
