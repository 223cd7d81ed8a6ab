// What is sent to the model: the rows of the report as text, each prefixed with its page and line
// ("p1 l12: Glucose  95  mg/dL  65-99"), whole rows only, up to a character cap; and a system
// prompt holding the JSON schema of the answer (answer.ts) for the report's kind.
import { z } from 'zod';
import { REPORT_KINDS, type ReportKind } from '../draft';
import type { TextLine } from '../types';
import { answerSchema, ITEM_TYPES } from './answer';

export interface ReportText {
  text: string;
  /** Rows sent; fewer than given when the cap was reached. */
  sentLines: number;
  totalLines: number;
}

/** The rows as text, in page and line order, stopping before the row that would pass maxChars. */
export function reportText(lines: TextLine[], maxChars: number): ReportText {
  const ordered = [...lines].sort((a, b) => a.page - b.page || a.line - b.line);
  const out: string[] = [];
  let size = 0;
  for (const line of ordered) {
    const row = `p${line.page} l${line.line}: ${line.text.replace(/[\r\n]+/g, ' ')}`;
    if (size + row.length + 1 > maxChars) break;
    out.push(row);
    size += row.length + 1;
  }
  return { text: out.join('\n'), sentLines: out.length, totalLines: ordered.length };
}

type JsonSchema = Record<string, unknown>;

/** Drops zod's defaults from the JSON schema: the model is told what to write, not what we fill in. */
function withoutDefaults(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutDefaults);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(Object.entries(node).filter(([k]) => k !== 'default' && k !== '$schema').map(([k, v]) => [k, withoutDefaults(v)]));
}

const fullSchema = withoutDefaults(z.toJSONSchema(answerSchema, { io: 'input' })) as JsonSchema;

/** The answer's JSON schema, narrowed to one kind's item types when the kind is known. */
export function answerJsonSchema(kind: ReportKind | null): JsonSchema {
  if (!kind) return fullSchema;
  const schema = structuredClone(fullSchema) as { properties: { kind: JsonSchema; items: { items: { oneOf: { properties: { type: { const: string } } }[] } } } };
  schema.properties.kind = { type: 'string', const: kind };
  const items = schema.properties.items.items;
  items.oneOf = items.oneOf.filter((option) => (ITEM_TYPES[kind] as string[]).includes(option.properties.type.const));
  return schema as unknown as JsonSchema;
}

const KIND_HINTS: Record<ReportKind, string> = {
  lab: 'a laboratory report: one lab_result item per test result row (for a result printed "<5.0": value 5, comparator "<", valueText "<5.0")',
  dexa: 'a DEXA body-composition or bone-density report: dexa_summary items for whole-body figures, dexa_region items per body region, bone_density items per BMD row',
  epigenetic: 'an epigenetic (DNA methylation) age report: epigenetic_summary items and organ_age items per organ system',
};

export function systemPrompt(kind: ReportKind | null): string {
  return [
    'You read medical reports and answer with one JSON object, nothing else.',
    kind ? `The report is ${KIND_HINTS[kind]}.` : `Decide the report's kind (${REPORT_KINDS.join(', ')}).`,
    'Each input row starts with its page and line ("p1 l12: ") followed by the row as printed; columns are separated by two spaces.',
    'Copy names, labels and numbers exactly as printed; never compute, convert or guess a value. Leave out rows that are not results. Use null for what the report does not print.',
    'Dates are YYYY-MM-DD.',
    'The answer must validate against this JSON schema:',
    JSON.stringify(answerJsonSchema(kind)),
  ].join('\n');
}

export interface ChatMessage {
  role: 'system' | 'user';
  content: string;
}

export function chatMessages(text: string, kind: ReportKind | null): ChatMessage[] {
  return [
    { role: 'system', content: systemPrompt(kind) },
    { role: 'user', content: `The report's text:\n${text}` },
  ];
}
