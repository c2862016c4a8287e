import type { FastifyRequest } from 'fastify';
import { LOSSY_NUMBER_REASONS, lossOf, mayHoldInexactNumbers, numberLiterals, shownLiteral } from '@llm-eval/evaluator';
import { formatPath } from './body-path';

/**
 * Numbers of a JSON body that JSON.parse reads as another number, without a word: one too small for a double reads as
 * 0 (`1e-400`), an integer with more digits than a double keeps loses the rest (`12345678901234567891` reads as
 * 12345678901234567000). Each is a number still and is stored as read; a route storing the body's values names them
 * in its response's warnings, as an import (the evaluator's migrate/lossy-numbers.ts) and a dataset do.
 */

/**
 * The text of each request body that may hold one (16 digits in a row, a 3-digit exponent). Every other body (almost
 * all) costs one regular-expression test and is not kept; only these texts are walked, and only by a route that warns.
 */
const suspectBodies = new WeakMap<FastifyRequest, string>();

/** Numbers named one warning each; the rest are counted in one more. */
const MAX_NAMED = 10;

/** Keeps the text of a parsed JSON body when it may hold a number read otherwise than written. */
export function noteSuspectNumbers(request: FastifyRequest, text: string): void {
  if (mayHoldInexactNumbers(text)) suspectBodies.set(request, text);
}

/**
 * One warning per number of the request's body read otherwise than written (`body.config.seed is not stored as
 * written: 12345678901234567891 reads as 12345678901234567000 (…)`), the first few named and the rest counted; empty
 * when there is none. `stored` picks the paths (keys below the body) whose values the route stores.
 */
export function lossyNumberWarnings(request: FastifyRequest, stored: (path: readonly string[]) => boolean = () => true): string[] {
  const text = suspectBodies.get(request);
  if (text === undefined) return [];
  const warnings: string[] = [];
  let more = 0;
  for (const { literal, path } of numberLiterals(text)) {
    const kind = lossOf(literal);
    if (!kind || !stored(path)) continue;
    if (warnings.length === MAX_NAMED) {
      more++;
      continue;
    }
    const value = Number(literal);
    const shown = shownLiteral(literal);
    // -0 is 0 once stored: "reads as 0" either way.
    warnings.push(
      `${formatPath(['body', ...path])} is not stored as written: ${shown} reads as ${value === 0 ? '0' : String(value)} (${LOSSY_NUMBER_REASONS[kind]}). ` +
        `The value read is stored; write such a number as a string (e.g. "${shown}") to keep it as written`,
    );
  }
  if (more > 0) {
    const count = more === 1 ? '1 more number is' : `${more} more numbers are`;
    warnings.push(`${count} not stored as written (not named here); write such numbers as strings to keep them as written`);
  }
  return warnings;
}
