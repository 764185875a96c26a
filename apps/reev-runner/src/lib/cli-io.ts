import { createColors } from 'picocolors';

export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

export const EXIT_OK = 0;
export const EXIT_BELOW_MIN_SCORE = 1;
export const EXIT_BAD_INPUT = 2;

/** A command line that asks for something the runner cannot do; exit 2 with the message. */
export class UsageError extends Error {}

/** Colour only on a terminal, and never when NO_COLOR is set (whatever FORCE_COLOR says). */
export function colorsFor(stream: CliIo['stdout']) {
  return createColors(Boolean(stream.isTTY) && process.env['NO_COLOR'] === undefined);
}
