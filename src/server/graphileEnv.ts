// Import first in entry points, before anything that loads grafast: grafast reads GRAPHILE_ENV
// once, at load. Follow NODE_ENV (config's default is development), so production runs without
// development-mode planning checks and nobody sees grafast's "GRAPHILE_ENV is not set" warning.
if (process.env.GRAPHILE_ENV === undefined) {
  process.env.GRAPHILE_ENV = process.env.NODE_ENV === 'production' ? 'production' : process.env.NODE_ENV === 'test' ? 'test' : 'development';
}

export {};
