// The benchmark's sizes, from the environment (bench/README.md lists the variables).

export interface BenchOptions {
  smoke: boolean;
  users: number;
  days: number;
  years: number;
  seed: string;
  batchSize: number;
  iterations: number;
  warmup: number;
  markersPerPanel: number;
}

function intFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer >= ${min}, got "${raw}"`);
  return value;
}

/** Sizes from the environment: BENCH_SMOKE, BENCH_USERS, BENCH_YEARS, BENCH_DAYS, BENCH_SEED, BENCH_BATCH, BENCH_ITERATIONS, BENCH_WARMUP. */
export function resolveOptions(env: NodeJS.ProcessEnv = process.env): BenchOptions {
  const smoke = env.BENCH_SMOKE === '1' || env.BENCH_SMOKE === 'true';
  let days: number;
  if (env.BENCH_DAYS) {
    days = intFromEnv(env, 'BENCH_DAYS', 730, 1);
  } else if (env.BENCH_YEARS) {
    const years = Number(env.BENCH_YEARS);
    if (!Number.isFinite(years) || years <= 0 || years > 25) throw new Error(`BENCH_YEARS must be a number in (0, 25], got "${env.BENCH_YEARS}"`);
    days = Math.max(1, Math.round(years * 365));
  } else {
    days = smoke ? 60 : 730;
  }
  if (days > 25 * 365) throw new Error('at most 25 years of data (partitions start in 2000)');
  return {
    smoke,
    users: intFromEnv(env, 'BENCH_USERS', smoke ? 4 : 100, 1),
    days,
    years: Math.round((days / 365) * 100) / 100,
    seed: env.BENCH_SEED || 'vitalis',
    batchSize: intFromEnv(env, 'BENCH_BATCH', 365, 1),
    iterations: intFromEnv(env, 'BENCH_ITERATIONS', smoke ? 20 : 2000, 1),
    warmup: intFromEnv(env, 'BENCH_WARMUP', smoke ? 5 : 200, 0),
    markersPerPanel: intFromEnv(env, 'BENCH_MARKERS_PER_PANEL', 40, 1),
  };
}
