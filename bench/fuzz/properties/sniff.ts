// The format sniffer (src/importers/sniff.ts) on mutated files of every kind it knows: Strong and
// Hevy CSV, Apple Health XML (bare and zipped), FIT, and a Vitalis export-like zip. It reads at
// most the head of a file and never writes.
//   sniffFile never throws and answers one of the kinds or undefined; checkFileKind with any
//   declared kind answers a kind or undefined, or refuses with a FileKindError whose message
//   reads "this file is ...: <what to do>" (the file is the field: what it is not and what it
//   looks like, then the rule).
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import yazl from 'yazl';
import { checkFileKind, FILE_KINDS, type FileKind, FileKindError, sniffFile, VITALIS_EXPORT } from '../../../src/importers/sniff';
import { applyMutations, CSV_GRAMMAR, type Mutation, mutations } from '../core/mutate';
import { defineTarget, type FuzzEnv, FuzzViolation } from '../core/target';

const FIXTURES = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures');
export const SNIFF_RULE = /^this file is .+: \S/s;

function zipOf(entries: Record<string, Buffer>): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [name, data] of Object.entries(entries)) zip.addBuffer(data, name);
  zip.end();
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
}

/** The smallest FIT file header + file_id message the sniffer reads (type 4 = activity), CRC not checked by it. */
function tinyFit(): Buffer {
  const header = Buffer.from([14, 0x20, 0x00, 0x00, 0, 0, 0, 0, 0x2e, 0x46, 0x49, 0x54, 0, 0]);
  // Definition message (local 0): global 0 (file_id), one field: type (field 0, size 1, base type 0).
  const definition = Buffer.from([0x40, 0, 0, 0, 0, 1, 0, 1, 0]);
  const data = Buffer.from([0x00, 4]);
  const body = Buffer.concat([definition, data]);
  header.writeUInt32LE(body.length, 4);
  return Buffer.concat([header, body, Buffer.from([0, 0])]);
}

interface Input {
  fixture: number;
  declared: FileKind | undefined;
  mutations: Mutation[];
}

let counter = 0;

export const sniffTarget = defineTarget({
  name: 'sniff',
  description: 'file kind sniffer: sniffFile never throws; checkFileKind refuses only with FileKindError "this file is ...: <rule>"',
  setup: async (env: FuzzEnv) => {
    const read = (...p: string[]) => fs.readFileSync(path.join(FIXTURES, ...p));
    const xml = read('apple-health', 'travel.xml');
    const fixtures = [
      read('strong', 'workouts.csv'),
      read('hevy', 'workouts.csv'),
      xml,
      await zipOf({ 'apple_health_export/export.xml': xml }),
      await zipOf({ 'manifest.json': Buffer.from(JSON.stringify({ format: VITALIS_EXPORT, version: 1 })) }),
      tinyFit(),
    ];
    return { env, fixtures };
  },
  arbitrary: (ctx) =>
    fc.record({
      fixture: fc.nat({ max: ctx.fixtures.length - 1 }),
      declared: fc.constantFrom(undefined, ...FILE_KINDS),
      mutations: mutations(CSV_GRAMMAR),
    }),
  run: async ({ env, fixtures }, input: Input) => {
    const file = path.join(env.dir, `sniff-${process.pid}-${counter++}`);
    fs.writeFileSync(file, applyMutations(fixtures[input.fixture]!, input.mutations, CSV_GRAMMAR));
    try {
      const sniffed = await sniffFile(file);
      if (sniffed !== undefined && ![...FILE_KINDS, VITALIS_EXPORT].includes(sniffed.kind)) throw new FuzzViolation('crash', `sniffFile answered an unknown kind ${String(sniffed.kind)}`);
      try {
        const kind = await checkFileKind(file, input.declared, (k) => `import it as ${k}`);
        if (kind !== undefined && !FILE_KINDS.includes(kind)) throw new FuzzViolation('crash', `checkFileKind answered an unknown kind ${String(kind)}`);
        return 'imported';
      } catch (error) {
        if (!(error instanceof FileKindError)) throw error;
        if (!SNIFF_RULE.test(error.message)) throw new FuzzViolation('unnamedRejection', error.message.slice(0, 300));
        return 'rejected';
      }
    } finally {
      fs.rmSync(file, { force: true });
    }
  },
});
