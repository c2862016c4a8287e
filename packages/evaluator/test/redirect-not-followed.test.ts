import { ModelApiError, openAIChatTask, RetryableError } from '../src';
import { startRawApiServer } from './support/raw-api-server';
import { context, errorOf } from './support/task-call';

// fetch follows redirects by default, and on a hop to another host drops Authorization but not a custom key header
// (`api-key`, Azure's): the key went to whatever host the Location named. The task follows no redirect now and says
// where it pointed and which baseURL to set instead.
const KEY = 'sk-AZUREKEY-abcdefghijklmnop0123456789';

let elsewhere: Awaited<ReturnType<typeof startRawApiServer>>;
beforeAll(async () => {
  // Another host (127.0.0.2 is loopback too): the one the redirect points at. It would answer a completion.
  elsewhere = await startRawApiServer((_request, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ choices: [{ message: { role: 'assistant', content: 'hijacked' } }] }));
  }, '127.0.0.2');
});
afterAll(() => elsewhere.close());

it.each([307, 302, 308])('a %i to another host is not followed: the key header never reaches it, and the error names the Location and the baseURL to set', async (status) => {
  const api = await startRawApiServer((_request, res) => {
    res.writeHead(status, { location: `${elsewhere.origin}/openai/v1/chat/completions?api-key=${KEY}` });
    res.end();
  });
  try {
    const error = await errorOf(openAIChatTask({ baseURL: api.baseURL, model: 'm', apiKey: '', headers: { 'api-key': KEY } })('hi', context()));
    expect(api.seen).toHaveLength(1);
    expect(api.seen[0]!.headers['api-key']).toBe(KEY);
    expect(elsewhere.seen).toHaveLength(0);
    expect(error).toBeInstanceOf(ModelApiError);
    expect(error).not.toBeInstanceOf(RetryableError);
    expect((error as ModelApiError).status).toBe(status);
    expect(error.message).toContain(`answered HTTP ${status} (a redirect) to ${elsewhere.origin}/openai/v1/chat/completions?api-key=***; it was not followed`);
    expect(error.message).toContain(`set baseURL to ${elsewhere.origin}/openai/v1?api-key=***.`);
    expect(error.message).not.toContain(KEY.slice(0, 12));
  } finally {
    await api.close();
  }
});

it('a redirect on the same host is not followed either (a POST to the API is never redirected)', async () => {
  const api = await startRawApiServer((request, res) => {
    if (request.url.startsWith('/v1/')) {
      res.writeHead(307, { location: '/v2/chat/completions' });
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ choices: [{ message: { role: 'assistant', content: 'ok' } }] }));
  });
  try {
    const error = await errorOf(openAIChatTask({ baseURL: api.baseURL, model: 'm', apiKey: KEY })('hi', context()));
    expect(api.seen.map((r) => r.url)).toEqual(['/v1/chat/completions']);
    expect(error.message).toContain(`to ${api.origin}/v2/chat/completions; it was not followed`);
    expect(error.message).toContain(`set baseURL to ${api.origin}/v2.`);
  } finally {
    await api.close();
  }
});

// Review: a fetch that hides redirects (opaqueredirect: browser-style fetches, polyfills, a custom `fetch`) was
// refused inside the catch that makes network errors retryable, so it came back as "Could not reach" and was retried.
it('a redirect hidden by the fetch (opaqueredirect) is refused once, not retried as a network error', async () => {
  let calls = 0;
  const fetch = (async () => {
    calls++;
    return { type: 'opaqueredirect', status: 0, headers: new Headers(), text: async () => '' } as unknown as Response;
  }) as typeof globalThis.fetch;
  const error = await errorOf(openAIChatTask({ baseURL: 'http://127.0.0.1:1/v1', model: 'm', apiKey: KEY, fetch })('hi', context()));
  expect(calls).toBe(1);
  expect(error).toBeInstanceOf(ModelApiError);
  expect(error).not.toBeInstanceOf(RetryableError);
  expect(error.message).toContain('answered with a redirect without saying where to; it was not followed');
});

it('a 304 is an unexpected answer, not called a redirect', async () => {
  const api = await startRawApiServer((_request, res) => {
    res.writeHead(304);
    res.end();
  });
  try {
    const error = await errorOf(openAIChatTask({ baseURL: api.baseURL, model: 'm', apiKey: KEY })('hi', context()));
    expect(error.message).not.toContain('redirect');
    expect(error.message).toContain('304');
  } finally {
    await api.close();
  }
});
