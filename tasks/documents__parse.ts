// Runs a document_parse ingestion job: read an uploaded report into a draft for review
// (src/jobs/documentParse.ts), recording progress and the summary on the job.
import type { Task } from 'graphile-worker';
import type { TaskContext } from '../src/jobs/context';
import { runDocumentParse } from '../src/jobs/documentParse';
import { runIngestionJob } from '../src/jobs/lifecycle';

export function documentsParse(ctx: TaskContext): Task {
  return async (payload, helpers) => {
    const outcome = await runIngestionJob(ctx.pool, payload, helpers.job, (run) => runDocumentParse(ctx, run));
    helpers.logger.info(`documents__parse: ${outcome}`, { outcome });
  };
}
