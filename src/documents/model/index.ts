// Optional model-based extraction, for report layouts the rule-based parsers do not cover: the
// report's rows go to an OpenAI-compatible chat-completions endpoint (endpoint.ts says which URL),
// the JSON answer is validated (answer.ts) and becomes the items of a ParsedReport (items.ts) with
// extractor 'model'. Lab items come back unmatched (biomarkerId null): the dictionary mapping runs
// afterwards, as for the rules' items. Nothing is ever sent unless DOCUMENT_EXTRACTOR_URL is set.
import type { Config } from '../../config';
import type { ParsedReport, ReportKind } from '../draft';
import type { TextLine } from '../types';
import { readAnswer } from './answer';
import { chatCompletion, type EndpointConfig } from './endpoint';
import { answerHeader, answerItems } from './items';
import { chatMessages, reportText } from './prompt';

export { ExtractorError } from './answer';
export { MAX_MODEL_CONFIDENCE } from './items';
export { chatCompletionsUrl } from './endpoint';

export interface ModelExtractorConfig extends EndpointConfig {
  /** Characters of report text sent (whole rows); 48,000 (about 12k tokens) by default. */
  maxTextChars?: number;
}

export interface ModelInput {
  lines: TextLine[];
  /** The kind when known (the user said, or the rules recognised it); null: the model decides. */
  kind: ReportKind | null;
}

const DEFAULT_MAX_TEXT_CHARS = 48_000;

/** The family recorded for drafts the model read. */
export const MODEL_FAMILY = 'model';

export async function extractWithModel(input: ModelInput, config: ModelExtractorConfig): Promise<ParsedReport> {
  const text = reportText(input.lines, config.maxTextChars ?? DEFAULT_MAX_TEXT_CHARS);
  const warnings: string[] = [];
  if (text.sentLines < text.totalLines) warnings.push(`extractor: sent the first ${text.sentLines} of ${text.totalLines} rows (text capped at ${config.maxTextChars ?? DEFAULT_MAX_TEXT_CHARS} characters)`);
  const content = await chatCompletion(config, chatMessages(text.text, input.kind));
  const answer = readAnswer(content, input.kind);
  const header = answerHeader(answer.header, warnings);
  const { items, notFound } = answerItems(answer, input.lines);
  if (notFound > 0) warnings.push(`extractor: ${notFound} of ${items.length} items were not found on the page`);
  return { kind: answer.kind, family: MODEL_FAMILY, header, items, unreadLines: [], warnings };
}

/**
 * The extractor's settings for extractWithModel (and parseDocument's `model` option), or null when
 * DOCUMENT_EXTRACTOR_URL is unset: the default, and then nothing is sent anywhere.
 */
export function modelExtractorFromConfig(
  config: Pick<Config, 'DOCUMENT_EXTRACTOR_URL' | 'DOCUMENT_EXTRACTOR_MODEL' | 'DOCUMENT_EXTRACTOR_API_KEY' | 'DOCUMENT_EXTRACTOR_TIMEOUT_MS'>,
): ModelExtractorConfig | null {
  if (!config.DOCUMENT_EXTRACTOR_URL) return null;
  return {
    url: config.DOCUMENT_EXTRACTOR_URL,
    model: config.DOCUMENT_EXTRACTOR_MODEL,
    ...(config.DOCUMENT_EXTRACTOR_API_KEY ? { apiKey: config.DOCUMENT_EXTRACTOR_API_KEY } : {}),
    timeoutMs: config.DOCUMENT_EXTRACTOR_TIMEOUT_MS,
  };
}
