import type { RequestHandler } from 'express';
import pino, { type Logger } from 'pino';
import type { Config } from '../config';
import { currentRequestId } from './requestId';
import { getRequestState } from './requestState';

export type { Logger };

/** JSON logs on stdout (or `destination`); silent under jest (NODE_ENV=test) or with LOG_LEVEL=silent. */
export function createLogger(config: Pick<Config, 'LOG_LEVEL' | 'NODE_ENV'>, destination?: pino.DestinationStream): Logger {
  const level = config.NODE_ENV === 'test' ? 'silent' : config.LOG_LEVEL;
  const options: pino.LoggerOptions = {
    level,
    base: { service: 'vitalis' },
    // Lines written while handling a request carry its id (X-Request-Id, app.request_id).
    mixin: () => {
      const requestId = currentRequestId();
      return requestId ? { requestId } : {};
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** One line per request, written when the response finishes (or the client goes away). */
export function requestLogMiddleware(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    let logged = false;
    const log = () => {
      if (logged) return;
      logged = true;
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const state = getRequestState(req);
      const line = {
        method: req.method,
        // originalUrl without the query string: tokens or PII must not reach the logs.
        path: req.originalUrl.split('?')[0],
        status: res.writableFinished ? res.statusCode : 499,
        ms: Math.round(ms * 10) / 10,
        requestId: state?.requestId,
      };
      if (line.status >= 500) logger.error(line, 'request');
      else logger.info(line, 'request');
    };
    res.on('finish', log);
    res.on('close', log);
    next();
  };
}
