import { Float64List } from './float64-list';

describe('Float64List', () => {
  it('keeps every value in order as it grows past its first capacity, exactly', () => {
    const list = new Float64List();
    const expected: number[] = [];
    for (let i = 0; i < 5_000; i++) {
      const value = i % 7 === 0 ? -0.1 * i : i === 4_321 ? Number.MAX_VALUE : i / 3;
      list.push(value);
      expected.push(value);
    }
    expect(list.length).toBe(5_000);
    expect(Array.from(list.values())).toEqual(expected);
  });

  it('gives a view of the values pushed so far, empty at first', () => {
    const list = new Float64List();
    expect(list.values().length).toBe(0);
    list.push(1.5);
    list.push(-2);
    expect(Array.from(list.values())).toEqual([1.5, -2]);
  });
});

describe('a long Float64List', () => {
  it('keeps every value in order past the size where it starts growing in place, and earlier views stay right', () => {
    const list = new Float64List();
    const n = 300_000;
    let early: Float64Array | undefined;
    for (let i = 0; i < n; i++) {
      list.push(i * 0.5 - 7);
      if (i === 70_000) early = list.values();
    }
    const values = list.values();
    expect(values.length).toBe(n);
    for (const i of [0, 1, 1023, 1024, 65_535, 65_536, 65_537, 131_071, 131_072, n - 1]) expect(values[i]).toBe(i * 0.5 - 7);
    expect(early!.length).toBe(70_001);
    expect(early![70_000]).toBe(70_000 * 0.5 - 7);
    expect(Float64Array.from(values).sort()[n - 1]).toBe((n - 1) * 0.5 - 7);
  });

  it('leaves no outgrown copies behind as it grows: memory grows by the list itself, not twice that', () => {
    // 2,097,152 values (16 MiB). Doubling by copying left every smaller array as garbage until the next full GC
    // (another 16 MiB, all of it touched); growing in place leaves none. (process.memoryUsage().arrayBuffers does not
    // count what a resizable buffer grew by; the resident set does.)
    const before = process.memoryUsage.rss();
    const list = new Float64List();
    for (let i = 0; i < 2_097_152; i++) list.push(i);
    const grown = process.memoryUsage.rss() - before;
    expect(list.values()[2_097_151]).toBe(2_097_151);
    expect(grown).toBeLessThan(25 * 2 ** 20);
  });
});

describe('a long Float64List where room cannot be reserved', () => {
  // Typed with ES2024's options argument (resizable buffers), which the ES2023 lib types lack.
  const RealArrayBuffer = globalThis.ArrayBuffer as unknown as new (length: number, options?: { maxByteLength: number }) => ArrayBuffer;
  afterEach(() => {
    globalThis.ArrayBuffer = RealArrayBuffer as unknown as ArrayBufferConstructor;
  });

  /** Fills a list past the size where it reserves room, and checks every value. */
  function fillAndCheck(n: number): void {
    const list = new Float64List();
    for (let i = 0; i < n; i++) list.push(i * 3 - 1);
    const values = list.values();
    expect(values.length).toBe(n);
    for (let i = 0; i < n; i++) if (values[i] !== i * 3 - 1) throw new Error(`value ${i} is ${values[i]}`);
  }

  it('copies as it grows when the reservation is refused (an address-space limit)', () => {
    globalThis.ArrayBuffer = class extends RealArrayBuffer {
      constructor(length: number, options?: { maxByteLength: number }) {
        if (options?.maxByteLength !== undefined) throw new RangeError('Array buffer allocation failed');
        super(length);
      }
    } as unknown as ArrayBufferConstructor;
    fillAndCheck(300_000);
  });

  it('copies as it grows when reserved pages cannot be committed', () => {
    let resizes = 0;
    globalThis.ArrayBuffer = class extends RealArrayBuffer {
      constructor(length: number, options?: { maxByteLength: number }) {
        super(length, options);
        if (options) {
          // The second in-place growth fails, as committing memory does when the machine has none left.
          const resize = (this as unknown as { resize(n: number): void }).resize.bind(this);
          Object.defineProperty(this, 'resize', {
            value: (n: number) => {
              if (++resizes === 2) throw new RangeError('Array buffer allocation failed');
              resize(n);
            },
          });
        }
      }
    } as unknown as ArrayBufferConstructor;
    fillAndCheck(600_000);
    expect(resizes).toBe(2);
  });
});
