import { describe, expect, it } from 'vitest';
import { render } from '@testing-library/react';
import { UserText } from './UserText';

describe('UserText', () => {
  it('isolates stored text in a <bdi>, and a truncated one keeps the whole value in its title', () => {
    const { container } = render(
      <p>
        run <UserText text={'\u202eevil'} /> and <UserText text={'n'.repeat(255)} truncate />
      </p>,
    );
    const [plain, cut] = [...container.querySelectorAll('bdi.user-text')];
    expect(plain!.textContent).toBe('\u202eevil');
    expect(plain!.hasAttribute('title')).toBe(false);
    expect(cut!.classList.contains('truncate')).toBe(true);
    expect(cut!.getAttribute('title')).toBe('n'.repeat(255));
  });
});
