import { createHash, randomUUID } from 'node:crypto';
import type { Result } from 'postgraphile/grafserv';
import { isPromiseLike, isSafeError } from 'postgraphile/grafast';
import {
  GraphQLError,
  ProvidedRequiredArgumentsRule,
  ValuesOfCorrectTypeRule,
  type ASTNode,
  type ValidationContext,
  type ValidationRule,
} from 'postgraphile/graphql';
import { ConstraintCatalog } from './constraintCatalog';
import { inputFieldOf, noteInputFields } from './inputField';
import type { Logger } from '../http/logger';
import { DATABASE_RETRY_AFTER_SECONDS, DATABASE_UNAVAILABLE_MESSAGE, describePgError, isDatabaseUnavailable, isPgError, type ClientError } from './pgErrors';
import { codeWireErrors, withoutSuggestions, type WireError } from './requestErrors';

export { ConstraintCatalog, loadConstraintCatalog } from './constraintCatalog';
export { describePgError, fieldName, type ClientError } from './pgErrors';
export { ERROR_CODES, type ErrorCode } from '../http/errorCodes';

/**
 * The error contract of the GraphQL endpoint: every error carries a stable `extensions.code`
 * (src/http/errorCodes.ts) and, for input errors, `extensions.field` (the GraphQL argument or
 * input field, or the part of the request). Three places make it hold:
 *
 * - maskError (grafserv; every error of an operation that ran): a database error we understand
 *   (CHECK, UNIQUE, FK, NOT NULL, RLS / permission, our own RAISEs, statement timeout) becomes a
 *   plain-words message naming the field and the rule; GraphQL's own errors (variable coercion)
 *   get a code; anything else reaches the client only as an opaque error id, and is logged (with
 *   the detail) through pino;
 * - the validation rules, wrapped so what they report gets a code (grafserv returns validation
 *   errors without maskError);
 * - grafserv's processRequest: what grafserv answers by itself (method, media type, size,
 *   unreadable body, syntax errors) gets a code there (requestErrors.ts).
 *
 * The database unreachable (down, restarting, connections refused or cut: pgErrors.ts
 * isDatabaseUnavailable) is SERVICE_UNAVAILABLE, and the whole answer HTTP 503 with Retry-After
 * (whatever data it has), never a 200 with an opaque error id: the client retries the operation.
 *
 * SQL text, constraint, relation and function names, and stack traces never reach the client;
 * with introspection off, neither do GraphQL's "Did you mean ..." hints, which name schema members.
 */

export interface ErrorContractOptions {
  /** Keep GraphQL's "Did you mean ..." hints (only when introspection is on). */
  suggestions: boolean;
}

type MaskErrorFn = NonNullable<GraphileConfig.GrafservOptions['maskError']>;

function withExtensions(error: GraphQLError, message: string, extensions: Record<string, unknown>, nodes?: ReadonlyArray<ASTNode>): GraphQLError {
  return new GraphQLError(message, {
    nodes: nodes ?? error.nodes,
    source: nodes ? undefined : error.source,
    positions: nodes ? undefined : error.positions,
    path: error.path,
    originalError: error.originalError,
    extensions,
  });
}

function clientExtensions(described: ClientError): Record<string, unknown> {
  const extensions: Record<string, unknown> = { code: described.code };
  if (described.field) extensions.field = described.field;
  if (described.fields) extensions.fields = described.fields;
  return extensions;
}

/** 'Variable "$i" got invalid value ... at "i.wearableDaily.source"; ...' -> "source" */
function coercionField(message: string): string | undefined {
  const at = /at "([^"]+)"/.exec(message)?.[1];
  if (at) return at.split('.').pop()?.replace(/\[\d+\]$/, '');
  return (
    /^Variable "\$(\w+)"/.exec(message)?.[1] ??
    /[Aa]rgument "(?:\w+\.)?(\w+)"/.exec(message)?.[1] ??
    /[Ff]ield "(?:\w+\.)?(\w+)"/.exec(message)?.[1]
  );
}

/** The name before a literal in the document ("source: GARMINX" -> source). */
function literalField(error: GraphQLError): string | undefined {
  const position = error.positions?.[0];
  const body = error.source?.body ?? error.nodes?.[0]?.loc?.source.body;
  const start = position ?? error.nodes?.[0]?.loc?.start;
  if (!body || start === undefined) return undefined;
  return /(\w+)\s*:\s*$/.exec(body.slice(0, start))?.[1];
}

function isTimeoutSafeError(error: Error & { extensions?: Record<PropertyKey, unknown> }): boolean {
  const ext = error.extensions;
  if (ext && Object.getOwnPropertySymbols(ext).some((s) => s.description?.includes('timeout') && ext[s] != null)) return true;
  return /timeout exceeded|too long to plan/i.test(error.message);
}

const INPUT_ERROR =
  /got invalid value|Expected value of type|Expected type|does not exist in .* enum|cannot represent|of required type .* was not provided|is not defined by type|is required, but it was not provided/i;

/** Document errors that are about a name the client sent: which one. */
function documentField(message: string): string | undefined {
  if (/^Unknown operation named|^Must provide operation name|^Must provide an operation/.test(message)) return 'operationName';
  return /^(?:Cannot query field|Unknown argument|Unknown type|Unknown fragment|Unknown directive|Unknown variable|Variable) "\$?(\w+)"/.exec(message)?.[1];
}

/**
 * A code for GraphQL's own errors (which come without one): bad input values (an unknown enum
 * value, a wrong type, a missing required argument) -> BAD_USER_INPUT naming the field; a syntax
 * error -> GRAPHQL_PARSE_FAILED; other document errors (unknown fields, operations) ->
 * GRAPHQL_VALIDATION_FAILED. Errors that already have a code (ours: limits, introspection) keep
 * it. `input`: the error came from a rule about input values (its message may not say so).
 */
export function withGraphQLCode(error: GraphQLError, options: ErrorContractOptions & { input?: boolean } = { suggestions: true }): GraphQLError {
  const message = options.suggestions ? error.message : withoutSuggestions(error.message);
  const original = error.originalError as GraphQLError | undefined;
  const existing = (original?.extensions ?? error.extensions) as Record<string, unknown> | undefined;
  if (existing?.code) return error.extensions?.code && message === error.message ? error : withExtensions(error, message, { ...existing });
  if (options.input || INPUT_ERROR.test(message)) {
    const field = coercionField(message) ?? literalField(error);
    // A scalar's own complaint ("Invalid UUID, ...") does not say which value it is about.
    const named = field && !message.includes(field) ? `${field}: ${message}` : message;
    return withExtensions(error, named, field ? { code: 'BAD_USER_INPUT', field } : { code: 'BAD_USER_INPUT' });
  }
  if (/^Syntax Error:/.test(message)) return withExtensions(error, message, { code: 'GRAPHQL_PARSE_FAILED' });
  // Before execution (no path): the document itself is wrong.
  if (!error.path) {
    const field = documentField(message);
    return withExtensions(error, message, field ? { code: 'GRAPHQL_VALIDATION_FAILED', field } : { code: 'GRAPHQL_VALIDATION_FAILED' });
  }
  return message === error.message ? error : withExtensions(error, message, { ...(error.extensions ?? {}) });
}

const INPUT_RULES = new Set<ValidationRule>([ValuesOfCorrectTypeRule, ProvidedRequiredArgumentsRule]);

type Visitor = Record<string, unknown>;

/** The rule's visitor, noting the node each callback is called with (errors without nodes get it). */
function tracking(visitor: Visitor, onNode: (node: ASTNode) => void): Visitor {
  const wrap = (fn: unknown) =>
    typeof fn === 'function'
      ? function (this: unknown, node: ASTNode, ...rest: unknown[]) {
          onNode(node);
          return (fn as (...args: unknown[]) => unknown).call(this, node, ...rest);
        }
      : fn;
  const out: Visitor = {};
  for (const [key, value] of Object.entries(visitor)) {
    out[key] = value && typeof value === 'object' ? { ...(value as Visitor), enter: wrap((value as Visitor).enter), leave: wrap((value as Visitor).leave) } : wrap(value);
  }
  return out;
}

/** Every validation rule, wrapped so what it reports gets its code (withGraphQLCode). */
function codedRules(rules: ValidationRule[], options: ErrorContractOptions): ValidationRule[] {
  return rules.map(
    (rule): ValidationRule =>
      (context) => {
        let current: ASTNode | undefined;
        const coded = Object.create(context) as ValidationContext;
        coded.reportError = (error: GraphQLError) => {
          // A scalar that throws while a literal is checked reports an error without nodes.
          const located = !error.nodes?.length && current?.loc ? withExtensions(error, error.message, { ...error.extensions }, [current]) : error;
          context.reportError(withGraphQLCode(located, { ...options, input: INPUT_RULES.has(rule) }));
        };
        return tracking(rule(coded) as Visitor, (node) => (current = node)) as ReturnType<ValidationRule>;
      },
  );
}

const UNAVAILABLE_MARK = '"SERVICE_UNAVAILABLE"';

function hasUnavailableError(errors: WireError[]): boolean {
  return errors.some((error) => error.extensions?.code === 'SERVICE_UNAVAILABLE');
}

/** The answer while the database is unreachable: 503, Retry-After, one SERVICE_UNAVAILABLE error. */
function databaseUnavailable(jsonBody: (status: number, errors: WireError[], headers: Record<string, string>) => Result, headers: Record<string, string>): Result {
  return jsonBody(503, [{ message: DATABASE_UNAVAILABLE_MESSAGE, extensions: { code: 'SERVICE_UNAVAILABLE' } }], {
    ...headers,
    'retry-after': String(DATABASE_RETRY_AFTER_SECONDS),
  });
}

/** A grafserv Result with every error coded (see requestErrors.ts). */
function codedResult(result: Result, options: ErrorContractOptions & { maxBodyBytes: number }): Result {
  const jsonBody = (status: number, errors: WireError[], headers: Record<string, string>): Result => {
    const buffer = Buffer.from(JSON.stringify({ errors }), 'utf8');
    return {
      type: 'buffer',
      statusCode: status,
      headers: { ...headers, 'content-type': 'application/json; charset=utf-8', 'content-length': String(buffer.length), ...(status === 405 ? { allow: 'POST' } : {}) },
      buffer,
    };
  };
  if (result.type === 'error') {
    if (isDatabaseUnavailable(result.error)) return databaseUnavailable(jsonBody, result.headers);
    const status = result.statusCode >= 400 ? result.statusCode : 500;
    const message = isSafeError(result.error) ? result.error.message : 'An unexpected error occurred';
    const coded = codeWireErrors([{ message }], status, options);
    return jsonBody(coded.status, coded.errors, result.headers);
  }
  if (result.type !== 'buffer' && result.type !== 'json') return result;
  if (!/json/i.test(result.headers['content-type'] ?? '')) return result;
  let payload: { errors?: WireError[] } & Record<string, unknown>;
  if (result.type === 'buffer') {
    // Only answers made of errors: those with data went through maskError, and stay untouched,
    // unless maskError found the database unreachable (a byte search first: no parse otherwise).
    if (result.statusCode < 400 && !result.buffer.subarray(0, 16).toString('utf8').startsWith('{"errors"') && !result.buffer.includes(UNAVAILABLE_MARK)) return result;
    try {
      payload = JSON.parse(result.buffer.toString('utf8')) as typeof payload;
    } catch {
      return result;
    }
  } else {
    payload = result.json as typeof payload;
  }
  if (!Array.isArray(payload?.errors)) return result;
  const coded = codeWireErrors(payload.errors, result.statusCode, options);
  const buffer = Buffer.from(JSON.stringify({ ...payload, errors: coded.errors }), 'utf8');
  const headers: Record<string, string> = { ...result.headers, 'content-length': String(buffer.length) };
  if (coded.status === 405) headers.allow = 'POST';
  if (hasUnavailableError(coded.errors)) return { type: 'buffer', statusCode: 503, headers: { ...headers, 'retry-after': String(DATABASE_RETRY_AFTER_SECONDS) }, buffer };
  return { type: 'buffer', statusCode: coded.status, headers, buffer };
}

/**
 * The graphile-config plugin that makes the contract hold outside maskError: coded validation
 * rules, the input field of data exceptions (grafast execute), and grafserv's own answers.
 */
export function makeErrorContractPlugin(options: ErrorContractOptions): GraphileConfig.Plugin {
  return {
    name: 'VitalisErrorContractPlugin',
    version: '1.0.0',
    description: 'Every GraphQL error carries extensions.code (and field for input errors)',
    after: ['VitalisLimitsPlugin'],
    grafast: {
      middleware: {
        execute(next, event) {
          const result = next();
          if (isPromiseLike(result)) return Promise.resolve(result).then((r) => (noteInputFields(r, event.args), r));
          noteInputFields(result, event.args);
          return result;
        },
      },
    },
    grafserv: {
      middleware: {
        setPreset(next, event) {
          event.validationRules.splice(0, event.validationRules.length, ...codedRules(event.validationRules, options));
          return next();
        },
        async processRequest(next, event) {
          const result = await next();
          const maxBodyBytes = event.resolvedPreset.grafserv?.maxRequestLength ?? 100_000;
          return result ? codedResult(result, { ...options, maxBodyBytes }) : result;
        },
      },
    },
  };
}

export function makeMaskError(logger: Logger, catalog: ConstraintCatalog = new ConstraintCatalog(), options: ErrorContractOptions = { suggestions: true }): MaskErrorFn {
  return (error: GraphQLError) => {
    const original = error.originalError as (Error & { extensions?: Record<string, unknown> }) | undefined;

    // GraphQL's own errors: syntax, validation, variable coercion (e.g. an unknown enum value),
    // and errors we raised ourselves already carrying a code.
    if (!original || original instanceof GraphQLError) return withGraphQLCode(error, options);

    // @dataplan/pg: deleting a row the user cannot see (or that does not exist).
    if (/^No values were (deleted|updated) in collection/.test(original.message)) {
      return withExtensions(error, 'No matching record was found that you may change', { code: 'NOT_FOUND' });
    }

    // The database is down or restarting: the client should retry (HTTP 503, see codedResult).
    if (isDatabaseUnavailable(original)) {
      logger.warn({ path: error.path, err: original }, 'database unavailable during a GraphQL request');
      return withExtensions(error, DATABASE_UNAVAILABLE_MESSAGE, { code: 'SERVICE_UNAVAILABLE' });
    }

    const hintedField = inputFieldOf.get(original);
    if (isSafeError(original)) {
      if (isTimeoutSafeError(original)) {
        return withExtensions(error, 'The request took too long and was cancelled; ask for less data at a time', { code: 'TIMEOUT' });
      }
      if (/^Invalid cursor/.test(original.message)) {
        const field = hintedField ?? 'after';
        return withExtensions(error, `${field}: not a cursor from a previous answer (use pageInfo.endCursor or an edge's cursor, or null)`, { code: 'BAD_USER_INPUT', field });
      }
      const extensions = { ...(original.extensions ?? {}) } as Record<string, unknown>;
      if (!extensions.code) extensions.code = 'BAD_USER_INPUT';
      return withExtensions(error, original.message, extensions);
    }

    const pgError: unknown = original;
    if (isPgError(pgError)) {
      const described = describePgError(pgError, catalog, hintedField);
      if (described) {
        logger.info(
          { path: error.path, pgCode: pgError.code, constraint: pgError.constraint, table: pgError.table, code: described.code },
          'rejected GraphQL request',
        );
        return withExtensions(error, described.message, clientExtensions(described));
      }
    }

    const hash = createHash('sha1').update(String(error)).digest('hex').slice(0, 12);
    const errorId = randomUUID();
    const pg = original as { code?: unknown; constraint?: unknown; table?: unknown };
    logger.error(
      { errorId, hash, path: error.path, err: original, pgCode: pg.code, constraint: pg.constraint, table: pg.table },
      'masked GraphQL error',
    );
    return withExtensions(error, `An error occurred (id: ${errorId})`, { code: 'INTERNAL_SERVER_ERROR', errorId });
  };
}
