import type { IncomingMessage } from 'node:http';
import { getOperationAST, OperationTypeNode, type DocumentNode } from 'postgraphile/graphql';
import type { Pool } from 'pg';
import { PgAggregatesPreset } from '@graphile/pg-aggregates';
import { PgSimplifyInflectionPreset } from '@graphile/simplify-inflection';
import { PostGraphileConnectionFilterPreset } from 'postgraphile-plugin-connection-filter';
import { makePgService, type PgSubscriber } from 'postgraphile/adaptors/pg';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';
import { ApiSurfacePlugin } from '../../plugins/ApiSurfacePlugin';
import { DateAggregatesPlugin } from '../../plugins/DateAggregatesPlugin';
import { DistributionKeyPlugin } from '../../plugins/DistributionKeyPlugin';
import { InputBoundsPlugin } from '../../plugins/InputBoundsPlugin';
import { UpdateNotFoundPlugin } from '../../plugins/UpdateNotFoundPlugin';
import { KeysetPaginationPlugin } from '../../plugins/KeysetPaginationPlugin';
import { OwnRowsListPlugin } from '../../plugins/OwnRowsListPlugin';
import type { Config } from '../config';
import { ConstraintCatalog, makeErrorContractPlugin, makeMaskError } from './errors';
import { makeLimitsPlugin } from './limits';
import type { Logger } from '../http/logger';
import { getRequestState, type RequestState } from '../http/requestState';
import { trustedDocumentsPreset } from './trustedDocuments';
import { makeUploadsPlugin, type UploadsOptions } from './uploadsPlugin';
import { makeAccountDeletionPlugin } from './accountDeletionPlugin';
import { makeProfileSharePlugin } from './profileSharePlugin';
import { getAuthentication, type Sessions } from '../http/jwt';
import { makeGoalAlertSubscriptionPlugin } from './goalAlertSubscriptionPlugin';
import { getLiveConnection } from './liveSocket';
import type { AccountDeletionConfig } from '../auth/accountDeletion';

export const GRAPHQL_PATH = '/graphql';
export const GRAPHIQL_PATH = '/graphiql';

type PresetConfig = Pick<
  Config,
  | 'STATEMENT_TIMEOUT_MS'
  | 'ENABLE_GRAPHIQL'
  | 'MAX_QUERY_DEPTH'
  | 'MAX_QUERY_COST'
  | 'MAX_PAGE_SIZE'
  | 'MAX_DOCUMENT_BYTES'
  | 'MAX_DOCUMENT_TOKENS'
  | 'MAX_DOCUMENT_DEPTH'
  | 'MAX_QUERY_FIELDS'
  | 'MAX_QUERY_ALIASES'
  | 'MAX_QUERY_FRAGMENTS'
  | 'GRAPHQL_PLANNING_TIMEOUT_MS'
  | 'GRAPHQL_EXECUTION_TIMEOUT_MS'
  | 'TRUSTED_DOCUMENTS_DIR'
> &
  AccountDeletionConfig;

/**
 * The transaction-local settings for one request (PostGraphile applies them with
 * set_config(name, value, true) inside the request's transaction). Only the user id leaves the
 * JWT; the token itself is never forwarded. Anything thrown here would be a 500, so the JWT has
 * already been verified by the express middleware.
 */
export function pgSettingsFor(
  state: RequestState | undefined,
  config: Pick<Config, 'STATEMENT_TIMEOUT_MS'>,
  options: { readOnly?: boolean; ownRowsOnly?: boolean } = {},
): Record<string, string> {
  const settings: Record<string, string> = {
    role: state?.userId ? 'vitalis_api' : 'vitalis_anonymous',
    // Set (empty) for anonymous requests too, so nothing can be inherited from the connection.
    'app.current_user_id': state?.userId ?? '',
    'app.request_id': state?.requestId ?? '',
    'app.ip_address': state?.ipAddress ?? '',
    'app.user_agent': state?.userAgent ?? '',
    statement_timeout: String(config.STATEMENT_TIMEOUT_MS),
  };
  // A GraphQL query runs in a read-only transaction: PostgreSQL refuses any write in it, whatever
  // function a query reaches, and its commit can ride on the connection's next message (RequestClient).
  if (options.readOnly) settings.transaction_read_only = 'on';
  // The caller views nobody else's profile (the session cache says so): readable_user_ids() may
  // answer the caller alone, without the household lookup (migration 41). It can only narrow.
  if (options.ownRowsOnly && state?.userId) settings['app.own_rows_only'] = 'on';
  return settings;
}

/** The kind of operation a GraphQL request runs (the named one, or the document's only one; none when that is ambiguous). */
export function operationKind(document: DocumentNode | undefined, operationName: string | null | undefined): OperationTypeNode | undefined {
  return document ? getOperationAST(document, operationName)?.operation : undefined;
}

/**
 * PostGraphile V5: amber + simplify-inflection + connection-filter + pg-aggregates (+ our date
 * aggregates), over schema `vitalis`, connected as vitalis_authenticator through `pool` (which
 * the caller owns and ends).
 */
export function makePreset(options: {
  config: PresetConfig;
  pool: Pool;
  logger: Logger;
  constraints?: ConstraintCatalog;
  /** Presigned uploads (requestDocumentUpload, requestPhotoUpload); storage null = in the schema but refused (schema export). */
  uploads?: UploadsOptions;
  /**
   * LISTEN/NOTIFY for subscriptions, on a direct connection of its own (LISTEN does not work
   * through a transaction-mode pooler): see createApp. Without it, subscriptions are refused.
   */
  pgSubscriber?: PgSubscriber;
  /**
   * The API's session cache, told when a request ends sessions; viewsOthers, when it has it, lets
   * list queries name a user who views nobody else's profile (ownRowsPlugin).
   */
  sessions?: Pick<Sessions, 'ended'> & { viewsOthers?(sessionId: string, userId: string): boolean | undefined };
}): GraphileConfig.Preset {
  const { config, pool, logger } = options;
  // Ruru and introspection go together: ENABLE_GRAPHIQL (off by default in production).
  const graphiql = config.ENABLE_GRAPHIQL === 'true';
  const limits = makeLimitsPlugin({
    MAX_QUERY_DEPTH: config.MAX_QUERY_DEPTH,
    MAX_QUERY_COST: config.MAX_QUERY_COST,
    MAX_PAGE_SIZE: config.MAX_PAGE_SIZE,
    MAX_DOCUMENT_BYTES: config.MAX_DOCUMENT_BYTES,
    MAX_DOCUMENT_TOKENS: config.MAX_DOCUMENT_TOKENS,
    MAX_DOCUMENT_DEPTH: config.MAX_DOCUMENT_DEPTH,
    MAX_QUERY_FIELDS: config.MAX_QUERY_FIELDS,
    MAX_QUERY_ALIASES: config.MAX_QUERY_ALIASES,
    MAX_QUERY_FRAGMENTS: config.MAX_QUERY_FRAGMENTS,
    introspection: graphiql,
  });
  return {
    extends: [
      PostGraphileAmberPreset,
      PgSimplifyInflectionPreset,
      PostGraphileConnectionFilterPreset,
      PgAggregatesPreset,
      ...(config.TRUSTED_DOCUMENTS_DIR ? [trustedDocumentsPreset(config.TRUSTED_DOCUMENTS_DIR)] : []),
    ],
    plugins: [
      ApiSurfacePlugin,
      DistributionKeyPlugin,
      UpdateNotFoundPlugin,
      DateAggregatesPlugin,
      KeysetPaginationPlugin,
      OwnRowsListPlugin,
      limits,
      InputBoundsPlugin,
      makeErrorContractPlugin({ suggestions: graphiql }),
      ...(options.uploads ? [makeUploadsPlugin(options.uploads)] : []),
      makeAccountDeletionPlugin({ config, logger, sessions: options.sessions }),
      makeProfileSharePlugin({ sessions: options.sessions }),
      makeGoalAlertSubscriptionPlugin(),
    ],
    pgServices: [
      makePgService({
        pool,
        schemas: ['vitalis'],
        // Not a subscriber on `pool` (which may go through PgBouncer): the caller's own, or none.
        pubsub: false,
        pgSubscriber: options.pgSubscriber ?? null,
      }),
    ],
    schema: {
      // connection-filter: keep the filter surface small and predictable.
      connectionFilterRelations: false,
      connectionFilterComputedColumns: false,
      connectionFilterSetofFunctions: false,
      connectionFilterAllowNullInput: false,
      connectionFilterAllowEmptyObjectInput: false,
    },
    grafast: {
      timeouts: { planning: config.GRAPHQL_PLANNING_TIMEOUT_MS, execution: config.GRAPHQL_EXECUTION_TIMEOUT_MS },
      context(requestContext, args) {
        // Over the websocket (src/server/liveSocket.ts): the user who signed the connection in.
        if (requestContext.ws) {
          const live = getLiveConnection(requestContext.ws.socket);
          return { pgSettings: pgSettingsFor(live?.state, config), sessionId: live?.sessionId, live };
        }
        const req = requestContext.node?.req as IncomingMessage | undefined;
        const readOnly = operationKind(args.document, args.operationName) === OperationTypeNode.QUERY;
        // sessionId: the verified JWT's `sid`, for requestAccountDeletion (not a database setting).
        const auth = req ? getAuthentication(req) : undefined;
        // Someone who views nobody else's profile reads only their own rows: lists may say so.
        const ownRowsUserId = auth && options.sessions?.viewsOthers?.(auth.sessionId, auth.userId) === false ? auth.userId : undefined;
        return { pgSettings: pgSettingsFor(getRequestState(req), config, { readOnly, ownRowsOnly: ownRowsUserId !== undefined }), sessionId: auth?.sessionId, ownRowsUserId };
      },
    },
    grafserv: {
      graphqlPath: GRAPHQL_PATH,
      graphiql,
      graphiqlPath: GRAPHIQL_PATH,
      graphiqlOnGraphQLGET: false,
      watch: false,
      // Subscriptions over graphql-transport-ws at GRAPHQL_PATH; createApp attaches its own
      // upgrade handler (authentication and limits: src/server/liveSocket.ts).
      websockets: true,
      maxRequestLength: 1_000_000,
      maskError: makeMaskError(logger, options.constraints, { suggestions: graphiql }),
    },
  };
}
