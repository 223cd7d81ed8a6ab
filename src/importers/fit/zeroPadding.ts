// What may follow the last FIT file of a (chained) FIT file. The protocol says nothing may: the
// declared lengths end exactly at the last CRC, and Garmin's own decoder reads any further bytes as
// another file ("input is not a FIT file"). Some writers still leave zero bytes there (a file
// preallocated or written in fixed-size blocks and never truncated, a copy padded to a block size).
// Zeros carry no data, so such a tail is accepted and reported; any other tail could be a damaged or
// foreign file and is refused by the caller (decode.ts), naming how many bytes and where they start.

/** The warning for a tail made only of zero bytes, or undefined when any byte of it is not zero. */
export function zeroPaddingWarning(tail: Buffer, from: number): string | undefined {
  if (tail.length === 0 || !tail.every((b) => b === 0)) return undefined;
  return `FIT file: ${tail.length} zero bytes after its end (from byte ${from}), padding with no data; ignored`;
}
