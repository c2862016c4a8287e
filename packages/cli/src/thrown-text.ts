import { terminalText } from './output/terminal-text';

/** What a thrown value says ("Error: boom"), for one line of the terminal; never throws, whatever was thrown. */
export function thrownText(error: unknown): string {
  let text: string;
  try {
    text = error instanceof Error ? `${String(error.name)}: ${String(error.message)}` : String(error);
  } catch {
    text = '[unreadable thrown value]';
  }
  return terminalText(text);
}

/** A thrown value's message (an object's `message`, else its text); never throws, whatever was thrown. */
export function thrownMessage(error: unknown): string {
  try {
    if (error instanceof Error) return String(error.message);
    if (typeof error === 'object' && error !== null && 'message' in error) return String((error as { message: unknown }).message);
    return String(error);
  } catch {
    return '[unreadable thrown value]';
  }
}

/** A property of a thrown value (`code`), or undefined when it has none or reading it throws. */
export function thrownProperty(error: unknown, key: string): unknown {
  try {
    return typeof error === 'object' && error !== null ? (error as Record<string, unknown>)[key] : undefined;
  } catch {
    return undefined;
  }
}

/** A thrown value's stack (for --verbose), or undefined when it has none that can be read. */
export function thrownStack(error: unknown): string | undefined {
  try {
    const stack = (error as { stack?: unknown } | null)?.stack;
    return typeof stack === 'string' ? terminalText(stack) : undefined;
  } catch {
    return undefined;
  }
}
