import { describe, expect, it } from 'vitest';
import { guardLogger, safeLog, silentLogger, type Logger } from './logger.js';

const throwing: Logger = {
  debug: () => {
    throw new Error('debug broke');
  },
  info: () => {
    throw new Error('info broke');
  },
  warn: () => {
    throw new Error('warn broke');
  },
  error: () => {
    throw new Error('error broke');
  },
};

describe('safeLog', () => {
  it('passes the call through', () => {
    const lines: unknown[] = [];
    const logger = { ...silentLogger, warn: (m: string, f?: object) => lines.push([m, f]) };
    safeLog(logger, 'warn', 'x', { a: 1 });
    expect(lines).toEqual([['x', { a: 1 }]]);
  });
  it('swallows a throwing logger and one without the level', () => {
    for (const level of ['debug', 'info', 'warn', 'error'] as const) {
      expect(() => safeLog(throwing, level, 'm')).not.toThrow();
    }
    expect(() => safeLog({} as Logger, 'info', 'm')).not.toThrow();
  });
});

describe('guardLogger', () => {
  it('never throws, whatever the logger does', () => {
    const log = guardLogger(throwing);
    expect(() => {
      log.debug('a');
      log.info('b');
      log.warn('c', { x: 1 });
      log.error('d');
    }).not.toThrow();
  });
  it('forwards every level with its fields', () => {
    const lines: [string, string, unknown][] = [];
    const rec = (level: string) => (msg: string, fields?: Record<string, unknown>) =>
      lines.push([level, msg, fields]);
    const log = guardLogger({
      debug: rec('debug'),
      info: rec('info'),
      warn: rec('warn'),
      error: rec('error'),
    });
    log.debug('1', { a: 1 });
    log.info('2');
    log.warn('3');
    log.error('4');
    expect(lines).toEqual([
      ['debug', '1', { a: 1 }],
      ['info', '2', undefined],
      ['warn', '3', undefined],
      ['error', '4', undefined],
    ]);
  });
  it('gives the silent logger for none and does not wrap twice', () => {
    expect(guardLogger(undefined)).toBe(silentLogger);
    const once = guardLogger(throwing);
    expect(guardLogger(once)).toBe(once);
  });
});
