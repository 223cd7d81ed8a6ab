// A synthetic Apple Health export (export.xml, optionally zipped as export.zip) for the benchmark
// and for tests that need a big file: deterministic for a seed, written as a stream, laid out
// like the Health app's own exports (Records grouped by type, then sleep, Correlations, Workouts,
// ActivitySummary), with a Watch and an iPhone as sources and European DST offsets.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { Random } from './random';

export interface AppleHealthExportOptions {
  years: number;
  /** Quantity records per day across the high-volume types (heart rate, steps, distance, energy); default 300. */
  recordsPerDay?: number;
  /** Write export.zip (apple_health_export/export.xml inside) instead of a bare export.xml. */
  zip?: boolean;
  seed: string;
  /** Last day of the export, YYYY-MM-DD; default 2025-10-31. */
  endDate?: string;
}

export interface GeneratedExport {
  path: string;
  /** Size of the XML (before zipping). */
  xmlBytes: number;
  fileBytes: number;
  days: number;
  elements: number;
}

const WATCH = 'Jane’s Apple Watch';
const PHONE = 'Jane’s iPhone';
const WATCH_DEVICE = '&lt;&lt;HKDevice: 0x3027a4f50&gt;, name:Apple Watch, manufacturer:Apple Inc., model:Watch, hardware:Watch6,1, software:10.3&gt;';
const PHONE_DEVICE = '&lt;&lt;HKDevice: 0x3027a4e90&gt;, name:iPhone, manufacturer:Apple Inc., model:iPhone, hardware:iPhone14,5, software:17.4&gt;';
const DAY_MS = 86_400_000;

const HEADER = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE HealthData [
<!-- HealthKit Export Version: 13 -->
<!ELEMENT HealthData (ExportDate,Me,(Record|Correlation|Workout|ActivitySummary)*)>
<!ATTLIST HealthData locale CDATA #REQUIRED>
<!ELEMENT ExportDate EMPTY>
<!ATTLIST ExportDate value CDATA #REQUIRED>
<!ELEMENT Record ((MetadataEntry|HeartRateVariabilityMetadataList)*)>
<!ATTLIST Record type CDATA #REQUIRED unit CDATA #IMPLIED value CDATA #IMPLIED sourceName CDATA #REQUIRED sourceVersion CDATA #IMPLIED device CDATA #IMPLIED creationDate CDATA #IMPLIED startDate CDATA #REQUIRED endDate CDATA #REQUIRED>
<!ELEMENT Correlation ((MetadataEntry|Record)*)>
<!ELEMENT Workout ((MetadataEntry|WorkoutEvent|WorkoutRoute|WorkoutStatistics)*)>
<!ELEMENT ActivitySummary EMPTY>
]>
`;

/** Last Sunday of a month (UTC day number), for the EU summer-time rule. */
function lastSunday(year: number, month: number): number {
  const last = Date.UTC(year, month + 1, 0);
  return (last - new Date(last).getUTCDay() * DAY_MS) / DAY_MS;
}

/**
 * "YYYY-MM-DD hh:mm:ss +0100" for minutes after midnight (standard time) of day, which may run
 * into the next day. The offset is the one in force at that instant (EU rule: +0200 from 01:00 UTC
 * on the last Sunday of March to 01:00 UTC on the last Sunday of October), as Apple writes it, so
 * later instants always get later stamps, across DST changes too.
 */
function stamp(day: number, minutes: number): string {
  const utcMin = day * 1440 + minutes - 60;
  const year = new Date(utcMin * 60_000).getUTCFullYear();
  const summer = utcMin >= lastSunday(year, 2) * 1440 + 60 && utcMin < lastSunday(year, 9) * 1440 + 60;
  const local = new Date(Math.floor((utcMin + (summer ? 120 : 60)) * 60) * 1000).toISOString();
  return `${local.slice(0, 10)} ${local.slice(11, 19)} ${summer ? '+0200' : '+0100'}`;
}

const record = (type: string, source: string, unit: string | null, value: string, day: number, start: number, end: number, device = source === WATCH ? WATCH_DEVICE : PHONE_DEVICE) =>
  ` <Record type="${type}" sourceName="${source}" sourceVersion="10.3"${device ? ` device="${device}"` : ''}${unit ? ` unit="${unit}"` : ''} creationDate="${stamp(day, end + 1)}" startDate="${stamp(day, start)}" endDate="${stamp(day, end)}" value="${value}"/>\n`;

/** Writes text through a file stream in ~1 MB pieces, honouring back-pressure. */
class Sink {
  private buffer = '';
  bytes = 0;
  constructor(private readonly out: fs.WriteStream) {}
  async write(text: string): Promise<void> {
    this.buffer += text;
    if (this.buffer.length >= 1 << 20) await this.flush();
  }
  async flush(): Promise<void> {
    const chunk = Buffer.from(this.buffer);
    this.buffer = '';
    this.bytes += chunk.length;
    if (!this.out.write(chunk)) await once(this.out, 'drain');
  }
}

type Section = (sink: Sink, rng: Random, day: number) => Promise<number>;

function sections(perDay: number): [string, Section][] {
  const quantity = (type: string, source: string, unit: string, share: number, value: (rng: Random) => string): Section => async (sink, rng, day) => {
    const n = Math.max(1, Math.round(perDay * share * rng.uniform(0.7, 1.3)));
    for (let i = 0; i < n; i++) {
      const start = (i * 1440) / n + rng.uniform(0, 1440 / n - 2);
      await sink.write(record(type, source, unit, value(rng), day, start, start + 1));
    }
    return n;
  };
  const daily = (type: string, unit: string, value: (rng: Random) => string, every = 1): Section => async (sink, rng, day) => {
    if (day % every !== 0) return 0;
    await sink.write(record(type, WATCH, unit, value(rng), day, 420, 1200));
    return 1;
  };
  const Q = 'HKQuantityTypeIdentifier';
  return [
    [`${Q}StepCount`, async (sink, rng, day) => (await quantity(`${Q}StepCount`, WATCH, 'count', 0.15, (r) => String(r.int(0, 180)))(sink, rng, day)) + (await quantity(`${Q}StepCount`, PHONE, 'count', 0.1, (r) => String(r.int(0, 200)))(sink, rng, day))],
    [`${Q}DistanceWalkingRunning`, quantity(`${Q}DistanceWalkingRunning`, WATCH, 'km', 0.1, (r) => r.uniform(0, 0.15).toFixed(5))],
    [`${Q}ActiveEnergyBurned`, quantity(`${Q}ActiveEnergyBurned`, WATCH, 'kcal', 0.15, (r) => r.uniform(0, 6).toFixed(3))],
    [`${Q}BasalEnergyBurned`, quantity(`${Q}BasalEnergyBurned`, WATCH, 'kcal', 24 / Math.max(perDay, 1), (r) => r.uniform(50, 75).toFixed(3))],
    [`${Q}HeartRate`, quantity(`${Q}HeartRate`, WATCH, 'count/min', 0.5, (r) => String(r.int(48, 165)))],
    [`${Q}RestingHeartRate`, daily(`${Q}RestingHeartRate`, 'count/min', (r) => String(r.int(48, 62)))],
    [`${Q}HeartRateVariabilitySDNN`, daily(`${Q}HeartRateVariabilitySDNN`, 'ms', (r) => r.uniform(25, 90).toFixed(3))],
    [`${Q}OxygenSaturation`, quantity(`${Q}OxygenSaturation`, WATCH, '%', 6 / Math.max(perDay, 1), (r) => r.uniform(0.93, 1).toFixed(2))],
    [`${Q}RespiratoryRate`, quantity(`${Q}RespiratoryRate`, WATCH, 'count/min', 6 / Math.max(perDay, 1), (r) => r.uniform(12, 18).toFixed(1))],
    [`${Q}VO2Max`, daily(`${Q}VO2Max`, 'mL/min·kg', (r) => r.uniform(40, 48).toFixed(2), 5)],
    [`${Q}FlightsClimbed`, quantity(`${Q}FlightsClimbed`, PHONE, 'count', 4 / Math.max(perDay, 1), (r) => String(r.int(1, 4)))],
    [`${Q}AppleExerciseTime`, quantity(`${Q}AppleExerciseTime`, WATCH, 'min', 8 / Math.max(perDay, 1), (r) => String(r.int(1, 8)))],
    [`${Q}HeadphoneAudioExposure`, quantity(`${Q}HeadphoneAudioExposure`, PHONE, 'dBASPL', 3 / Math.max(perDay, 1), (r) => r.uniform(55, 80).toFixed(1))],
    [`${Q}BodyMass`, daily(`${Q}BodyMass`, 'lb', (r) => r.uniform(150, 170).toFixed(1), 3)],
    [`${Q}BodyTemperature`, daily(`${Q}BodyTemperature`, 'degF', (r) => r.uniform(97.5, 99).toFixed(1), 30)],
    // Apple writes a correlation's records at the top level too.
    ...(['Systolic', 'Diastolic'] as const).map((kind): [string, Section] => [`${Q}BloodPressure${kind}`, async (sink, rng, day) => {
      if (day % 7 !== 0) return 0;
      await sink.write(record(`${Q}BloodPressure${kind}`, 'Omron', 'mmHg', String(bloodPressure(day)[kind === 'Systolic' ? 0 : 1]), day, 480, 480, ''));
      return 1;
    }]),
    ['HKCategoryTypeIdentifierSleepAnalysis', async (sink, rng, day) => {
      // In bed on the iPhone, stages on the Watch: the night that ends on this day.
      let t = -60 + rng.uniform(-30, 60);
      const bed = t - 10;
      let n = 0;
      while (t < 420 + rng.uniform(-30, 45)) {
        const stage = rng.weighted([['AsleepCore', 5], ['AsleepDeep', 2], ['AsleepREM', 2], ['Awake', 1]] as const);
        const len = rng.uniform(8, 70);
        await sink.write(record('HKCategoryTypeIdentifierSleepAnalysis', WATCH, null, `HKCategoryValueSleepAnalysis${stage}`, day, t, t + len));
        t += len;
        n++;
      }
      await sink.write(record('HKCategoryTypeIdentifierSleepAnalysis', PHONE, null, 'HKCategoryValueSleepAnalysisInBed', day, bed, t + 5));
      return n + 1;
    }],
  ];
}

/** The same reading for the top-level records and the Correlation. */
const bloodPressure = (day: number): [number, number] => [110 + (day * 7919) % 26, 70 + (day * 104729) % 19];

async function correlations(sink: Sink, _rng: Random, day: number): Promise<number> {
  if (day % 7 !== 0) return 0;
  const [sys, dia] = bloodPressure(day);
  const at = (s: number) => stamp(day, 480 + s);
  await sink.write(` <Correlation type="HKCorrelationTypeIdentifierBloodPressure" sourceName="Omron" sourceVersion="7.0" creationDate="${at(1)}" startDate="${at(0)}" endDate="${at(0)}">\n`
    + `  <Record type="HKQuantityTypeIdentifierBloodPressureDiastolic" sourceName="Omron" unit="mmHg" creationDate="${at(1)}" startDate="${at(0)}" endDate="${at(0)}" value="${dia}"/>\n`
    + `  <Record type="HKQuantityTypeIdentifierBloodPressureSystolic" sourceName="Omron" unit="mmHg" creationDate="${at(1)}" startDate="${at(0)}" endDate="${at(0)}" value="${sys}"/>\n </Correlation>\n`);
  return 1;
}

async function workouts(sink: Sink, rng: Random, day: number): Promise<number> {
  if (day % 2 !== 0) return 0;
  const [type, speed] = rng.weighted([[['Running', 10], 4], [['Cycling', 25], 2], [['Walking', 5], 2], [['TraditionalStrengthTraining', 0], 2]] as const);
  const start = rng.uniform(360, 1200);
  const minutes = rng.uniform(25, 80);
  const km = (speed * minutes) / 60;
  const stat = (t: string, rest: string) => `  <WorkoutStatistics type="HKQuantityTypeIdentifier${t}" startDate="${stamp(day, start)}" endDate="${stamp(day, start + minutes)}" ${rest}/>\n`;
  await sink.write(` <Workout workoutActivityType="HKWorkoutActivityType${type}" duration="${minutes.toFixed(4)}" durationUnit="min" sourceName="${WATCH}" sourceVersion="10.3" device="${WATCH_DEVICE}" creationDate="${stamp(day, start + minutes + 1)}" startDate="${stamp(day, start)}" endDate="${stamp(day, start + minutes)}">\n`
    + `  <MetadataEntry key="HKIndoorWorkout" value="${rng.chance(0.2) ? 1 : 0}"/>\n  <MetadataEntry key="HKElevationAscended" value="${rng.int(0, 40000)} cm"/>\n`
    + stat('HeartRate', `average="${rng.int(110, 160)}" minimum="${rng.int(70, 100)}" maximum="${rng.int(160, 190)}" unit="count/min"`)
    + stat('ActiveEnergyBurned', `sum="${(minutes * rng.uniform(6, 12)).toFixed(3)}" unit="kcal"`)
    + (km > 0 ? stat(type === 'Cycling' ? 'DistanceCycling' : 'DistanceWalkingRunning', `sum="${km.toFixed(4)}" unit="km"`) : '')
    + ' </Workout>\n');
  return 1;
}

/** Streams a synthetic export to disk; sizes scale with years x recordsPerDay (~330 bytes a record). */
export async function writeAppleHealthExport(file: string, opts: AppleHealthExportOptions): Promise<GeneratedExport> {
  const end = Date.parse(`${opts.endDate ?? '2025-10-31'}T00:00:00Z`) / DAY_MS;
  const days = Math.max(1, Math.round(opts.years * 365));
  const first = end - days + 1;
  const perDay = opts.recordsPerDay ?? 300;
  const workDir = opts.zip ? fs.mkdtempSync(path.join(path.dirname(file), '.apple-export-')) : undefined;
  const xmlPath = workDir ? path.join(workDir, 'apple_health_export', 'export.xml') : file;
  fs.mkdirSync(path.dirname(xmlPath), { recursive: true });
  const out = fs.createWriteStream(xmlPath);
  const sink = new Sink(out);
  let elements = 0;
  await sink.write(`${HEADER}<HealthData locale="en_GB">\n <ExportDate value="${stamp(end + 1, 540)}"/>\n <Me HKCharacteristicTypeIdentifierDateOfBirth="1990-05-01" HKCharacteristicTypeIdentifierBiologicalSex="HKBiologicalSexFemale" HKCharacteristicTypeIdentifierBloodType="HKBloodTypeNotSet" HKCharacteristicTypeIdentifierFitzpatrickSkinType="HKFitzpatrickSkinTypeNotSet"/>\n`);
  const all: [string, Section][] = [...sections(perDay), ['correlations', correlations], ['workouts', workouts]];
  for (const [name, section] of all) {
    const rng = new Random(`${opts.seed}/${name}`);
    for (let day = first; day <= end; day++) elements += await section(sink, rng, day);
  }
  for (let day = first; day <= end; day++) {
    await sink.write(` <ActivitySummary dateComponents="${new Date(day * DAY_MS).toISOString().slice(0, 10)}" activeEnergyBurned="${(400 + (day % 7) * 20).toFixed(3)}" activeEnergyBurnedGoal="500" activeEnergyBurnedUnit="kcal" appleExerciseTime="${20 + (day % 5) * 5}" appleExerciseTimeGoal="30" appleStandHours="10" appleStandHoursGoal="12"/>\n`);
    elements++;
  }
  await sink.write('</HealthData>\n');
  await sink.flush();
  out.end();
  await once(out, 'finish');
  const xmlBytes = sink.bytes;
  if (workDir) {
    // A fixed mtime keeps the zip byte-for-byte reproducible.
    fs.utimesSync(xmlPath, 946684800, 946684800);
    fs.utimesSync(path.dirname(xmlPath), 946684800, 946684800);
    fs.rmSync(file, { force: true });
    execFileSync('zip', ['-q', '-X', '-r', path.resolve(file), 'apple_health_export'], { cwd: workDir });
    fs.rmSync(workDir, { recursive: true, force: true });
  }
  return { path: file, xmlBytes, fileBytes: fs.statSync(file).size, days, elements };
}
