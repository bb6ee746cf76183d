/** The bench's progress lines, on stderr (stdout holds the report alone). */

/** Writes one progress line to stderr, prefixed [bench]. */
export const progressLine = (line: string): void => {
  process.stderr.write(`[bench] ${line}\n`);
};
