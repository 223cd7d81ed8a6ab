export { createApp, startServer, type AppOptions, type RunningServer, type ServerDatabase, type VitalisApp } from './app';
export { makePreset, pgSettingsFor, GRAPHQL_PATH, GRAPHIQL_PATH } from './preset';
export { openDatabaseForProcess, onShutdown } from './lifecycle';
