// Where the API's time goes under the HTTP phase's load: the API child profiles its serving time
// (bench/apiChild.ts) while the phase drives it, and the profile is summarised by self time per function and per package
// (node internals, PostGraphile/grafast, pg, express, the project's own code, idle).
//   npx tsx bench/profile.ts <database url> [seconds=10] [connections=8, or a list: 1,8] [dashboard|trend|all]
// Writes bench/results/profile-<timestamp>.json (the summary) next to the .cpuprofile itself,
// which Chrome DevTools or speedscope open.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { formatHttpReport } from './http';
import { httpCases, runHttpPhase } from './phases/http';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  totalMs: number;
  byPackage: { name: string; ms: number; pct: number }[];
  topFunctions: { name: string; where: string; ms: number; pct: number }[];
}

function packageOf(url: string, functionName: string): string {
  if (functionName === '(idle)') return '(idle)';
  if (functionName === '(garbage collector)') return '(gc)';
  if (functionName === '(program)') return '(program)';
  if (!url) return '(native)';
  if (url.startsWith('node:')) return 'node';
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1] as string;
  const own = /\/(src|plugins|bench|server\.ts)(\/[^/]+)?/.exec(url);
  return own ? `vitalis:${own[1]}${own[2] ?? ''}` : url;
}

export function summariseProfile(profile: CpuProfile, top = 30): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const packages = new Map<string, number>();
  const functions = new Map<string, { name: string; where: string; us: number }>();
  for (const [id, us] of self) {
    const node = byId.get(id);
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const pkg = packageOf(url, functionName);
    packages.set(pkg, (packages.get(pkg) ?? 0) + us);
    const where = url ? `${url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/main\//, '')}:${lineNumber + 1}` : '';
    const key = `${functionName}@${where}`;
    const f = functions.get(key) ?? { name: functionName || '(anonymous)', where, us: 0 };
    f.us += us;
    functions.set(key, f);
  }
  const pct = (us: number) => Math.round((us / total) * 1000) / 10;
  return {
    totalMs: Math.round(total / 1000),
    byPackage: [...packages].map(([name, us]) => ({ name, ms: Math.round(us / 1000), pct: pct(us) })).sort((a, b) => b.ms - a.ms),
    topFunctions: [...functions.values()].sort((a, b) => b.us - a.us).slice(0, top).map((f) => ({ name: f.name, where: f.where, ms: Math.round(f.us / 1000), pct: pct(f.us) })),
  };
}

export function formatProfile(summary: ProfileSummary): string {
  const busy = summary.byPackage.filter((p) => p.name !== '(idle)');
  return [
    `self time ${summary.totalMs} ms; by package:`,
    ...busy.slice(0, 15).map((p) => `  ${String(p.pct).padStart(5)} %  ${String(p.ms).padStart(7)} ms  ${p.name}`),
    'top functions:',
    ...summary.topFunctions.filter((f) => f.name !== '(idle)').map((f) => `  ${String(f.pct).padStart(5)} %  ${String(f.ms).padStart(7)} ms  ${f.name}  ${f.where}`),
  ].join('\n');
}

async function main(): Promise<void> {
  const [url, seconds = '10', connections = '8', which = 'dashboard'] = process.argv.slice(2);
  if (!url) throw new Error('usage: tsx bench/profile.ts <database url> [seconds] [connections, e.g. 1,8] [dashboard|trend|all]');
  const cases = which === 'all' ? httpCases : httpCases.filter((c) => c.name.startsWith(which === 'trend' ? 'biomarker trend' : 'dashboard'));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitalis-profile-'));
  const log = (m: string) => process.stderr.write(`[profile] ${m}\n`);
  const profileFile = path.join(dir, 'api.cpuprofile');
  const results = await runHttpPhase(url, cases, {
    smoke: false, log, seconds: Number(seconds), connections: connections.split(',').map(Number), cpuProfile: profileFile,
  });
  const summary = summariseProfile(JSON.parse(fs.readFileSync(profileFile, 'utf8')) as CpuProfile);
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
  const out = path.join(__dirname, 'results', `profile-${stamp}.json`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.copyFileSync(profileFile, out.replace(/\.json$/, '.cpuprofile'));
  fs.writeFileSync(out, `${JSON.stringify({ http: results, profile: summary }, null, 2)}\n`);
  for (const r of results) log(`${r.name}, ${r.connections} clients: GraphQL p50 ${r.graphql.p50} ms p99 ${r.graphql.p99} ms ${r.graphql.requestsPerSecond.toFixed(0)} req/s; SQL p50 ${r.sql.p50} p99 ${r.sql.p99} ${r.sql.requestsPerSecond.toFixed(0)} req/s; ratio p50 ${r.ratio.p50.toFixed(2)} p99 ${r.ratio.p99.toFixed(2)} rps ${r.ratio.requestsPerSecond.toFixed(2)}`);
  process.stdout.write(`${formatHttpReport(results)}\n\n${formatProfile(summary)}\n\nResult: ${path.relative(process.cwd(), out)}\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
