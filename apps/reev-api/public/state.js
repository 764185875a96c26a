// What the page shows: the agents and benchmarks of the matrix, and the execution on screen.

export const state = {
  agents: [],
  benchmarks: [],
  /** The execution on screen; replaced (and its watchers stopped) when another one starts. */
  view: null,
};
