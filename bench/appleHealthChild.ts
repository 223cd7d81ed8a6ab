// The Apple Health importer in a process of its own, so its peak RSS is not mixed with the
// benchmark's: `node --import tsx --max-old-space-size=N bench/appleHealthChild.ts <file> [<database url> <user id>]`
// parses only (no database) or, with a database, runs the full import as that user; it prints one
// JSON line. A heap cap far below the file size shows that memory does not grow with it.
import { Pool } from 'pg';
import { importAppleHealth, parseAppleHealth } from '../src/importers/appleHealth';

async function run(file: string, url?: string, userId?: string) {
  if (!url || !userId) {
    const parsed = await parseAppleHealth({ path: file });
    return { recordsRead: parsed.recordsRead, rows: { daily: parsed.rows.daily.length, sleep: parsed.rows.sleep.length, activities: parsed.counts.activities, measurements: parsed.counts.measurements } };
  }
  const pool = new Pool({ connectionString: url, max: 2, application_name: 'vitalis-bench-apple' });
  try {
    const s = await importAppleHealth(pool, { userId, path: file });
    return { recordsRead: s.recordsRead, rows: { daily: s.daily.inserted, sleep: s.sleep.inserted, activities: s.activities.inserted, measurements: s.measurements.inserted }, summary: { ...s, warnings: undefined } };
  } finally {
    await pool.end();
  }
}

async function main(): Promise<void> {
  const [file, url, userId] = process.argv.slice(2);
  if (!file) throw new Error('usage: appleHealthChild.ts <export.xml|export.zip> [<database url> <user id>]');
  let heap = 0;
  const timer = setInterval(() => (heap = Math.max(heap, process.memoryUsage().heapUsed)), 50);
  const t0 = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  const result = await run(file, url, userId);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const cpu = process.cpuUsage(cpu0);
  clearInterval(timer);
  heap = Math.max(heap, process.memoryUsage().heapUsed);
  // resourceUsage().maxRSS is in kilobytes (getrusage ru_maxrss).
  process.stdout.write(`${JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, ...result, maxRssKiB: process.resourceUsage().maxRSS, peakHeapUsedBytes: heap })}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
