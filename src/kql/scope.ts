/**
 * Names a query defines with `let`, and the parameters of a function being expanded. A
 * scope chains to its parent; a name defined later shadows an earlier one.
 */

import type { Node } from './syntax.js';
import type { Expr } from './expr.js';
import type { Plan } from './plan.js';
import type { KqlType } from '../table/types.js';

export interface FunctionParam {
  name: string;
  /** Scalar type, or undefined for a tabular parameter. */
  type: KqlType | undefined;
  tabular: boolean;
  /** The default value's expression, when the declaration gives one. */
  defaultValue: Node | null;
}

export type Binding =
  | { kind: 'scalar'; expr: Expr }
  | { kind: 'tabular'; plan: Plan }
  | { kind: 'function'; params: FunctionParam[]; body: Node; scope: Scope };

export class Scope {
  private readonly names = new Map<string, Binding>();
  constructor(readonly parent: Scope | null = null) {}

  define(name: string, b: Binding): void {
    this.names.set(name, b);
  }

  lookup(name: string): Binding | undefined {
    return this.names.get(name) ?? this.parent?.lookup(name);
  }
}
