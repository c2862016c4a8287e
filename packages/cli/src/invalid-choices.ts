import { distance } from 'fastest-levenshtein';

/** One option yargs refused a value of: the values given that are not among its choices. */
interface Refused {
  option: string;
  given: unknown[];
  choices: unknown[];
}

const LINE = /^ {2}Argument: (\S+), Given: /;
const CHOICES = ', Choices: ';

/**
 * Reads yargs's "Invalid values:" message (one line per option: `Argument: status, Given: "runing", Choices:
 * "running", …`, each list as JSON values joined by ", "). Undefined when the message is not one, or not as expected.
 */
function parseInvalidValues(message: string): Refused[] | undefined {
  const [head, ...lines] = message.split('\n');
  if (head !== 'Invalid values:' || lines.length === 0) return undefined;
  const refused: Refused[] = [];
  for (const line of lines) {
    const match = LINE.exec(line);
    // The choices never hold ", Choices: ", while a given value may: the last one ends the given list.
    const at = line.lastIndexOf(CHOICES);
    if (!match || at < match[0].length) return undefined;
    try {
      const given = JSON.parse(`[${line.slice(match[0].length, at)}]`) as unknown[];
      const choices = JSON.parse(`[${line.slice(at + CHOICES.length)}]`) as unknown[];
      refused.push({ option: match[1]!, given, choices });
    } catch {
      return undefined;
    }
  }
  return refused;
}

/** The choice a mistyped value most likely meant: the same but for case, at most 2 edits away, or one it begins. */
export function closestChoice(value: string, choices: readonly string[]): string | undefined {
  const typed = value.trim().toLowerCase();
  if (typed === '') return undefined;
  let best: { choice: string; distance: number } | undefined;
  for (const choice of choices) {
    const d = distance(typed, choice.toLowerCase());
    if (d <= 2 && d < typed.length && (!best || d < best.distance)) best = { choice, distance: d };
  }
  if (best) return best.choice;
  const begun = choices.filter((choice) => choice.toLowerCase().startsWith(typed));
  return begun.length === 1 ? begun[0] : undefined;
}

/** What to suggest for one refused value: a close choice, or each of a comma-separated list given apart. */
function suggestion(flag: string, value: unknown, choices: readonly string[]): string | undefined {
  if (typeof value !== 'string') return undefined;
  const parts = value.split(',').map((part) => part.trim()).filter(Boolean);
  if (parts.length > 1 && parts.every((part) => choices.includes(part))) return `${flag} ${parts.join(' ')}`;
  return closestChoice(value, choices);
}

const kebab = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();

/**
 * Rewrites yargs's "Invalid values: Argument: status, Given: …" as one sentence per option that names the valid values
 * and the closest one: `--status "runing" is not a valid value; did you mean running? Valid values: running, …`.
 * Undefined when the message is not yargs's refusal of a value.
 */
export function explainInvalidChoices(message: string): string | undefined {
  const refused = parseInvalidValues(message);
  if (!refused) return undefined;
  // yargs may list a kebab-case option under both its names (proxy-role, proxyRole): once is enough.
  const named = refused.filter(({ option }) => option === kebab(option) || !refused.some((r) => r.option === kebab(option)));
  return named
    .map(({ option, given, choices }) => {
      const flag = `--${option}`;
      const valid = choices.map(String);
      const values = given.map((value) => {
        const meant = suggestion(flag, value, valid);
        return { text: JSON.stringify(value), meant };
      });
      const list = `Valid values: ${valid.join(', ')}.`;
      if (values.length === 1) {
        const [{ text, meant }] = values as [{ text: string; meant?: string }];
        return `${flag} ${text} is not a valid value${meant ? `; did you mean ${meant}?` : '.'} ${list}`;
      }
      const shown = values.map(({ text, meant }) => (meant ? `${text} (did you mean ${meant}?)` : text));
      return `${flag} ${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]} are not valid values. ${list}`;
    })
    .join(' ');
}
