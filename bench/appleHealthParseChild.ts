// Parse-only run of the Apple Health importer in a process of its own, so its peak RSS is not
// mixed with the benchmark's: `node --import tsx --max-old-space-size=N bench/appleHealthParseChild.ts <file>`
// prints one JSON line. A heap cap far below the file size shows that memory does not grow with it.
import { parseAppleHealth } from '../src/importers/appleHealth';

async function main(): Promise<void> {
  const file = process.argv[2];
  if (!file) throw new Error('usage: appleHealthParseChild.ts <export.xml|export.zip>');
  let heap = 0;
  const timer = setInterval(() => (heap = Math.max(heap, process.memoryUsage().heapUsed)), 50);
  const t0 = process.hrtime.bigint();
  const parsed = await parseAppleHealth({ path: file });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  clearInterval(timer);
  heap = Math.max(heap, process.memoryUsage().heapUsed);
  const rows = { daily: parsed.rows.daily.length, sleep: parsed.rows.sleep.length, activities: parsed.counts.activities, measurements: parsed.counts.measurements };
  // resourceUsage().maxRSS is in kilobytes (getrusage ru_maxrss).
  process.stdout.write(`${JSON.stringify({ ms, recordsRead: parsed.recordsRead, rows, maxRssKiB: process.resourceUsage().maxRSS, peakHeapUsedBytes: heap })}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
