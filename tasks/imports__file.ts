// Runs a file_import ingestion job: fetch the upload from storage, import it as the job's user,
// record progress and the summary on the job (src/jobs/lifecycle.ts).
import type { Task } from 'graphile-worker';
import type { TaskContext } from '../src/jobs/context';
import { fileImportPayload, importFile } from '../src/jobs/fileImport';
import { PermanentJobError, runIngestionJob } from '../src/jobs/lifecycle';
import { withDownloadedObject } from '../src/storage/download';

export function importsFile(ctx: TaskContext): Task {
  return async (payload, helpers) => {
    const outcome = await runIngestionJob(ctx.pool, payload, helpers.job, async ({ job, progress }) => {
      const parsed = fileImportPayload.safeParse(job.payload);
      if (!parsed.success) throw new PermanentJobError(`payload: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
      return withDownloadedObject(ctx.storage, parsed.data.objectKey, (file, bytes) =>
        importFile(parsed.data, {
          pool: ctx.pool,
          userId: job.user_id,
          file,
          bytes,
          requestId: `job:${job.job_id}`,
          onProgress: (p) => progress({ ...p, percent: p.totalBytes > 0 ? Math.floor((100 * p.bytesRead) / p.totalBytes) : 0 }),
        }),
      );
    });
    helpers.logger.info(`imports__file: ${outcome}`, { outcome });
  };
}
