/**
 * The report's header, rendered once on the command line as static HTML: what was read, how
 * the records reconcile (read = kept + not used + rejected), the time anchor, alerts per rule
 * and severity, and the problems met on the way. It reads the same `RunSummary` the terminal
 * summary does. File names and messages can carry attacker text, so every string from the
 * run goes through `htmlText`; the helpers below take HTML their callers already escaped.
 */

import { formatLocation, type Diagnostic } from '../../diagnostics.js';
import { formatDateTime } from '../../table/datetime.js';
import { SEVERITY_ORDER } from '../../rules/run.js';
import { suppressedText, type RuleLine, type RunSummary } from '../summary.js';
import { escapeHtml, htmlText } from './escape.js';

const n = (x: number): string => x.toLocaleString('en-US');
const plural = (k: number, one: string, many = `${one}s`): string =>
  `${n(k)} ${k === 1 ? one : many}`;

/** Highest first, the order the report lists severities in. */
const SEVERITIES_DESC = [...SEVERITY_ORDER].reverse();

const sevClass = (s: string): string =>
  (SEVERITY_ORDER as readonly string[]).includes(s) ? `sev-${s}` : 'sev-other';

/** `<name class="cls">inner</name>`, the class left out when empty. */
const tag = (name: string, cls: string, inner: string): string =>
  `<${name}${cls ? ` class="${cls}"` : ''}>${inner}</${name}>`;

/** A table of the `grid` style: header cells as `[html, class]`, rows as ready `<tr>`s. */
function grid(head: [string, string?][], rows: readonly string[], cls = 'grid'): string {
  const th = head.map(([h, c]) => tag('th', c ?? '', h)).join('');
  return tag('table', cls, `<thead><tr>${th}</tr></thead><tbody>${rows.join('')}</tbody>`);
}

function details(summary: string, body: string, attrs = ''): string {
  return `<details class="block"${attrs}><summary>${summary}</summary>${body}</details>`;
}

function card(title: string, value: string, sub: string): string {
  return tag(
    'div',
    'card',
    tag('h3', '', title) + tag('div', 'big', value) + tag('div', 'sub', sub),
  );
}

function inputsCard(s: RunSummary): string {
  const byFormat = new Map<string, number>();
  for (const f of s.files)
    if (!f.skipped) byFormat.set(f.format, (byFormat.get(f.format) ?? 0) + 1);
  const skipped = s.files.filter((f) => f.skipped).length;
  const parts = [...byFormat].map(([k, v]) => `${htmlText(k)} ${n(v)}`);
  if (skipped) parts.push(tag('span', 'warn', `${n(skipped)} skipped`));
  return card(
    'Inputs',
    plural(s.files.length - skipped, 'file'),
    parts.join(' · ') || 'nothing readable',
  );
}

function recordsCard(s: RunSummary): string {
  const notUsed = [...s.notUsed.values()].reduce((a, b) => a + b, 0);
  const rejected = s.rejected ? tag('span', 'bad', `${n(s.rejected)} rejected`) : '0 rejected';
  return card(
    'Records',
    `${n(s.read)} read`,
    `= ${n(s.kept)} kept + ${n(notUsed)} not used + ${rejected}`,
  );
}

function alertsCard(alerts: readonly Record<string, unknown>[]): string {
  const bySeverity = new Map<string, number>();
  for (const a of alerts) {
    const k = String(a['Severity'] ?? '');
    bySeverity.set(k, (bySeverity.get(k) ?? 0) + 1);
  }
  const chips = SEVERITIES_DESC.filter((k) => bySeverity.has(k)).map((k) =>
    tag('span', `sev ${sevClass(k)}`, `${k} ${n(bySeverity.get(k)!)}`),
  );
  return card('Alerts', n(alerts.length), chips.join(' ') || 'none');
}

function anchorCard(s: RunSummary): string {
  if (!s.anchor) return card('Time anchor', '—', 'no rule measured time');
  const full = formatDateTime(s.anchor.now);
  const short = full.replace('T', ' ').replace(/(\.\d{3})\d*Z$/, '$1Z');
  return card(
    'Time anchor',
    `<span class="mono" title="${escapeHtml(full)}">${escapeHtml(short)}</span>`,
    htmlText(s.anchor.source),
  );
}

function elapsedCard(s: RunSummary): string {
  const sub = s.rules ? `${plural(s.rules.length, 'rule')} run` : `webc2 ${htmlText(s.command)}`;
  return card('Elapsed', `${(s.elapsedMs / 1000).toFixed(2)} s`, sub);
}

function ruleRow(r: RuleLine): string {
  const cells = SEVERITIES_DESC.map((k) => {
    const v = r.bySeverity[k] ?? 0;
    return tag('td', v ? 'num' : 'num zero', n(v));
  });
  const notes: string[] = [];
  if (r.failed) notes.push(tag('span', 'bad', `failed: ${htmlText(r.failed)}`));
  if (r.suppressed) notes.push(suppressedText(r.suppressed));
  return tag(
    'tr',
    '',
    `<th scope="row" class="mono">${htmlText(r.id)}</th>` +
      cells.join('') +
      tag('td', 'num total', n(r.total)) +
      tag('td', '', notes.join('; ')),
  );
}

function rulesPanel(rules: readonly RuleLine[]): string {
  if (rules.length === 0) return '';
  const head: [string, string?][] = [
    ['Rule'],
    ...SEVERITIES_DESC.map((k): [string, string] => [
      `<span class="dot ${sevClass(k)}"></span>${k}`,
      'num',
    ]),
    ['Total', 'num'],
    ['Notes'],
  ];
  return tag(
    'div',
    'panel',
    tag('h2', '', 'Alerts per rule and severity') + grid(head, rules.map(ruleRow), 'grid rules'),
  );
}

function filesDetails(s: RunSummary): string {
  if (s.files.length === 0) return '';
  const rows = s.files.map((f) =>
    tag(
      'tr',
      '',
      tag('td', 'mono path', htmlText(f.name)) +
        tag('td', '', htmlText(f.format)) +
        tag('td', 'num', n(f.read)) +
        tag('td', f.rejected ? 'num bad' : 'num zero', n(f.rejected)) +
        tag('td', '', f.skipped ? tag('span', 'warn', `skipped: ${htmlText(f.skipped)}`) : ''),
    ),
  );
  const head: [string, string?][] = [
    ['File'],
    ['Format'],
    ['Records', 'num'],
    ['Rejected', 'num'],
    ['Note'],
  ];
  return details(`Files ${tag('span', 'count', n(s.files.length))}`, grid(head, rows));
}

function recordsDetails(s: RunSummary): string {
  const tables = [...(s.rows ?? [])].filter(([, v]) => v > 0);
  const unused = [...s.notUsed].filter(([, v]) => v > 0).sort((a, b) => b[1] - a[1]);
  if (tables.length === 0 && unused.length === 0) return '';
  const counts = (title: string, what: string, items: [string, number][]): string =>
    items.length === 0
      ? ''
      : grid(
          [[title], [what, 'num']],
          items.map(([k, v]) => tag('tr', '', tag('td', '', htmlText(k)) + tag('td', 'num', n(v)))),
        );
  return details(
    'Tables built and records not used',
    tag(
      'div',
      'split',
      counts('Table', 'Rows', tables) + counts('Not used by any table', 'Records', unused),
    ),
  );
}

function problemRow(d: Diagnostic): string {
  const hint = d.hint ? tag('div', 'hint', htmlText(d.hint)) : '';
  return tag(
    'tr',
    `diag-${d.severity}`,
    tag('td', '', tag('span', 'level', d.severity)) +
      tag('td', 'mono', htmlText(d.code)) +
      tag('td', 'mono path', htmlText(formatLocation(d))) +
      tag('td', '', htmlText(d.message) + hint),
  );
}

/** Open from the start when something failed outright. */
function problemsDetails(s: RunSummary): string {
  const bySeverity = new Map<string, number>();
  for (const d of s.diagnostics) bySeverity.set(d.severity, (bySeverity.get(d.severity) ?? 0) + 1);
  const stored = s.diagnostics.length;
  const counted = [...s.diagnosticCounts.values()].reduce((a, b) => a + b, 0);
  if (stored === 0 && counted === 0)
    return `<p class="block quiet">No problems: every record read was understood.</p>`;
  const levels = (['error', 'warning', 'info'] as const)
    .filter((k) => bySeverity.has(k))
    .map((k) => tag('span', `diag-${k}`, plural(bySeverity.get(k)!, k === 'info' ? 'note' : k)));
  const codes = [...s.diagnosticCounts]
    .map(([c, k]) => `${tag('span', 'mono', htmlText(c))} ×${n(k)}`)
    .join(', ');
  const more =
    counted > stored
      ? tag(
          'p',
          'quiet',
          `${n(counted - stored)} more were counted but not kept ` +
            '(a cap per code keeps a corrupt file from filling memory).',
        )
      : '';
  const head: [string, string?][] = [['Level'], ['Code'], ['Where'], ['Message']];
  return details(
    `Problems ${levels.join(' ')}${tag('span', 'codes', codes)}`,
    more + grid(head, s.diagnostics.map(problemRow)),
    ` id="problems"${bySeverity.has('error') ? ' open' : ''}`,
  );
}

/** Counts alerts by rule and severity when the summary has no rule lines of its own. */
function ruleLinesFrom(alerts: readonly Record<string, unknown>[]): RuleLine[] {
  const byRule = new Map<string, RuleLine>();
  for (const a of alerts) {
    const id = String(a['RuleId'] ?? '');
    const line = byRule.get(id) ?? { id, bySeverity: {}, total: 0 };
    const sev = String(a['Severity'] ?? '');
    line.bySeverity[sev] = (line.bySeverity[sev] ?? 0) + 1;
    line.total++;
    byRule.set(id, line);
  }
  return [...byRule.values()];
}

/** The summary cards: inputs, records, alerts by severity, time anchor, elapsed. */
export function renderCards(s: RunSummary, alerts: readonly Record<string, unknown>[]): string {
  return tag(
    'div',
    'cards',
    inputsCard(s) + recordsCard(s) + alertsCard(alerts) + anchorCard(s) + elapsedCard(s),
  );
}

/** Alerts per rule and severity, from the summary's rule lines or else from the alerts. */
export function renderRules(s: RunSummary, alerts: readonly Record<string, unknown>[]): string {
  return rulesPanel(s.rules ?? ruleLinesFrom(alerts));
}

/** The collapsible lists: problems first, then files, then tables and unused records. */
export function renderRunDetails(s: RunSummary): string {
  return problemsDetails(s) + filesDetails(s) + recordsDetails(s);
}
