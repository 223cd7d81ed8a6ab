// What database clients put on the wire: every call that reached node-postgres' own
// Client.prototype.query (RequestClient and friends forward to it), as statement texts.
import { Client } from 'pg';

export interface WireRecording {
  count(): number;
  texts(): string[];
  restore(): void;
}

export function recordWire(): WireRecording {
  const original = Client.prototype.query as (...args: unknown[]) => unknown;
  const texts: string[] = [];
  const spy = jest.spyOn(Client.prototype, 'query').mockImplementation(function (this: Client, ...args: unknown[]) {
    const config = args[0];
    texts.push(typeof config === 'string' ? config : String((config as { text?: unknown } | undefined)?.text));
    return original.apply(this, args);
  } as never);
  return { count: () => texts.length, texts: () => [...texts], restore: () => spy.mockRestore() };
}
