// saxes hands out attribute values that V8 may keep as slices of the whole decoded chunk (1 MiB).
// Keeping one such string, e.g. as a Map key, keeps its chunk alive, and one kept per day would
// make memory grow with the file. Everything stored beyond the current element is copied first.

/** A copy of s that shares no memory with the chunk it came from. */
export const detach = (s: string): string => Buffer.from(s, 'utf8').toString('utf8');

/** A deep copy of plain JSON data with every string detached. */
export const detachJson = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
