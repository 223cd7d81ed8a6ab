/** An export that cannot be read (not XML, malformed XML, a zip without export.xml). Nothing was written. */
export class AppleHealthImportError extends Error {
  override name = 'AppleHealthImportError';
}
