// A report's type comes from its first bytes, never from its name or declared type.
import { sniffDocumentType } from '../../src/documents/sniff';

const ftyp = (major: string, ...compatible: string[]) => {
  const size = 16 + 4 * compatible.length;
  const box = Buffer.alloc(size + 8);
  box.writeUInt32BE(size, 0);
  box.write('ftyp', 4, 'latin1');
  box.write(major, 8, 'latin1');
  compatible.forEach((brand, i) => box.write(brand, 16 + 4 * i, 'latin1'));
  box.write('meta', size + 4, 'latin1');
  return box;
};

test('PDF, PNG and JPEG by their magic bytes', () => {
  expect(sniffDocumentType(Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj'))).toBe('application/pdf');
  expect(sniffDocumentType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]))).toBe('image/png');
  expect(sniffDocumentType(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46]))).toBe('image/jpeg');
});

test('a PDF whose header follows a few junk bytes is still a PDF; one past the first kilobyte is not', () => {
  expect(sniffDocumentType(Buffer.concat([Buffer.from('\r\n\x00junk'), Buffer.from('%PDF-1.4\n')]))).toBe('application/pdf');
  expect(sniffDocumentType(Buffer.concat([Buffer.alloc(2000, 0x20), Buffer.from('%PDF-1.4\n')]))).toBeNull();
});

test('HEIC by the ftyp box: a HEIF major brand or a compatible one, not AVIF', () => {
  expect(sniffDocumentType(ftyp('heic', 'mif1', 'heic'))).toBe('image/heic');
  expect(sniffDocumentType(ftyp('heix', 'mif1'))).toBe('image/heic');
  expect(sniffDocumentType(ftyp('mif1', 'heic'))).toBe('image/heic');
  expect(sniffDocumentType(ftyp('msf1', 'hevc'))).toBe('image/heic');
  expect(sniffDocumentType(ftyp('avif', 'mif1', 'miaf'))).toBeNull();
  expect(sniffDocumentType(ftyp('isom', 'mp41'))).toBeNull(); // an MP4 video
});

test('anything else, however it is named, is not a report file', () => {
  expect(sniffDocumentType(Buffer.from('Date,Glucose\n2024-01-01,5.4\n'))).toBeNull();
  expect(sniffDocumentType(Buffer.from('PK\x03\x04'))).toBeNull();
  expect(sniffDocumentType(Buffer.alloc(0))).toBeNull();
  expect(sniffDocumentType(Buffer.from([0xff, 0xd8]))).toBeNull();
});
