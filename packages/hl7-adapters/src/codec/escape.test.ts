import { describe, expect, it } from 'vitest';
import { escapeHl7, unescapeHl7 } from './escape.js';

const hapi = { field: '|', component: '^', repetition: '~', escape: '\\', subcomponent: '}' };

describe('escapeHl7 / unescapeHl7', () => {
  it('escapes the escape character first, then the delimiters', () => {
    expect(escapeHl7('a|b^c&d~e\\f')).toBe('a\\F\\b\\S\\c\\T\\d\\R\\e\\E\\f');
    expect(escapeHl7('\\F\\')).toBe('\\E\\F\\E\\');
    expect(escapeHl7('x\r\ny\u000b\u001c')).toBe('x\\X0D\\\\X0A\\y\\X0B\\\\X1C\\');
    expect(escapeHl7('plain text')).toBe('plain text');
    expect(escapeHl7('""')).toBe('\\X22\\"');
    expect(escapeHl7('a&b}c', hapi)).toBe('a&b\\T\\c');
  });

  it('decodes every standard sequence', () => {
    expect(unescapeHl7('\\F\\\\S\\\\T\\\\R\\\\E\\')).toBe('|^&~\\');
    expect(unescapeHl7('line1\\.br\\line2')).toBe('line1\nline2');
    expect(unescapeHl7('a\\X0D0A\\b')).toBe('a\r\nb');
    expect(unescapeHl7('caf\\XC3A9\\')).toBe('café');
    expect(unescapeHl7('caf\\XE9\\')).toBe('café'); // not UTF-8: ISO-8859-1
    expect(unescapeHl7('\\X22\\"')).toBe('""');
    expect(unescapeHl7('x\\T\\y', hapi)).toBe('x}y');
  });

  it('keeps formatting, highlighting and unknown sequences verbatim', () => {
    expect(unescapeHl7('\\H\\bold\\N\\ text')).toBe('\\H\\bold\\N\\ text');
    expect(unescapeHl7('a\\.sp 2\\b\\.in 4\\')).toBe('a\\.sp 2\\b\\.in 4\\');
    expect(unescapeHl7('\\C2842\\x\\Zlocal\\')).toBe('\\C2842\\x\\Zlocal\\');
    expect(unescapeHl7('\\XZZ\\ \\X1\\')).toBe('\\XZZ\\ \\X1\\');
    expect(unescapeHl7('\\P\\')).toBe('\\P\\'); // no truncation character declared
  });

  it('tolerates an escape character without a closing one', () => {
    expect(unescapeHl7('trailing\\')).toBe('trailing\\');
    expect(unescapeHl7('a\\E\\b\\')).toBe('a\\b\\');
    expect(unescapeHl7('\\')).toBe('\\');
  });

  it('decodes double-escaped upstream text one level', () => {
    expect(unescapeHl7('\\E\\X0D\\E\\')).toBe('\\X0D\\');
  });
});
