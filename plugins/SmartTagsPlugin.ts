// Secret columns are kept out of the GraphQL schema here, in addition to the database refusing
// SELECT on them to vitalis_api (column grants): the schema should not even advertise them.
import { jsonPgSmartTags } from 'postgraphile/utils';

/** Secret columns: never part of the GraphQL API, whatever the grants say (DESIGN.md section 5). */
const hidden = { tags: { behavior: '-*' } };

export const SmartTagsPlugin = jsonPgSmartTags(
  {
    version: 1,
    config: {
      class: {
        'vitalis.users': { attribute: { password_hash: hidden } },
        'vitalis.oauth_identities': { attribute: { access_token_enc: hidden, refresh_token_enc: hidden } },
        'vitalis.connected_devices': { attribute: { access_token_enc: hidden, refresh_token_enc: hidden } },
      },
    },
  },
  null,
  { name: 'VitalisSmartTagsPlugin', version: '1.0.0' },
);
