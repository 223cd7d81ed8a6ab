// What kind of report file this is, from its first bytes: never from the name or the declared type.
// A PDF's "%PDF-" may follow some junk (readers accept it within the first kilobyte); HEIC is an
// ISO-BMFF file whose ftyp box names a HEIF brand.

export type DocumentType = 'application/pdf' | 'image/png' | 'image/jpeg' | 'image/heic';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const PDF = Buffer.from('%PDF-', 'latin1');
const PDF_SEARCH = 1024;
const HEIC_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1']);

/** The major brand and the compatible brands of an ISO-BMFF file's leading ftyp box. */
function ftypBrands(head: Buffer): string[] {
  if (head.length < 12 || head.toString('latin1', 4, 8) !== 'ftyp') return [];
  const brands = [head.toString('latin1', 8, 12)];
  const end = Math.min(head.length, head.readUInt32BE(0));
  for (let at = 16; at + 4 <= end; at += 4) brands.push(head.toString('latin1', at, at + 4));
  return brands;
}

function isHeic(head: Buffer): boolean {
  const brands = ftypBrands(head);
  // AVIF shares the HEIF container (and the mif1 brand) but not the codec heic-decode reads.
  if (brands.some((brand) => brand === 'avif' || brand === 'avis')) return false;
  return brands.some((brand) => HEIC_BRANDS.has(brand));
}

export function sniffDocumentType(head: Buffer): DocumentType | null {
  if (head.length >= 8 && head.subarray(0, 8).equals(PNG)) return 'image/png';
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg';
  if (isHeic(head)) return 'image/heic';
  const at = head.subarray(0, PDF_SEARCH).indexOf(PDF);
  if (at >= 0) return 'application/pdf';
  return null;
}
