// One call to an OpenAI-compatible chat-completions endpoint (llama.cpp's server, Ollama, vLLM, a
// hosted API), bounded in time (one AbortSignal over the request and the body) and in size (the
// body is read in chunks and refused past the cap). Only message content comes back: what it says is
// validated by the caller.
//
// The URL: DOCUMENT_EXTRACTOR_URL is the API base (`http://127.0.0.1:8080/v1` for llama.cpp,
// `http://127.0.0.1:11434/v1` for Ollama) and `/chat/completions` is appended; a URL that already
// ends in `/chat/completions` is used as given.
import { z } from 'zod';
import { ExtractorError } from './answer';
import type { ChatMessage } from './prompt';

export interface EndpointConfig {
  url: string;
  model: string;
  apiKey?: string;
  timeoutMs: number;
  /** Largest response body read; 1 MiB by default. */
  maxResponseBytes?: number;
}

const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;

export function chatCompletionsUrl(url: string): string {
  const base = url.replace(/\/+$/, '');
  return /\/chat\/completions$/.test(base) ? base : `${base}/chat/completions`;
}

// The documented chat.completion object, as far as we read it.
const completion = z.object({
  object: z.literal('chat.completion').optional(),
  choices: z
    .array(z.object({ message: z.object({ content: z.string() }), finish_reason: z.string().nullable().optional() }))
    .min(1),
});

async function readCapped(response: Response, maxBytes: number): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel();
    throw new ExtractorError(`answer larger than ${maxBytes} bytes`);
  }
  if (!response.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new ExtractorError(`answer larger than ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The first choice's message content. Errors name the cause, never the key. */
export async function chatCompletion(config: EndpointConfig, messages: ChatMessage[]): Promise<string> {
  const url = chatCompletionsUrl(config.url);
  const maxBytes = config.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const signal = AbortSignal.timeout(config.timeoutMs);
  let body: string;
  let status: number;
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        ...(config.apiKey ? { authorization: `Bearer ${config.apiKey}` } : {}),
      },
      body: JSON.stringify({ model: config.model, messages, response_format: { type: 'json_object' }, temperature: 0, stream: false }),
      signal,
    });
    status = response.status;
    body = await readCapped(response, maxBytes);
  } catch (error) {
    if (error instanceof ExtractorError) throw error;
    if (signal.aborted) throw new ExtractorError(`no answer within ${config.timeoutMs} ms`);
    const cause = (error as Error & { cause?: Error }).cause;
    throw new ExtractorError(`endpoint could not be reached (${cause?.message ?? (error as Error).message})`);
  }
  if (status < 200 || status >= 300) throw new ExtractorError(`endpoint answered HTTP ${status}: ${body.replace(/\s+/g, ' ').slice(0, 200)}`);
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new ExtractorError(`endpoint answered HTTP ${status} with a body that is not JSON`);
  }
  const parsed = completion.safeParse(json);
  if (!parsed.success) throw new ExtractorError('response is not a chat completion (choices[0].message.content must be a string)');
  const choice = parsed.data.choices[0]!;
  if (choice.finish_reason === 'length') throw new ExtractorError("answer was cut at the model's token limit (finish_reason length)");
  return choice.message.content;
}
