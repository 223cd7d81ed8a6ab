// The proof that the insights statistics are honest (issue 14, item 3): many synthetic users
// (bench/insights/syntheticUser.ts) analysed by the real analyse(), their findings scored against
// what was planted. Reports, over all users, the false discovery proportion (false findings over
// all findings, per user and averaged: the quantity Benjamini-Hochberg bounds in expectation; and
// pooled), the recall of planted effects and how often the planted lag was found, and the same for
// before/after comparisons. Deterministic: the seed fixes every user.
import { analyse, type AnalysisOptions, type AnalysisTuning } from '../../src/insights/analyse';
import { Random } from '../random';
import { scoreUser, type UserScore } from './score';
import { DEFAULT_USER_OPTIONS, syntheticUser, type SyntheticUserOptions } from './syntheticUser';

export interface SimulationOptions {
  users: number;
  days: number;
  seed: string;
  user?: Partial<Omit<SyntheticUserOptions, 'days'>>;
  analysis?: Partial<AnalysisOptions>;
  tuning?: Partial<AnalysisTuning>;
}

export interface RateSummary {
  discoveries: number;
  falseDiscoveries: number;
  /** Mean over users of false / all findings (0 for a user with none). */
  fdpMean: number;
  /** All users' false findings over all their findings. */
  fdpPooled: number;
  planted: number;
  found: number;
  recall: number;
}

export interface SimulationSummary {
  users: number;
  days: number;
  seed: string;
  testsRunMean: number;
  correlations: RateSummary & { lagRight: number; lagRightShare: number };
  interventions: RateSummary & { signRight: number };
  ms: number;
}

export const SIMULATION_ANALYSIS: AnalysisOptions = { minPairedDays: 30, maxLag: 3, fdr: 0.05, interventionWindowDays: 28, minInterventionDays: 14 };

function rates(scores: readonly { discoveries: number; falseDiscoveries: number; planted: number; found: number }[]): RateSummary {
  const sum = (f: (s: (typeof scores)[number]) => number) => scores.reduce((total, s) => total + f(s), 0);
  const discoveries = sum((s) => s.discoveries);
  const falseDiscoveries = sum((s) => s.falseDiscoveries);
  const planted = sum((s) => s.planted);
  const found = sum((s) => s.found);
  return {
    discoveries,
    falseDiscoveries,
    fdpMean: scores.length ? sum((s) => (s.discoveries ? s.falseDiscoveries / s.discoveries : 0)) / scores.length : 0,
    fdpPooled: discoveries ? falseDiscoveries / discoveries : 0,
    planted,
    found,
    recall: planted ? found / planted : 0,
  };
}

export function runSimulation(options: SimulationOptions): SimulationSummary {
  const t0 = Date.now();
  const analysis = { ...SIMULATION_ANALYSIS, ...options.analysis };
  const userOptions: SyntheticUserOptions = { ...DEFAULT_USER_OPTIONS, interventionWindowDays: analysis.interventionWindowDays, maxLag: analysis.maxLag, ...options.user, days: options.days };
  const scores: UserScore[] = [];
  for (let u = 0; u < options.users; u++) {
    // Each user has its own stream: adding users never changes the earlier ones.
    const user = syntheticUser(new Random(`${options.seed}/${u}`), userOptions);
    scores.push(scoreUser(user, analyse(user.series, user.interventions, analysis, options.tuning)));
  }
  const correlations = rates(scores.map((s) => s.correlations));
  const lagRight = scores.reduce((t, s) => t + s.correlations.lagRight, 0);
  return {
    users: options.users,
    days: options.days,
    seed: options.seed,
    testsRunMean: scores.reduce((t, s) => t + s.testsRun, 0) / Math.max(1, scores.length),
    correlations: { ...correlations, lagRight, lagRightShare: correlations.found ? lagRight / correlations.found : 0 },
    interventions: { ...rates(scores.map((s) => s.interventions)), signRight: scores.reduce((t, s) => t + s.interventions.signRight, 0) },
    ms: Date.now() - t0,
  };
}
