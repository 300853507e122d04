/**
 * Thin, typed access to the Kusto package's syntax tree. The package is .NET compiled to
 * JavaScript: nodes expose their C# properties (`Left`, `Expressions`, `ResultType`…),
 * lists are `Count` + `getItem(i)`, and separated lists wrap each item in `.Element`.
 * Everything the compiler reads from the tree goes through here.
 */

import { kindName } from './kusto.js';
import type { KqlType } from '../table/types.js';
import { parseKqlType } from '../table/types.js';

/** A syntax node or token, seen structurally. */
export interface Node {
  Kind: Kusto.Language.Syntax.SyntaxKind;
  TextStart: number;
  Width: number;
  End: number;
  ChildCount: number;
  IsMissing: boolean;
  GetChild(i: number): Node | null;
  toString(): string;
  readonly [prop: string]: unknown;
}

export interface TypeSymbolLike {
  Name: string;
  Kind: unknown;
  Columns?: ListLike<{ Name: string; Type: TypeSymbolLike }>;
  /** A table whose columns are only known at run time (after `evaluate bag_unpack`). */
  IsOpen?: boolean;
}

export interface ListLike<T> {
  Count: number;
  getItem(i: number): T;
}

export function kind(n: Node): string {
  return kindName(n.Kind);
}

/** A child node by property name (`Left`, `Condition`…), or null. */
export function child(n: Node, prop: string): Node | null {
  const v = n[prop];
  return v === undefined || v === null ? null : (v as Node);
}

export function must(n: Node, prop: string): Node {
  const c = child(n, prop);
  if (c === null) throw new Error(`syntax: ${kind(n)} has no ${prop}`);
  return c;
}

/** Items of a SyntaxList, unwrapping SeparatedElement. */
export function items(list: unknown): Node[] {
  if (list === null || list === undefined) return [];
  const l = list as ListLike<Node>;
  const out: Node[] = [];
  for (let i = 0; i < l.Count; i++) {
    const it = l.getItem(i);
    const el = (it as { Element?: Node }).Element;
    out.push(el !== undefined && el !== null && kind(it) === 'SeparatedElement' ? el : it);
  }
  return out;
}

/** Items of the list held in property `prop`. */
export function listOf(n: Node, prop: string): Node[] {
  return items(n[prop]);
}

/**
 * The text of a token or node, without leading and trailing trivia. A node's text is put
 * together from its tokens here: the package's own `toString` grows a string builder whose
 * length it recomputes on every append, which is quadratic and took minutes on a 300,000-
 * element `dynamic([...])` literal.
 */
export function text(n: Node | null): string {
  if (n === null) return '';
  const t = (n as { Text?: unknown }).Text;
  if (typeof t === 'string') return t;
  const parts: string[] = [];
  const walk = (x: Node): void => {
    const tokenText = (x as { Text?: unknown }).Text;
    if (typeof tokenText === 'string') {
      const trivia = (x as { Trivia?: unknown }).Trivia;
      if (parts.length > 0 && typeof trivia === 'string') parts.push(trivia);
      parts.push(tokenText);
      return;
    }
    for (let i = 0; i < x.ChildCount; i++) {
      const c = x.GetChild(i);
      if (c !== null) walk(c);
    }
  };
  walk(n);
  return parts.join('').trim();
}

/** The declared name of a NameDeclaration or the simple name of a NameReference. */
export function nameText(n: Node | null): string {
  if (n === null) return '';
  const simple = (n as { SimpleName?: string }).SimpleName;
  if (typeof simple === 'string') return simple;
  const nm = child(n, 'Name');
  if (nm !== null) {
    const s = (nm as { SimpleText?: string }).SimpleText;
    if (typeof s === 'string') return s;
    return unbracket(text(nm));
  }
  return unbracket(text(n));
}

/** `['a b']` and `["x"]` name forms unwrapped. */
export function unbracket(s: string): string {
  const m = /^\[\s*(['"])(.*)\1\s*\]$/s.exec(s);
  return m ? m[2]! : s;
}

/** The scalar KQL type the binder gave an expression, if it is one we hold. */
export function resultType(n: Node): KqlType | undefined {
  const rt = n['ResultType'] as TypeSymbolLike | null | undefined;
  if (!rt) return undefined;
  return parseKqlType(rt.Name);
}

/**
 * The columns of a tabular result type, as the binder computed them; undefined when it could
 * not tell, including an open schema, whose real columns appear only when the query runs.
 */
export function resultColumns(n: Node): { name: string; type: KqlType }[] | undefined {
  const rt = n['ResultType'] as TypeSymbolLike | null | undefined;
  if (!rt || !rt.Columns || rt.IsOpen === true) return undefined;
  const out: { name: string; type: KqlType }[] = [];
  for (let i = 0; i < rt.Columns.Count; i++) {
    const c = rt.Columns.getItem(i);
    out.push({ name: c.Name, type: parseKqlType(c.Type.Name) ?? 'dynamic' });
  }
  return out;
}

export interface SymbolLike {
  Name: string;
  Kind: unknown;
  Type?: TypeSymbolLike;
}

/** `Column`, `Table`, `Variable`, `Parameter`, `Function`… for the symbol a name refers to. */
export function symbolKind(n: Node): string | undefined {
  const s = n['ReferencedSymbol'] as SymbolLike | null | undefined;
  if (!s) return undefined;
  const sys = (
    globalThis as unknown as { System: { Enum: { toString(e: unknown, v: unknown): string } } }
  ).System;
  const K = (globalThis as unknown as { Kusto: typeof Kusto }).Kusto.Language;
  return sys.Enum.toString(K.Symbols.SymbolKind, s.Kind);
}

/**
 * The body of the user function a call calls, as the binder bound it for this call's
 * arguments, or null. A function declared `(T:(a:long))` and called on a table with more
 * columns keeps them: the declaration's own body is typed for the declared columns only.
 */
export function calledBody(call: Node): Node | null {
  const get = (call as { GetCalledFunctionBody?: () => Node | null }).GetCalledFunctionBody;
  return typeof get === 'function' ? (get.call(call) ?? null) : null;
}
