/**
 * Watches a program's output, chunk by chunk, for `marker` (e.g. Postgres's "database system is
 * ready to accept connections"). Returns a function to feed each chunk to; it answers true once
 * the marker has been seen, whether it came whole in one chunk, was followed by more output in
 * the same chunk, or straddled two chunks. Only the last `marker.length - 1` characters are kept
 * between chunks, so a long-running program costs no memory.
 */
export function outputMarker(marker: string): (chunk: string) => boolean {
  let carry = '';
  let seen = false;
  return (chunk) => {
    if (seen) return true;
    const window = carry + chunk;
    seen = window.includes(marker);
    carry = window.slice(-(marker.length - 1));
    return seen;
  };
}
