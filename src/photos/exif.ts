// The one EXIF value a progress photo keeps, read before everything else is stripped: the day
// it was taken (DateTimeOriginal), which becomes the photo's date when the client sends none.
// A small TIFF reader rather than a library: one tag, bounds-checked, anything odd is "no date".

const EXIF_IFD_POINTER = 0x8769;
const DATE_TIME_ORIGINAL = 0x9003;
const ASCII = 2;
const LONG = 4;
const IFD = 13;

interface Tiff {
  view: DataView;
  little: boolean;
}

/** The TIFF structure inside an EXIF block: after "Exif\0\0" (JPEG, libvips) or at the start. */
function tiffOf(exif: Buffer): Tiff | undefined {
  for (let start = 0; start <= Math.min(16, exif.length - 8); start++) {
    const order = exif.toString('latin1', start, start + 4);
    if (order === 'II*\0' || order === 'MM\0*') {
      const bytes = exif.subarray(start);
      return { view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), little: order === 'II*\0' };
    }
  }
  return undefined;
}

/** The 12-byte entry of tag in the IFD at offset, or undefined. */
function findEntry(tiff: Tiff, ifd: number, tag: number): number | undefined {
  const { view, little } = tiff;
  if (ifd < 8 || ifd + 2 > view.byteLength) return undefined;
  const count = view.getUint16(ifd, little);
  for (let i = 0; i < count; i++) {
    const entry = ifd + 2 + i * 12;
    if (entry + 12 > view.byteLength) return undefined;
    if (view.getUint16(entry, little) === tag) return entry;
  }
  return undefined;
}

function asciiValue(tiff: Tiff, entry: number): string | undefined {
  const { view, little } = tiff;
  if (view.getUint16(entry + 2, little) !== ASCII) return undefined;
  const length = view.getUint32(entry + 4, little);
  const at = length <= 4 ? entry + 8 : view.getUint32(entry + 8, little);
  if (length > 64 || at + length > view.byteLength) return undefined;
  return new TextDecoder('latin1').decode(new Uint8Array(view.buffer, view.byteOffset + at, length)).replace(/\0.*$/s, '');
}

/** 'YYYY:MM:DD HH:MM:SS' -> 'YYYY-MM-DD' when it is a real calendar day (cameras write 0000:00:00 when unset). */
export function exifDay(value: string): string | null {
  const match = /^(\d{4})[:-](\d{2})[:-](\d{2})/.exec(value.trim());
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1900 || year > 2200) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${match[1]}-${match[2]}-${match[3]}`;
}

/** The capture day (DateTimeOriginal) of an EXIF block as sharp's metadata() returns it, or null. */
export function captureDay(exif: Buffer | undefined): string | null {
  if (!exif) return null;
  try {
    const tiff = tiffOf(exif);
    if (!tiff) return null;
    const ifd0 = tiff.view.getUint32(4, tiff.little);
    const pointer = findEntry(tiff, ifd0, EXIF_IFD_POINTER);
    if (pointer === undefined || ![LONG, IFD].includes(tiff.view.getUint16(pointer + 2, tiff.little))) return null;
    const entry = findEntry(tiff, tiff.view.getUint32(pointer + 8, tiff.little), DATE_TIME_ORIGINAL);
    const value = entry === undefined ? undefined : asciiValue(tiff, entry);
    return value ? exifDay(value) : null;
  } catch {
    return null; // a RangeError from a lying offset: no date, not a failed upload
  }
}
