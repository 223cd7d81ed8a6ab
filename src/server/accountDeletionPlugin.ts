// requestAccountDeletion in GraphQL: the same request, with the same re-authentication, as
// POST /auth/account-deletion (docs/erasure.md); both call src/auth/accountDeletion.ts. It runs
// in the request's own transaction (role vitalis_api, the request's IP for the login limits) and
// needs the session of the access token, which the context carries (`sessionId`, set in
// preset.ts from the verified JWT's `sid`).
//
// A refusal is thrown only after the transaction has committed: a wrong password must stay
// counted with the failed logins. A new request signs the caller out in that same transaction,
// so the answer is made from what the transaction returned, not read again afterwards.
import { context, type FieldArgs, lambda, SafeError } from 'postgraphile/grafast';
import { sideEffectWithPgClientTransaction } from 'postgraphile/@dataplan/pg';
import { extendSchema, gql } from 'postgraphile/utils';
import { z } from 'zod';
import { type AccountDeletionConfig, type AccountDeletionRefusal, describeRefusal, MAX_PASSWORD_LENGTH, type QueryClient, requestAccountDeletion } from '../auth/accountDeletion';
import type { Sessions } from '../http/jwt';
import type { Logger } from '../http/logger';

// Grafast types its context by merging into its global namespace (as @dataplan/pg does for pgSettings).
declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Grafast {
    interface Context {
      /** The session of the request's access token (its `sid`); undefined for anonymous requests. */
      sessionId?: string;
    }
  }
}

export interface AccountDeletionOptions {
  config: AccountDeletionConfig;
  logger?: Logger;
  /** Told after an accepted request signed the user out everywhere (the API's session cache). */
  sessions?: Pick<Sessions, 'ended'>;
}

const deletionInput = z.object({
  password: z.string().max(MAX_PASSWORD_LENGTH, { message: `must be at most ${MAX_PASSWORD_LENGTH} characters` }).nullish(),
});

function parseInput(raw: unknown): z.infer<typeof deletionInput> {
  const parsed = deletionInput.safeParse(raw ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = String(issue.path[0] ?? 'input');
  throw new SafeError(`${field}: ${issue.message}`, { code: 'BAD_USER_INPUT', field });
}

/** The refusal as the GraphQL error contract wants it (the message says how long to wait when rate limited). */
function refuse(outcome: AccountDeletionRefusal): never {
  const refusal = describeRefusal(outcome);
  throw new SafeError(refusal.message, refusal.field ? { code: refusal.code, field: refusal.field } : { code: refusal.code });
}

export function makeAccountDeletionPlugin(options: AccountDeletionOptions): GraphileConfig.Plugin {
  const { config, logger, sessions } = options;
  return extendSchema((build) => {
    const executor = build.input.pgRegistry.pgExecutors.main!;
    return {
      typeDefs: gql`
        input RequestAccountDeletionInput {
          "Your current password. Accounts without one (Google or Apple sign-in) leave it out, and must have signed in within the last 10 minutes."
          password: String
        }
        type AccountDeletionRequest {
          requestId: UUID!
          "pending: the grace period runs; cancelAccountDeletion or the mailed link withdraws the request until it ends."
          status: String!
          "When the erasure may start: now plus the server's grace period (DELETION_GRACE_DAYS)."
          gracePeriodEndsAt: Datetime!
          "Sessions signed out by this request (every one of yours, this one included); 0 when the request was already pending."
          sessionsRevoked: Int!
        }
        type RequestAccountDeletionPayload {
          "The new request, or the one already pending."
          result: AccountDeletionRequest
        }
        extend type Mutation {
          "Asks for the erasure of your account and all its data once the grace period (gracePeriodEndsAt) has passed, confirmed with your current password. Signs you out everywhere and mails a cancel link; asking again while a request is pending returns that request. A wrong password counts as a failed login."
          requestAccountDeletion(input: RequestAccountDeletionInput!): RequestAccountDeletionPayload
        }
      `,
      plans: {
        Mutation: {
          requestAccountDeletion(_: unknown, fieldArgs: FieldArgs) {
            const $outcome = sideEffectWithPgClientTransaction(
              executor,
              { raw: fieldArgs.getRaw('input'), sessionId: context().get('sessionId') },
              async (client: QueryClient, { raw, sessionId }) => {
                // The request's own setting: an anonymous role may not even call current_user_id().
                const { rows } = await client.query<{ id: string | null }>({ text: "select nullif(current_setting('app.current_user_id', true), '') as id" });
                if (!rows[0]?.id || !sessionId) throw new SafeError('Sign in to request the deletion of your account', { code: 'UNAUTHENTICATED' });
                const input = parseInput(raw);
                return requestAccountDeletion(client, { sessionId, password: input.password }, config);
              },
            );
            // After the commit: the payload of an accepted request, or the refusal.
            return lambda($outcome, (outcome) => {
              if (outcome.status !== 'requested' && outcome.status !== 'pending') refuse(outcome);
              if (outcome.status === 'requested') {
                // Whose sessions ended is the caller's, but this step does not see the user id: drop all (rare).
                sessions?.ended();
                logger?.info({ requestId: outcome.request.requestId, sessionsRevoked: outcome.request.sessionsRevoked }, 'account deletion requested');
              }
              return { result: outcome.request };
            });
          },
        },
      },
    };
  }, 'VitalisAccountDeletionPlugin');
}
