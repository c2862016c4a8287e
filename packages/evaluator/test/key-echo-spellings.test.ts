import type { ServerResponse } from 'node:http';
import { ModelApiError, openAIChatTask } from '../src';
import { startRawApiServer, type SeenRequest } from './support/raw-api-server';
import { context, errorOf } from './support/task-call';

// An API may echo a key other than as it was sent: base64 or hex of it, upper-cased, HTML-escaped on an error page,
// cut short, broken over two lines, or in the finish_reason of a 200. Each was shown as is; each is a key recovered.
const KEY = 'sk-Proj-SECRETkey0123456789abcXYZ';

let answer: (request: SeenRequest, res: ServerResponse) => void;
let api: Awaited<ReturnType<typeof startRawApiServer>>;
beforeAll(async () => {
  api = await startRawApiServer((request, res) => answer(request, res));
});
afterAll(() => api.close());

/** The key the request carried, whichever header carried it. */
function sentKey(request: SeenRequest): string {
  const header = Object.entries(request.headers).find(([name]) => name === 'authorization' || name.startsWith('x-'));
  return String(header?.[1] ?? '').replace(/^Bearer /, '');
}

function echo401(text: (key: string) => string, contentType = 'text/plain'): void {
  answer = (request, res) => {
    res.writeHead(401, { 'content-type': contentType });
    res.end(text(sentKey(request)));
  };
}

/** Every 12-character piece of the key: what a reader needs to recover most of it. */
function keyPieces(key: string): string[] {
  return Array.from({ length: key.length - 11 }, (_, i) => key.slice(i, i + 12));
}

describe('a key echoed in another spelling is redacted', () => {
  const base64 = (key: string) => Buffer.from(key).toString('base64');
  const hex = (key: string) => Buffer.from(key).toString('hex');
  it.each([
    ['base64', base64],
    ['URL-safe base64 without padding', (key: string) => Buffer.from(key).toString('base64url')],
    ['base64 of the whole Authorization header', (key: string) => base64(`Bearer ${key}`)],
    ['base64 inside a longer base64 text (a JSON dump)', (key: string) => base64(`{"key":"${key}"}`)],
    ['hex', hex],
    ['hex in upper case', (key: string) => hex(key).toUpperCase()],
    ['upper case', (key: string) => key.toUpperCase()],
    ['lower case', (key: string) => key.toLowerCase()],
    ['HTML-escaped with decimal entities', (key: string) => key.replace(/-/g, '&#45;')],
    ['HTML-escaped with hex entities', (key: string) => key.replace(/-/g, '&#x2D;')],
    ['without its last 2 characters', (key: string) => key.slice(0, -2)],
    ['with its first 4 characters replaced', (key: string) => `****${key.slice(4)}`],
    ['as 12 characters from its middle', (key: string) => key.slice(8, 20)],
    ['broken over two lines', (key: string) => `${key.slice(0, 10)}\n${key.slice(10)}`],
  ])('%s', async (_, spell) => {
    echo401((key) => `bad key ${spell(key)} (check it)`);
    const error = await errorOf(openAIChatTask({ baseURL: api.baseURL, model: 'm', apiKey: KEY })('hi', context()));
    expect(error).toBeInstanceOf(ModelApiError);
    // What is left around the `***` is not the key's: the JSON around it in base64, the `****` the API put first.
    expect(error.message).toMatch(/rejected the API key \(HTTP 401\): bad key \S*\*\*\*\S* \(check it\)\. Check OPENAI_API_KEY or the apiKey option\./);
    for (const piece of keyPieces(spell(KEY))) expect(error.message).not.toContain(piece);
  });

  it('on an HTML error page quoting it with entities', async () => {
    echo401((key) => `<html><body>Bad key &quot;${key.replace(/-/g, '&#45;')}&quot;</body></html>`, 'text/html');
    const error = await errorOf(openAIChatTask({ baseURL: api.baseURL, model: 'm', apiKey: KEY })('hi', context()));
    expect(error.message).toContain('<html><body>Bad key &quot;***&quot;</body></html>');
  });
});

it('a key echoed in finish_reason of a 200 without text content is redacted there too', async () => {
  answer = (request, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ choices: [{ message: { role: 'assistant' }, finish_reason: `stop ${sentKey(request)}` }] }));
  };
  const error = await errorOf(openAIChatTask({ baseURL: api.baseURL, model: 'm', apiKey: KEY })('hi', context()));
  expect(error.message).toContain('answered HTTP 200 with no text content (finish_reason: stop ***): ');
  expect(error.message).not.toContain(KEY.slice(3, 15));
});

describe('a key given in a header named like a passphrase, password, signature or credential', () => {
  it.each(['X-Passphrase', 'x-api-pwd', 'X-Signature', 'x-credential'])('%s is redacted from the echo and named in the advice', async (name) => {
    echo401((key) => JSON.stringify({ error: { message: `Incorrect API key provided: ${key}` } }), 'application/json');
    const error = await errorOf(openAIChatTask({ baseURL: api.baseURL, model: 'm', apiKey: '', headers: { [name]: KEY } })('hi', context()));
    expect(error.message).toContain('rejected the API key (HTTP 401): Incorrect API key provided: ***.');
    expect(error.message).toContain(`Check the key in the "${name.toLowerCase()}" header of the headers option.`);
    expect(error.message).not.toContain(KEY.slice(3, 15));
  });
});

// Other spellings of a short value would be everywhere: its upper case, or its base64 a common word.
it('a secret shorter than 8 characters is redacted only as written, as before', async () => {
  const short = 'ab12cd';
  echo401((key) => `bad key ${key}; AB12CD and ${Buffer.from(key).toString('base64')} and ab12 are other text`);
  const error = await errorOf(openAIChatTask({ baseURL: api.baseURL, model: 'm', apiKey: '', headers: { 'x-api-key': short } })('hi', context()));
  expect(error.message).toContain(`bad key ***; AB12CD and ${Buffer.from(short).toString('base64')} and ab12 are other text`);
});

it('text that shares fewer than 12 characters with the key is left alone', async () => {
  echo401(() => `request sk-Proj-SEC and 0123456789a were refused`);
  const error = await errorOf(openAIChatTask({ baseURL: api.baseURL, model: 'm', apiKey: KEY })('hi', context()));
  expect(error.message).toContain('request sk-Proj-SEC and 0123456789a were refused');
});
