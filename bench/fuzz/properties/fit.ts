// FIT files (src/importers/fit, read with @garmin/fitsdk) fuzzed from synthetic files written
// with Garmin's own Encoder (test/fixtures/fit/build.ts): an activity, a weigh-in and a
// blood-pressure file. Field-level mutations change a message's value before encoding (NaN,
// huge numbers, odd dates); byte mutations change the encoded file, and with `repair` the header
// length and the CRC are fixed afterwards so the damage reaches the decoder and the importer
// instead of stopping at the checksum. @garmin/fitsdk is ESM-only: this target runs under the
// bench runner (tsx), and test/fuzz/fit.test.ts runs that runner in a child process.
//   Accepted: sessions read = activities inserted + updated + unchanged + sessions skipped with a
//   reason, and the new user's rows are the ones reported inserted.
//   Refused: a FitImportError "FIT file: <rule>" (the file is the field), nothing written.
import fc from 'fast-check';
import { FitImportError, importFit } from '../../../src/importers/fit';
import { activityMessages, bloodPressureMessages, encode, type FitMessage, weightMessages } from '../../../test/fixtures/fit/build';
import { applyMutations, type Mutation, mutations, oddStamp, formatLike } from '../core/mutate';
import { expectUnchanged, newUser, newUserCounts, rowCounts } from '../core/rows';
import { defineTarget, type FuzzEnv, FuzzViolation } from '../core/target';

export const FIT_RULE = /^FIT file: \S/;

const CRC_TABLE = [0x0000, 0xcc01, 0xd801, 0x1400, 0xf001, 0x3c00, 0x2800, 0xe401, 0xa001, 0x6c00, 0x7800, 0xb401, 0x5000, 0x9c01, 0x8801, 0x4400];

/** FIT's CRC-16 (the FIT protocol's reference algorithm). */
export function fitCrc(bytes: Buffer): number {
  let crc = 0;
  for (const byte of bytes) {
    let tmp = CRC_TABLE[crc & 0xf]!;
    crc = (crc >> 4) & 0x0fff;
    crc = crc ^ tmp ^ CRC_TABLE[byte & 0xf]!;
    tmp = CRC_TABLE[crc & 0xf]!;
    crc = (crc >> 4) & 0x0fff;
    crc = crc ^ tmp ^ CRC_TABLE[(byte >> 4) & 0xf]!;
  }
  return crc;
}

/** Makes the framing consistent again: data size in the header, header CRC 0 (allowed), file CRC. */
function repair(data: Buffer): Buffer {
  const headerSize = data[0];
  if ((headerSize !== 12 && headerSize !== 14) || data.length < headerSize + 2) return data;
  const out = Buffer.from(data);
  out.writeUInt32LE(out.length - headerSize - 2, 4);
  if (headerSize === 14) out.writeUInt16LE(0, 12);
  out.writeUInt16LE(fitCrc(out.subarray(0, out.length - 2)), out.length - 2);
  return out;
}

const BASE: FitMessage[][] = [
  activityMessages(
    [
      { start: '2025-03-01T07:00:00Z', sport: 'running', timerSeconds: 1800, distanceM: 5000, calories: 350, avgSpeedMs: 2.8, avgHr: 148, maxHr: 171, ascentM: 40, trainingEffect: 3.1, laps: 2, hrZonesSeconds: [60, 300, 900, 480, 60], records: [0, 600, 1200].map((at) => ({ at, heartRate: 140 + at / 100, speed: 2.8, distance: at * 2.8 })) },
      { start: '2025-03-01T08:00:00Z', sport: 'cycling', subSport: 'road', timerSeconds: 3600, distanceM: 30000, avgPower: 190, normalizedPower: 205, tss: 70 },
    ],
    { utcOffsetSeconds: 3600 },
  ),
  weightMessages([
    { at: '2025-03-02T07:00:00Z', weightKg: 80.25, fatPct: 18.5, hydrationPct: 55, muscleKg: 35.2, boneKg: 3.3, bmi: 24.1, metabolicAge: 38 },
    { at: '2025-03-03T07:00:00Z', weightKg: 80.1 },
  ]),
  bloodPressureMessages([{ at: '2025-03-02T08:00:00Z', systolic: 121, diastolic: 79, heartRate: 64, meanArterial: 93 }]),
];

const fieldValue = fc.oneof(
  fc.double(),
  fc.constantFrom(0, -1, 2 ** 31, 2 ** 32 - 1, 2 ** 53, -(2 ** 53), 1e308, Number.NaN, Number.POSITIVE_INFINITY),
  fc.integer(),
  oddStamp.map((s) => formatLike('2024-01-01T00:00:00Z', s)),
);

interface Input {
  fixture: number;
  /** A message's field set to a value before encoding (message and field picked modulo their counts). */
  field?: { message: number; key: number; value: unknown };
  repair: boolean;
  mutations: Mutation[];
}

export const fitTarget = defineTarget({
  name: 'fit',
  description: 'FIT import (activity, weight, blood pressure): refusals are FitImportError "FIT file: <rule>"; accepted files account for every session',
  setup: async (env: FuzzEnv) => ({ env, fixtures: await Promise.all(BASE.map((m) => encode(m))) }),
  arbitrary: () =>
    fc.record({
      fixture: fc.nat({ max: BASE.length - 1 }),
      field: fc.option(fc.record({ message: fc.nat(), key: fc.nat(), value: fieldValue }), { nil: undefined }),
      repair: fc.boolean(),
      mutations: mutations(),
    }),
  run: async ({ env, fixtures }, input: Input) => {
    let base = fixtures[input.fixture]!;
    if (input.field) {
      const messages = BASE[input.fixture]!.map((m) => ({ ...m }));
      const message = messages[input.field.message % messages.length]!;
      const keys = Object.keys(message).filter((k) => k !== 'mesg');
      if (keys.length) message[keys[input.field.key % keys.length]!] = input.field.value;
      // The encoder refuses some values outright: then the file stays the fixture.
      base = await encode(messages).catch(() => base);
    }
    let data = applyMutations(base, input.mutations);
    if (input.repair) data = repair(data);
    const userId = await newUser(env.pool);
    const before = await newUserCounts(env.pool);
    let summary;
    try {
      summary = await importFit(env.pool, { userId, data });
    } catch (error) {
      if (!(error instanceof FitImportError)) throw error;
      if (!FIT_RULE.test(error.message)) throw new FuzzViolation('unnamedRejection', error.message.slice(0, 300));
      expectUnchanged(before, await rowCounts(env.pool, userId), `refused: ${error.message.slice(0, 120)}`);
      return 'rejected';
    }
    const after = await rowCounts(env.pool, userId);
    const sessionSkips = summary.skipped.filter((s) => s.reason.startsWith('session ')).reduce((n, s) => n + s.count, 0);
    const a = summary.activities;
    if (a.inserted + a.updated + a.skipped + sessionSkips !== summary.read.sessions) throw new FuzzViolation('unaccounted', `${summary.read.sessions} sessions read, ${a.inserted + a.updated + a.skipped} written or unchanged + ${sessionSkips} skipped`);
    for (const [key, table] of [['activities', 'wearable_activities'], ['measurements', 'measurements']] as const) {
      const added = after[`vitalis.${table}`]! - before[`vitalis.${table}`]!;
      if (added !== summary[key].inserted) throw new FuzzViolation('unaccounted', `${table}: ${summary[key].inserted} reported inserted, ${added} rows added`);
    }
    return 'imported';
  },
});
