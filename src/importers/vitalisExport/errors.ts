/**
 * An archive refused before anything was kept: not a Vitalis export, tampered with, from a newer
 * schema, or not restorable into the target user. The message names the entry, table or column.
 */
export class ExportArchiveError extends Error {
  override name = 'ExportArchiveError';
}
