import { act, cleanup, render, screen } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunWithMetricsJson } from '../../api/types';
import { RunEventsProvider, RunEventStream } from '../../hooks/useRunEvents';
import { RunSummary } from './RunSummary';

const running: RunWithMetricsJson = {
  id: '5e1f0001-0000-4000-8000-000000000001',
  name: 'live-run',
  description: null,
  status: 'running',
  projectId: null,
  datasetName: null,
  modelName: null,
  modelVersion: null,
  taskType: null,
  metricsUsed: ['f1'],
  metricConfigs: null,
  config: null,
  environment: null,
  tags: [],
  createdBy: null,
  createdAt: '2026-12-02T10:00:00.000Z',
  updatedAt: '2026-12-02T10:00:00.000Z',
  startedAt: '2026-12-02T10:00:00.000Z',
  completedAt: null,
  durationSeconds: null,
  totalItems: 18,
  successfulItems: 18,
  failedItems: 0,
  successRate: 1,
  avgResponseTime: 0.1,
  minResponseTime: 0.1,
  maxResponseTime: 0.1,
  totalTokens: 0,
  totalCost: 0,
  writerHost: null,
  writerPid: null,
  heartbeatAt: null,
  statusReason: null,
  metrics: [],
};

const progress = (itemsStored: number, failedItems: number) => ({
  type: 'run.progress' as const,
  runId: running.id,
  runName: running.name,
  status: 'running',
  itemsStored,
  successfulItems: itemsStored - failedItems,
  failedItems,
  successRate: (itemsStored - failedItems) / itemsStored,
  itemsPerSecond: 4,
  at: '2026-12-02T10:00:05.000Z',
});

function renderSummary(run: RunWithMetricsJson) {
  const queryClient = new QueryClient();
  const stream = new RunEventStream('ws://test', queryClient);
  const view = render(
    <QueryClientProvider client={queryClient}>
      <RunEventsProvider stream={stream}>
        <MemoryRouter>
          <RunSummary run={run} />
        </MemoryRouter>
      </RunEventsProvider>
    </QueryClientProvider>,
  );
  const rerun = (next: RunWithMetricsJson) =>
    view.rerender(
      <QueryClientProvider client={queryClient}>
        <RunEventsProvider stream={stream}>
          <MemoryRouter>
            <RunSummary run={next} />
          </MemoryRouter>
        </RunEventsProvider>
      </QueryClientProvider>,
    );
  return { stream, rerun };
}

const card = (label: string) => screen.getByText(label, { selector: '.stat-label' }).parentElement!.textContent;
const banner = () => document.querySelector('.run-live')!.textContent;

afterEach(cleanup);

// The banner followed the live events and the cards the last poll of the run (every 5 s): during a run they said
// 22 and 18 items at once.
describe('RunSummary of a running run', () => {
  it('shows the same item counts in the banner and the cards, from the live events when they are newer', () => {
    const { stream } = renderSummary(running);
    expect(banner()).toContain('18 items stored');
    expect(card('Items')).toContain('18');
    act(() => stream.dispatch(progress(22, 2)));
    expect(banner()).toContain('22 items stored');
    expect(card('Items')).toBe('Items2220 successful, 2 failed');
    expect(card('Success rate')).toContain('90.9%');
  });

  it('keeps the polled run when it is newer than the last event', () => {
    const { stream, rerun } = renderSummary(running);
    act(() => stream.dispatch(progress(22, 2)));
    rerun({ ...running, totalItems: 30, successfulItems: 27, failedItems: 3, successRate: 0.9 });
    expect(banner()).toContain('30 items stored');
    expect(card('Items')).toBe('Items3027 successful, 3 failed');
    expect(card('Success rate')).toContain('90.0%');
  });

  it('shows a finished run as stored, whatever its last progress said', () => {
    const { stream, rerun } = renderSummary(running);
    act(() => stream.dispatch(progress(22, 2)));
    rerun({ ...running, status: 'completed', completedAt: '2026-12-02T10:00:09.000Z', totalItems: 20, successfulItems: 20, failedItems: 0 });
    expect(document.querySelector('.run-live')).toBeNull();
    expect(card('Items')).toBe('Items2020 successful, 0 failed');
  });
});
