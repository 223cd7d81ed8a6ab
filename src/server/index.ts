export { createApp, startServer, type AppOptions, type RunningServer, type ServerDatabase, type VitalisApp } from './app';
export { makePreset, pgSettingsFor, GRAPHQL_PATH, GRAPHIQL_PATH } from './preset';
export { jwtMiddleware, verifyToken } from './jwt';
export { requestIdMiddleware, REQUEST_ID_HEADER } from './requestId';
export { createLogger, type Logger } from './logger';
export { buildTaskList, CRONTAB, startWorker, type WorkerHandle } from './worker';
export { openDatabaseForProcess, onShutdown } from './lifecycle';
