/** A logger that records calls, for asserting what was logged and how often. */
export interface LogEntry {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly obj: object;
  readonly msg: string | undefined;
}

/** Records every call; `child()` records into the same list with its bindings merged. */
export function captureLogger(bindings: object = {}, entries: LogEntry[] = []) {
  const at = (level: LogEntry['level']) => (obj: object, msg?: string) =>
    void entries.push({ level, obj: { ...bindings, ...obj }, msg });
  return {
    entries,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (more: object) => captureLogger({ ...bindings, ...more }, entries),
  };
}
