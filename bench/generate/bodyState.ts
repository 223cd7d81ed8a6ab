// The body's state per day (resting heart rate, HRV, steps, breathing, skin temperature, illness),
// shared by every device that measures it.

import { clamp, Random } from '../random';
import type { DayActivityLoad } from './activities';
import { isWeekend } from './time';
import type { UserTraits } from './users';

export interface DayState {
  restingHr: number;
  hrv: number;
  steps: number;
  respiratoryRate: number;
  skinTemp: number;
  illness: boolean;
}

export function bodyStates(rng: Random, t: UserTraits, load: Map<number, DayActivityLoad>, startDay: number, days: number): DayState[] {
  const states: DayState[] = [];
  const seasonPhase = rng.uniform(0, 2 * Math.PI);
  let illnessLeft = 0;
  let fitnessWalk = 0;
  for (let i = 0; i < days; i++) {
    const day = startDay + i;
    if (illnessLeft === 0 && rng.chance(0.004)) illnessLeft = rng.int(3, 7);
    const ill = illnessLeft > 0;
    if (ill) illnessLeft--;
    fitnessWalk = clamp(fitnessWalk + rng.normal(0, 0.15), -3, 3);
    const season = 1 + 0.12 * Math.sin((2 * Math.PI * day) / 365.25 + seasonPhase);
    const weekendFactor = isWeekend(day) ? t.weekendStepsFactor : 1;
    const baseSteps = rng.gamma(5, (t.stepsMean * 0.8 * weekendFactor * season * (ill ? 0.55 : 1)) / 5);
    states.push({
      restingHr: t.restingHr + fitnessWalk + rng.normal(0, 1.8) + (ill ? rng.uniform(4, 9) : 0),
      hrv: clamp(t.hrvMedian * Math.exp(rng.normal(0, 0.22) - fitnessWalk * 0.03) * (ill ? 0.7 : 1), 5, 250),
      steps: baseSteps + (load.get(day)?.steps ?? 0),
      respiratoryRate: t.respiratoryRate + rng.normal(0, 0.4) + (ill ? 1.5 : 0),
      skinTemp: rng.normal(0, 0.18) + (ill ? rng.uniform(0.4, 1.2) : 0),
      illness: ill,
    });
  }
  return states;
}
