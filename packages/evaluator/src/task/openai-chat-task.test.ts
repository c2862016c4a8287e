import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { ConfigError, ModelApiError, RetryableError } from '../errors';
import type { TaskContext } from '../types';
import { openAIChatTask } from './openai-chat-task';

interface SeenRequest {
  method?: string;
  url?: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

type Handler = (request: SeenRequest, res: ServerResponse) => void;

const API_KEY = 'sk-test-1234567890abcdef';

let server: Server;
let baseURL: string;
let handler: Handler;
let seen: SeenRequest[] = [];
const sockets = new Set<Socket>();

/** The chat-completions answer a real server gives, with the first user message echoed back. */
const answer: Handler = (request, res) => {
  const messages = request.body.messages as Array<{ role: string; content: string }>;
  const content = `echo: ${messages.find((m) => m.role === 'user')?.content ?? ''}`;
  sendJson(res, 200, {
    id: 'chatcmpl-1',
    object: 'chat.completion',
    created: 1,
    model: `${String(request.body.model)}-2024-07-18`,
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 1000, completion_tokens: 500, total_tokens: 1500 },
  });
};

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

function apiError(status: number, message: string, headers?: Record<string, string>): Handler {
  return (_request, res) => sendJson(res, status, { error: { message, type: 'invalid_request_error' } }, headers);
}

function context<I = unknown>(input: I = 'hi' as I, signal: AbortSignal = new AbortController().signal): TaskContext<I> {
  return { signal, item: { id: 'item_0', index: 0, input }, attempt: 1 };
}

async function rejection(promise: unknown): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const request: SeenRequest = { method: req.method, url: req.url, headers: req.headers, body: text ? JSON.parse(text) : {} };
      seen.push(request);
      handler(request, res);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const savedEnv = { key: process.env.OPENAI_API_KEY, url: process.env.OPENAI_BASE_URL };
beforeEach(() => {
  handler = answer;
  seen = [];
  delete process.env.OPENAI_API_KEY;
  delete process.env.OPENAI_BASE_URL;
});
afterEach(() => {
  for (const [name, value] of [['OPENAI_API_KEY', savedEnv.key], ['OPENAI_BASE_URL', savedEnv.url]] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

describe('openAIChatTask request', () => {
  it('posts model, system and template messages, temperature, max_tokens and extraBody', async () => {
    const task = openAIChatTask<{ question: string; lang: string }>({
      baseURL,
      model: 'gpt-4o-mini',
      system: 'Answer briefly.',
      prompt: 'Q ({lang}): {question} {unknown} {"json": true} {input}',
      temperature: 0,
      maxTokens: 64,
      extraBody: { seed: 7, response_format: { type: 'text' } },
    });
    const input = { question: 'What is 2+2?', lang: 'en' };
    await task(input, context(input));

    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/v1/chat/completions' });
    expect(seen[0]!.headers['content-type']).toBe('application/json');
    expect(seen[0]!.body).toEqual({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'Answer briefly.' },
        { role: 'user', content: `Q (en): What is 2+2? {unknown} {"json": true} ${JSON.stringify(input)}` },
      ],
      temperature: 0,
      max_tokens: 64,
      seed: 7,
      response_format: { type: 'text' },
    });
  });

  it('sends no Authorization header without an API key, and Bearer with one', async () => {
    await openAIChatTask({ baseURL, model: 'llama3.2' })('hi', context());
    expect(seen[0]!.headers.authorization).toBeUndefined();
    expect(seen[0]!.body).toEqual({ model: 'llama3.2', messages: [{ role: 'user', content: 'hi' }] });

    await openAIChatTask({ baseURL, model: 'gpt-4o', apiKey: API_KEY })('hi', context());
    expect(seen[1]!.headers.authorization).toBe(`Bearer ${API_KEY}`);
  });

  it('reads OPENAI_BASE_URL and OPENAI_API_KEY, and tolerates a trailing slash', async () => {
    process.env.OPENAI_BASE_URL = `${baseURL}/`;
    process.env.OPENAI_API_KEY = API_KEY;
    await openAIChatTask({ model: 'm' })('hi', context());
    expect(seen[0]!.url).toBe('/v1/chat/completions');
    expect(seen[0]!.headers.authorization).toBe(`Bearer ${API_KEY}`);
  });

  it('lets custom headers replace the defaults, whatever their case', async () => {
    await openAIChatTask({ baseURL, model: 'm', apiKey: API_KEY, headers: { Authorization: 'Token x', 'X-Team': 'eval' } })(
      'hi',
      context(),
    );
    expect(seen[0]!.headers.authorization).toBe('Token x');
    expect(seen[0]!.headers['x-team']).toBe('eval');
  });

  it('sends a non-string input as JSON when there is no prompt', async () => {
    await openAIChatTask({ baseURL, model: 'm' })({ a: [1, 2] }, context());
    expect(seen[0]!.body.messages).toEqual([{ role: 'user', content: '{"a":[1,2]}' }]);
  });

  it('uses a prompt function: a string becomes the user message, an array the conversation', async () => {
    const asString = openAIChatTask<string>({ baseURL, model: 'm', system: 'S', prompt: (input, item) => `${item.id}: ${input}` });
    await asString('hello', context('hello'));
    expect(seen[0]!.body.messages).toEqual([
      { role: 'system', content: 'S' },
      { role: 'user', content: 'item_0: hello' },
    ]);

    const asMessages = openAIChatTask<string>({
      baseURL,
      model: 'm',
      prompt: async (input) => [
        { role: 'user', content: 'Say A' },
        { role: 'assistant', content: 'A' },
        { role: 'user', content: input },
      ],
    });
    await asMessages('Say B', context('Say B'));
    expect(seen[1]!.body.messages).toHaveLength(3);
  });

  it('refuses a prompt function that returns neither a string nor messages', async () => {
    const task = openAIChatTask({ baseURL, model: 'm', prompt: () => [] });
    expect(await rejection(task('x', context()))).toBeInstanceOf(ConfigError);
    expect(seen).toHaveLength(0);
  });
});

describe('openAIChatTask response', () => {
  it('returns the content with tokens, cost from prices, and metadata', async () => {
    const task = openAIChatTask({ baseURL, model: 'gpt-4o-mini', prices: { inputPerMillion: 0.15, outputPerMillion: 0.6 } });
    await expect(task('2+2?', context())).resolves.toEqual({
      output: 'echo: 2+2?',
      tokensUsed: 1500,
      cost: (1000 * 0.15 + 500 * 0.6) / 1_000_000,
      metadata: { model: 'gpt-4o-mini-2024-07-18', finishReason: 'stop', promptTokens: 1000, completionTokens: 500 },
    });
  });

  it('adds prompt and completion tokens when total_tokens is missing, and leaves cost out without prices', async () => {
    handler = (_request, res) =>
      sendJson(res, 200, { choices: [{ message: { content: 'ok' } }], usage: { prompt_tokens: 3, completion_tokens: 4 } });
    const result = await openAIChatTask({ baseURL, model: 'm' })('x', context());
    expect(result).toMatchObject({ output: 'ok', tokensUsed: 7 });
    expect(result.cost).toBeUndefined();
  });

  it.each([
    ['malformed JSON', '{"choices": ['],
    ['missing choices', { id: 'x', object: 'chat.completion' }],
    ['null content', { choices: [{ message: { role: 'assistant', content: null }, finish_reason: 'tool_calls' }] }],
  ])('throws ModelApiError on a 200 with %s', async (_name, body) => {
    handler = (_request, res) => sendJson(res, 200, body);
    const error = await rejection(openAIChatTask({ baseURL, model: 'm' })('x', context()));
    expect(error).toBeInstanceOf(ModelApiError);
    expect((error as ModelApiError).message).toContain('HTTP 200');
  });
});

describe('openAIChatTask errors', () => {
  it('turns 429 into a RetryableError with Retry-After seconds as retryAfterMs', async () => {
    handler = apiError(429, 'Rate limit reached for requests', { 'retry-after': '2' });
    const error = await rejection(openAIChatTask({ baseURL, model: 'm', apiKey: API_KEY })('x', context()));
    expect(error).toBeInstanceOf(RetryableError);
    expect((error as RetryableError).retryAfterMs).toBe(2000);
    expect((error as Error).message).toMatch(/429.*Rate limit reached for requests/);
  });

  it('prefers retry-after-ms when the server sends it', async () => {
    handler = apiError(429, 'slow down', { 'retry-after': '2', 'retry-after-ms': '350' });
    const error = await rejection(openAIChatTask({ baseURL, model: 'm' })('x', context()));
    expect((error as RetryableError).retryAfterMs).toBe(350);
  });

  it('turns 503 into a RetryableError, also when the body is not JSON', async () => {
    handler = (_request, res) => {
      res.writeHead(503, { 'content-type': 'text/plain' });
      res.end('upstream overloaded');
    };
    const error = await rejection(openAIChatTask({ baseURL, model: 'm' })('x', context()));
    expect(error).toBeInstanceOf(RetryableError);
    expect((error as RetryableError).retryAfterMs).toBeUndefined();
    expect((error as Error).message).toMatch(/503.*upstream overloaded/);
  });

  it.each([
    [400, /400.*Invalid value for temperature/],
    [401, /401.*Check OPENAI_API_KEY/],
    [404, /"gpt-5-turbo".*127\.0\.0\.1.*404.*Check the model name and baseURL/],
  ])('turns %i into a ModelApiError with its status and without the API key', async (status, message) => {
    const apiMessage = {
      400: 'Invalid value for temperature',
      401: `Incorrect API key provided: ${API_KEY}`,
      404: 'The model `gpt-5-turbo` does not exist',
    }[status];
    handler = apiError(status, apiMessage!);
    const error = await rejection(openAIChatTask({ baseURL, model: 'gpt-5-turbo', apiKey: API_KEY })('x', context()));
    expect(error).toBeInstanceOf(ModelApiError);
    expect(error).not.toBeInstanceOf(RetryableError);
    expect((error as ModelApiError).status).toBe(status);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain(API_KEY);
  });

  it('says how to set a key on a 401 when none was sent', async () => {
    handler = apiError(401, 'Missing bearer authentication');
    const error = await rejection(openAIChatTask({ baseURL, model: 'm' })('x', context()));
    expect((error as Error).message).toMatch(/Set OPENAI_API_KEY or pass apiKey/);
  });

  it('turns a connection dropped in the middle of the body into a RetryableError', async () => {
    handler = (_request, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      res.write('{"choices": [', () => res.destroy());
    };
    expect(await rejection(openAIChatTask({ baseURL, model: 'm' })('x', context()))).toBeInstanceOf(RetryableError);
  });

  it('turns a refused connection into a RetryableError with the cause', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));

    const error = await rejection(openAIChatTask({ baseURL: `http://127.0.0.1:${port}/v1`, model: 'm' })('x', context()));
    expect(error).toBeInstanceOf(RetryableError);
    expect((error as Error).message).toContain('ECONNREFUSED');
    expect((error as Error).cause).toMatchObject({ message: 'fetch failed' });
  });
});

describe('openAIChatTask abort', () => {
  const hang: Handler = () => undefined; // never answers; the socket is destroyed in afterAll

  it('rejects with the AbortError when the signal aborts while the server never answers', async () => {
    handler = hang;
    const controller = new AbortController();
    const pending = openAIChatTask({ baseURL, model: 'm' })('x', context('x', controller.signal));
    setTimeout(() => controller.abort(), 50);
    const error = await rejection(pending);
    expect(error).not.toBeInstanceOf(RetryableError);
    expect((error as Error).name).toBe('AbortError');
  });

  it('rejects with the abort reason itself, unchanged', async () => {
    handler = hang;
    const controller = new AbortController();
    const reason = new Error('item timed out');
    const pending = openAIChatTask({ baseURL, model: 'm' })('x', context('x', controller.signal));
    setTimeout(() => controller.abort(reason), 20);
    expect(await rejection(pending)).toBe(reason);
  });

  it('rejects with the abort reason when the signal aborts while the body is still arriving', async () => {
    handler = (_request, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"choices": ['); // and never finishes
    };
    const controller = new AbortController();
    const reason = new Error('item timed out');
    const pending = openAIChatTask({ baseURL, model: 'm' })('x', context('x', controller.signal));
    setTimeout(() => controller.abort(reason), 50);
    expect(await rejection(pending)).toBe(reason);
  });

  it('rejects with the reason of a signal that is already aborted, without a request', async () => {
    const reason = new Error('run cancelled');
    const error = await rejection(openAIChatTask({ baseURL, model: 'm' })('x', context('x', AbortSignal.abort(reason))));
    expect(error).toBe(reason);
    expect(seen).toHaveLength(0);
  });
});

describe('openAIChatTask options', () => {
  it.each([
    ['no model', { model: '' }, /needs a model/],
    ['a non-http baseURL', { model: 'm', baseURL: 'ftp://example.com/v1' }, /must be http\(s\)/],
    ['a baseURL that is not a URL', { model: 'm', baseURL: 'not a url' }, /is not a URL/],
    ['credentials in baseURL', { model: 'm', baseURL: 'http://u:p@127.0.0.1/v1' }, /user or password/],
    ['a negative temperature', { model: 'm', temperature: -1 }, /temperature/],
    ['a fractional maxTokens', { model: 'm', maxTokens: 1.5 }, /maxTokens/],
    ['incomplete prices', { model: 'm', prices: { inputPerMillion: 1 } }, /prices/],
    ['stream: true', { model: 'm', extraBody: { stream: true } }, /streaming/],
  ])('throws ConfigError for %s', (_name, options, message) => {
    expect(() => openAIChatTask(options as never)).toThrow(ConfigError);
    expect(() => openAIChatTask(options as never)).toThrow(message);
  });

  it('uses an injected fetch', async () => {
    const fetchMock = jest.fn(async () => new Response(JSON.stringify({ choices: [{ message: { content: 'mocked' } }] })));
    const result = await openAIChatTask({ baseURL: 'https://api.example.test/v1?api-version=1', model: 'm', fetch: fetchMock })(
      'x',
      context(),
    );
    expect(result.output).toBe('mocked');
    expect(String((fetchMock.mock.calls[0] as unknown[])[0])).toBe('https://api.example.test/v1/chat/completions?api-version=1');
  });
});
