import type { Config } from '../../config';
import { adapters as defaultAdapters, type AdapterRegistry } from '../registry';
import { PROVIDERS, type ProviderAdapter, type ProviderName } from '../types';

/** A provider as this deployment runs it: the adapter plus credentials and URLs from the configuration. */
export interface ProviderSettings {
  adapter: ProviderAdapter;
  clientId: string;
  clientSecret: string;
  authorizeUrl: string;
  tokenUrl: string;
  apiBaseUrl: string;
  webhookSecret?: string;
}

export function isProviderName(name: string): name is ProviderName {
  return (PROVIDERS as readonly string[]).includes(name);
}

/**
 * The provider's settings, or undefined when it is not available here: no adapter, or no
 * <NAME>_CLIENT_ID / <NAME>_CLIENT_SECRET configured. <NAME>_*_URL replace the adapter's endpoints.
 */
export function providerSettings(config: Config, name: ProviderName, registry: AdapterRegistry = defaultAdapters): ProviderSettings | undefined {
  const adapter = registry[name];
  const prefix = name.toUpperCase() as Uppercase<ProviderName>;
  const clientId = config[`${prefix}_CLIENT_ID`];
  const clientSecret = config[`${prefix}_CLIENT_SECRET`];
  if (!adapter || !clientId || !clientSecret) return undefined;
  return {
    adapter,
    clientId,
    clientSecret,
    authorizeUrl: config[`${prefix}_AUTHORIZE_URL`] ?? adapter.authorizeUrl,
    tokenUrl: config[`${prefix}_TOKEN_URL`] ?? adapter.tokenUrl,
    apiBaseUrl: config[`${prefix}_API_URL`] ?? adapter.apiBaseUrl,
    webhookSecret: config[`${prefix}_WEBHOOK_SECRET`],
  };
}
