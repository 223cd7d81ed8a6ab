import { emptyBatch, type ProviderHttp, type SyncBatch, type SyncWindow } from '../types';
import { mapWithingsActivity, WITHINGS_ACTIVITY_FIELDS } from './activity';
import { withingsPages } from './api';
import { mapWithingsMeasures } from './measures';
import { mapWithingsSleep, WITHINGS_SLEEP_FIELDS } from './sleep';

// One window = getmeas by measurement time (startdate/enddate epoch seconds, inclusive, so the
// end is the window's end minus one second) + getactivity and getsummary by local day
// (startdateymd/enddateymd), each naming the data_fields it needs (Withings leaves the others out). Pages of one action are merged before mapping so a night split
// across pages still yields one row.

const seconds = (d: Date) => Math.floor(d.getTime() / 1000);

export async function fetchWithingsWindow(http: ProviderHttp, window: SyncWindow): Promise<SyncBatch> {
  const batch = emptyBatch();
  const measurePages = await withingsPages(http, '/measure', { action: 'getmeas', category: 1, startdate: seconds(window.start), enddate: seconds(window.end) - 1 });
  batch.measurements = mapWithingsMeasures({ measuregrps: measurePages.flatMap((p) => (p as { measuregrps?: unknown[] }).measuregrps ?? []) }, batch.warnings);

  const days = { startdateymd: window.startDate, enddateymd: window.endDate };
  const activityPages = await withingsPages(http, '/v2/measure', { action: 'getactivity', ...days, data_fields: WITHINGS_ACTIVITY_FIELDS.join(',') });
  batch.daily = mapWithingsActivity({ activities: activityPages.flatMap((p) => (p as { activities?: unknown[] }).activities ?? []) }, batch.warnings);

  const sleepPages = await withingsPages(http, '/v2/sleep', { action: 'getsummary', ...days, data_fields: WITHINGS_SLEEP_FIELDS.join(',') });
  batch.sleep = mapWithingsSleep({ series: sleepPages.flatMap((p) => (p as { series?: unknown[] }).series ?? []) }, batch.warnings);
  return batch;
}
