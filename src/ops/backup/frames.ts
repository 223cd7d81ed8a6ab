// The backup stream before compression: a magic line, then frames of one type byte, a u32 BE
// length and a payload. Each table is a 'T' frame (its name and columns as JSON), its COPY data
// in 'D' frames (PostgreSQL's binary COPY format, passed through untouched), and an 'E' frame.
// Framing lets one object hold every table while both ends stream it.

export const MAGIC = Buffer.from('VITALIS-BACKUP 1\n');
export type FrameType = 'T' | 'D' | 'E';
const MAX_FRAME = 16 * 1024 * 1024;

export function frame(type: FrameType, payload: Buffer = Buffer.alloc(0)): Buffer {
  const head = Buffer.alloc(5);
  head.write(type, 0, 'latin1');
  head.writeUInt32BE(payload.length, 1);
  return Buffer.concat([head, payload]);
}

export interface Frame {
  type: FrameType;
  payload: Buffer;
}

/** Reads the frames of a (decompressed) backup stream, refusing anything that is not one. */
export async function* readFrames(source: AsyncIterable<Buffer>): AsyncGenerator<Frame> {
  let buffered: Buffer = Buffer.alloc(0);
  let sawMagic = false;
  for await (const chunk of source) {
    buffered = buffered.length ? Buffer.concat([buffered, chunk]) : chunk;
    if (!sawMagic) {
      if (buffered.length < MAGIC.length) continue;
      if (!buffered.subarray(0, MAGIC.length).equals(MAGIC)) throw new Error('backup: the object is not a Vitalis backup (wrong header)');
      buffered = buffered.subarray(MAGIC.length);
      sawMagic = true;
    }
    while (buffered.length >= 5) {
      const type = buffered.toString('latin1', 0, 1);
      const length = buffered.readUInt32BE(1);
      if (!['T', 'D', 'E'].includes(type) || length > MAX_FRAME) throw new Error('backup: the object is corrupt (bad frame)');
      if (buffered.length < 5 + length) break;
      yield { type: type as FrameType, payload: buffered.subarray(5, 5 + length) };
      buffered = buffered.subarray(5 + length);
    }
  }
  if (!sawMagic || buffered.length > 0) throw new Error('backup: the object is cut short');
}
