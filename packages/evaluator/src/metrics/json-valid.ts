import type { MetricFunction } from '../types';
import { parseJsonOutput } from './parse-json-output';

/** `json_valid`: true when the output parses as JSON (a surrounding ```json fence is allowed) or is a JSON value. */
export function createJsonValid(): MetricFunction {
  return function json_valid(output) {
    return parseJsonOutput(output).ok;
  };
}
