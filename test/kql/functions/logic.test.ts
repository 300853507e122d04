import { runCases, type Case } from './cases.js';

const cases: Case[] = [
  ['iff(1 > 2, "a", "b")', 'b', 'docs iff-function'],
  ['iff(bool(null), "a", "b")', 'b', 'notes §2.5: null condition takes the else branch'],
  ['iif(true, 1, 2)', 1, 'notes §2.5: alias'],
  ['case(5 <= 3, "Small", 5 <= 10, "Medium", "Large")', 'Medium', 'case-function-00'],
  ['case(15 <= 3, "Small", 15 <= 10, "Medium", "Large")', 'Large', 'case-function-00'],
  ['coalesce(tolong("not a number"), tolong("42"), 33)', 42, 'coalesce-function-00'],
  ['coalesce("", "a")', 'a', 'docs coalesce-function: empty string skipped'],
  ['coalesce(int(null), int(null))', null, 'edge'],
  ['not(bool(null))', null, 'notes §2.3'],
  ['not(false)', true, 'edge'],
  ['isnull(int(null))', true, 'edge'],
  ['isnull("")', false, 'notes §2.3: strings are never null'],
  ['isnotnull(1)', true, 'edge'],
  ['isempty("")', true, 'notes §2.3'],
  ['isempty(int(null))', true, 'docs isempty-function'],
  ['isnotempty(" ")', true, 'edge'],
  ['isnan(real(nan))', true, 'edge'],
];

runCases('logic functions', cases);
