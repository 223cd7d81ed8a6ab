// How a Withings measure group was attributed to the user (getmeas measuregrps[].attrib), and what
// Vitalis keeps of it. Withings documents (measuregrp object, API reference):
//   0  captured by a device, known to belong to this user
//   1  captured by a device, may belong to other users as well as this one (it is ambiguous)
//   2  entered manually for this user
//   4  entered manually during user creation (and may not be accurate)
//   5  measure auto, Blood Pressure Monitor only (the best of several readings)
//   7  measure confirmed (the user confirmed a detected activity)
//   8  same as 0
//   15 performed in specific guided conditions (Nerve Health Score)
// Kept: 0, 2, 5, 7, 8, 15, and a group without attrib (older answers and our fakes omit it).
// 1: skipped; a family scale's weigh-in may be another member's.
// 4: the height and weight typed in when the account was made. Height is kept: no Withings device
//    measures it, so this is the height Withings itself uses (a later correction comes as attrib 2).
//    Everything else is skipped with a warning: a remembered or guessed weight, dated the day of
//    sign-up, would sit in the weight trend beside the scale's weigh-ins as if it had been measured.
// Any other value is undocumented and skipped with a warning naming it. Real accounts send some:
//    3 (a scale shared by two profiles of one person, python-withings issue 508), 10 (Body Cardio's
//    per-foot pulse wave velocity, sent beside the whole-body reading of the same instant with
//    attrib 8, python-withings PR 857), 10000, 10009, 10010 (issue 883). What they mean is a guess,
//    and 10 would overwrite the whole-body value stored for that instant.

const KEPT = new Set([0, 2, 5, 7, 8, 15]);
const AMBIGUOUS = 1;
const AT_ACCOUNT_CREATION = 4;
const HEIGHT = 4;

export type Attribution =
  /** Store every measure of the group. */
  | { kind: 'keep' }
  /** Store only the measures of these types; the others are named in a warning with this reason. */
  | { kind: 'only'; types: ReadonlySet<number>; reason: string }
  /** Store nothing of the group, for this reason. */
  | { kind: 'skip'; reason: string };

export function withingsAttribution(attrib: number | null | undefined): Attribution {
  if (attrib === null || attrib === undefined || KEPT.has(attrib)) return { kind: 'keep' };
  if (attrib === AMBIGUOUS) return { kind: 'skip', reason: "attrib 1 (captured by a shared device, may be another user's)" };
  if (attrib === AT_ACCOUNT_CREATION) return { kind: 'only', types: new Set([HEIGHT]), reason: 'attrib 4 (entered when the account was created, which Withings says may not be accurate; only its height is kept)' };
  return { kind: 'skip', reason: `attrib ${attrib} (not a value Withings documents, so whose reading it is and what it measures is unknown)` };
}
