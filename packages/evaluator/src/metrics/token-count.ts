import type { MetricFunction } from '../types';
import { toText } from './to-text';

const WHITESPACE = /\s+/u;

/**
 * `token_count`: the tokens the task reported using (`withUsage`), else the number of words of the output as text,
 * trimmed and split on runs of Unicode whitespace (0 for empty output).
 */
export function createTokenCount(): MetricFunction {
  return function token_count(output, _expected, _input, context) {
    if (typeof context.tokensUsed === 'number' && Number.isFinite(context.tokensUsed)) return context.tokensUsed;
    const text = toText(output).trim();
    return text === '' ? 0 : text.split(WHITESPACE).length;
  };
}
