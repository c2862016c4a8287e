import { distance } from 'fastest-levenshtein';
import { parseRetentionDays } from './durations';
import { CliError } from './errors';
import { explainInvalidChoices } from './invalid-choices';
import { PATH_ONLY_OPTIONS, stdinRefused } from './stdin-paths';

/**
 * What yargs knew when it refused a command line: the arguments, the command path it reached (`['runs', 'compare']`),
 * the options of that command, and its usage line (`$0 runs compare <run-a> <run-b>`).
 */
export interface UsageContext {
  args: readonly string[];
  commands: readonly string[];
  options: readonly string[];
  usage?: string;
}

/** Options whose value is a date or an age: `--since -3d` is a (negative) age, not the flags -3 and -d. */
const AGE_OPTIONS = new Set(['--since', '--until', '--older-than', '--before', '--expires']);

/**
 * Positionals that are ages, by command, with the command's check of them. yargs reads `-90d` there as the short flags
 * -9, -0 and -d, then finds the positional missing ("needs <max-age>", though one was typed) — no rewrite of the
 * arguments gets a word that starts with a dash past it as a positional, as joinNegativeAges does for an option's value.
 */
const AGE_POSITIONALS: Readonly<Record<string, (text: string) => unknown>> = {
  'projects set-retention': (text) => parseRetentionDays(text),
};

/** Worked examples for commands whose arguments a newcomer leaves out most. */
const EXAMPLES: Record<string, string> = {
  'runs compare': 'llm-eval runs compare latest~1 latest',
  'runs trend': 'llm-eval runs trend exact_match',
  'runs show': 'llm-eval runs show latest',
  'runs items': 'llm-eval runs items latest "failed items"',
  'runs export': 'llm-eval runs export latest -o run.json',
};

/**
 * `--since -3d` reaches yargs as `--since=-3d`: otherwise it reads -3d as the short flags -3 and -d ("Unknown
 * arguments: 3, d") instead of handing the value to the check that refuses an age pointing to the future.
 */
export function joinNegativeAges(args: readonly string[]): string[] {
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const next = args[i + 1];
    if (AGE_OPTIONS.has(arg) && next !== undefined && /^-\d/.test(next)) {
      joined.push(`${arg}=${next}`);
      i++;
    } else joined.push(arg);
  }
  return joined;
}

/** The command's option closest to `name` (at most 2 edits away), as yargs has no suggestions for options. */
export function closestOption(name: string, options: readonly string[]): string | undefined {
  let best: { option: string; distance: number } | undefined;
  for (const option of options) {
    if (option.length < 2 || option === name) continue;
    const d = distance(name, option);
    if (d <= 2 && d < name.length && (!best || d < best.distance)) best = { option, distance: d };
  }
  return best?.option;
}

const kebab = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();

/** Whether `name` was typed as an option (`--name`, `--name=…`, `-n`) rather than as a word. */
function typedAsOption(name: string, args: readonly string[]): boolean {
  return args.some((arg) => arg === `--${name}` || arg.startsWith(`--${name}=`) || arg === `--no-${name}` || (name.length === 1 && /^-[^-]/.test(arg) && arg.includes(name)));
}

/** The word typed where a command was expected after `commands` (skipping options and --database-url's value). */
function typedCommand(commands: readonly string[], args: readonly string[]): string | undefined {
  const words: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--database-url') i++;
    else if (!arg.startsWith('-')) words.push(arg);
  }
  return words[commands.length];
}

/**
 * Rewrites yargs's usage errors so they say what to type: an unknown option gets the closest option of the command
 * ("did you mean --metrics?"), missing arguments are named with the command's usage, a mistyped command is repeated
 * with the suggestion, a value not among an option's choices gets the valid values and the closest one, an option
 * given without its value is named. Other messages pass through as they are.
 */
export function explainUsageError(message: string, context: UsageContext): string {
  const unknown = /^Unknown arguments?: (.*)$/.exec(message);
  const dashed = unknown ? dashedQueryWord(context) : undefined;
  if (dashed) {
    const command = context.commands.join(' ');
    return `"${dashed}" reads as options; a query word that starts with "-" goes after --: llm-eval ${command} ${command === 'runs items' ? '<run> ' : ''}-- ${dashed}`;
  }
  const stdin = unknown && context.commands.join(' ') === 'evaluate' ? pathOptionGivenDash(unknown[1]!.split(', '), context.args) : undefined;
  if (stdin) return stdinRefused(stdin);
  if (unknown) return explainUnknownArguments(unknown[1]!.split(', '), context) ?? message;

  const missing = /^Not enough non-option arguments: got (\d+), need at least (\d+)$/.exec(message);
  const age = missing ? ageTypedAsOption(context) : undefined;
  if (age) return age;
  // The positional was typed, with a leading dash: yargs took it for options.
  const letters = missing ? lettersReadAsOptions(context.args) : undefined;
  if (letters) return letters;
  if (missing && context.usage) {
    const usage = context.usage.replace(/^\$0\s*/, '');
    const command = context.commands.join(' ');
    const positionals = usage.slice(command.length).trim().split(/\s+/).filter((p) => p.startsWith('<'));
    const absent = positionals.slice(Number(missing[1]));
    if (absent.length > 0) {
      const example = EXAMPLES[command] ? ` (e.g. ${EXAMPLES[command]})` : '';
      return `${command} needs ${absent.join(' ')}: llm-eval ${usage}${example}.`;
    }
  }

  const suggestion = /^Did you mean (\S+)\?$/.exec(message);
  if (suggestion) {
    const typed = typedCommand(context.commands, context.args);
    const prefix = context.commands.length ? `${context.commands.join(' ')} ` : '';
    if (typed) return `Unknown command: ${prefix}${typed}. Did you mean ${prefix}${suggestion[1]}?`;
  }

  const invalid = explainInvalidChoices(message);
  if (invalid) return invalid;

  const noValue = /^Not enough arguments following: (\S+)$/.exec(message);
  if (noValue) return `--${kebab(noValue[1]!)} needs a value.`;
  return message;
}

/**
 * The file option of evaluate typed with `-` as its value (`--dataset -`), which yargs read as a stray argument "-".
 * Only evaluate's: `runs list --dataset` is a dataset's name, not a file.
 */
function pathOptionGivenDash(unknown: readonly string[], args: readonly string[]): string | undefined {
  if (!unknown.includes('-')) return undefined;
  const at = args.findIndex((arg, i) => arg === '-' && i > 0 && PATH_ONLY_OPTIONS.has(args[i - 1]!));
  return at > 0 ? args[at - 1] : undefined;
}

/** Commands whose positionals are query words, where a word such as `-tag:wip` (a negated field) is meant. */
const QUERY_COMMANDS = new Set(['runs search', 'runs items']);

/** A query word typed with a leading dash (`-tag:wip`, `-failed`) before any `--`, in a query command. */
function dashedQueryWord(context: UsageContext): string | undefined {
  if (!QUERY_COMMANDS.has(context.commands.join(' '))) return undefined;
  const end = context.args.indexOf('--');
  const typed = end < 0 ? context.args : context.args.slice(0, end);
  return typed.find((arg) => /^-[A-Za-z_][^=\s]*:/.test(arg) || /^-[A-Za-z]{3,}$/.test(arg));
}

/**
 * The command's own refusal of an age positional typed with a leading dash (`-90d`, `--90d`), which yargs took for
 * options: the value was given, and is wrong, rather than missing. Undefined when the command has no age positional or
 * no such word was typed.
 */
function ageTypedAsOption(context: UsageContext): string | undefined {
  const check = AGE_POSITIONALS[context.commands.join(' ')];
  const typed = context.args.find((arg) => /^--?\d/.test(arg));
  if (!check || typed === undefined) return undefined;
  try {
    check(typed);
  } catch (error) {
    // A hint must never hide yargs's own error: anything but the check's usage error leaves it as it is.
    if (error instanceof CliError) return error.message;
  }
  return undefined;
}

/**
 * An argument of one dash and three or more characters (`-xcQr0a…`) that yargs split into one-letter options: a value
 * typed where an option or a positional goes, often a pasted secret (a token without its `lle_`). Its letters are not
 * listed, since that would print the secret's characters; the message says how long it was and what to type instead.
 */
function lettersReadAsOptions(args: readonly string[]): string | undefined {
  return describeLetterClusters(beforeDoubleDash(args).filter((arg) => /^-[^-]/.test(arg) && arg.length > 3 && !arg.includes('=')));
}

/** The arguments before `--` (after it, every word is a value). */
function beforeDoubleDash(args: readonly string[]): readonly string[] {
  const end = args.indexOf('--');
  return end === -1 ? args : args.slice(0, end);
}

/** The one-letter options of every command: a cluster of only these (`-yh`) is meant as options. */
const SHORT_OPTIONS = new Set(['h', 'y', 'o']);

/**
 * A usage error for a word of one dash and letters that holds an "h" beside letters that are no option (a token secret
 * pasted without its `lle_`, a negative age such as `-12h`), or undefined. yargs reads such a word as one-letter
 * options and, finding -h among them, prints the command's help and exits 0 before any check: `tokens revoke` of such
 * a secret revoked nothing and reported success, and `projects set-retention p -12h` changed nothing. Checked before
 * yargs parses.
 */
export function lettersHidingHelp(args: readonly string[], commands: readonly string[]): string | undefined {
  const hiding = beforeDoubleDash(args).filter(
    (arg) => /^-[^-]/.test(arg) && arg.length > 2 && !arg.includes('=') && arg.includes('h') && [...arg.slice(1)].some((letter) => !SHORT_OPTIONS.has(letter)),
  );
  if (hiding.length === 0) return undefined;
  // An age typed where the command takes one (`projects set-retention p -12h`): its own check says what is wrong.
  return ageTypedAsOption({ args: hiding, commands, options: [] }) ?? describeLetterClusters(hiding);
}

/** What happened to words of one dash and several letters, without repeating them (one may be a secret). */
function describeLetterClusters(clusters: readonly string[]): string | undefined {
  if (clusters.length === 0) return undefined;
  const lengths = clusters.map((arg) => arg.length).join(', ');
  const what = clusters.length === 1 ? `An argument of ${lengths} characters that starts with "-" was` : `Arguments of ${lengths} characters that start with "-" were`;
  return (
    `${what} read as one-letter options (not repeated here, in case it is a secret). ` +
    'Options are written --name, and a value cannot start with "-" here (a token starts with lle_).'
  );
}

/** "Unknown option --metric; did you mean --metrics?"; undefined when no unknown name was typed as an option. */
function explainUnknownArguments(names: string[], context: UsageContext): string | undefined {
  // yargs lists a kebab-case option twice (foo-bar, fooBar): once is enough.
  const listed = names.filter((name) => name === kebab(name) || !names.includes(kebab(name)));
  const options = listed.filter((name) => typedAsOption(name, context.args));
  if (options.length === 0) return undefined;
  const cluster = lettersReadAsOptions(context.args);
  if (cluster) return cluster;
  const flags = options.map((name) => {
    const closest = closestOption(name, context.options);
    return { flag: name.length === 1 ? `-${name}` : `--${name}`, closest: closest && `--${closest}` };
  });
  const words = listed.filter((name) => !options.includes(name)).map((name) => `"${name}"`);
  const extra = words.length ? `; unexpected argument${words.length > 1 ? 's' : ''} ${words.join(', ')}` : '';
  if (flags.length === 1) {
    const { flag, closest } = flags[0]!;
    return `Unknown option ${flag}${closest ? `; did you mean ${closest}?` : ''}${extra}`;
  }
  return `Unknown options ${flags.map(({ flag, closest }) => (closest ? `${flag} (did you mean ${closest}?)` : flag)).join(', ')}${extra}`;
}
