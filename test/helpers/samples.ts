import fs from 'node:fs';
import path from 'node:path';

// ../shared/samples holds real files written by others. Tests that check against them run when
// the folder is there (it is beside every checkout and CI clone) and are skipped otherwise.
export const SAMPLES = path.resolve(__dirname, '..', '..', '..', 'shared', 'samples');
export const haveSamples = fs.existsSync(SAMPLES);
/** describe, or describe.skip with the reason in its name where the samples are not beside this checkout. */
export function describeWithSamples(name: string, fn: () => void): void {
  if (haveSamples) describe(name, fn);
  else describe.skip(`${name} (skipped: ${SAMPLES} is not there)`, fn);
}

export function sample(...parts: string[]): string {
  return fs.readFileSync(path.join(SAMPLES, ...parts), 'utf8');
}

/** A tiny CSV/TSV reader for the sample tables (quoted fields without embedded newlines). */
export function readTable(text: string, separator: string): Record<string, string>[] {
  const split = (line: string) => {
    const out: string[] = [];
    let cur = '';
    let quoted = false;
    for (const ch of line) {
      if (ch === '"') quoted = !quoted;
      else if (ch === separator && !quoted) {
        out.push(cur);
        cur = '';
      } else cur += ch;
    }
    out.push(cur);
    return out;
  };
  const [header, ...lines] = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const cols = split(header!);
  return lines.map((l) => Object.fromEntries(split(l).map((v, i) => [cols[i], v])));
}
