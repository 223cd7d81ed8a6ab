import { createHash } from 'node:crypto';
import { GraphQLError, Kind, Lexer, parse, Source, TokenKind, type DocumentNode } from 'postgraphile/graphql';
import type { Config } from '../config';
import { measureSelections } from './selectionMeasure';

/**
 * Limits on the GraphQL document itself, checked before graphql-js parses it for validation and
 * before grafast plans it: validation and planning are synchronous, and some of their work grows
 * faster than the document (fields that must be compared pairwise, fragments spread many times), so
 * a small hostile document could otherwise hold the event loop for minutes, or overflow the stack.
 *
 * Everything here is linear in the document: a lexical pass (bytes, tokens, nesting of selection
 * sets and of input values, refused before the recursive parser sees them), then one walk of the
 * parsed document in which each fragment is measured once and a spread costs a lookup. Variables
 * are measured too, since a deeply nested variable is coerced recursively like a literal.
 */
export type DocumentLimitsConfig = Pick<
  Config,
  'MAX_DOCUMENT_BYTES' | 'MAX_DOCUMENT_TOKENS' | 'MAX_DOCUMENT_DEPTH' | 'MAX_QUERY_FIELDS' | 'MAX_QUERY_ALIASES' | 'MAX_QUERY_FRAGMENTS'
>;

export type DocumentLimitCode = 'QUERY_TOO_LARGE' | 'QUERY_TOO_COMPLEX' | 'QUERY_TOO_DEEP';

export interface DocumentViolation {
  code: DocumentLimitCode;
  message: string;
  /** Which limit, what was measured and the allowed maximum, for clients and logs. */
  limit: keyof DocumentLimitsConfig;
  value: number;
  max: number;
}

/** What one document measures; fields and aliases count those reached through fragments, once per spread. */
export interface DocumentMeasure {
  bytes: number;
  tokens: number;
  selectionDepth: number;
  inputDepth: number;
  fields: number;
  aliases: number;
  fragments: number;
  spreads: number;
}

function violation(limit: keyof DocumentLimitsConfig, code: DocumentLimitCode, value: number, max: number, message: string): DocumentViolation {
  return { code, limit, value, max, message };
}

interface LexicalMeasure {
  tokens: number;
  selectionDepth: number;
  inputDepth: number;
}

/**
 * Counts tokens and the nesting of braces and brackets without building anything. A brace or
 * bracket opened inside parentheses (arguments, variable definitions, directive arguments) is an
 * input value; a brace outside them is a selection set. Stops at the first limit passed, so the
 * work is bounded by the limits, not by the document. A lexing error ends the count there: the
 * parser fails at the same place, having seen only what was counted.
 */
function measureLexically(source: Source, limits: DocumentLimitsConfig): { measure: LexicalMeasure; violation?: DocumentViolation } {
  const lexer = new Lexer(source);
  // What each open bracket is: 0 = parenthesis, 1 = selection set, 2 = input value.
  const stack: number[] = [];
  let parens = 0;
  let selection = 0;
  let input = 0;
  const measure: LexicalMeasure = { tokens: 0, selectionDepth: 0, inputDepth: 0 };
  try {
    for (let token = lexer.advance(); token.kind !== TokenKind.EOF; token = lexer.advance()) {
      measure.tokens++;
      if (measure.tokens > limits.MAX_DOCUMENT_TOKENS) {
        return { measure, violation: tooManyTokens(measure.tokens, limits) };
      }
      switch (token.kind) {
        case TokenKind.PAREN_L:
          stack.push(0);
          parens++;
          break;
        case TokenKind.BRACE_L:
        case TokenKind.BRACKET_L:
          if (parens > 0 || token.kind === TokenKind.BRACKET_L) {
            stack.push(2);
            input++;
            if (input > measure.inputDepth) measure.inputDepth = input;
            if (input > limits.MAX_DOCUMENT_DEPTH) return { measure, violation: inputTooDeep(input, limits) };
          } else {
            stack.push(1);
            selection++;
            if (selection > measure.selectionDepth) measure.selectionDepth = selection;
            if (selection > limits.MAX_DOCUMENT_DEPTH) return { measure, violation: selectionsTooDeep(selection, limits) };
          }
          break;
        case TokenKind.PAREN_R:
        case TokenKind.BRACE_R:
        case TokenKind.BRACKET_R: {
          const kind = stack.pop();
          if (kind === 0) parens--;
          else if (kind === 1) selection--;
          else if (kind === 2) input--;
          break;
        }
        default:
          break;
      }
    }
  } catch {
    // A syntax error: left to the parser, which reports it properly.
  }
  return { measure };
}

const tooManyTokens = (tokens: number, limits: DocumentLimitsConfig) =>
  violation('MAX_DOCUMENT_TOKENS', 'QUERY_TOO_LARGE', tokens, limits.MAX_DOCUMENT_TOKENS, `The document has more than ${limits.MAX_DOCUMENT_TOKENS} tokens, the most allowed`);

// Deep input is QUERY_TOO_COMPLEX (the value cannot be read), deep selections QUERY_TOO_DEEP.
const inputTooDeep = (depth: number, limits: DocumentLimitsConfig) =>
  violation('MAX_DOCUMENT_DEPTH', 'QUERY_TOO_COMPLEX', depth, limits.MAX_DOCUMENT_DEPTH, `Input values are nested more than ${limits.MAX_DOCUMENT_DEPTH} levels deep, the most allowed`);

const selectionsTooDeep = (depth: number, limits: DocumentLimitsConfig, how = '') =>
  violation('MAX_DOCUMENT_DEPTH', 'QUERY_TOO_DEEP', depth, limits.MAX_DOCUMENT_DEPTH, `Selection sets are nested more than ${limits.MAX_DOCUMENT_DEPTH} levels deep${how}, the most allowed`);

/**
 * How deeply a variables object nests (objects and arrays; each variable's value starts at 1),
 * walked without recursion and given up once past `max`.
 */
export function variablesDepth(variables: unknown, max: number): number {
  if (variables === null || typeof variables !== 'object') return 0;
  let deepest = 0;
  const stack: Array<[unknown, number]> = Object.values(variables as Record<string, unknown>).map((v) => [v, 1]);
  while (stack.length) {
    const [value, depth] = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth > deepest) deepest = depth;
    if (deepest > max) return deepest;
    for (const child of Array.isArray(value) ? value : Object.values(value as Record<string, unknown>)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return deepest;
}

/**
 * Measures `query` against the limits and returns the first one it passes, or undefined. The
 * document is parsed here only once the lexical limits hold, with graphql's own token cap as well.
 */
export function checkDocument(query: string, limits: DocumentLimitsConfig): { violation?: DocumentViolation; measure?: DocumentMeasure; visits?: number } {
  const bytes = Buffer.byteLength(query, 'utf8');
  if (bytes > limits.MAX_DOCUMENT_BYTES) {
    return {
      violation: violation('MAX_DOCUMENT_BYTES', 'QUERY_TOO_LARGE', bytes, limits.MAX_DOCUMENT_BYTES, `The document is ${bytes} bytes long; at most ${limits.MAX_DOCUMENT_BYTES} are allowed`),
    };
  }
  const source = new Source(query, 'GraphQL request');
  const lexical = measureLexically(source, limits);
  if (lexical.violation) return { violation: lexical.violation };
  let document: DocumentNode;
  try {
    document = parse(source, { maxTokens: limits.MAX_DOCUMENT_TOKENS, noLocation: true });
  } catch (error) {
    // graphql's token cap (belt and braces: the lexical count above already holds it).
    if (error instanceof GraphQLError && /tokens/.test(error.message) && lexical.measure.tokens >= limits.MAX_DOCUMENT_TOKENS) {
      return { violation: tooManyTokens(lexical.measure.tokens, limits) };
    }
    // Syntax errors are reported by the GraphQL server's own parse, with their location.
    return {};
  }
  // Fragment definitions first: measuring walks chains of them.
  const definitions = document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION).length;
  if (definitions > limits.MAX_QUERY_FRAGMENTS) {
    return {
      violation: violation('MAX_QUERY_FRAGMENTS', 'QUERY_TOO_COMPLEX', definitions, limits.MAX_QUERY_FRAGMENTS, `The document defines ${definitions} fragments; at most ${limits.MAX_QUERY_FRAGMENTS} are allowed`),
    };
  }
  const s = measureSelections(document, limits.MAX_DOCUMENT_DEPTH);
  const measure: DocumentMeasure = {
    bytes,
    tokens: lexical.measure.tokens,
    selectionDepth: s.depth,
    inputDepth: lexical.measure.inputDepth,
    fields: s.fields,
    aliases: s.aliases,
    fragments: s.fragments,
    spreads: s.spreads,
  };
  const max = limits;
  let found: DocumentViolation | undefined;
  if (s.depth > max.MAX_DOCUMENT_DEPTH) {
    found = selectionsTooDeep(s.depth, max, ' (fragments included)');
  } else if (s.spreads > max.MAX_QUERY_FRAGMENTS) {
    found = violation('MAX_QUERY_FRAGMENTS', 'QUERY_TOO_COMPLEX', s.spreads, max.MAX_QUERY_FRAGMENTS, `The document has ${s.spreads} fragment spreads; at most ${max.MAX_QUERY_FRAGMENTS} are allowed`);
  } else if (s.fields > max.MAX_QUERY_FIELDS) {
    found = violation('MAX_QUERY_FIELDS', 'QUERY_TOO_COMPLEX', s.fields, max.MAX_QUERY_FIELDS, `The query selects ${s.fields} fields (fragments expanded); at most ${max.MAX_QUERY_FIELDS} are allowed`);
  } else if (s.aliases > max.MAX_QUERY_ALIASES) {
    found = violation('MAX_QUERY_ALIASES', 'QUERY_TOO_COMPLEX', s.aliases, max.MAX_QUERY_ALIASES, `The query uses ${s.aliases} aliases (fragments expanded); at most ${max.MAX_QUERY_ALIASES} are allowed`);
  }
  return { violation: found, measure, visits: s.visits };
}

/**
 * checkDocument with a small cache of verdicts by document text (clients send the same few
 * documents over and over; so does an attacker), plus the variables' depth, which changes per request.
 */
export function makeDocumentChecker(limits: DocumentLimitsConfig, cacheSize = 500): (query: string, variables: unknown) => DocumentViolation | undefined {
  const cache = new Map<string, DocumentViolation | null>();
  return (query, variables) => {
    // Longer in characters than the limit in bytes: refused at once, neither hashed nor cached.
    if (query.length > limits.MAX_DOCUMENT_BYTES) return checkDocument(query, limits).violation;
    const key = query.length > 300 ? createHash('sha1').update(query).digest('base64') : query;
    let verdict = cache.get(key);
    if (verdict === undefined) {
      verdict = checkDocument(query, limits).violation ?? null;
      if (cache.size >= cacheSize) cache.delete(cache.keys().next().value as string);
      cache.set(key, verdict);
    }
    if (verdict) return verdict;
    const depth = variablesDepth(variables, limits.MAX_DOCUMENT_DEPTH);
    if (depth > limits.MAX_DOCUMENT_DEPTH) {
      return violation('MAX_DOCUMENT_DEPTH', 'QUERY_TOO_COMPLEX', depth, limits.MAX_DOCUMENT_DEPTH, `Variables are nested more than ${limits.MAX_DOCUMENT_DEPTH} levels deep, the most allowed`);
    }
    return undefined;
  };
}
