import { z } from 'zod';
import type { ProviderHttp } from '../types';
import { parseWith, ProviderFormatError } from './rowTools';

// Cursor pagination as Oura ({ data, next_token }, asked with next_token) and WHOOP ({ records,
// next_token }, asked with nextToken) answer it: follow the token until the answer leaves it out
// or null. A token seen twice, or a runaway page count, stops with an error rather than looping.

const MAX_PAGES = 1000;

export interface TokenPaging {
  /** The answer's array of items: 'data' (Oura), 'records' (WHOOP). */
  itemsKey: string;
  /** The query parameter that asks for the next page: 'next_token' (Oura), 'nextToken' (WHOOP). */
  tokenParam: string;
  /** Names the provider in errors: "oura", "whoop". */
  provider: string;
}

/** Every item of every page of GET path?query, in the order the pages came. */
export async function fetchTokenPages(http: ProviderHttp, path: string, query: Record<string, string | number>, paging: TokenPaging): Promise<unknown[]> {
  const envelope = z.object({ [paging.itemsKey]: z.array(z.unknown()), next_token: z.string().nullish() }).loose();
  const items: unknown[] = [];
  let next: string | undefined;
  const seen = new Set<string>();
  for (let pages = 0; pages < MAX_PAGES; pages++) {
    const body = parseWith(envelope, await http.get(path, { ...query, [paging.tokenParam]: next }), `${paging.provider} ${path}`);
    items.push(...(body[paging.itemsKey] as unknown[]));
    const token = body.next_token as string | null | undefined;
    if (!token) return items;
    // The provider's answer is wrong, not our code: a format error naming the field (found by fuzzing).
    if (seen.has(token)) throw new ProviderFormatError(`${paging.provider} ${path}: next_token: "${token.slice(0, 100)}" came back a second time (a paging loop); stopping`);
    seen.add(token);
    next = token;
  }
  throw new ProviderFormatError(`${paging.provider} ${path}: next_token: still given after ${MAX_PAGES} pages; stopping`);
}
