/**
 * `--format html`: one self-contained page for reading a hunt's results. The header (what
 * was read, alerts per rule and severity, problems) is static HTML; the alerts are embedded
 * once as JSON and the page's own script builds the sortable, filterable table from them.
 * The page fetches nothing, works from a file:// URL, and prints.
 *
 * Security: every string from the telemetry is escaped for where it lands (see
 * html/escape.ts), the script never uses innerHTML, and a Content-Security-Policy allows
 * only this page's one script and one stylesheet, by hash.
 */

import { createHash } from 'node:crypto';
import type { Scalar } from '../table/types.js';
import type { RunSummary } from './summary.js';
import { CLIENT_SCRIPT } from './html/client.js';
import { embedAlerts } from './html/data.js';
import { escapeHtml, scriptJson, visibleText } from './html/escape.js';
import { renderCards, renderRules, renderRunDetails } from './html/run-section.js';
import { REPORT_CSS } from './html/style.js';

export { escapeHtml, htmlText, scriptJson, visibleText } from './html/escape.js';

export interface HtmlReportInput {
  summary: RunSummary;
  alerts: readonly Record<string, Scalar>[];
  /** Column order, as `alertColumns` gives it; keys it misses are appended. */
  columns: readonly string[];
  /** When the report was made; defaults to now. Tests pin it. */
  generatedAt?: Date;
}

const sha256 = (text: string): string =>
  `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/**
 * The policy: nothing may load (`default-src 'none'` also covers fetch, images and fonts),
 * and only the inline script and stylesheet whose hashes match run. `base-uri` and
 * `form-action` do not fall back to default-src, so they are closed explicitly. A hash
 * rather than 'unsafe-inline' means an element injected through a missed escape stays inert.
 */
export function contentSecurityPolicy(script: string, style: string): string {
  return [
    "default-src 'none'",
    `script-src ${sha256(script)}`,
    `style-src ${sha256(style)}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

// The controls the page's script fills in; ids are its hooks.
const ALERTS_SECTION = `<section class="alerts" aria-label="Alerts">
<div class="section-head"><h2>Alerts</h2><span id="count" class="quiet"></span></div>
<div class="toolbar" role="search">
<input id="f-text" type="search" placeholder="Search every field  ( / )"
  aria-label="Search every field">
<select id="f-rule" aria-label="Rule"><option value="">All rules</option></select>
<span id="f-sev" class="chips" aria-label="Severity"></span>
<input id="f-host" class="narrow" list="l-host" placeholder="Host" aria-label="Host">
<input id="f-proc" class="narrow" list="l-proc" placeholder="Process or parent"
  aria-label="Process or parent">
<span id="f-pair" class="pair-filter" hidden></span>
<button id="f-clear" type="button">Clear filters</button>
<span class="spacer"></span>
<button id="expand" type="button"
  title="Open or close the details of every row shown (for printing)">Expand shown</button>
<details class="cols"><summary>Columns</summary><div id="col-list"></div></details>
</div>
<datalist id="l-host"></datalist><datalist id="l-proc"></datalist>
<div class="table-wrap">
<table id="alerts" class="grid alerts"><thead></thead><tbody></tbody></table>
</div>
<div id="more-bar" class="more" hidden>
<button id="more" type="button"></button><button id="all" type="button"></button>
</div>
<noscript><p>The alerts table needs JavaScript. The alerts are in this file as JSON, in the
script element with id webc2-data.</p></noscript>
</section>`;

const PAIRS_PANEL = `<div class="panel pairs">
<div class="panel-head"><h2>Process → service pairs</h2>
<span id="pairs-count" class="hint-text"></span>
<span class="hint-text screen-only">click one to show only its alerts</span></div>
<table class="grid"><thead><tr><th>Process → service</th><th class="num">Alerts</th>
<th class="num">Hosts</th><th>Rules</th><th>Last seen</th></tr></thead>
<tbody id="pairs-body"></tbody></table>
<div class="pairs-foot"><button id="pairs-all" type="button" hidden></button></div>
</div>`;

function noAlerts(s: RunSummary): string {
  const rules = s.rules?.length ?? 0;
  const ran = rules ? ` after ${rules} rule${rules === 1 ? '' : 's'} ran` : '';
  const records = s.kept.toLocaleString('en-US');
  return (
    `<section class="alerts" aria-label="Alerts">` +
    `<div class="empty-state">No alerts${ran} over ${records} records.</div></section>`
  );
}

/** Renders the whole report as one HTML document. */
export function renderHtmlReport(input: HtmlReportInput): string {
  const { summary, alerts } = input;
  const data = scriptJson(embedAlerts(alerts, input.columns));
  const csp = contentSecurityPolicy(CLIENT_SCRIPT, REPORT_CSS);
  const generated = (input.generatedAt ?? new Date()).toISOString().replace(/\.\d+Z$/, 'Z');
  const count = `${alerts.length.toLocaleString('en-US')} alert${alerts.length === 1 ? '' : 's'}`;
  const title = visibleText(`webc2 ${summary.command} · ${count}`);
  const command = escapeHtml(visibleText(summary.command));
  const overview = alerts.length
    ? `<div class="overview">${renderRules(summary, alerts)}${PAIRS_PANEL}</div>`
    : `<div class="overview single">${renderRules(summary, alerts)}</div>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="webc2">
<title>${escapeHtml(title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<header class="top">
<h1>webc2 <span>${command} report · web-service C2 (ATT&amp;CK T1102)</span></h1>
<div class="meta">${count} · generated ${generated}</div>
</header>
<main>
${renderCards(summary, alerts)}
${overview}
${renderRunDetails(summary)}
${alerts.length ? ALERTS_SECTION : noAlerts(summary)}
</main>
<script type="application/json" id="webc2-data">${data}</script>
<script>${CLIENT_SCRIPT}</script>
</body>
</html>
`;
}
