import http from 'node:http';
import type { AddressInfo } from 'node:net';

// A fake OpenAI-compatible chat-completions server on 127.0.0.1 (what llama.cpp's server and
// Ollama serve under /v1): POST /v1/chat/completions answers the documented chat.completion object
// (id, object, created, model, choices[0].message.content, finish_reason, usage) with the content
// the test sets. Requests are recorded (headers and parsed body); a request without a model or
// messages gets the documented error object with HTTP 400, other paths 404.

export interface RecordedChatRequest {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: { model?: string; messages?: { role: string; content: string }[]; response_format?: { type: string }; [key: string]: unknown };
}

export interface FakeChatCompletions {
  /** The API base to configure (`http://127.0.0.1:PORT/v1`). */
  baseUrl: string;
  requests: RecordedChatRequest[];
  /** The assistant message content of the next answers (a string, or an object sent as its JSON). */
  answer(content: string | object, options?: { finishReason?: string }): void;
  /** Answers after this many milliseconds (a slow local model). */
  delay(ms: number): void;
  /** Answers this raw body and status instead of a chat.completion. */
  raw(status: number, body: string): void;
  close(): Promise<void>;
}

const openAiError = (message: string, type: string) => JSON.stringify({ error: { message, type, param: null, code: null } });

export async function startFakeChatCompletions(): Promise<FakeChatCompletions> {
  const requests: RecordedChatRequest[] = [];
  let content = '{}';
  let finishReason = 'stop';
  let delayMs = 0;
  let rawAnswer: { status: number; body: string } | null = null;
  let counter = 0;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const send = (status: number, body: string) => {
        const timer = setTimeout(() => {
          if (res.destroyed) return;
          res.writeHead(status, { 'content-type': 'application/json' }).end(body);
        }, delayMs);
        res.on('close', () => clearTimeout(timer));
      };
      if (req.method !== 'POST' || req.url !== '/v1/chat/completions') return send(404, openAiError(`Unknown request URL: ${req.method} ${req.url}`, 'invalid_request_error'));
      let body: RecordedChatRequest['body'];
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as RecordedChatRequest['body'];
      } catch {
        return send(400, openAiError('We could not parse the JSON body of your request.', 'invalid_request_error'));
      }
      requests.push({ path: req.url, headers: req.headers, body });
      if (rawAnswer) return send(rawAnswer.status, rawAnswer.body);
      if (typeof body.model !== 'string' || !Array.isArray(body.messages)) return send(400, openAiError('you must provide a model parameter and messages', 'invalid_request_error'));
      const promptTokens = Math.ceil(body.messages.reduce((n, m) => n + String(m.content).length, 0) / 4);
      const completionTokens = Math.ceil(content.length / 4);
      send(
        200,
        JSON.stringify({
          id: `chatcmpl-fake${++counter}`,
          object: 'chat.completion',
          created: Math.floor(Date.now() / 1000),
          model: body.model,
          choices: [{ index: 0, message: { role: 'assistant', content }, logprobs: null, finish_reason: finishReason }],
          usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    answer(next, options) {
      content = typeof next === 'string' ? next : JSON.stringify(next);
      finishReason = options?.finishReason ?? 'stop';
      rawAnswer = null;
    },
    delay(ms) {
      delayMs = ms;
    },
    raw(status, body) {
      rawAnswer = { status, body };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
