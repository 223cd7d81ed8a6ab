import { fitbitAdapter } from './fitbit';
import { garminAdapter } from './garmin';
import { ouraAdapter } from './oura';
import type { ProviderAdapter, ProviderName } from './types';
import { whoopAdapter } from './whoop';
import { withingsAdapter } from './withings';

// Provider name -> adapter. A provider without an adapter here (or without a client id in the
// configuration) is answered 404 "not configured" by the engine.
export type AdapterRegistry = Partial<Record<ProviderName, ProviderAdapter>>;

export const adapters: AdapterRegistry = {
  oura: ouraAdapter,
  whoop: whoopAdapter,
  garmin: garminAdapter,
  fitbit: fitbitAdapter,
  withings: withingsAdapter,
};
