import type { MetricFunction } from '../types';
import { toText } from './to-text';

const WHITESPACE = /\s+/u;

/** `token_count`: the tokens the task reported using, else the whitespace-separated words of the output. */
export function createTokenCount(): MetricFunction {
  return function token_count(output, _expected, _input, context) {
    if (typeof context.tokensUsed === 'number' && Number.isFinite(context.tokensUsed)) return context.tokensUsed;
    const text = toText(output).trim();
    return text === '' ? 0 : text.split(WHITESPACE).length;
  };
}
