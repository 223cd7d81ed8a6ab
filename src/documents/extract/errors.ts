// A file that cannot be read however often it is tried: the worker fails its job for good.
// Messages name the field and the rule, and say what the user can do about it.

export class DocumentReadError extends Error {
  override name = 'DocumentReadError';
  readonly field = 'file';
  constructor(rule: string) {
    super(`file: ${rule}`);
  }
}

export const encrypted = () => new DocumentReadError('the PDF is encrypted (password-protected); remove the password and upload it again');
export const notReadablePdf = (reason: string) => new DocumentReadError(`not a readable PDF (${reason})`);
export const tooManyPages = (count: number, max: number) => new DocumentReadError(`has ${count} pages; at most ${max} are read`);
export const unknownType = () => new DocumentReadError('is not a PDF, PNG, JPEG or HEIC file');
export const notReadableImage = (reason: string) => new DocumentReadError(`not a readable image (${reason})`);
export const tooSlow = (ms: number) =>
  new DocumentReadError(`took longer than ${ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`} to read (the limit); the file may be damaged or far too complex`);
export const tooLarge = (mb: number) => new DocumentReadError(`needs more than ${mb} MB of memory to read; the file may be damaged or far too complex`);
