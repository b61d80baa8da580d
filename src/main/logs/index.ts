/** Structured run logs (DESIGN.md §6): scrubbed NDJSON, rotated by size, paged for the UI. */
export { Redactor, REDACTED, MIN_SECRET_LENGTH, isSecretKey } from './redact'
export { createLogger, runLogger, flushLogger, closeLogger, type Logger, type LoggerOptions } from './logger'
export { queryLogs, MAX_PAGE, type LogQuery, type LogPage } from './query'
export { LEVEL_VALUES, type LogEntry, type LogError, type LogEvent, type LogFields, type LogLevelName, type LogRecord } from './entry'
