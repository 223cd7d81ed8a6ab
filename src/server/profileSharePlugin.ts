// When this process grants a profile view, the viewer's cached session answers are dropped at
// once: they say whether the viewer reads anyone else's rows (OwnRowsListPlugin), and the viewer's
// next request must see the share. The database notifies every API process of the same thing
// (vitalis_session_ended, at commit); this only spares this process's next request the race.
import type {} from 'postgraphile';
import type { FieldArgs, Step } from 'postgraphile/grafast';
import type { Sessions } from '../http/jwt';

const GRANT_FIELD = 'grantProfileView';

export function makeProfileSharePlugin(options: { sessions?: Pick<Sessions, 'ended'> }): GraphileConfig.Plugin {
  return {
    name: 'VitalisProfileSharePlugin',
    version: '1.0.0',
    description: "Drops a new viewer's cached session answers in this process when it grants the view",
    schema: {
      hooks: {
        GraphQLObjectType_fields_field(field, build, context) {
          const { sessions } = options;
          const original = field.plan;
          if (!sessions || !context.scope.isRootMutation || context.scope.fieldName !== GRANT_FIELD || typeof original !== 'function') return field;
          const { sideEffect } = build.grafast;
          return {
            ...field,
            plan(...args: Parameters<typeof original>) {
              const $result = (original as (...a: typeof args) => Step).apply(this, args);
              const fieldArgs = args[1] as FieldArgs;
              // After the grant succeeded (an error in $result skips it).
              sideEffect([$result, fieldArgs.getRaw(['input', 'viewer'])], ([, viewer]) => {
                if (typeof viewer === 'string') sessions.ended(viewer.toLowerCase());
              });
              return $result;
            },
          } as typeof field;
        },
      },
    },
  };
}
