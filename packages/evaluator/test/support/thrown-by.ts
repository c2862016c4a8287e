/** What `build` throws, or undefined when it throws nothing (for errors expected from a constructor). */
export function thrownBy(build: () => unknown): unknown {
  try {
    build();
  } catch (error) {
    return error;
  }
  return undefined;
}
