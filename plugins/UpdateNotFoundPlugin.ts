import { lambda, object, SafeError, type ObjectStep, type Step } from 'postgraphile/grafast';

// An update that matches no row (missing, or another user's: RLS hides it) answers NOT_FOUND, as a
// delete does. PostGraphile's own update step resolves such a mutation to null without an error,
// which a client cannot tell from success.

const NOT_FOUND_MESSAGE = 'No matching record was found that you may change';

function requireRow(row: unknown): true {
  if (row == null) throw new SafeError(NOT_FOUND_MESSAGE, { code: 'NOT_FOUND' });
  return true;
}

export const UpdateNotFoundPlugin: GraphileConfig.Plugin = {
  name: 'VitalisUpdateNotFoundPlugin',
  version: '1.0.0',
  description: 'Update mutations that change no row fail with NOT_FOUND',
  schema: {
    hooks: {
      GraphQLObjectType_fields_field(field, _build, context) {
        const scope = context.scope as { isPgUpdateMutation?: boolean };
        const plan = field.plan;
        if (!scope.isPgUpdateMutation || !plan) return field;
        return {
          ...field,
          plan(...args: Parameters<typeof plan>) {
            const $payload = plan(...args) as ObjectStep<{ result: Step }>;
            const $row = $payload.get('result');
            // The payload's fields read `result`; `found` only makes the whole payload fail when no row changed.
            return object({ result: $row, found: lambda($row, requireRow) });
          },
        };
      },
    },
  },
};
