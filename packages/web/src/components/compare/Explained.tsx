import { useId, useRef, useState, type ReactNode } from 'react';

/** Where the tooltip opens: below the value, kept inside the window (fixed, so no scrolling table clips it). */
function placeBelow(anchor: DOMRect, width = 320): { top: number; left: number } {
  const left = Math.max(8, Math.min(anchor.left, window.innerWidth - width - 8));
  return { top: anchor.bottom + 4, left };
}

/**
 * A value with its explanation in plain words, shown on hover and on keyboard focus (the value is focusable), and
 * read by screen readers as its description (the tooltip stays in the document, hidden, when not shown).
 */
export function Explained({ children, explanation, className }: { children: ReactNode; explanation: string; className?: string }) {
  const id = useId();
  const ref = useRef<HTMLSpanElement>(null);
  const [position, setPosition] = useState<{ top: number; left: number } | null>(null);
  const show = () => ref.current && setPosition(placeBelow(ref.current.getBoundingClientRect()));
  const hide = () => setPosition(null);
  return (
    <span
      ref={ref}
      className={className ? `explained ${className}` : 'explained'}
      tabIndex={0}
      aria-describedby={id}
      onMouseEnter={show}
      onMouseLeave={hide}
      onFocus={show}
      onBlur={hide}
      onKeyDown={(e) => e.key === 'Escape' && hide()}
    >
      {children}
      <span role="tooltip" id={id} className="explained-tip" hidden={position === null} style={position ?? undefined}>
        {explanation}
      </span>
    </span>
  );
}
