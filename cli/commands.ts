import { parseArgs, type ParseArgsConfig } from 'node:util';

/** One `ordermesh` subcommand. */
export interface Command {
  /** One line for `ordermesh --help`. */
  summary: string;
  /** The flags it takes, in node:util parseArgs form. */
  options: NonNullable<ParseArgsConfig['options']>;
  /** True when it takes positional arguments (`certs init DIR`). */
  positionals?: boolean;
  /** Runs it; undefined when the command is not built yet. */
  run?: (flags: Record<string, string | boolean | undefined>, positionals: string[]) => Promise<unknown>;
}

/** Thrown by {@link parseFlags} for an unknown flag or a missing value; the CLI exits 2. */
export class UsageError extends Error {}

/** A subcommand's command line, parsed. */
export interface ParsedCommandLine {
  flags: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/** Parses a subcommand's flags and (when it takes them) positional arguments. @throws UsageError naming the bad flag. */
export function parseCommandLine(command: Command, argv: string[]): ParsedCommandLine {
  try {
    const parsed = parseArgs({ args: argv, options: command.options, strict: true, allowPositionals: command.positionals === true });
    return { flags: parsed.values as Record<string, string | boolean | undefined>, positionals: parsed.positionals };
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/** Parses a subcommand's flags. @throws UsageError naming the bad flag. */
export function parseFlags(command: Command, argv: string[]): Record<string, string | boolean | undefined> {
  return parseCommandLine(command, argv).flags;
}
