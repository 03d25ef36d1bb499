import type { Context, FlowStep, StepObserver } from '#shared/core/context.js';

/** Thrown by the seam to stand for a process dying between two writes. */
export class SimulatedCrash extends Error {}

/**
 * The tests' {@link StepObserver}: given to a context when it is made, then armed to throw at the
 * k-th step from now, or at a named step, as a crash or a fault there would.
 */
export class CrashSeam implements StepObserver {
  #passed = 0;
  #rule: ((step: FlowStep, n: number) => Error | null) | null = null;

  passed(step: FlowStep): void {
    this.#passed += 1;
    const error = this.#rule?.(step, this.#passed);
    if (error) throw error;
  }

  /** Throws a {@link SimulatedCrash} at the k-th step from now (1 = the next one). */
  crashAtStep(k: number): void {
    this.#passed = 0;
    this.#rule = (_step, n) => (n === k ? new SimulatedCrash(`crash at step ${k}`) : null);
  }

  /** Throws `error` whenever a flow passes `step`. */
  failAt(step: FlowStep, error: Error): void {
    this.#passed = 0;
    this.#rule = (s) => (s === step ? error : null);
  }

  /** Steps passed since the seam was last armed. */
  stepsPassed(): number {
    return this.#passed;
  }

  disarm(): void {
    this.#rule = null;
  }
}

/** The crash seam a test context was made with. */
export function seamOf(ctx: Pick<Context, 'steps'>): CrashSeam {
  if (!(ctx.steps instanceof CrashSeam)) throw new Error('This context was made without a CrashSeam');
  return ctx.steps;
}
