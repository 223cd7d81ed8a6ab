// Every fuzz target, in the order the bench runner runs them.
import type { AnyTarget } from '../core/target';
import { appleHealthTarget } from './appleHealth';
import { fitTarget } from './fit';
import { graphqlTargets } from './graphql';
import { labsTarget } from './labs';
import { hevyTarget, strongTarget } from './lifting';
import { providerTargets } from './providers';
import { sniffTarget } from './sniff';
import { upsertTargets } from './upserts';
import { vitalisExportTarget } from './vitalisExport';

export const ALL_TARGETS: AnyTarget[] = [strongTarget, hevyTarget, appleHealthTarget, fitTarget, vitalisExportTarget, sniffTarget, labsTarget, ...upsertTargets, ...providerTargets, ...graphqlTargets];
