import { DATABASE_KINDS, useServer } from './server-harness';

/** The first `blocks` blank-line-ended blocks of a Server-Sent Events stream, as the bytes said them. */
async function streamStart(url: string, blocks: number): Promise<{ status: number; text: string }> {
  const abort = new AbortController();
  const response = await fetch(url, { signal: abort.signal, headers: { accept: 'text/event-stream' } });
  const decoder = new TextDecoder();
  let text = '';
  try {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      text += decoder.decode(chunk, { stream: true });
      if (text.split('\n\n').length > blocks) break;
    }
  } finally {
    abort.abort();
  }
  return { status: response.status, text: text.split('\n\n').slice(0, blocks).map((b) => `${b}\n\n`).join('') };
}

// The README's example of `curl -N "$API/events"` showed run events only: a newcomer saw `retry: 3000` and an
// `event: subscribed` message first and did not know them. The README shows them now; this pins what it shows.
describe.each(DATABASE_KINDS)('the start of a Server-Sent Events stream on %s', (kind) => {
  const api = useServer(kind);

  it('starts with retry: 3000, then a subscribed message for every run (runId and runName null)', async () => {
    const start = await streamStart(`${api.baseUrl}/api/v1/events`, 2);
    expect(start.status).toBe(200);
    expect(start.text).toBe('retry: 3000\n\nevent: subscribed\ndata: {"type":"subscribed","runId":null,"runName":null}\n\n');
  });

  it('names the run ?run= narrows the stream to in its subscribed message', async () => {
    const created = await api.json('/api/v1/runs', { method: 'POST', json: { name: `nightly-${kind}`, metricsUsed: ['m'] } });
    expect(created.status).toBe(201);
    const start = await streamStart(`${api.baseUrl}/api/v1/events?run=nightly-${kind}`, 2);
    expect(start.text).toBe(
      `retry: 3000\n\nevent: subscribed\ndata: {"type":"subscribed","runId":"${created.body.id}","runName":"nightly-${kind}"}\n\n`,
    );
  });
});
