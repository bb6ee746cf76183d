import { parseArgs, type ParseArgsConfig } from 'node:util';

/** One `ordermesh` subcommand. */
export interface Command {
  /** One line for `ordermesh --help`. */
  summary: string;
  /** The flags it takes, in node:util parseArgs form. */
  options: NonNullable<ParseArgsConfig['options']>;
  /** Runs it; undefined when the command is not built yet. */
  run?: (flags: Record<string, string | boolean | undefined>) => Promise<unknown>;
}

/** Thrown by {@link parseFlags} for an unknown flag or a missing value; the CLI exits 2. */
export class UsageError extends Error {}

/** Parses a subcommand's flags. @throws UsageError naming the bad flag. */
export function parseFlags(command: Command, argv: string[]): Record<string, string | boolean | undefined> {
  try {
    return parseArgs({ args: argv, options: command.options, strict: true, allowPositionals: false }).values as Record<string, string | boolean | undefined>;
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}
