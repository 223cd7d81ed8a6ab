// Garmin multisport activities (a triathlon, a duathlon, a brick session). The Health API sends the
// whole activity as a parent summary (activityType MULTI_SPORT, isParent true) and each leg (swim,
// transitions, bike, run) as a summary of its own whose parentSummaryId is the parent's summaryId.
// Garmin's field notes: the parent's children "should also be made available in the data feed".
// The parent's time, distance and calories are the sum of its legs (transitions are legs too), so
// storing both counts the race twice in every total.
//
// Kept: the legs. They carry what a demanding user reads afterwards: swim, bike and run each under
// its own activity_type with its own distance, pace and heart rate, so per-sport weekly totals
// include the race. The parent adds nothing the legs do not say except its name, and
// wearable_activities has no column to mark a row as another's part (so "store both and mark one"
// would still double count in every sum). The parent is skipped with a warning naming it.
//
// A parent is a summary with isParent true, or one whose summaryId a leg in the same answer names as
// its parentSummaryId (in case a summary arrives without the flag). A MULTI_SPORT summary that is
// neither is the only record of that time, so it is kept (as activity_type multisport).

export interface MultisportFields {
  summaryId?: string | null;
  isParent?: boolean | null;
  parentSummaryId?: string | number | null;
}

/** The indexes of the summaries that are multisport parents (their legs are summaries of their own). */
export function multisportParents(items: readonly MultisportFields[]): Set<number> {
  const named = new Set(items.flatMap((a) => (a.parentSummaryId == null || a.parentSummaryId === '' ? [] : [String(a.parentSummaryId)])));
  const parents = new Set<number>();
  items.forEach((a, i) => {
    if (a.isParent === true || (a.summaryId != null && named.has(a.summaryId))) parents.add(i);
  });
  return parents;
}
