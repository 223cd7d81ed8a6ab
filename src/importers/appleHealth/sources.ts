import { detach } from './strings';

// Apple Health merges several writers (the Watch, the iPhone, third-party apps) into one export.
// Vitalis stores one apple_health row per day and per night, so devices are ranked: the Watch
// first (it is what the Health app itself prefers when de-duplicating steps and distance), then
// the iPhone, then anything else; ties go to the source name so the choice is deterministic.

export type SourceRank = 0 | 1 | 2;

export function rankOf(sourceName: string, device: string | undefined): SourceRank {
  if (/watch/i.test(sourceName) || (device !== undefined && /model:Watch/i.test(device))) return 0;
  if (/iphone/i.test(sourceName) || (device !== undefined && /model:iPhone/i.test(device))) return 1;
  return 2;
}

/** Remembers each source's best rank (a source's records may not all carry a device). */
export class SourceRanks {
  private readonly ranks = new Map<string, SourceRank>();
  /** The last source noted with the best rank, which nothing can change (most records' source). */
  private best = '';

  note(sourceName: string, device: string | undefined): void {
    if (sourceName === this.best) return;
    const known = this.ranks.get(sourceName);
    if (known === 0) {
      // Not detached: one element's string, replaced by the next.
      this.best = sourceName;
      return;
    }
    const rank = rankOf(sourceName, device);
    if (known === undefined) this.ranks.set(detach(sourceName), rank);
    else if (rank < known) this.ranks.set(sourceName, rank);
  }

  rank(sourceName: string): SourceRank {
    return this.ranks.get(sourceName) ?? 2;
  }

  /** Orders source names best first. */
  compare = (a: string, b: string): number => this.rank(a) - this.rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}
