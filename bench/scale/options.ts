// BENCH_SCALE mode's sizes, from the environment (bench/README.md, "At scale").

export interface ScaleOptions {
  /** Levels measured, smallest first: each a kept data set of that many users. */
  levels: number[];
  days: number;
  seed: string;
  /** Users generated and written per load transaction. */
  chunkUsers: number;
  /** Load transactions running at once. */
  jobs: number;
  /** New users ingested at each level (upserts vs COPY into the loaded tables), removed afterwards. */
  arrivals: number;
  iterations: number;
  warmup: number;
  http: boolean;
  httpSeconds: number;
  markersPerPanel: number;
  /** Refuse a run whose data sets would not fit on the server's disk (BENCH_SCALE_DISK_CHECK=0: load anyway). */
  diskCheck: boolean;
}

function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 1): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name}: must be an integer >= ${min}, got "${raw}"`);
  return value;
}

export function scaleEnabled(env: NodeJS.ProcessEnv): boolean {
  return env.BENCH_SCALE === '1' || env.BENCH_SCALE === 'true';
}

export function resolveScaleOptions(env: NodeJS.ProcessEnv = process.env): ScaleOptions {
  const levels = (env.BENCH_SCALE_USERS ?? '1000,10000').split(',').map((v) => v.trim()).filter(Boolean).map((v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new Error(`BENCH_SCALE_USERS: must be a comma-separated list of user counts, got "${env.BENCH_SCALE_USERS}"`);
    return n;
  });
  if (levels.length === 0) throw new Error('BENCH_SCALE_USERS: must name at least one level');
  levels.sort((a, b) => a - b);
  const years = env.BENCH_SCALE_YEARS === undefined || env.BENCH_SCALE_YEARS === '' ? 5 : Number(env.BENCH_SCALE_YEARS);
  if (!Number.isFinite(years) || years <= 0 || years > 20) throw new Error(`BENCH_SCALE_YEARS: must be a number in (0, 20], got "${env.BENCH_SCALE_YEARS}"`);
  return {
    levels,
    days: Math.max(1, Math.round(years * 365)),
    seed: env.BENCH_SEED || 'vitalis',
    chunkUsers: positiveInt(env, 'BENCH_SCALE_CHUNK', 20),
    jobs: positiveInt(env, 'BENCH_SCALE_JOBS', 2),
    arrivals: positiveInt(env, 'BENCH_SCALE_ARRIVALS', 40, 2),
    iterations: positiveInt(env, 'BENCH_ITERATIONS', 1000),
    warmup: positiveInt(env, 'BENCH_WARMUP', 100, 0),
    http: env.BENCH_HTTP !== '0',
    httpSeconds: positiveInt(env, 'BENCH_SCALE_HTTP_SECONDS', 10),
    markersPerPanel: positiveInt(env, 'BENCH_MARKERS_PER_PANEL', 40),
    diskCheck: env.BENCH_SCALE_DISK_CHECK !== '0',
  };
}
