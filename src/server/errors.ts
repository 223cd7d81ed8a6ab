import { createHash, randomUUID } from 'node:crypto';
import { isSafeError } from 'postgraphile/grafast';
import { GraphQLError, type ValidationContext, type ValidationRule } from 'postgraphile/graphql';
import { ConstraintCatalog } from './constraintCatalog';
import type { Logger } from './logger';
import { describePgError, isPgError, type ClientError } from './pgErrors';

export { ConstraintCatalog, loadConstraintCatalog } from './constraintCatalog';
export { describePgError, fieldName, type ClientError, type ErrorCode } from './pgErrors';

/**
 * Every error that leaves the GraphQL endpoint goes through maskError (grafserv), and this is the
 * one place that decides what the client sees:
 *
 * - a database error we understand (CHECK, UNIQUE, FK, NOT NULL, RLS / permission, our own
 *   RAISEs, statement timeout) becomes a plain-words message naming the GraphQL field and the
 *   rule, with a stable `extensions.code` and, when known, `extensions.field`;
 * - GraphQL's own errors (syntax, validation, variable coercion) pass through, with a code;
 * - anything else reaches the client only as an opaque error id, and is logged (with the detail)
 *   through pino.
 *
 * SQL text, constraint and relation names, and stack traces never reach the client.
 */

type MaskErrorFn = NonNullable<GraphileConfig.GrafservOptions['maskError']>;

function withExtensions(error: GraphQLError, message: string, extensions: Record<string, unknown>): GraphQLError {
  return new GraphQLError(message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
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
  return /^Variable "\$(\w+)"/.exec(message)?.[1] ?? /Argument "(\w+)"/.exec(message)?.[1] ?? /[Ff]ield "(?:\w+\.)?(\w+)"/.exec(message)?.[1];
}

function isTimeoutSafeError(error: Error & { extensions?: Record<PropertyKey, unknown> }): boolean {
  const ext = error.extensions;
  if (ext && Object.getOwnPropertySymbols(ext).some((s) => s.description?.includes('timeout') && ext[s] != null)) return true;
  return /timeout exceeded|too long to plan/i.test(error.message);
}

const INPUT_ERROR = /got invalid value|Expected value of type|Expected type|does not exist in .* enum|cannot represent|of required type .* was not provided|is not defined by type/i;

/**
 * A code for GraphQL's own errors (which come without one): bad input values (an unknown enum
 * value, a wrong type, a missing required argument) -> BAD_USER_INPUT naming the field; other
 * document errors (syntax, unknown fields) -> GRAPHQL_VALIDATION_FAILED. Errors that already have
 * a code (ours: limits, introspection) are left alone.
 */
export function withGraphQLCode(error: GraphQLError): GraphQLError {
  const original = error.originalError as GraphQLError | undefined;
  const existing = (original?.extensions ?? error.extensions) as Record<string, unknown> | undefined;
  if (existing?.code) return error.extensions?.code ? error : withExtensions(error, error.message, { ...existing });
  if (INPUT_ERROR.test(error.message)) {
    // A literal in the document: the field is the name before the value ("source: GARMINX").
    const position = error.positions?.[0];
    const literalField = error.source && position !== undefined ? /(\w+)\s*:\s*$/.exec(error.source.body.slice(0, position))?.[1] : undefined;
    const field = coercionField(error.message) ?? literalField;
    return withExtensions(error, error.message, field ? { code: 'BAD_USER_INPUT', field } : { code: 'BAD_USER_INPUT' });
  }
  // Before execution (no path): the document itself is wrong.
  if (!error.path) return withExtensions(error, error.message, { code: 'GRAPHQL_VALIDATION_FAILED' });
  return error;
}

/**
 * grafserv returns validation errors without passing them through maskError: wrap every
 * validation rule so what it reports gets its code (withGraphQLCode).
 */
export const GraphQLErrorCodesPlugin: GraphileConfig.Plugin = {
  name: 'VitalisGraphQLErrorCodesPlugin',
  version: '1.0.0',
  after: ['VitalisLimitsPlugin'],
  grafserv: {
    middleware: {
      setPreset(next, event) {
        const wrapped = event.validationRules.map(
          (rule): ValidationRule =>
            (context) => {
              const coded = Object.create(context) as ValidationContext;
              coded.reportError = (error: GraphQLError) => context.reportError(withGraphQLCode(error));
              return rule(coded);
            },
        );
        event.validationRules.splice(0, event.validationRules.length, ...wrapped);
        return next();
      },
    },
  },
};

export function makeMaskError(logger: Logger, catalog: ConstraintCatalog = new ConstraintCatalog()): MaskErrorFn {
  return (error: GraphQLError) => {
    const original = error.originalError as (Error & { extensions?: Record<string, unknown> }) | undefined;

    // GraphQL's own errors: syntax, validation, variable coercion (e.g. an unknown enum value),
    // and errors we raised ourselves already carrying a code.
    if (!original || original instanceof GraphQLError) return withGraphQLCode(error);

    if (isSafeError(original)) {
      if (isTimeoutSafeError(original)) {
        return withExtensions(error, 'The request took too long and was cancelled; ask for less data at a time', { code: 'TIMEOUT' });
      }
      const extensions = { ...(original.extensions ?? {}) } as Record<string, unknown>;
      return withExtensions(error, original.message, extensions);
    }

    const pgError: unknown = original;
    if (isPgError(pgError)) {
      const described = describePgError(pgError, catalog);
      if (described) {
        logger.info(
          { path: error.path, pgCode: pgError.code, constraint: pgError.constraint, table: pgError.table, code: described.code },
          'rejected GraphQL request',
        );
        return withExtensions(error, described.message, clientExtensions(described));
      }
    }

    // @dataplan/pg: deleting a row the user cannot see (or that does not exist).
    if (/^No values were (deleted|updated) in collection/.test(original.message)) {
      return withExtensions(error, 'No matching record was found that you may change', { code: 'NOT_FOUND' });
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
