import { afterEach } from 'vitest';
import { cleanup, configure } from '@testing-library/react';

// waitFor/findBy give up after 1 s by default. In CI these suites share two cores with every other suite and a
// page's first fetch and render took over 3 s once (TrendsPage, at a load average above 10): wait longer, so a slow
// machine is not read as a broken page. A page that never gets there still fails.
configure({ asyncUtilTimeout: 10_000 });

afterEach(() => cleanup());
