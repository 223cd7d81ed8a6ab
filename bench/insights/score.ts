// Scores one user's findings against what was planted. A correlation finding is a true discovery
// when an effect was planted between its two metrics (either order), else a false one; a planted
// effect is recalled when its pair is found, and its lag is right when the finding reports the
// planted lag with the driver leading (at lag 0, either order). A before/after finding is true
// when that intervention shifted that metric; recalled with the right sign when the difference
// has the planted sign.
import type { AnalysisResult } from '../../src/insights/analyse';
import type { SyntheticUser } from './syntheticUser';

export interface UserScore {
  correlations: { discoveries: number; falseDiscoveries: number; planted: number; found: number; lagRight: number };
  interventions: { discoveries: number; falseDiscoveries: number; planted: number; found: number; signRight: number };
  testsRun: number;
}

export function scoreUser(user: SyntheticUser, result: AnalysisResult): UserScore {
  const pairOf = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);
  const planted = new Map(user.planted.map((p) => [pairOf(p.driver, p.follower), p]));
  let falseCorrelations = 0;
  let found = 0;
  let lagRight = 0;
  for (const f of result.correlations) {
    const truth = planted.get(pairOf(f.metricA, f.metricB));
    if (!truth) {
      falseCorrelations++;
      continue;
    }
    found++;
    if (f.lagDays === truth.lag && (truth.lag === 0 || f.metricA === truth.driver)) lagRight++;
  }
  const shifts = new Map(user.shifts.map((s) => [`${s.intervention}|${s.metric}`, s]));
  let falseInterventions = 0;
  let shiftsFound = 0;
  let signRight = 0;
  for (const f of result.interventions) {
    const truth = shifts.get(`${f.intervention}|${f.metric}`);
    if (!truth) {
      falseInterventions++;
      continue;
    }
    shiftsFound++;
    if (Math.sign(f.difference) === truth.sign) signRight++;
  }
  return {
    correlations: { discoveries: result.correlations.length, falseDiscoveries: falseCorrelations, planted: planted.size, found, lagRight },
    interventions: { discoveries: result.interventions.length, falseDiscoveries: falseInterventions, planted: shifts.size, found: shiftsFound, signRight },
    testsRun: result.testsRun,
  };
}
