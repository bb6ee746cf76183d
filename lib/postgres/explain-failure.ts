/** What {@link explainFailure} needs besides the output. */
export interface FailureContext {
  /** The program that failed: `initdb` or `postgres`. */
  program: string;
  dataDir: string;
  port?: number;
}

/** A failure in one line each: what went wrong and what to do about it. */
export interface FailureExplanation {
  reason: string;
  fix: string;
}

const ELSEWHERE = 'or set DATABASE_URL to a Postgres you run';

/**
 * Turns what initdb or postgres printed before failing into a reason and a fix, for the causes
 * people meet (port taken, a server already running on the data dir, a cluster of another
 * version, wrong ownership); anything else is reported by its last FATAL/ERROR line. Pure, so
 * the wording is tested without breaking a server.
 */
export function explainFailure(output: string, context: FailureContext): FailureExplanation {
  const messages = output
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    // Log lines start with a timestamp and pid; the severity ends that prefix.
    .map((line) => line.replace(/^.*?\b(FATAL|ERROR|PANIC|DETAIL|HINT|LOG):\s+/, '$1: '));
  const find = (pattern: RegExp): string | undefined => messages.find((m) => pattern.test(m));
  const { dataDir, port, program } = context;

  if (find(/could not bind .*address already in use|could not create any TCP\/IP sockets/i)) {
    return {
      reason: `port ${port ?? '(unknown)'} on 127.0.0.1 is taken`,
      fix: `stop what listens there (another \`ordermesh dev\` or warehouse node?), choose another port (ORDERMESH_EMBEDDED_PG_PORT for \`ordermesh warehouse\`), ${ELSEWHERE}`,
    };
  }
  const lock = find(/lock file "postmaster.pid" already exists/i);
  if (lock) {
    const pid = find(/another postmaster \(PID \d+\)/i)?.match(/PID (\d+)/)?.[1];
    return {
      reason: `another Postgres${pid ? ` (pid ${pid})` : ''} is already running on ${dataDir}`,
      fix: pid ? `stop it (\`kill ${pid}\`) and start again, or use another data dir (ORDERMESH_DATA_DIR)` : 'stop it and start again, or use another data dir (ORDERMESH_DATA_DIR)',
    };
  }
  if (find(/database files are incompatible with server/i)) {
    const detail = find(/^DETAIL: .*initialized by PostgreSQL version/i)?.replace(/^DETAIL: /, '') ?? 'it was made by another Postgres version';
    return {
      reason: `${dataDir} holds a cluster this Postgres cannot open (${detail.replace(/\.$/, '')})`,
      fix: `remove that folder (its data is lost) or point ORDERMESH_DATA_DIR elsewhere, ${ELSEWHERE}`,
    };
  }
  if (find(/data directory .* has wrong ownership|has invalid permissions/i)) {
    return {
      reason: `${dataDir} is not owned by the user Postgres runs as, or not private to it`,
      fix: `give it to that user with mode 0700 (as root: \`chown -R postgres: ${dataDir} && chmod 0700 ${dataDir}\`), or remove it to start afresh`,
    };
  }
  if (find(/directory ".*" exists but is not empty/i)) {
    return {
      reason: `${dataDir} exists but holds no cluster initdb can use`,
      fix: `remove it (or empty it) and start again, or point ORDERMESH_DATA_DIR elsewhere`,
    };
  }
  const last = [...messages].reverse().find((m) => /^(FATAL|PANIC|ERROR): |^initdb: error: |could not|permission denied/i.test(m)) ?? messages.at(-1);
  return {
    reason: last ? `${program} failed: ${last}` : `${program} exited without saying why`,
    fix: `set ORDERMESH_LOG_LEVEL=debug to see all of its output, ${ELSEWHERE}`,
  };
}
