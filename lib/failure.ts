/**
 * Failure classes and exit codes shared by every layer: `constructs/`, `stacks/` and `scripts/` may import this
 * module, and it imports none of them (test/architecture/layers.test.ts guards the direction).
 *
 * Exit codes used by every command: 0 success, 1 a negative verdict (e.g. preflight no-go), 2 the user's input
 * (flags or profile), 3 the outside world (Azure unreachable, throttled, denied), 70 a bug in this toolkit.
 */

/** Exit codes shared by every command. */
export const EXIT = { ok: 0, negative: 1, input: 2, outside: 3, bug: 70 } as const;

/**
 * Base class of every failure caused by the user's input (flags, arguments, the profile, a policy finding they
 * have not suppressed). Exit code 2. Subclasses set their own `name`.
 */
export abstract class InputError extends Error {}

/** The user's flags or arguments are wrong. Exit code 2. */
export class UsageError extends InputError {
  override readonly name: string = 'UsageError';
}

/** Something outside the toolkit failed (Azure, the network, the file system). Exit code 3. */
export class OutsideError extends Error {
  override readonly name: string = 'OutsideError';
  constructor(
    message: string,
    /** What the user can do about it, e.g. "run `az login`". */
    readonly remedy?: string,
  ) {
    super(message);
  }
}

/** The exit code a failure maps to, by its class: 2 the user's input, 3 the outside world, 70 anything else (a bug). */
export function failureExitCode(e: unknown): number {
  if (e instanceof InputError) return EXIT.input;
  if (e instanceof OutsideError) return EXIT.outside;
  return EXIT.bug;
}

/**
 * Prints a failure for a person on `err` (default: the process's stderr) and returns the exit code it maps to.
 * Foreseeable failures print their message (and remedy) only; a bug prints its stack trace. Tests that run a
 * command's main function in-process pass their own stream.
 */
export function reportFailure(e: unknown, err: Pick<NodeJS.WritableStream, 'write'> = process.stderr): number {
  const code = failureExitCode(e);
  if (code === EXIT.input) {
    err.write(`error: ${(e as Error).message}\n`);
  } else if (e instanceof OutsideError) {
    err.write(`error: ${e.message}\n${e.remedy ? `what to do: ${e.remedy}\n` : ''}`);
  } else {
    const bug = e instanceof Error ? e : new Error(String(e));
    err.write(`internal error (a bug in vast-azure-poc, please report it): ${bug.stack ?? bug.message}\n`);
  }
  return code;
}
