/**
 * Attacker-controlled text (command lines, URLs, host names) is data. Before it reaches a
 * terminal, control characters and escape sequences are made visible instead of obeyed; in
 * CSV, a cell that a spreadsheet would run as a formula is neutralised; HTML escaping lives
 * with the HTML renderer.
 */

/** Replaces C0/C1 controls (ESC sequences included) with visible `\xNN` escapes; keeps tab. */
export function forTerminal(s: string): string {
  return s.replace(
    /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g,
    (c) => {
      const code = c.charCodeAt(0);
      return code > 0xff
        ? `\\u${code.toString(16).padStart(4, '0')}`
        : `\\x${code.toString(16).padStart(2, '0')}`;
    },
  );
}

/**
 * A CSV cell that begins with `=`, `+`, `-`, `@`, tab or carriage return can run as a
 * formula in Excel, LibreOffice or Sheets; prefixing `'` makes it text (OWASP's advice).
 */
export function forCsv(s: string): string {
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}
