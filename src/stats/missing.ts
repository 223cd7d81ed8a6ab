// A missing value is NaN. Tested as the only value unequal to itself rather than with
// Number.isNaN: under jest's vm context the built-ins (Number.isNaN, Math.*) are not inlined and
// cost ~100x more in the per-day loops, which made the simulation test take a minute.
export function isMissing(value: number): boolean {
  return value !== value;
}
