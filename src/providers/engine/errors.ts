// Errors the engine raises around provider calls. Messages are safe to store in
// connected_devices.last_sync_error and show the user: they never contain a token or a query string.

/** A final non-2xx answer from a provider's API or token endpoint. */
export class ProviderHttpError extends Error {
  constructor(
    readonly status: number,
    /** e.g. "GET /v2/usercollection/daily_sleep" (path only: query strings can carry secrets). */
    readonly request: string,
    /** The start of the response body, for the log. */
    readonly bodySnippet = '',
  ) {
    super(`${request}: provider answered HTTP ${status}${bodySnippet ? ` (${bodySnippet})` : ''}`);
    this.name = 'ProviderHttpError';
  }
}

/** 429 whose Retry-After is longer than the engine waits in-process: the job should retry after retryAfterMs. */
export class RateLimitedError extends Error {
  constructor(
    readonly request: string,
    readonly retryAfterMs: number,
  ) {
    super(`${request}: rate limited by the provider, retry after ${Math.ceil(retryAfterMs / 1000)} s`);
    this.name = 'RateLimitedError';
  }
}

/** The connection cannot be used until the user connects again (refresh refused, no tokens). */
export class ReconnectRequiredError extends Error {
  constructor(message: string) {
    super(`${message}; the user must connect the provider again`);
    this.name = 'ReconnectRequiredError';
  }
}

/** A token could not be decrypted (unknown key version, tampering, wrong row). */
export class TokenCryptoError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TokenCryptoError';
  }
}
