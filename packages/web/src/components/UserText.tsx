/**
 * Text someone stored — a run, project, dataset or model name, a tag — shown inline next to the dashboard's own words.
 *
 * It is a `<bdi>`: its direction is isolated, so right-to-left text or an unclosed override (U+202E) in a name cannot
 * reorder the words around it ("Compare A → B"). Long values without spaces never widen the page: they wrap anywhere,
 * or with `truncate` stay on one line cut with an ellipsis, the whole value in the title (hover) — tables use that, so
 * one long name does not push the other columns out of view. Styles: `.user-text` in styles.css.
 */
export function UserText({ text, truncate = false }: { text: string; truncate?: boolean }) {
  return (
    <bdi className={truncate ? 'user-text truncate' : 'user-text'} title={truncate ? text : undefined}>
      {text}
    </bdi>
  );
}
