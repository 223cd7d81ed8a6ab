// The file the crash-recovery test imports: a generated multi-year Apple Health export.zip (the
// bench's generator), big enough that the import is still writing when the worker is killed,
// small enough for CI.
import { writeAppleHealthExport } from '../../bench/appleHealthGenerate';

export const crashTestFile = {
  fileType: 'apple-health',
  name: 'export.zip',
  tables: ['wearable_daily', 'wearable_sleep', 'wearable_activities', 'measurements'],
  write: async (file: string) => {
    await writeAppleHealthExport(file, { years: 3, recordsPerDay: 200, zip: true, seed: 'crash-recovery' });
  },
};
