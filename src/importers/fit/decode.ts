// Reads a FIT file with Garmin's official decoder (@garmin/fitsdk). The SDK is ESM-only, so it is
// loaded with a dynamic import (Node runs it; jest's module system cannot, which is why the FIT
// tests run the importer in a child process: test/importers/fitChild.ts).
import type { FitMessages } from '@garmin/fitsdk' with { 'resolution-mode': 'import' };
import { zeroPaddingWarning } from './zeroPadding';

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

/**
 * The FIT files of a chained FIT file (the protocol lets several FIT files follow one another in
 * one file, each with its own header, file_id and CRC), by their headers' declared lengths. Zero
 * bytes after the last file are padding: skipped, with a warning added to warnings (zeroPadding.ts).
 */
function chainedFiles(data: Buffer, warnings: string[]): Buffer[] {
  checkFraming(data);
  const files: Buffer[] = [];
  let at = 0;
  while (at < data.length) {
    const rest = data.subarray(at);
    if (files.length > 0 && (rest.length < 12 || (rest[0] !== 12 && rest[0] !== 14) || rest.toString('latin1', 8, 12) !== '.FIT')) {
      const padding = zeroPaddingWarning(rest, at);
      if (!padding) throw new FitImportError(`FIT file: has ${rest.length} bytes after its end (from byte ${at}) that are not a FIT file`);
      warnings.push(padding);
      break;
    }
    try {
      checkFraming(rest);
    } catch (error) {
      if (files.length === 0 || !(error instanceof FitImportError)) throw error;
      throw new FitImportError(error.message.replace(/^FIT file: /, `FIT file: its chained file ${files.length + 1} (from byte ${at}) `));
    }
    const length = rest[0]! + rest.readUInt32LE(4) + 2;
    files.push(rest.subarray(0, length));
    at += length;
  }
  return files;
}

/**
 * Every message of the file, as the SDK decodes it (scaled values, names for enums, Dates for
 * date_time fields): one set of messages per FIT file, so a chained file's sessions keep their
 * own file_id and activity (its serial number, local time offset and distances). What was read
 * but not decoded (zero padding after the last file) is reported in warnings.
 */
export async function decodeFitFiles(data: Buffer, warnings: string[] = []): Promise<FitMessages[]> {
  const files = chainedFiles(data, warnings);
  const { Decoder, Stream } = await import('@garmin/fitsdk');
  return files.map((file, index) => {
    const which = files.length > 1 && index > 0 ? `its chained file ${index + 1} ` : '';
    const decoder = new Decoder(Stream.fromBuffer(file));
    if (!decoder.checkIntegrity()) throw new FitImportError(`FIT file: ${which}is damaged (its checksum does not match its contents)`);
    const { messages, errors } = decoder.read({ applyScaleAndOffset: true, expandSubFields: true, expandComponents: true, convertTypesToStrings: true, convertDateTimesToDates: true, mergeHeartRates: true });
    const error = errors[0];
    if (error) {
      const message = error.message.replace(/^FIT Runtime Error /, '');
      if (/end of stream/i.test(message)) throw new FitImportError(`FIT file: ${which}ends unexpectedly (${message})`);
      throw new FitImportError(`FIT file: ${which}could not be decoded (${message})`);
    }
    return messages;
  });
}
