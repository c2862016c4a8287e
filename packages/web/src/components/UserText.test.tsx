import { describe, expect, it } from 'vitest';
import { render } from '@testing-library/react';
import { UserText, visibleText } from './UserText';
import { displayText } from './JsonOrText';

describe('UserText', () => {
  it('isolates stored text in a <bdi>, and a truncated one keeps the whole value in its title', () => {
    const { container } = render(
      <p>
        run <UserText text={'\u202eevil'} /> and <UserText text={'n'.repeat(255)} truncate />
      </p>,
    );
    const [plain, cut] = [...container.querySelectorAll('bdi.user-text')];
    expect(plain!.textContent).toBe('⟨RLO⟩evil');
    expect(plain!.hasAttribute('title')).toBe(false);
    expect(cut!.classList.contains('truncate')).toBe(true);
    expect(cut!.getAttribute('title')).toBe('n'.repeat(255));
  });

  it('shows direction controls and NUL as marked tokens instead of obeying them', () => {
    const { container } = render(<UserText text={'rtl abc\u202egnp.exe\u202c nul\u0000 \u2067x\u2069 \u200f\u200e\u061c \u202a\u202b\u202d\u2066\u2068'} truncate />);
    const bdi = container.querySelector('bdi')!;
    expect(bdi.textContent).toBe('rtl abc⟨RLO⟩gnp.exe⟨PDF⟩ nul␀ ⟨RLI⟩x⟨PDI⟩ ⟨RLM⟩⟨LRM⟩⟨ALM⟩ ⟨LRE⟩⟨RLE⟩⟨LRO⟩⟨LRI⟩⟨FSI⟩');
    expect(bdi.getAttribute('title')).toBe(bdi.textContent);
    const marks = [...bdi.querySelectorAll('.control-char')];
    expect(marks).toHaveLength(13);
    expect(marks[0]!.getAttribute('title')).toBe('U+202E RIGHT-TO-LEFT OVERRIDE');
    expect(marks[2]!.getAttribute('title')).toBe('U+0000');
  });

  it('leaves text without control characters, tabs, newlines and right-to-left letters as they are', () => {
    expect(visibleText('שלום world\tx\ny')).toBe('שלום world\tx\ny');
    expect(displayText('out \u202egnp.exe nul\u0000')).toBe('out ⟨RLO⟩gnp.exe nul␀');
  });
});
