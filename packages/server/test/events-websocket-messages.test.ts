import WebSocket from 'ws';
import { DATABASE_KINDS, useServer } from './server-harness';
import { logCapture } from './access-world';
import { openWebSocket, type StreamMessage, type WsClient } from './events-clients';

// What a live-events WebSocket client is told of a message the server cannot follow. A message over the 64 KiB limit
// closed the socket with 1009 and an empty reason, and logged an error with a stack trace (any token holder could
// fill the error log). Subscribe messages were answered with one generic text whatever was wrong (a run too long, a
// key given twice, a key no message takes), and a run with a NUL was refused as a query parameter.

type ErrorMessage = StreamMessage & { error: { code: string; message: string } };

/**
 * Sends raw text and resolves with the message that answers it: the next subscribed or error message (client
 * messages are answered one by one, in order; run events may come in between).
 */
async function answerTo(ws: WsClient, text: string): Promise<StreamMessage> {
  const from = ws.messages.length;
  ws.socket.send(text);
  return ws.waitFor(`the answer to ${text.slice(0, 60)}`, (m) => ws.messages.indexOf(m) >= from && (m.type === 'subscribed' || m.type === 'error'));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(DATABASE_KINDS)('live-events WebSocket client messages on %s', (kind) => {
  const logs = logCapture();
  const api = useServer(kind, { logger: { level: 'info', stream: logs.stream } });

  it('closes a socket sent a message over 64 KiB with 1009 saying the limit, and logs one info line without a stack', async () => {
    const ws = await openWebSocket(api.baseUrl);
    ws.socket.send(JSON.stringify({ type: 'subscribe', run: 'x'.repeat(65 * 1024) }));
    const closed = await ws.closed;
    expect(closed).toEqual({ code: 1009, reason: 'Messages are limited to 64 KiB; send a shorter one.' });
    const deadline = Date.now() + 10_000;
    while (!logs.text().includes('WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') && Date.now() < deadline) await sleep(20);
    const lines = logs
      .text()
      .split('\n')
      .filter((l) => l.includes('WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') || l.includes('Max payload'))
      .map((l) => JSON.parse(l) as { level: number; msg: string; err?: unknown; stack?: unknown });
    expect(lines).toEqual([expect.objectContaining({ level: 30, msg: 'live-events WebSocket closed: a client message over 64 KiB' })]);
    expect(lines[0]).not.toHaveProperty('err');
    expect(lines[0]).not.toHaveProperty('stack');
    // Nothing at error level at all.
    expect(logs.text()).not.toMatch(/"level":(50|60)/);
    // The server still serves other sockets.
    const again = await openWebSocket(api.baseUrl);
    again.close();
  });

  describe('subscribe messages it cannot follow', () => {
    let ws: WsClient;
    let runId = '';
    beforeAll(async () => {
      runId = (await api.server.database.runs.createRun({ name: `ws-messages-${kind}` })).id;
      ws = await openWebSocket(api.baseUrl);
    });
    afterAll(() => ws.close());

    const refusal = async (text: string): Promise<string> => {
      const answer = (await answerTo(ws, text)) as ErrorMessage;
      expect(answer).toMatchObject({ type: 'error', error: { code: 'invalid_request' } });
      return answer.error.message;
    };

    it('a run over 512 characters is refused as too long, naming message.run', async () => {
      const message = await refusal(JSON.stringify({ type: 'subscribe', run: 'r'.repeat(600) }));
      expect(message).toMatch(/^Invalid message\.run: Too big: expected string to have <=512 characters\. Send JSON text: \{"type":"subscribe"/);
    });

    it('a run with a NUL is refused naming message.run, not a query string', async () => {
      const message = await refusal(JSON.stringify({ type: 'subscribe', run: 'a\u0000b' }));
      expect(message).toBe("Invalid message.run: a run reference cannot contain NUL or unpaired surrogate characters. Send the run's id, id prefix or name.");
    });

    it('a key given twice is refused naming it, and the stream is not narrowed to either value', async () => {
      const message = await refusal(`{"type":"subscribe","run":"no-such-run","run":"${runId}"}`);
      expect(message).toBe(
        'Invalid message.run: the key is given more than once in the same object (JSON.parse would keep only the last value). Give each key once.',
      );
      expect(ws.messages.some((m) => m.type === 'subscribed' && m.runId === runId)).toBe(false);
    });

    it('a key no message takes is refused naming it', async () => {
      expect(await refusal(JSON.stringify({ type: 'subscribe', run: runId, runs: 'x' }))).toBe(
        'Invalid message: unknown key "runs"; a subscribe message takes "type" and "run". Remove "runs".',
      );
      expect(await refusal(JSON.stringify({ type: 'unsubscribe', run: runId }))).toBe(
        'Invalid message: unknown key "run"; an unsubscribe message takes "type" only. Remove "run".',
      );
      expect(ws.messages.some((m) => m.type === 'subscribed' && m.runId === runId)).toBe(false);
    });

    it('a missing run, an unknown type, and text that is not JSON say what is wrong', async () => {
      expect(await refusal(JSON.stringify({ type: 'subscribe' }))).toMatch(/^Invalid message\.run: Invalid input: expected string, received undefined\. Send JSON text/);
      expect(await refusal(JSON.stringify({ type: 'dance' }))).toMatch(/^Invalid message\.type: expected "subscribe" or "unsubscribe"\. Send JSON text/);
      expect(await refusal('not json')).toMatch(/^Invalid message: it is not valid JSON\. Send JSON text/);
    });

    it('still follows a good message, and the socket stayed open throughout', async () => {
      expect(await answerTo(ws, JSON.stringify({ type: 'subscribe', run: runId }))).toEqual({ type: 'subscribed', runId, runName: `ws-messages-${kind}` });
      expect(await answerTo(ws, JSON.stringify({ type: 'unsubscribe' }))).toEqual({ type: 'subscribed', runId: null, runName: null });
      expect(ws.socket.readyState).toBe(WebSocket.OPEN);
    });
  });
});
