import type { ServerResponse } from 'node:http';
import { Evaluator, ModelApiError, openAIChatTask, RetryableError } from '../src';
import { startRawApiServer, type SeenRequest } from './support/raw-api-server';
import { context, errorOf } from './support/task-call';

// Azure-style and proxy-style APIs take the key in baseURL's query (`?api-key=`, `?key=`, `?token=`, a signed URL's
// `?sig=`). Every error message names the request URL, so the key was in each one, and from there in the item's
// stored error and the export. The URL is shown with such values masked, and an echo of them is redacted too.
const KEY = 'sk-QUERYkey-0123456789abcdefXYZ';

let answer: (request: SeenRequest, res: ServerResponse) => void;
let api: Awaited<ReturnType<typeof startRawApiServer>>;
beforeAll(async () => {
  api = await startRawApiServer((request, res) => answer(request, res));
});
afterAll(() => api.close());

/** The value of the query parameter the test put the key in, decoded as a server reads it. */
function keyParam(request: SeenRequest, name: string): string {
  return new URL(request.url, api.origin).searchParams.get(decodeURIComponent(name)) ?? '';
}

function reply(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

describe.each(['key', 'api-key', 'token', 'access_token', 'sig', 'X-Auth', 'client_secret', '%6Bey'])('a key in baseURL as ?%s=', (name) => {
  const baseURL = () => `${api.baseURL}?api-version=2024-02-01&${name}=${KEY}`;
  const shownUrl = () => `${api.baseURL}/chat/completions?api-version=2024-02-01&${name}=***`;

  it.each([
    [401, ModelApiError],
    [404, ModelApiError],
    [500, RetryableError],
  ])('a %i names the URL with the key masked, other parameters kept, and redacts the API’s echo of the key', async (status, type) => {
    answer = (request, res) => reply(res, status, { error: { message: `bad key ${keyParam(request, name)}` } });
    const error = await errorOf(openAIChatTask({ baseURL: baseURL(), model: 'm', apiKey: '' })('hi', context()));
    expect(api.seen.at(-1)!.url).toContain(`${name}=${KEY}`);
    expect(error).toBeInstanceOf(type);
    expect(error.message).toContain(shownUrl());
    expect(error.message).toContain('bad key ***');
    expect(error.message).not.toContain(KEY.slice(3, 15));
  });

  it('a network error names the URL with the key masked', async () => {
    answer = (_request, res) => res.socket!.destroy();
    const error = await errorOf(openAIChatTask({ baseURL: baseURL(), model: 'm', apiKey: '' })('hi', context()));
    expect(error).toBeInstanceOf(RetryableError);
    expect(error.message).toContain(`Could not reach ${shownUrl()}: `);
    expect(error.message).not.toContain(KEY.slice(3, 15));
  });

  it('a 200 without text content names the URL with the key masked', async () => {
    answer = (_request, res) => reply(res, 200, { choices: [] });
    const error = await errorOf(openAIChatTask({ baseURL: baseURL(), model: 'm', apiKey: '' })('hi', context()));
    expect(error.message).toContain(`${shownUrl()} answered HTTP 200 with no choices[0].message`);
    expect(error.message).not.toContain(KEY.slice(3, 15));
  });
});

it('a redirect names both URLs and the baseURL to set with secret parameters masked, whatever their value', async () => {
  answer = (_request, res) => {
    res.writeHead(302, { location: `https://elsewhere.example/v1/chat/completions?api-key=${KEY}&sig=another-signature-value&api-version=1` });
    res.end();
  };
  const error = await errorOf(openAIChatTask({ baseURL: `${api.baseURL}?api-key=${KEY}`, model: 'm', apiKey: '' })('hi', context()));
  expect(error.message).toContain(`${api.baseURL}/chat/completions?api-key=*** answered HTTP 302 (a redirect) to `);
  expect(error.message).toContain('to https://elsewhere.example/v1/chat/completions?api-key=***&sig=***&api-version=1; it was not followed');
  expect(error.message).toContain('set baseURL to https://elsewhere.example/v1?api-key=***&sig=***&api-version=1.');
  expect(error.message).not.toContain('another-signature');
  expect(error.message).not.toContain(KEY.slice(3, 15));
});

it('a key percent-encoded in the query is masked in the URL, and redacted when the API echoes it decoded', async () => {
  const odd = 'ab/cd+ef=gh ij key';
  answer = (request, res) => reply(res, 401, { error: { message: `Incorrect API key provided: ${keyParam(request, 'key')}` } });
  const error = await errorOf(openAIChatTask({ baseURL: `${api.baseURL}?key=${encodeURIComponent(odd)}`, model: 'm', apiKey: '' })('hi', context()));
  expect(error.message).toContain(`${api.baseURL}/chat/completions?key=*** `);
  expect(error.message).toContain('Incorrect API key provided: ***');
  expect(error.message).not.toContain('cd+ef');
  expect(error.message).not.toContain('ab/cd');
});

it('parameters not named like a secret are shown as they are', async () => {
  answer = (_request, res) => reply(res, 404, { error: { message: 'no such deployment' } });
  const error = await errorOf(openAIChatTask({ baseURL: `${api.baseURL}?api-version=2024-02-01&deployment=gpt4o&region=eu`, model: 'm', apiKey: '' })('hi', context()));
  expect(error.message).toContain(`${api.baseURL}/chat/completions?api-version=2024-02-01&deployment=gpt4o&region=eu was not found`);
});

it('the item’s stored error and the export of a run hold no part of the key', async () => {
  answer = (request, res) => reply(res, 401, { error: { message: `Incorrect API key provided: ${keyParam(request, 'api-key')}` } });
  const result = await new Evaluator({
    task: openAIChatTask({ baseURL: `${api.baseURL}?api-key=${KEY}`, model: 'm', apiKey: '' }),
    dataset: [{ id: 'q1', input: 'hi' }],
    metrics: [],
    config: { storeRuns: false },
  }).run();
  expect(result.items[0]).toMatchObject({ success: false, errorType: 'ModelApiError' });
  expect(result.items[0]!.error).toContain('?api-key=*** ');
  expect(JSON.stringify(result.toJSON())).not.toContain(KEY.slice(3, 15));
});
