// GraphQL naming and visibility the database cannot express without a schema change. Prefer a
// smart-tag comment in the migration (`comment on ... is E'@name ...'`); entries here are needed
// before such a migration lands, and should move there.
import { jsonPgSmartTags } from 'postgraphile/utils';

/** Secret columns: never part of the GraphQL API, whatever the grants say (DESIGN.md section 5). */
const hidden = { tags: { behavior: '-*' } };

export const SmartTagsPlugin = jsonPgSmartTags(
  {
    version: 1,
    config: {
      type: {
        // Table dexa_regions and enum dexa_region both inflect to `DexaRegion`.
        'vitalis.dexa_region': { tags: { name: 'DexaBodyRegion' } },
      },
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
