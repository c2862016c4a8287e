import { createResponseTime } from './response-time';
import { testContext } from './test-context';

describe('response_time', () => {
  const responseTime = createResponseTime();

  it("returns the context's response time in seconds, whatever the output", () => {
    expect(responseTime('x', 'y', 'input', testContext({ responseTime: 0.25 }))).toBe(0.25);
    expect(responseTime(null, undefined, undefined, testContext({ responseTime: 0 }))).toBe(0);
    expect(responseTime({ a: 1 }, 42, '😀', testContext({ responseTime: 12.5 }))).toBe(12.5);
    expect(responseTime('é'.repeat(20_000), '', '', testContext())).toBe(1.5);
  });
});
