/// <reference path="../../node_modules/@kusto/language-service-next/Kusto.Language.Bridge.d.ts" />
/**
 * Loads the official Kusto language package once. Its two scripts (a .NET-to-JavaScript
 * runtime, then the language itself) are plain scripts that define the globals `System`
 * and `Kusto`; loading costs about a second and 290 MiB, so only commands that run KQL
 * call `kusto()`.
 */

import { createRequire } from 'node:module';

let loaded: typeof Kusto.Language | null = null;

/** The `Kusto.Language` namespace, loaded on first use. */
export function kusto(): typeof Kusto.Language {
  if (loaded === null) {
    const require = createRequire(import.meta.url);
    require('@kusto/language-service-next/bridge.min.js');
    require('@kusto/language-service-next/Kusto.Language.Bridge.min.js');
    loaded = (globalThis as unknown as { Kusto: typeof Kusto }).Kusto.Language;
  }
  return loaded;
}

const kindNames = new Map<number, string>();

/** The name of a syntax kind (`FilterOperator`, `HasAnyExpression`…), cached. */
export function kindName(kind: Kusto.Language.Syntax.SyntaxKind): string {
  let name = kindNames.get(kind as unknown as number);
  if (name === undefined) {
    const sys = (
      globalThis as unknown as { System: { Enum: { toString(e: unknown, v: unknown): string } } }
    ).System;
    name = sys.Enum.toString(kusto().Syntax.SyntaxKind, kind);
    kindNames.set(kind as unknown as number, name);
  }
  return name;
}
