/**
 * The KQL engine's entry point. A query is parsed and bound by the official Kusto language
 * package against the schemas of the loaded tables — so syntax errors and unknown names come
 * back with Kusto's own messages and positions — then compiled into plans and run over
 * webc2's columnar tables.
 *
 * @example
 *   const engine = new KqlEngine(tables, { now: parseDateTime('2024-01-01T00:00:00Z')! });
 *   const { table } = engine.run('DeviceNetworkEvents | where RemotePort == 443 | count');
 */

import type { Diagnostic } from '../diagnostics.js';
import type { ColumnSpec, Table } from '../table/table.js';
import { DEFENDER_TABLES } from '../table/schemas.js';
import {
  DEFAULT_LIMITS,
  KqlError,
  checkRows,
  type QueryContext,
  type QueryLimits,
} from './context.js';
import { defineLet } from './expr.js';
import { kusto } from './kusto.js';
import type { Plan } from './plan.js';
import { precheck } from './precheck.js';
import { Scope } from './scope.js';
import { kind, listOf, must, resultColumns, type Node } from './syntax.js';
import { compileTabular, exprEnv } from './tabular.js';

export interface EngineOptions {
  /** The instant `now()` and `ago()` measure from: ticks since the Unix epoch. */
  now: bigint;
  limits?: Partial<QueryLimits>;
  /** Tables `_GetWatchlist('name')` returns, by name. */
  watchlists?: ReadonlyMap<string, Table>;
}

export interface QueryResult {
  table: Table;
  /** The result schema the binder predicted (names and types). */
  columns: ColumnSpec[];
}

type GlobalState = Kusto.Language.GlobalState;

/** Converts a source offset to a 1-based line and column. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      last = i;
    }
  }
  return { line, column: offset - last };
}

function kqlDiagnostic(
  query: string,
  code: string,
  message: string,
  start: number,
  length: number,
  severity: Diagnostic['severity'],
  hint?: string,
): Diagnostic & { start: number; length: number } {
  const pos = start >= 0 ? lineColumn(query, start) : undefined;
  return {
    code,
    severity,
    message,
    start,
    length,
    ...(pos ? { line: pos.line, column: pos.column } : {}),
    ...(hint ? { hint } : {}),
  };
}

export type KqlDiagnostic = ReturnType<typeof kqlDiagnostic>;

/** Raised by `run` when the query cannot be bound or executed; carries the diagnostics. */
export class QueryError extends Error {
  constructor(readonly diagnostics: KqlDiagnostic[]) {
    super(diagnostics[0]?.message ?? 'query failed');
    this.name = 'QueryError';
  }
}

function schemaText(specs: readonly ColumnSpec[]): string {
  const quote = (n: string): string =>
    /^[A-Za-z_][A-Za-z0-9_]*$/.test(n) ? n : `['${n.replace(/'/g, "\\'")}']`;
  return '(' + specs.map((s) => `${quote(s.name)}:${s.type}`).join(', ') + ')';
}

/**
 * Binding a long rule costs the Kusto package hundreds of milliseconds, and a run of many
 * small inputs (eval, coverage, tests) binds the same rules against the same schemas over
 * and over. A bound tree is immutable, so it is kept per (schemas, query text).
 */
const GLOBALS = new Map<string, GlobalState>();
const ANALYZED = new Map<string, Kusto.Language.KustoCode>();
const MAX_ANALYZED = 64;

function analyzed(text: string, globals: GlobalState, signature: string): Kusto.Language.KustoCode {
  const key = `${signature}\u0000${text}`;
  let code = ANALYZED.get(key);
  if (code === undefined) {
    code = kusto().KustoCode.ParseAndAnalyze(text, globals)!;
    if (ANALYZED.size >= MAX_ANALYZED) ANALYZED.delete(ANALYZED.keys().next().value!);
    ANALYZED.set(key, code);
  }
  return code;
}

export class KqlEngine {
  private globals: GlobalState | null = null;
  private signature = '';
  private readonly limits: QueryLimits;

  constructor(
    private readonly tables: ReadonlyMap<string, Table>,
    private readonly options: EngineOptions,
  ) {
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
  }

  /** The binder's world: every Defender table (empty ones too) and every loaded table. */
  private globalState(): GlobalState {
    if (this.globals !== null) return this.globals;
    const specs = new Map<string, readonly ColumnSpec[]>(Object.entries(DEFENDER_TABLES));
    for (const [name, t] of this.tables) specs.set(name, t.specs);
    for (const [name, t] of this.options.watchlists ?? [])
      specs.set(watchlistTableName(name), t.specs);
    this.signature = [...specs].map(([name, cols]) => `${name}${schemaText(cols)}`).join(';');
    let globals = GLOBALS.get(this.signature);
    if (globals === undefined) {
      const K = kusto();
      const S = K.Symbols;
      const symbols = [...specs].map(
        ([name, cols]) => new S.TableSymbol.$ctor7(name, schemaText(cols), ''),
      );
      globals = K.GlobalState.Default!.WithDatabase(new S.DatabaseSymbol.ctor('webc2', symbols))!;
      GLOBALS.set(this.signature, globals);
    }
    this.globals = globals;
    return globals;
  }

  /** Parses and binds a query; returns Kusto's errors (warnings are dropped) and the bound tree. */
  analyze(query: string): { diagnostics: KqlDiagnostic[]; code: Kusto.Language.KustoCode } {
    const bound = rewriteWatchlists(query, this.options.watchlists);
    const globals = this.globalState();
    const code = analyzed(bound, globals, this.signature);
    const list = code.GetDiagnostics();
    const diagnostics: KqlDiagnostic[] = [];
    for (let i = 0; i < (list?.Count ?? 0); i++) {
      const d = list!.getItem(i) as unknown as {
        Code: string;
        Severity: string;
        Message: string;
        Start: number;
        Length: number;
      };
      if (String(d.Severity) !== 'Error') continue;
      const missing = missingWatchlist(query, d.Start, d.Length);
      if (missing !== null) {
        diagnostics.push(
          kqlDiagnostic(
            query,
            'KQL0304',
            `There is no watchlist named '${missing}'.`,
            d.Start,
            d.Length,
            'error',
            'Pass it with --watchlist NAME=FILE.csv.',
          ),
        );
        continue;
      }
      diagnostics.push(kqlDiagnostic(query, d.Code, d.Message, d.Start, d.Length, 'error'));
    }
    return { diagnostics, code };
  }

  /** Runs a query; throws QueryError with positioned diagnostics when it cannot. */
  run(query: string): QueryResult {
    try {
      precheck(query, this.limits);
    } catch (e) {
      if (!(e instanceof KqlError)) throw e;
      throw new QueryError([
        kqlDiagnostic(query, e.code, e.message, e.start, e.length, 'error', e.hint),
      ]);
    }
    const { diagnostics, code } = this.analyze(query);
    if (diagnostics.length > 0) throw new QueryError(diagnostics);
    try {
      const root = code.Syntax as unknown as Node;
      const { plan, resultNode } = this.compile(root);
      const q: QueryContext = {
        now: this.options.now,
        tables: this.withWatchlistTables(),
        limits: this.limits,
        watchlists: this.options.watchlists ?? new Map(),
        cache: new Map(),
      };
      const table = plan.run(q);
      checkRows(table.length, this.limits);
      return { table, columns: resultColumns(resultNode) ?? table.specs };
    } catch (e) {
      if (e instanceof KqlError) {
        throw new QueryError([
          kqlDiagnostic(query, e.code, e.message, e.start, e.length, 'error', e.hint),
        ]);
      }
      if (e instanceof RangeError && /call stack/i.test(e.message)) {
        throw new QueryError([
          kqlDiagnostic(query, 'KQL0403', 'The query is nested too deeply to run.', -1, 0, 'error'),
        ]);
      }
      throw e;
    }
  }

  private withWatchlistTables(): ReadonlyMap<string, Table> {
    if (!this.options.watchlists || this.options.watchlists.size === 0) return this.tables;
    const m = new Map(this.tables);
    for (const [name, t] of this.options.watchlists) m.set(watchlistTableName(name), t);
    return m;
  }

  private compile(root: Node): { plan: Plan; resultNode: Node } {
    const scope = new Scope();
    const env = exprEnv(scope, 0);
    let result: Node | null = null;
    for (const stmt of listOf(root, 'Statements')) {
      const k = kind(stmt);
      if (k === 'LetStatement') defineLet(stmt, scope, env);
      else if (k === 'ExpressionStatement') result = must(stmt, 'Expression');
    }
    if (result === null)
      throw new KqlError('KQL0110', 'The query has no tabular expression to run.');
    return { plan: compileTabular(result, scope, 0), resultNode: result };
  }
}

/** The table name a watchlist is bound under. */
export function watchlistTableName(name: string): string {
  return `__watchlist_${name}`;
}

/**
 * The watchlist a binder error is about, when it is an unknown `_GetWatchlist('name')` (the
 * rewrite below leaves calls for watchlists that were not passed, and Kusto then reports
 * an unknown function).
 */
function missingWatchlist(query: string, start: number, length: number): string | null {
  if (query.slice(start, start + length) !== '_GetWatchlist') return null;
  const m = /^_GetWatchlist\s*\(\s*(['"])([^'"]*)\1/.exec(query.slice(start));
  return m ? m[2]! : null;
}

/**
 * Rewrites `_GetWatchlist('name')` to a reference to the watchlist's table, padded to the
 * same length so every diagnostic position still points into the user's text.
 */
function rewriteWatchlists(
  query: string,
  watchlists: ReadonlyMap<string, Table> | undefined,
): string {
  if (!watchlists || watchlists.size === 0) return query;
  return query.replace(
    /_GetWatchlist\s*\(\s*(['"])([^'"]*)\1\s*\)/g,
    (whole, _q: string, name: string) => {
      if (!watchlists.has(name)) return whole;
      const ref = `['${watchlistTableName(name)}']`;
      return ref.length <= whole.length ? ref + ' '.repeat(whole.length - ref.length) : whole;
    },
  );
}
