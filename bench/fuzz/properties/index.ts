// Every fuzz target, in the order the bench runner runs them.
import type { AnyTarget } from '../core/target';
import { hevyTarget, strongTarget } from './lifting';

export const ALL_TARGETS: AnyTarget[] = [strongTarget, hevyTarget];
