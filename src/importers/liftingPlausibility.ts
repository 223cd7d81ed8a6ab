import type { ParsedFile, ParsedSet, UnitSource } from './liftingTypes';
import { round } from './liftingTypes';

// A weight unit read wrongly scales every weight of the file by 2.2. The bounds (0..2,000 lbs)
// catch only the wildest rows; this compares each set with the heaviest lifts people make with its
// equipment (all-time records, rounded up), and the file's typical barbell set with what even elite
// lifters train with, and says which unit choice (the option, the default or the header) is behind it.

/** Heaviest plausible load per equipment (lbs): just above the all-time records. Machines and sleds: the bound. */
const CEILING_LBS: Record<string, number> = {
  barbell: 1110, // deadlift record 501 kg = 1,104.5 lbs
  trap_bar: 1110,
  smith_machine: 1110,
  ez_bar: 500,
  dumbbell: 300,
  kettlebell: 300,
  cable: 600,
  plate: 250,
  band: 300,
  medicine_ball: 150,
  bodyweight: 400, // added load (weighted pull-ups and dips) or assistance
};

/** A median barbell set heavier than this (about 180 kg) is elite-only: likely a unit read wrongly. */
const MEDIAN_BARBELL_LBS = 400;

/** Equipment named by the apps' "Name (Equipment)" suffix, for exercises the dictionary does not know. */
const SUFFIXES: Record<string, string> = {
  barbell: 'barbell', dumbbell: 'dumbbell', kettlebell: 'kettlebell', cable: 'cable', machine: 'machine', 'smith machine': 'smith_machine',
  band: 'band', weighted: 'bodyweight', assisted: 'bodyweight', bodyweight: 'bodyweight', 'trap bar': 'trap_bar', 'hex bar': 'trap_bar',
  'ez bar': 'ez_bar', 'ez-bar': 'ez_bar', plate: 'plate', 'medicine ball': 'medicine_ball',
};

export function equipmentFromName(name: string): string | null {
  const m = /\(([^)]+)\)\s*$/.exec(name);
  return m ? (SUFFIXES[m[1]!.trim().toLowerCase()] ?? null) : null;
}

function unitSaid(unit: string, source: UnitSource): string {
  switch (source.from) {
    case 'option':
      return `${unit} (--unit ${unit} / weightUnit=${unit})`;
    case 'default':
      return `${unit} (the default: the file does not name its unit)`;
    default:
      return `${unit} (as the file's ${source.from === 'header' ? 'header' : 'column'} "${source.header}" says)`;
  }
}

const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 1 });

/**
 * Warnings for weights no one lifts with that equipment, naming the unit choice behind them.
 * equipmentOf: the dictionary's equipment for an exercise name (null when unmatched).
 */
export function weightWarnings(file: ParsedFile, equipmentOf: (name: string) => string | null): string[] {
  const sets: (ParsedSet & { equipment: string | null })[] = file.sessions.flatMap((s) => s.sets).map((s) => ({ ...s, equipment: equipmentOf(s.exerciseName) ?? equipmentFromName(s.exerciseName) }));
  const { unit, source } = file.weightUnit;
  const readAs = unitSaid(unit, source);
  const advice =
    source.from === 'option' && unit !== 'mixed'
      ? ` If the app was set to ${unit === 'kg' ? 'lbs' : 'kg'}, import the file again with --unit ${unit === 'kg' ? 'lbs' : 'kg'} (the sets are replaced).`
      : ' Check these sets in the app.';
  const warnings: string[] = [];

  const heavy = sets.filter((s) => s.weightLbs !== null && s.equipment && CEILING_LBS[s.equipment] !== undefined && s.weightLbs > CEILING_LBS[s.equipment]!);
  const overBound = file.skipped.filter((s) => s.reason.startsWith('weight outside')).length;
  if (heavy.length > 0 || (overBound > 0 && source.from === 'option')) {
    const examples = heavy
      .slice(0, 3)
      .map((s) => `line ${s.row} "${s.exerciseName}" ${fmt(s.fileWeight!.value)} ${s.fileWeight!.unit} = ${fmt(s.weightLbs!)} lbs (${s.equipment!.replace('_', ' ')} lifts top out near ${fmt(CEILING_LBS[s.equipment!]!)} lbs)`)
      .join('; ');
    const parts = [];
    if (heavy.length > 0) parts.push(`${heavy.length} set(s) weigh more than anyone lifts with that equipment once Weight is read as ${readAs}: ${examples}.`);
    if (overBound > 0) parts.push(`${overBound} row(s) were skipped as heavier than the 2,000 lbs bound${heavy.length ? '' : ` once Weight is read as ${readAs}`}.`);
    warnings.push(parts.join(' ') + advice);
  }

  const barbell = sets
    .filter((s) => s.equipment === 'barbell' && s.weightLbs !== null && s.weightLbs > 0)
    .map((s) => s.weightLbs!)
    .sort((a, b) => a - b);
  if (barbell.length >= 5) {
    const median = barbell[Math.floor(barbell.length / 2)]!;
    if (median > MEDIAN_BARBELL_LBS) {
      warnings.push(
        `the median barbell set of this file weighs ${fmt(round(median, 1))} lbs once Weight is read as ${readAs}: working sets that heavy are rare even for elite lifters.${advice}`,
      );
    }
  }
  return warnings;
}
