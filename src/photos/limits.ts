// What a progress photo may be, and what the server keeps of it.

/**
 * The most pixels a photo may decode to: 64 Mpx takes a 48-Mpx phone or a 61-Mpx camera, while a
 * decompression bomb (a few KB that claim 100,000 × 100,000 pixels) is refused from its header,
 * before anything is decoded.
 */
export const DEFAULT_MAX_PIXELS = 64 * 1024 * 1024;

/** The stored image's long side: enough to compare photos side by side, without a 48-Mpx file each. */
export const MAX_STORED_SIDE = 4096;

/** The thumbnail's long side. */
export const THUMBNAIL_SIDE = 320;

/** How long one photo may take to decode and encode. */
export const PROCESS_TIMEOUT_SECONDS = 60;

export function tooManyPixels(width: number, height: number, maxPixels: number): string {
  return `the image is ${width}×${height} pixels, more than the ${maxPixels} this server accepts`;
}
