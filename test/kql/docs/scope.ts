/**
 * Which documentation cases fall inside what webc2 sets out to support, and whether a
 * case's result has a defined row order. Both read the bound syntax tree, not the text.
 *
 * A case is in scope when every tabular operator and every function it calls is on the
 * lists below: the operators, aggregates and scalar functions that real detection content
 * uses (the engine's brief). Arithmetic, comparison, logic, literals, `let` and calls of
 * functions the query itself defines are always in scope.
 */

import { child, kind, listOf, must, nameText, type Node } from '../../../src/kql/syntax.js';

/** Syntax kinds of the tabular operators and statements in scope. */
const OPERATOR_KINDS = new Set([
  'FilterOperator',
  'ProjectOperator',
  'ProjectAwayOperator',
  'ProjectKeepOperator',
  'ProjectRenameOperator',
  'ProjectReorderOperator',
  'ExtendOperator',
  'SummarizeOperator',
  'JoinOperator',
  'LookupOperator',
  'UnionOperator',
  'SortOperator',
  'TopOperator',
  'TakeOperator',
  'CountOperator',
  'DistinctOperator',
  'MvExpandOperator',
  'ParseOperator',
  'PrintOperator',
  'RangeOperator',
  'AsOperator',
  'SerializeOperator',
  'EvaluateOperator',
  'LetStatement',
  'ExpressionStatement',
]);

/** Scalar operator kinds outside the list (everything else that is an expression is in). */
const OUT_OF_SCOPE_EXPRESSIONS = new Set(['BetweenExpression', 'NotBetweenExpression']);

const PLUGINS = new Set(['bag_unpack']);

const AGGREGATES = `count countif dcount dcountif sum sumif min max avg make_set make_set_if
  make_list make_list_if make_bag arg_max arg_min take_any percentile percentiles stdev
  variance`;

const SCALARS = `strlen substring tolower toupper trim split strcat strcat_array replace_string
  replace_regex extract extract_all indexof countof parse_url parse_path parse_json todynamic
  base64_decode_tostring url_decode ipv4_is_private ipv4_is_in_range parse_ipv4 ago now
  todatetime bin startofday endofday startofweek datetime_diff datetime_add format_datetime
  dayofweek hourofday tostring toint tolong toreal tobool totimespan toguid array_length
  array_concat set_has_element bag_keys pack bag_pack pack_array array_index_of iff iif case
  coalesce isempty isnotempty isnull isnotnull abs round floor ceiling log exp pow sqrt
  hash_sha256 hash_md5`;

/** Row-order functions, `materialize` and `toscalar` are operators in the brief; `not` is logic. */
const SPECIALS = 'row_number prev next row_cumsum materialize toscalar not';

const FUNCTIONS = new Set(`${AGGREGATES} ${SCALARS} ${SPECIALS}`.split(/\s+/).filter(Boolean));

export interface Scope {
  inScope: boolean;
  /** Operators and functions outside the lists, e.g. `operator mv-apply`, `function geo_x`. */
  outside: string[];
}

function walk(n: Node, visit: (n: Node) => void): void {
  visit(n);
  for (let i = 0; i < n.ChildCount; i++) {
    const c = n.GetChild(i);
    if (c !== null) walk(c, visit);
  }
}

/** Names the query declares with `let` or as function parameters. */
function declaredNames(root: Node): Set<string> {
  const out = new Set<string>();
  walk(root, (n) => {
    const k = kind(n);
    if (k === 'LetStatement') out.add(nameText(must(n, 'Name')));
  });
  return out;
}

function operatorLabel(k: string): string {
  return k
    .replace(/Operator$|Statement$|Expression$/, '')
    .replace(/([a-z])([A-Z])/g, '$1-$2')
    .toLowerCase();
}

export function classify(root: Node): Scope {
  const outside = new Set<string>();
  const user = declaredNames(root);
  walk(root, (n) => {
    const k = kind(n);
    if (k.endsWith('Operator') || k.endsWith('Statement')) {
      if (!OPERATOR_KINDS.has(k)) outside.add(`operator ${operatorLabel(k)}`);
      if (k === 'EvaluateOperator') {
        const plugin = nameText(must(must(n, 'FunctionCall'), 'Name'));
        if (!PLUGINS.has(plugin)) outside.add(`plugin ${plugin}`);
      }
      return;
    }
    if (OUT_OF_SCOPE_EXPRESSIONS.has(k)) outside.add(`operator ${operatorLabel(k)}`);
    if (k === 'FunctionCallExpression') {
      const name = nameText(must(n, 'Name'));
      if (!FUNCTIONS.has(name) && !user.has(name) && !PLUGINS.has(name)) {
        outside.add(`function ${name}`);
      }
    }
  });
  return { inScope: outside.size === 0, outside: [...outside].sort() };
}

/** Operators that keep the order of the rows they receive. */
const ORDER_KEEPING = new Set([
  'ProjectOperator',
  'ProjectAwayOperator',
  'ProjectKeepOperator',
  'ProjectRenameOperator',
  'ProjectReorderOperator',
  'ExtendOperator',
  'FilterOperator',
  'TakeOperator',
  'RenderOperator',
  'AsOperator',
]);

const ORDERING = new Set(['SortOperator', 'TopOperator', 'SerializeOperator']);

function usesRowOrder(n: Node): boolean {
  let found = false;
  walk(n, (x) => {
    if (kind(x) !== 'FunctionCallExpression') return;
    const name = nameText(must(x, 'Name'));
    if (/^(row_number|prev|next|row_cumsum|row_rank_\w+|row_window_session)$/.test(name)) {
      found = true;
    }
  });
  return found;
}

/**
 * True when the result's row order is defined: the last statement ends in sort, top or
 * serialize (or an operator reading the row order), past operators that keep row order.
 */
export function isOrdered(root: Node): boolean {
  const stmts = listOf(root, 'Statements');
  let e: Node | null = null;
  for (const s of stmts) if (kind(s) === 'ExpressionStatement') e = must(s, 'Expression');
  while (e !== null && kind(e) === 'PipeExpression') {
    const op = must(e, 'Operator');
    const k = kind(op);
    if (ORDERING.has(k) || usesRowOrder(op)) return true;
    if (!ORDER_KEEPING.has(k)) return false;
    e = child(e, 'Expression');
  }
  return false;
}
