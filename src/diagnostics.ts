/**
 * Diagnostics are data: a stable code, a severity, where it happened and what it means.
 * Readers, the KQL engine and the rules all report through this one shape; the terminal,
 * JSON and HTML renderers in src/report turn it into text.
 */

export type Severity = 'error' | 'warning' | 'info';

/** Where a diagnostic points: a file (an archive member reads `outer.zip!inner.json`), and a place in it. */
export interface Location {
  file?: string;
  /** Byte offset in the (decompressed) file. */
  offset?: number;
  /** 1-based line number, for line-oriented formats. */
  line?: number;
  /** 1-based column, for text sources such as a KQL query. */
  column?: number;
}

export interface Diagnostic extends Location {
  /** Stable identifier such as `EVTX0203` or `JSON0001`; tests and filters use it, never the message. */
  code: string;
  severity: Severity;
  message: string;
  /** One line saying how to fix or work around it. */
  hint?: string;
}

/** Collects diagnostics and counts them by code, so a run can reconcile read, kept and rejected records. */
export class DiagnosticSink {
  readonly items: Diagnostic[] = [];
  readonly counts = new Map<string, number>();
  /** Beyond this many stored diagnostics per code, only the count grows: a corrupt file must not fill memory. */
  constructor(private readonly keepPerCode = 1000) {}

  report(d: Diagnostic): void {
    const n = (this.counts.get(d.code) ?? 0) + 1;
    this.counts.set(d.code, n);
    if (n <= this.keepPerCode) this.items.push(d);
  }

  get errorCount(): number {
    let n = 0;
    for (const d of this.items) if (d.severity === 'error') n++;
    return n;
  }
}

/** Renders a location as `file:line:col` or `file@offset`, for messages. */
export function formatLocation(loc: Location): string {
  let s = loc.file ?? '';
  if (loc.line !== undefined) {
    s += `:${loc.line}`;
    if (loc.column !== undefined) s += `:${loc.column}`;
  } else if (loc.offset !== undefined) {
    s += `@${loc.offset}`;
  }
  return s;
}

/** Passes every diagnostic on to `parent`, letting `observe` see it first (e.g. to count per file). */
export class ForwardingSink extends DiagnosticSink {
  constructor(
    private readonly parent: DiagnosticSink,
    private readonly observe: (d: Diagnostic) => void,
  ) {
    super(0);
  }

  override report(d: Diagnostic): void {
    this.observe(d);
    this.parent.report(d);
  }
}
