import type { TaskContext } from '../../src';

/** The context of a task called directly, outside an Evaluator: item "a" with input "hi", first attempt. */
export function context(): TaskContext<string> {
  return { signal: new AbortController().signal, item: { id: 'a', index: 0, input: 'hi' }, attempt: 1 };
}

/** What a promise rejects with; fails the test when it resolves. */
export async function errorOf(promise: unknown): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}
