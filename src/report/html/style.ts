/**
 * The report's stylesheet, inlined in one `<style>` element whose hash the Content-Security-
 * Policy names. System fonts only (the page fetches nothing); light and dark schemes from the
 * reader's preference; print forces the light scheme, hides the controls and keeps severity
 * colours.
 */

export const REPORT_CSS = `
:root {
  color-scheme: light dark;
  --bg: #f4f5f7; --panel: #fff; --line: #d8dce3; --line-soft: #e9ecf0; --head: #eef0f4;
  --text: #1c2230; --muted: #5d6676; --accent: #2454b8; --hover: #f2f6fd; --pick: #fff7d6;
  --mono-bg: #f5f6f8;
  --high: #c4262e; --high-bg: #fde8e8; --high-solid: #c4262e; --medium: #c25e06;
  --medium-bg: #fdeedd;
  --low: #8a6d00; --low-bg: #fbf3cf; --info: #4d5b70; --info-bg: #e9edf3;
  --cc: #a3000b; --cc-bg: #ffe1e1; --flag: #7a4b00; --flag-bg: #fff0cc;
  --mono: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", "DejaVu Sans Mono",
    monospace;
}
@media screen and (prefers-color-scheme: dark) {
  :root {
    --bg: #14171d; --panel: #1b1f27; --line: #323846; --line-soft: #262b35; --head: #222733;
    --text: #dde2ea; --muted: #97a0b0; --accent: #7aa7ff; --hover: #222a38; --pick: #3a3420;
    --mono-bg: #161a21;
    --high: #ff6b70; --high-bg: #4a1d21; --high-solid: #c8323a; --medium: #ffa24d;
    --medium-bg: #45301a;
    --low: #e5c84a; --low-bg: #3c3617; --info: #aab4c5; --info-bg: #2a303b;
    --cc: #ff9ea3; --cc-bg: #4d1f24; --flag: #f1c46b; --flag-bg: #3e321a;
  }
}
* { box-sizing: border-box; }
[hidden] { display: none !important; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; background: var(--bg); color: var(--text);
  font: 13px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
.mono, code, pre { font-family: var(--mono); font-size: 12px; }
.quiet, .zero { color: var(--muted); }
.bad { color: var(--high); font-weight: 600; }
.warn { color: var(--medium); }
.num { text-align: right; font-variant-numeric: tabular-nums; }

header.top {
  display: flex; align-items: baseline; gap: 16px; flex-wrap: wrap;
  padding: 10px 20px; background: #1a2130; color: #e8ecf3; border-bottom: 3px solid var(--accent);
}
header.top h1 { margin: 0; font-size: 17px; font-weight: 650; letter-spacing: .2px; }
header.top h1 span { font-weight: 400; color: #aeb8ca; }
header.top .meta { margin-left: auto; color: #aeb8ca; font-size: 12px; }
main { padding: 14px 20px 40px; }
h2 { font-size: 14px; margin: 0; font-weight: 650; }

.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(190px, 1fr)); gap: 10px; }
.card {
  background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px;
}
.card h3 {
  margin: 0; font-size: 11px; font-weight: 600; text-transform: uppercase; letter-spacing: .6px;
  color: var(--muted);
}
.card .big {
  font-size: 19px; font-weight: 600; margin: 1px 0; white-space: nowrap; overflow: hidden;
  text-overflow: ellipsis;
}
.card .big .mono { font-size: 15px; }
.card .sub { color: var(--muted); font-size: 12px; }

.overview {
  display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1.4fr); gap: 12px;
  margin-top: 12px; align-items: start;
}
@media (max-width: 1000px) { .overview { grid-template-columns: minmax(0, 1fr); } }
.overview.single { grid-template-columns: minmax(0, 1fr); }
.panel {
  background: var(--panel); border: 1px solid var(--line); border-radius: 6px; overflow: hidden;
}
.panel > h2, .panel-head {
  padding: 7px 10px; border-bottom: 1px solid var(--line); background: var(--head);
}
.panel-head { display: flex; align-items: baseline; gap: 10px; }
.panel-head .hint-text { color: var(--muted); font-size: 12px; }
.panel table.grid { border: 0; }

table.grid {
  border-collapse: collapse; width: 100%; background: var(--panel); border: 1px solid var(--line);
}
table.grid caption {
  text-align: left; font-weight: 650; padding: 7px 10px; background: var(--head);
  border: 1px solid var(--line); border-bottom: 0;
}
table.grid th, table.grid td {
  padding: 4px 8px; border-bottom: 1px solid var(--line-soft); text-align: left;
  vertical-align: top;
}
table.grid td.num, table.grid th.num { text-align: right; }
table.grid thead th {
  background: var(--head); font-weight: 600; font-size: 12px; border-bottom: 1px solid var(--line);
  white-space: nowrap;
}
table.rules tbody th { font-weight: 600; white-space: nowrap; }
td.total { font-weight: 650; }
.path { word-break: break-all; }

details.block {
  margin-top: 10px; background: var(--panel); border: 1px solid var(--line); border-radius: 6px;
}
details.block > summary {
  cursor: pointer; padding: 7px 10px; font-weight: 650; list-style-position: inside;
}
details.block[open] > summary { border-bottom: 1px solid var(--line); }
details.block > table.grid { border: 0; }
details.block .split { display: flex; gap: 12px; padding: 8px; flex-wrap: wrap; }
details.block .split table { width: auto; min-width: 260px; }
details.block > p { margin: 6px 10px; }
summary .count { color: var(--muted); font-weight: 400; margin-left: 4px; }
summary .codes { font-weight: 400; color: var(--muted); margin-left: 12px; }
p.block {
  margin: 10px 0 0; padding: 7px 10px; background: var(--panel); border: 1px solid var(--line);
  border-radius: 6px;
}
.diag-error { color: var(--high); }
.diag-warning { color: var(--medium); }
.diag-info { color: var(--info); }
tr.diag-error td, tr.diag-warning td, tr.diag-info td { color: var(--text); }
tr.diag-error .level { color: var(--high); font-weight: 600; }
tr.diag-warning .level { color: var(--medium); font-weight: 600; }
tr.diag-info .level { color: var(--info); }
summary .diag-error, summary .diag-warning, summary .diag-info {
  margin-left: 6px; font-weight: 600;
}
.hint { color: var(--muted); margin-top: 2px; }

.sev {
  display: inline-block; min-width: 44px; padding: 0 6px; border-radius: 3px; font-size: 11px;
  font-weight: 650; line-height: 18px; text-align: center; text-transform: uppercase;
  letter-spacing: .3px;
  border: 1px solid transparent;
}
.card .sev { min-width: 0; margin-right: 2px; }
.sev.sev-high { background: var(--high-solid); color: #fff; }
.sev.sev-medium { background: var(--medium-bg); color: var(--medium); border-color: var(--medium); }
.sev.sev-low { background: var(--low-bg); color: var(--low); border-color: var(--low); }
.sev.sev-informational, .sev.sev-other {
  background: var(--info-bg); color: var(--info); border-color: var(--line);
}
.dot {
  display: inline-block; width: 8px; height: 8px; border-radius: 50%; margin-right: 5px;
  vertical-align: 0; background: var(--info);
}
.dot.sev-high { background: var(--high); }
.dot.sev-medium { background: var(--medium); }
.dot.sev-low { background: var(--low); }

.cc {
  font-family: var(--mono); font-size: 11px; color: var(--cc); background: var(--cc-bg);
  border: 1px solid var(--cc); border-radius: 2px; padding: 0 1px; margin: 0 1px;
  unicode-bidi: isolate;
}
.flag {
  display: inline-block; font-size: 11px; padding: 0 5px; margin: 0 3px 1px 0; border-radius: 3px;
  background: var(--flag-bg); color: var(--flag); white-space: nowrap; line-height: 17px;
}

section.alerts { margin-top: 14px; }
.section-head { display: flex; align-items: baseline; gap: 12px; margin-bottom: 6px; }
.toolbar {
  display: flex; flex-wrap: wrap; gap: 6px; align-items: center; padding: 7px 8px;
  background: var(--panel); border: 1px solid var(--line); border-bottom: 0;
  border-radius: 6px 6px 0 0;
}
.toolbar input, .toolbar select, .toolbar button, .more button, .pairs-foot button {
  font: inherit; font-size: 12px; color: var(--text); background: var(--panel);
  border: 1px solid var(--line); border-radius: 4px; padding: 3px 7px; height: 26px;
}
.toolbar input[type=search] { width: 200px; }
.toolbar input.narrow { width: 150px; }
.toolbar button, .more button, .pairs-foot button { cursor: pointer; }
.toolbar button:hover, .more button:hover { border-color: var(--accent); }
.toolbar .chip[aria-pressed=true] { outline: 2px solid var(--accent); outline-offset: 0; }
.toolbar .chip { padding: 0 4px; height: auto; border: 0; background: none; }
.toolbar .chip .sev { cursor: pointer; }
.toolbar .chip[aria-pressed=false].dim .sev { opacity: .35; }
.toolbar .pair-filter {
  background: var(--pick); border: 1px solid var(--line); border-radius: 4px; padding: 2px 6px;
  font-size: 12px;
}
.toolbar .pair-filter button { height: 18px; padding: 0 5px; margin-left: 4px; }
.toolbar .spacer { flex: 1; }
/* The chooser opens under the toolbar's right edge, wherever the toolbar wrapped it to. */
.toolbar { position: relative; }
details.cols > summary {
  cursor: pointer; list-style: none; border: 1px solid var(--line); border-radius: 4px;
  padding: 3px 8px; font-size: 12px; height: 26px;
}
details.cols > div {
  position: absolute; right: 8px; top: calc(100% - 2px); z-index: 5;
  background: var(--panel); border: 1px solid var(--line);
  border-radius: 4px; padding: 6px 10px; columns: 2; column-gap: 18px; width: 560px;
  box-shadow: 0 4px 14px rgba(0,0,0,.15);
}
details.cols label {
  display: block; white-space: nowrap; font-size: 12px; line-height: 22px;
  overflow: hidden; text-overflow: ellipsis;
}
.toolbar input[type=checkbox] { height: auto; padding: 0; margin: 0 5px 0 0; vertical-align: -2px; }

/* The alerts scroll inside their own box, both ways, so the header row stays in view and a
   wide choice of columns never widens the page. */
.table-wrap {
  overflow: auto; max-height: calc(100vh - 16px); border: 1px solid var(--line);
  border-radius: 0 0 6px 6px; background: var(--panel);
}
table.alerts { border: 0; font-size: 12px; }
table.alerts th, table.alerts td { padding: 3px 7px; }
table.alerts thead th { position: sticky; top: 0; z-index: 2; padding: 0; }
table.alerts thead th button {
  all: unset; display: block; padding: 5px 8px; cursor: pointer; white-space: nowrap;
  font-weight: 600;
}
table.alerts thead th button:focus-visible { outline: 2px solid var(--accent); }
table.alerts thead th[aria-sort] button::after {
  content: " ▲"; color: var(--accent); font-size: 9px;
}
table.alerts thead th[aria-sort=descending] button::after { content: " ▼"; }
table.alerts td { white-space: nowrap; max-width: 36em; overflow: hidden; text-overflow: ellipsis; }
table.alerts td.cmd { font-family: var(--mono); font-size: 11.5px; color: var(--muted); }
table.alerts tr.row, table.alerts tr.line { cursor: pointer; }
table.alerts tr.row > td:first-child, table.alerts tr.line > td {
  border-left: 3px solid var(--info);
}
table.alerts tr.sev-high > td:first-child { border-left-color: var(--high); }
table.alerts tr.sev-medium > td:first-child { border-left-color: var(--medium); }
table.alerts tr.sev-low > td:first-child { border-left-color: var(--low); }
table.alerts tr.row.has-line > td { border-bottom: 0; padding-bottom: 0; }
table.alerts tr.line > td {
  max-width: 0; padding-top: 0; padding-left: 18px; font-family: var(--mono); font-size: 11.5px;
  color: var(--muted); white-space: nowrap; overflow: hidden; text-overflow: ellipsis;
}
table.alerts tr.row:hover, table.alerts tr.row:focus, table.alerts tr.row:hover + tr.line,
table.alerts tr.row:focus + tr.line, table.alerts tr.line:hover {
  background: var(--hover); outline: none;
}
table.alerts tr.same-pair { background: var(--pick) !important; }
table.alerts tr.row[aria-expanded=true], table.alerts tr.row[aria-expanded=true] + tr.line {
  background: var(--hover);
}
table.alerts tr[aria-expanded=true] > td, table.alerts tr.row[aria-expanded=true] + tr.line > td {
  border-bottom-color: transparent;
}
button.pair {
  all: unset; cursor: pointer; font-size: 11px; font-weight: 600; padding: 0 5px;
  border-radius: 9px;
  background: var(--info-bg); color: var(--info); line-height: 17px;
}
button.pair.many { background: var(--pick); color: var(--text); border: 1px solid var(--medium); }
button.pair:hover { outline: 1px solid var(--accent); }
tr.empty td { text-align: center; padding: 18px; color: var(--muted); }

tr.detail > td {
  padding: 0 !important; background: var(--panel); border-bottom: 2px solid var(--line);
}
/* Sticky at the left edge and as wide as the viewport, so a table wider than the screen
   does not push half of the details out of sight. */
.detail-box {
  position: sticky; left: 0; max-width: calc(100vw - 48px); padding: 10px 14px 12px 14px;
  border-left: 3px solid var(--line); display: grid;
  grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 6px 24px;
}
.detail-box > .wide { grid-column: 1 / -1; }
@media (max-width: 900px) { .detail-box { grid-template-columns: minmax(0, 1fr); } }
.detail-head { display: flex; gap: 10px; align-items: center; flex-wrap: wrap; }
.detail-head a { color: var(--accent); font-size: 12px; }
dl.kv {
  display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 1px 12px; margin: 0;
  align-content: start;
}
dl.kv dt { color: var(--muted); font-size: 12px; }
dl.kv dd {
  margin: 0; word-break: break-word; overflow-wrap: anywhere; white-space: pre-wrap;
  max-height: 16em; overflow: auto;
}
.detail-box h4 { margin: 2px 0 3px; font-size: 12px; color: var(--muted); font-weight: 600; }
pre.cmd, pre.json {
  margin: 0; padding: 6px 9px; background: var(--mono-bg); border: 1px solid var(--line-soft);
  border-left: 3px solid var(--accent); white-space: pre-wrap; overflow-wrap: anywhere;
  word-break: break-all;
  max-height: 40em; overflow: auto;
}
.detail-box .side { min-width: 0; }
.detail-box .side > h4:first-child { margin-top: 0; }
.detail-box .side > * + h4 { margin-top: 10px; }
table.grid.evidence { width: auto; min-width: 60%; max-width: 100%; font-size: 12px; }
table.grid.evidence th, table.grid.evidence td {
  padding: 2px 8px; white-space: pre-wrap; overflow-wrap: anywhere; max-width: 40em;
}
table.grid.evidence td.short { white-space: nowrap; }
dl.kv.record { grid-template-columns: max-content minmax(0, 1fr); font-size: 12px; }
.chips { display: flex; flex-wrap: wrap; gap: 4px; }
.chip-val {
  background: var(--mono-bg); border: 1px solid var(--line); border-radius: 3px; padding: 0 5px;
  overflow-wrap: anywhere;
}

.pairs table.grid tbody tr { cursor: pointer; }
.pairs table.grid tbody tr:hover { background: var(--hover); }
.pairs table.grid tbody tr.picked { background: var(--pick); }
.pairs table.grid td {
  white-space: nowrap; overflow: hidden; text-overflow: ellipsis; max-width: 22em;
}
.pairs .arrow { color: var(--muted); padding: 0 4px; }
.pairs-foot {
  padding: 5px 10px; color: var(--muted); font-size: 12px; display: flex; gap: 8px;
  align-items: center;
}
.pairs-foot button { height: 22px; }
.more { padding: 8px 0; display: flex; gap: 8px; align-items: center; color: var(--muted); }
.empty-state {
  padding: 22px; text-align: center; color: var(--muted); background: var(--panel);
  border: 1px solid var(--line); border-radius: 6px;
}
noscript p { padding: 10px; background: var(--pick); border: 1px solid var(--line); }

@page { size: landscape; margin: 10mm; }
@media print {
  :root { color-scheme: light; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  body { background: #fff; font-size: 10.5px; }
  header.top { background: none; color: #000; border-bottom: 2px solid #000; padding: 0 0 6px; }
  header.top h1 span, header.top .meta { color: #333; }
  main { padding: 8px 0 0; }
  .toolbar, .more, .pairs-foot, details.cols, .detail-head a, noscript, .screen-only {
    display: none !important;
  }
  .card .big { white-space: normal; }
  table.alerts thead th { position: static; }
  .table-wrap { overflow: visible; max-height: none; }
  thead { display: table-header-group; }
  tr, .card { break-inside: avoid; }
  /* Paper does not scroll: cells wrap instead of being cut. */
  table.alerts td, table.alerts tr.line > td {
    white-space: normal; overflow-wrap: break-word; max-width: none; overflow: visible;
  }
  table.alerts tr.line > td { overflow-wrap: anywhere; }
  .sev { white-space: nowrap; min-width: 0; }
  table.alerts th, table.alerts td { padding: 2px 4px; }
  .panel, details.block, .card, table.grid { border-color: #999; }
}
`;
