// Apple Health exports (src/importers/appleHealth), bare export.xml or zipped as the Health app
// writes them, fuzzed from the repository's fixtures: the XML mutated (bytes, encodings, odd
// timestamps, attribute values from the grammar) before zipping, or the zip's own bytes mutated.
//   Accepted: every top-level element is accounted for (read = used + skipped with a reason, per
//   element kind and type) and the new user's rows are exactly the ones reported inserted.
//   Refused: an AppleHealthImportError whose message starts with the file it names
//   (`export.xml: ...`, `export.zip: ...`, `.../export.zip:apple_health_export/export.xml: ...`)
//   and says the rule after the colon; not one row of any table written.
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import yazl from 'yazl';
import { AppleHealthImportError, importAppleHealth, unbalanced } from '../../../src/importers/appleHealth';
import { applyMutations, type Mutation, mutations, XML_GRAMMAR } from '../core/mutate';
import { expectUnchanged, newUser, newUserCounts, rowCounts } from '../core/rows';
import { defineTarget, type FuzzEnv, FuzzViolation } from '../core/target';

const FIXTURES = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'apple-health');

/** The file (or zip entry) named first, then the rule. */
export const APPLE_HEALTH_RULE = /^(\S*\/)?export\.(xml|zip)(:[^:\s]+)?: \S/;

interface Input {
  fixture: number;
  container: 'xml' | 'zip' | 'zip-bytes';
  mutations: Mutation[];
}

function zipped(xml: Buffer): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  zip.addBuffer(xml, 'apple_health_export/export.xml');
  zip.end();
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
}

let counter = 0;

export const appleHealthTarget = defineTarget({
  name: 'apple-health',
  description: 'Apple Health export.xml / export.zip import: refusals are AppleHealthImportError naming the file (and line/column) and the rule; accepted exports account for every element',
  setup: async (env: FuzzEnv) => ({ env, fixtures: ['export.xml', 'travel.xml', 'every-kind.xml'].map((f) => fs.readFileSync(path.join(FIXTURES, f))) }),
  arbitrary: (ctx) =>
    fc.record({
      fixture: fc.nat({ max: ctx.fixtures.length - 1 }),
      container: fc.constantFrom('xml' as const, 'xml' as const, 'zip' as const, 'zip-bytes' as const),
      mutations: mutations(XML_GRAMMAR),
    }),
  run: async ({ env, fixtures }, input: Input) => {
    const fixture = fixtures[input.fixture]!;
    let bytes: Buffer;
    if (input.container === 'zip-bytes') bytes = applyMutations(await zipped(fixture), input.mutations);
    else {
      const xml = applyMutations(fixture, input.mutations, XML_GRAMMAR);
      bytes = input.container === 'zip' ? await zipped(xml) : xml;
    }
    const dir = path.join(env.dir, `apple-${process.pid}-${counter++}`);
    fs.mkdirSync(dir);
    const file = path.join(dir, input.container === 'xml' ? 'export.xml' : 'export.zip');
    fs.writeFileSync(file, bytes);
    const userId = await newUser(env.pool);
    try {
      const before = await newUserCounts(env.pool);
      let summary;
      try {
        summary = await importAppleHealth(env.pool, { userId, path: file });
      } catch (error) {
        if (!(error instanceof AppleHealthImportError)) throw error;
        if (!APPLE_HEALTH_RULE.test(error.message.replace(env.dir, ''))) throw new FuzzViolation('unnamedRejection', error.message.slice(0, 300));
        expectUnchanged(before, await rowCounts(env.pool, userId), `refused: ${error.message.slice(0, 120)}`);
        return 'rejected';
      }
      const after = await rowCounts(env.pool, userId);
      const off = unbalanced(summary.elements);
      if (off.length) throw new FuzzViolation('unaccounted', `elements not accounted for: ${off.map((a) => `${a.element} ${a.type ?? ''} read ${a.read} used ${a.used}`).join('; ')}`);
      for (const [key, table] of [['daily', 'wearable_daily'], ['sleep', 'wearable_sleep'], ['activities', 'wearable_activities'], ['measurements', 'measurements']] as const) {
        const added = after[`vitalis.${table}`]! - before[`vitalis.${table}`]!;
        if (added !== summary[key].inserted) throw new FuzzViolation('unaccounted', `${table}: ${summary[key].inserted} reported inserted, ${added} rows added`);
      }
      return 'imported';
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
});
