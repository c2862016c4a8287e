/**
 * Families of model names recognised in plain words ("gpt-4o runs", "runs of claude-3-5-sonnet"):
 * gpt-*, chatgpt*, o1/o3/o4(-*), claude*, llama*, codellama*, mistral*, mixtral*, ministral*,
 * codestral*, gemini*, gemma*, qwen*, phi-N*, deepseek*, command-r*, grok*, falcon*, vicuna*,
 * olmo*, granite*, nemotron*, yi-N*, text-davinci*, davinci*. An `org/` prefix is allowed
 * ("openai/gpt-4o", "meta-llama/Llama-3-8b"). Other model names need `model:` or "model X".
 */
const MODEL_RE =
  /^(?:gpt-?\d|gpt-|chatgpt|o[1-9](?:-|$)|claude|llama|codellama|mistral|mixtral|ministral|codestral|gemini|gemma|qwen|phi-?\d|deepseek|command-r|grok|falcon|vicuna|olmo|granite|nemotron|yi-\d|text-davinci|davinci)/i;

/** True when a word looks like a model name. */
export function looksLikeModel(word: string): boolean {
  const name = word.slice(word.lastIndexOf('/') + 1);
  return name.length >= 2 && name.length <= 100 && MODEL_RE.test(name);
}

/**
 * True when a model family continues after a `.` as well as after a `-`: a prefix ending in a version number takes its
 * point releases (`llama-3` → `Llama-3.1-70B`), as the canonical form already does for `llama-3-1-70b`. The parser and
 * the SQL both ask this, so they read a family the same way. @internal
 */
export function familyTakesPointReleases(prefix: string): boolean {
  return /\d$/.test(prefix);
}
