import { createHash, randomUUID } from 'node:crypto';
import { isSafeError } from 'postgraphile/grafast';
import { GraphQLError } from 'postgraphile/graphql';
import type { Logger } from './logger';

/**
 * grafserv's default error masking, but logged as one structured line through pino instead of a
 * multi-line console.error. GraphQL errors (validation, coercion) and SafeErrors pass through;
 * anything else (a database error, a bug) reaches the client only as an opaque id, so SQL,
 * constraint internals and stack traces never leave the server.
 */
type MaskErrorFn = NonNullable<GraphileConfig.GrafservOptions['maskError']>;

export function makeMaskError(logger: Logger): MaskErrorFn {
  return (error: GraphQLError) => {
    const original = error.originalError;
    if (!original || original instanceof GraphQLError) return error;
    if (isSafeError(original)) {
      return new GraphQLError(original.message, {
        nodes: error.nodes,
        source: error.source,
        positions: error.positions,
        path: error.path,
        originalError: original,
        extensions: original.extensions ?? null,
      });
    }
    const hash = createHash('sha1').update(String(error)).digest('hex').slice(0, 12);
    const errorId = randomUUID();
    const pg = original as { code?: unknown; constraint?: unknown; table?: unknown };
    logger.error(
      { errorId, hash, path: error.path, err: original, pgCode: pg.code, constraint: pg.constraint, table: pg.table },
      'masked GraphQL error',
    );
    return new GraphQLError(`An error occurred (id: ${errorId})`, {
      nodes: error.nodes,
      source: error.source,
      positions: error.positions,
      path: error.path,
      originalError: original,
      extensions: { errorId },
    });
  };
}
