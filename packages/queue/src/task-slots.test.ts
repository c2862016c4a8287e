import { TaskSlots } from './task-slots';

const tick = () => new Promise((resolve) => setImmediate(resolve));

// A task waiting for its run's rate limit lends its slot to another task and takes it back, ahead of tasks waiting to
// start and even after stop() (slot-lending-limiter.ts).
describe('TaskSlots lend and reclaim', () => {
  it('lets another task run on a lent slot, and gives it back before any task waiting to start', async () => {
    const slots = new TaskSlots(1);
    const order: string[] = [];
    let resumeLimited!: () => void;
    const limited = slots.run(async () => {
      order.push('limited waits');
      slots.lend();
      await new Promise<void>((resolve) => (resumeLimited = resolve));
      await slots.reclaim();
      order.push('limited runs');
    });
    let finishOther!: () => void;
    const other = slots.run(async () => {
      order.push('other runs');
      await new Promise<void>((resolve) => (finishOther = resolve));
    });
    const third = slots.run(async () => {
      order.push('third runs');
    });
    await tick();
    expect(order).toEqual(['limited waits', 'other runs']);
    resumeLimited();
    await tick();
    // The lent slot is busy: the limited task waits for it, first in line.
    expect(order).toEqual(['limited waits', 'other runs']);
    finishOther();
    await Promise.all([limited, other, third]);
    expect(order).toEqual(['limited waits', 'other runs', 'limited runs', 'third runs']);
  });

  it('gives a lent slot back after stop(), while tasks waiting to start are refused', async () => {
    const slots = new TaskSlots(1);
    let resume!: () => void;
    const limited = slots.run(async () => {
      slots.lend();
      await new Promise<void>((resolve) => (resume = resolve));
      await slots.reclaim();
      return 'ran';
    });
    await tick();
    let finish!: () => void;
    let started = false;
    const borrower = slots.run(async () => {
      started = true;
      await new Promise<void>((resolve) => (finish = resolve));
    });
    await tick();
    // The lent slot went to the next task at once.
    expect(started).toBe(true);
    const late = slots.run(async () => 'late');
    slots.stop(new Error('closing'));
    await expect(late).rejects.toThrow('closing');
    resume();
    finish();
    await borrower;
    await expect(limited).resolves.toBe('ran');
  });
});
