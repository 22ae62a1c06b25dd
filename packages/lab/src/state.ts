/** What the sections share: a value others can follow (α), and a resize hook for the figures. */

/** A value with listeners: `set` notifies them in order. */
export class Signal<T> {
  private readonly listeners: ((v: T) => void)[] = [];
  constructor(private current: T) {}
  get(): T {
    return this.current;
  }
  set(v: T): void {
    this.current = v;
    for (const fn of this.listeners) fn(v);
  }
  /** Calls `fn` on every change. */
  subscribe(fn: (v: T) => void): void {
    this.listeners.push(fn);
  }
}

/** Calls `fn` after the window's width changes (once per change, after 150 ms of quiet). */
export function onWidthChange(fn: () => void): void {
  let width = window.innerWidth;
  let timer: number | undefined;
  window.addEventListener('resize', () => {
    if (window.innerWidth === width) return;
    width = window.innerWidth;
    window.clearTimeout(timer);
    timer = window.setTimeout(fn, 150);
  });
}

/**
 * Runs `fn` between `performance.mark`s and records a `performance.measure` named `lab:<name>`,
 * so that the browser tests (and the page's footer) read how long it took.
 */
export function measured<T>(name: string, fn: () => T): T {
  performance.mark(`lab:${name}:start`);
  try {
    return fn();
  } finally {
    performance.mark(`lab:${name}:end`);
    performance.measure(`lab:${name}`, `lab:${name}:start`, `lab:${name}:end`);
  }
}
