// Reads a FIT file with Garmin's official decoder (@garmin/fitsdk). The SDK is ESM-only, so it is
// loaded with a dynamic import (Node runs it; jest's module system cannot, which is why the FIT
// tests run the importer in a child process: test/importers/fitChild.ts).
import type { FitMessages } from '@garmin/fitsdk' with { 'resolution-mode': 'import' };

/** A file that is not a readable FIT file, or a kind of FIT file Vitalis does not import. Nothing was written. */
export class FitImportError extends Error {
  override name = 'FitImportError';
}

/** Checks the header and the declared length ourselves so the common failures read clearly. */
function checkFraming(data: Buffer): void {
  if (data.length < 12) throw new FitImportError(`FIT file: is not a FIT file (only ${data.length} bytes)`);
  const headerSize = data[0]!;
  if ((headerSize !== 12 && headerSize !== 14) || data.toString('latin1', 8, 12) !== '.FIT') throw new FitImportError('FIT file: is not a FIT file (no ".FIT" header)');
  if (data.length < headerSize) throw new FitImportError('FIT file: ends unexpectedly inside the header');
  const expected = headerSize + data.readUInt32LE(4) + 2;
  if (data.length < expected) throw new FitImportError(`FIT file: ends unexpectedly (${data.length} of ${expected} bytes)`);
}

/** Every message of the file, as the SDK decodes it: scaled values, names for enums, Dates for date_time fields. */
export async function decodeFit(data: Buffer): Promise<FitMessages> {
  checkFraming(data);
  const { Decoder, Stream } = await import('@garmin/fitsdk');
  const decoder = new Decoder(Stream.fromBuffer(data));
  if (!decoder.checkIntegrity()) throw new FitImportError('FIT file: is damaged (its checksum does not match its contents)');
  const { messages, errors } = decoder.read({ applyScaleAndOffset: true, expandSubFields: true, expandComponents: true, convertTypesToStrings: true, convertDateTimesToDates: true, mergeHeartRates: true });
  const error = errors[0];
  if (error) {
    const message = error.message.replace(/^FIT Runtime Error /, '');
    if (/end of stream/i.test(message)) throw new FitImportError(`FIT file: ends unexpectedly (${message})`);
    throw new FitImportError(`FIT file: could not be decoded (${message})`);
  }
  return messages;
}
