import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One request the server received: its number (from 1), when it arrived (performance.now()) and the user message. */
export interface ArrivedRequest {
  n: number;
  at: number;
  content: string;
}

/** What to answer request `n`: a completion, or an error status with headers. */
export type Reply = { ok: true } | { status: number; headers?: Record<string, string>; message: string };

/**
 * A real local HTTP server speaking the OpenAI chat-completions protocol (the model API the evaluator cannot reach
 * here): it echoes the user message back after `delayMs`, or answers what `reply` says for that request.
 */
export async function startChatApiServer(reply: (n: number) => Reply, options: { delayMs?: number } = {}): Promise<{ baseURL: string; requests: ArrivedRequest[]; close(): Promise<void> }> {
  const requests: ArrivedRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res: ServerResponse) => {
    const at = performance.now();
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const n = requests.length + 1;
      const parsed = JSON.parse(body) as { model: string; messages: Array<{ role: string; content: string }> };
      const content = parsed.messages.find((m) => m.role === 'user')?.content ?? '';
      requests.push({ n, at, content });
      const answer = reply(n);
      if ('status' in answer) {
        // Errors at once; completions after delayMs, as a model takes its time.
        res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
        res.end(JSON.stringify({ error: { message: answer.message, type: 'rate_limit_error' } }));
        return;
      }
      const body200 = JSON.stringify({
          id: `chatcmpl-${n}`,
          object: 'chat.completion',
          created: 1,
          model: parsed.model,
          choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
          usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
        });
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(body200);
      }, options.delayMs ?? 0);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
