// Lab-report text through the rules path of src/documents/parse.ts (parseDocument on plain text:
// no PDF, no OCR, no model), fuzzed from two small reports written for this in the Labcorp and
// MyChart text layouts (bench/fuzz/fixtures). It writes nothing: the draft is reviewed before
// anything is kept.
//   Read: a draft whose every lab result has a printed name and a finite value or none, and
//   whose unread lines each carry a reason.
//   Refused: an UnrecognisedReportError "file: <rule>" (the file is the field; error.field is 'file').
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { type LabResult } from '../../../src/documents/draft';
import { parseDocument, UnrecognisedReportError } from '../../../src/documents/parse';
import { applyMutations, CSV_GRAMMAR, type Mutation, mutations } from '../core/mutate';
import { defineTarget, type FuzzEnv, FuzzViolation } from '../core/target';

export const LAB_RULE = /^file: \S/;
/** What would send the bytes down the PDF/image path (OCR), which this target leaves out. */
const BINARY_HEADS = ['%PDF', '\x89PNG', '\xff\xd8\xff', 'GIF8', 'RIFF', 'II*\x00', 'MM\x00*'];

interface Input {
  fixture: number;
  mutations: Mutation[];
}

export const labsTarget = defineTarget({
  name: 'lab-text',
  description: 'lab report text (rules path, no OCR): refusals are UnrecognisedReportError "file: <rule>"; drafts hold finite values and reasons for unread lines',
  setup: async (_env: FuzzEnv) => ({ fixtures: ['labcorp-panel.txt', 'mychart-panel.txt'].map((f) => fs.readFileSync(path.join(__dirname, '..', 'fixtures', f))) }),
  arbitrary: (ctx) => fc.record({ fixture: fc.nat({ max: ctx.fixtures.length - 1 }), mutations: mutations(CSV_GRAMMAR) }),
  run: async ({ fixtures }, input: Input) => {
    let bytes = applyMutations(fixtures[input.fixture]!, input.mutations, CSV_GRAMMAR);
    // Text only: NUL bytes, invalid UTF-8 or a PDF/image signature would take the OCR path.
    bytes = Buffer.from(bytes.toString('utf8').replaceAll('\u0000', ''), 'utf8');
    const head = bytes.subarray(0, 16).toString('latin1');
    if (BINARY_HEADS.some((h) => head.startsWith(h)) || head.slice(4, 8) === 'ftyp' || bytes.subarray(0, 64).toString('utf8').trimStart().startsWith('{')) bytes = Buffer.concat([Buffer.from('Report\n'), bytes]);
    let draft;
    try {
      draft = await parseDocument(bytes, { dictionary: [], model: null });
    } catch (error) {
      if (!(error instanceof UnrecognisedReportError)) throw error;
      if (!LAB_RULE.test(error.message)) throw new FuzzViolation('unnamedRejection', error.message.slice(0, 300));
      return 'rejected';
    }
    for (const item of draft.items) {
      if (item.type !== 'lab_result') continue;
      const lab = item as LabResult;
      if (!lab.printedName?.trim()) throw new FuzzViolation('unaccounted', `a lab result without a printed name: ${JSON.stringify(lab).slice(0, 200)}`);
      const value = (lab as unknown as { value?: unknown }).value;
      if (typeof value === 'number' && !Number.isFinite(value)) throw new FuzzViolation('unaccounted', `${lab.printedName}: value ${value}`);
    }
    for (const line of draft.unreadLines ?? []) {
      if (!(line as { reason?: string }).reason) throw new FuzzViolation('unaccounted', `an unread line without a reason: ${JSON.stringify(line).slice(0, 200)}`);
    }
    return 'imported';
  },
});
