// The four DEXA report layouts the fixtures draw, each after a provider's own: BodySpec (pounds,
// one page), DexaFit (kilograms, heights in cm), Hologic (grams, composition and a bone-density
// page with spine, hips and forearm) and GE Lunar enCORE (grams with total mass in kg). The
// layouts are this project's own; only the kinds of tables and labels follow the real reports.
import { bodyspec } from './dexaBodyspec';
import { dexafit } from './dexaDexafit';
import { geLunar } from './dexaGeLunar';
import { hologic } from './dexaHologic';
import type { DexaLayout } from './dexaLayout';

export type { DexaLayout } from './dexaLayout';
export const dexaLayouts = (): DexaLayout[] => [bodyspec(), dexafit(), hologic(), geLunar()];
