import type { MetricFunction } from '../types';

/** `response_time`: the seconds the task took for this item (`context.responseTime`). */
export function createResponseTime(): MetricFunction {
  return function response_time(_output, _expected, _input, context) {
    return context.responseTime;
  };
}
