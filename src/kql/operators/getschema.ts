/**
 * `getschema`: the input's columns as rows: `ColumnName`, `ColumnOrdinal` (from 0),
 * `DataType` (the .NET type Kusto stores it as) and `ColumnType` (the KQL type).
 */

import { NumberColumn, columnFromValues } from '../../table/column.js';
import { Table } from '../../table/table.js';
import type { KqlType } from '../../table/types.js';
import type { Op } from '../plan.js';

/** The CLR type names Kusto reports; `bool` is stored as a signed byte. */
const DOTNET_TYPE: Record<KqlType, string> = {
  bool: 'System.SByte',
  int: 'System.Int32',
  long: 'System.Int64',
  real: 'System.Double',
  decimal: 'System.Data.SqlTypes.SqlDecimal',
  string: 'System.String',
  datetime: 'System.DateTime',
  timespan: 'System.TimeSpan',
  guid: 'System.Guid',
  dynamic: 'System.Object',
};

export function compileGetSchema(): Op {
  return {
    name: 'getschema',
    run(input: Table): Table {
      const specs = input.specs;
      return Table.of(
        [
          {
            name: 'ColumnName',
            column: columnFromValues(
              'string',
              specs.map((s) => s.name),
            ),
          },
          {
            name: 'ColumnOrdinal',
            column: new NumberColumn(
              'int',
              Float64Array.from(specs, (_, i) => i),
              null,
            ),
          },
          {
            name: 'DataType',
            column: columnFromValues(
              'string',
              specs.map((s) => DOTNET_TYPE[s.type]),
            ),
          },
          {
            name: 'ColumnType',
            column: columnFromValues(
              'string',
              specs.map((s) => s.type),
            ),
          },
        ],
        specs.length,
      );
    },
  };
}
