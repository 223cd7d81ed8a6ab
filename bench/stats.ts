// Latency summaries. Durations are measured with process.hrtime.bigint() (nanoseconds).

export interface LatencySummary {
  n: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  meanMs: number;
  minMs: number;
  maxMs: number;
}

export function elapsedMs(start: bigint, end: bigint = process.hrtime.bigint()): number {
  return Number(end - start) / 1e6;
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1] as number;
}

function r3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

export function summarize(samplesMs: readonly number[]): LatencySummary {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const n = sorted.length;
  const mean = n === 0 ? Number.NaN : sorted.reduce((a, b) => a + b, 0) / n;
  return {
    n,
    p50Ms: r3(percentile(sorted, 0.5)),
    p95Ms: r3(percentile(sorted, 0.95)),
    p99Ms: r3(percentile(sorted, 0.99)),
    meanMs: r3(mean),
    minMs: r3(sorted[0] ?? Number.NaN),
    maxMs: r3(sorted[n - 1] ?? Number.NaN),
  };
}

export function perSecond(count: number, ms: number): number {
  return ms > 0 ? Math.round((count * 1000) / ms) : 0;
}
