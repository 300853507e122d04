/**
 * The report's script, inlined once and allowed by its hash. It parses the alerts from the
 * JSON block and builds every row with createElement and text nodes, never innerHTML, so
 * whatever the telemetry holds stays text. Invisible and text-reordering characters become
 * visible marks (the pattern is the one escape.ts uses). Only the first rows of the filtered,
 * sorted list are in the DOM (more on request), which keeps 20,000 alerts responsive.
 *
 * It is plain ES2020 in a string: the page runs it as is, tests parse it with `new Function`
 * and run it in headless Chromium. It must not contain a backtick, and `${` only where a
 * constant is spliced in below.
 */

import { CHARACTER_NAMES, INVISIBLE_SOURCE } from './escape.js';

/** Rows added to the table per "show more". */
export const PAGE_SIZE = 200;

export const CLIENT_SCRIPT = String.raw`
(() => {
  'use strict';
  const INVISIBLE = new RegExp(${JSON.stringify(INVISIBLE_SOURCE)}, 'gu');
  const NAMES = ${JSON.stringify(CHARACTER_NAMES)};
  const PAGE = ${PAGE_SIZE};
  const SEVERITIES = ['high', 'medium', 'low', 'informational'];
  const LABELS = {
    RuleId: 'Rule',
    DeviceName: 'Host',
    AccountName: 'Account',
    FileName: 'Process',
    InitiatingProcessFileName: 'Parent',
    ProcessCommandLine: 'Command line',
    RemoteUrl: 'Remote URL',
    RemoteIP: 'Remote IP',
    RemotePort: 'Port',
    Confidence: 'Conf.',
  };
  // Shown in the table unless the reader asks otherwise (with the command line under each
  // row); every other column is in the details and the column chooser.
  const LEAD = [
    'Severity',
    'RuleId',
    'Timestamp',
    'DeviceName',
    'AccountName',
    'FileName',
    'InitiatingProcessFileName',
    'RemoteUrl',
    'Service',
    'Confidence',
  ];

  const started = performance.now();
  const root = document.documentElement;
  const $ = (id) => document.getElementById(id);
  const data = JSON.parse($('webc2-data').textContent);
  const cols = data.columns;
  const rows = data.rows;
  const at = new Map(cols.map((c, i) => [c.name, i]));
  const val = (r, name) => (at.has(name) ? r[at.get(name)] : null);
  const numbers = new Intl.NumberFormat('en-US');
  const fmt = (x) => numbers.format(x);
  root.dataset.alerts = String(rows.length);
  root.dataset.rendered = '0';

  // ---- text: every string from the data goes through put() or visible() ----
  const hex = (cp, width) => cp.toString(16).padStart(width, '0');
  function escapeOf(ch) {
    const cp = ch.codePointAt(0);
    if (cp <= 0xff) return '\\x' + hex(cp, 2);
    if (cp <= 0xffff) return '\\u' + hex(cp, 4);
    return '\\u{' + cp.toString(16) + '}';
  }
  function describe(ch) {
    const cp = ch.codePointAt(0);
    const name = NAMES[cp];
    return 'U+' + hex(cp, 4).toUpperCase() + (name ? ' ' + name : '');
  }
  const ANY_INVISIBLE = new RegExp(INVISIBLE.source, 'u');
  const visible = (s) => (ANY_INVISIBLE.test(s) ? s.replace(INVISIBLE, escapeOf) : s);
  // Appends s as text nodes, each invisible character as a marked escape; in a block a line
  // feed keeps its line break after the mark.
  function put(parent, s, block) {
    let last = 0;
    for (const m of s.matchAll(INVISIBLE)) {
      if (m.index > last) parent.append(s.slice(last, m.index));
      const mark = document.createElement('span');
      mark.className = 'cc';
      mark.title = describe(m[0]);
      mark.textContent = escapeOf(m[0]);
      parent.append(mark);
      if (block && m[0] === '\n') parent.append('\n');
      last = m.index + m[0].length;
    }
    if (last < s.length) parent.append(s.slice(last));
    return parent;
  }
  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) put(e, String(text), false);
    return e;
  }
  const show = (v, pretty) =>
    v === null || v === undefined
      ? ''
      : typeof v === 'object'
        ? JSON.stringify(v, null, pretty ? 2 : undefined)
        : String(v);
  function clip(s, max) {
    if (s.length <= max) return s;
    const c = s.charCodeAt(max - 1);
    return s.slice(0, c >= 0xd800 && c <= 0xdbff ? max - 1 : max) + '\u2026';
  }
  const sevRank = (s) => ['informational', 'low', 'medium', 'high'].indexOf(s);
  const sevClass = (s) => (SEVERITIES.includes(s) ? 'sev-' + s : 'sev-other');
  // 'informational' is shortened in badges only; filters and details keep the full word.
  const badge = (s) => {
    const b = el('span', 'sev ' + sevClass(s), s === 'informational' ? 'info' : s);
    b.title = 'severity: ' + visible(s);
    return b;
  };
  // The table shows whole seconds (the list is sorted on the full value); details show all digits.
  const shortTime = (s) => {
    const m = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)(\.\d+)?Z$/.exec(s);
    return m ? m[1] + ' ' + m[2] : s;
  };
  // SuspiciousProcess -> 'suspicious': the row is the process, so the word adds nothing.
  const flagLabel = (name) =>
    name
      .replace(/([a-z])([A-Z])/g, '$1 $2')
      .toLowerCase()
      .replace(/ process$/, '');

  // ---- process/service pairs: one process reaching one service, across hosts and rules ----
  // A rule that names no service (seed-t1102) still pairs with one that does: a host name
  // another alert tied to a service counts as that service.
  const serviceOfUrl = new Map();
  for (const r of rows) {
    const svc = show(val(r, 'Service'));
    const url = show(val(r, 'RemoteUrl')).toLowerCase();
    if (svc && url && !serviceOfUrl.has(url)) serviceOfUrl.set(url, svc);
  }
  const pairs = [];
  const pairOf = new Int32Array(rows.length).fill(-1);
  if (at.has('FileName') && (at.has('Service') || at.has('RemoteUrl'))) {
    const byKey = new Map();
    rows.forEach((r, i) => {
      const proc = show(val(r, 'FileName'));
      const url = show(val(r, 'RemoteUrl'));
      const svc = show(val(r, 'Service')) || serviceOfUrl.get(url.toLowerCase()) || url;
      if (!proc || !svc) return;
      const key = proc.toLowerCase() + '\u0000' + svc.toLowerCase();
      let p = byKey.get(key);
      if (!p) {
        p = {
          id: pairs.length,
          proc,
          svc,
          count: 0,
          hosts: new Set(),
          rules: new Set(),
          sev: -1,
          last: '',
        };
        byKey.set(key, p);
        pairs.push(p);
      }
      p.count++;
      p.hosts.add(show(val(r, 'DeviceName')));
      p.rules.add(show(val(r, 'RuleId')));
      p.sev = Math.max(p.sev, sevRank(val(r, 'Severity')));
      const t = show(val(r, 'Timestamp'));
      if (t > p.last) p.last = t;
      pairOf[i] = p.id;
    });
  }

  // ---- table columns: data columns plus two derived ones ----
  const flagCols = cols.filter((c) => c.kind === 'bool').map((c) => c.name);
  const isCmd = (name) => /CommandLine$/.test(name);
  const tableCols = [];
  // A column with one value in every alert says nothing row by row: it starts hidden (the
  // details and the column chooser still have it). Severity always shows.
  const constant = (name) => {
    if (rows.length < 2 || name === 'Severity') return false;
    const first = show(val(rows[0], name));
    return rows.every((r) => show(val(r, name)) === first);
  };
  function dataCol(c) {
    const cmd = isCmd(c.name);
    return {
      key: c.name,
      label: LABELS[c.name] || c.name,
      title: c.name,
      kind: c.kind,
      // The process command line reads best at full width, on a line of its own under the row.
      line: c.name === 'ProcessCommandLine',
      on: (LEAD.includes(c.name) || c.name === 'ProcessCommandLine') && !constant(c.name),
      sortKey:
        c.name === 'Severity'
          ? (r) => sevRank(val(r, 'Severity'))
          : c.kind === 'number'
            ? (r) => val(r, c.name)
            : (r) => show(val(r, c.name)).toLowerCase(),
      cell(r) {
        const v = val(r, c.name);
        const td = document.createElement('td');
        if (c.name === 'Severity' && typeof v === 'string') td.append(badge(v));
        else if (c.kind === 'datetime' && typeof v === 'string') put(td, shortTime(v), false);
        else {
          const s = show(v);
          put(td, clip(s, cmd ? 140 : 64), false);
          if (s.length > (cmd ? 140 : 64)) td.title = visible(clip(s, 2000));
          if (c.kind === 'number') td.className = 'num';
        }
        if (cmd) td.className = 'cmd';
        return td;
      },
    };
  }
  const ordered = LEAD.filter((n) => at.has(n)).map((n) => cols[at.get(n)]);
  for (const c of ordered) tableCols.push(dataCol(c));
  if (flagCols.length) {
    tableCols.push({
      key: '#flags',
      label: 'Flags',
      title: 'Boolean columns that are true: ' + flagCols.join(', '),
      on: true,
      sortKey: (r) => -flagCols.filter((f) => val(r, f) === true).length,
      cell(r) {
        const td = document.createElement('td');
        for (const f of flagCols) {
          if (val(r, f) !== true) continue;
          const chip = el('span', 'flag', flagLabel(f));
          chip.title = f;
          td.append(chip);
        }
        return td;
      },
    });
  }
  if (pairs.length) {
    tableCols.push({
      key: '#pair',
      label: 'Pair',
      title: 'Alerts for the same process and service; click to show only them',
      on: true,
      sortKey: (r, i) => (pairOf[i] < 0 ? 0 : -pairs[pairOf[i]].count),
      cell(r, i) {
        const td = document.createElement('td');
        const p = pairs[pairOf[i]];
        if (!p || p.count < 2) return td;
        const b = el('button', 'pair many', '\u00d7' + fmt(p.count));
        b.type = 'button';
        b.dataset.pair = String(p.id);
        b.title =
          visible(clip(p.proc + ' \u2192 ' + p.svc, 300)) +
          ': ' +
          fmt(p.count) +
          ' alert(s) on ' +
          fmt(p.hosts.size) +
          ' host(s)';
        td.append(b);
        return td;
      },
    });
  }
  for (const c of cols) if (!LEAD.includes(c.name)) tableCols.push(dataCol(c));

  // ---- state ----
  const state = {
    text: '',
    rule: '',
    sevs: new Set(),
    host: '',
    proc: '',
    pair: -1,
    sort: null,
    dir: 1,
  };
  const open = new Set();
  let view = [];
  let limit = PAGE;
  let hay = null;
  const haystack = (i) => {
    if (!hay) hay = new Array(rows.length);
    if (hay[i] === undefined)
      hay[i] = visible(rows[i].map((v) => show(v)).join('\u0001')).toLowerCase();
    return hay[i];
  };
  const lower = new Map();
  const lowVisible = (s) => {
    let v = lower.get(s);
    if (v === undefined) lower.set(s, (v = visible(s).toLowerCase()));
    return v;
  };

  function compute() {
    const q = state.text.trim().toLowerCase();
    const host = state.host.trim().toLowerCase();
    const proc = state.proc.trim().toLowerCase();
    view = [];
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      if (state.rule && show(val(r, 'RuleId')) !== state.rule) continue;
      if (state.sevs.size && !state.sevs.has(show(val(r, 'Severity')))) continue;
      if (state.pair >= 0 && pairOf[i] !== state.pair) continue;
      if (host && !lowVisible(show(val(r, 'DeviceName'))).includes(host)) continue;
      if (
        proc &&
        !lowVisible(show(val(r, 'FileName'))).includes(proc) &&
        !lowVisible(show(val(r, 'InitiatingProcessFileName'))).includes(proc)
      )
        continue;
      if (q && !haystack(i).includes(q)) continue;
      view.push(i);
    }
    sortView();
  }
  // Sort keys are computed once per column for every alert, so re-sorting and filtering
  // compare plain values.
  const sortKeys = new Map();
  function keysFor(col) {
    let keys = sortKeys.get(col.key);
    if (!keys) sortKeys.set(col.key, (keys = rows.map((r, i) => col.sortKey(r, i))));
    return keys;
  }
  const sevOf = rows.map((r) => sevRank(val(r, 'Severity')));
  const timeOf = rows.map((r) => show(val(r, 'Timestamp')));
  // Default order: severity, then newest first. Empty values sort last either way.
  function sortView() {
    const col = tableCols.find((c) => c.key === state.sort);
    const dir = state.dir;
    if (!col) {
      view.sort(
        (a, b) =>
          sevOf[b] - sevOf[a] ||
          (timeOf[a] < timeOf[b] ? 1 : timeOf[a] > timeOf[b] ? -1 : 0) ||
          a - b,
      );
      return;
    }
    const keys = keysFor(col);
    const empty = (k) => k === null || k === '' || k === undefined;
    view.sort((a, b) => {
      const ka = keys[a],
        kb = keys[b];
      const ea = empty(ka),
        eb = empty(kb);
      if (ea !== eb) return ea ? 1 : -1;
      if (!ea && ka !== kb) return (ka < kb ? -1 : 1) * dir;
      return a - b;
    });
  }

  // ---- rendering ----
  const table = $('alerts');
  const thead = table ? table.tHead : null;
  const tbody = table ? table.tBodies[0] : null;
  const shown = () => tableCols.filter((c) => c.on && !c.line);
  const lineCol = () => tableCols.find((c) => c.on && c.line);

  function renderHead() {
    const tr = document.createElement('tr');
    for (const c of shown()) {
      const th = document.createElement('th');
      th.scope = 'col';
      if (c.kind === 'number') th.className = 'num';
      if (state.sort === c.key)
        th.setAttribute('aria-sort', state.dir > 0 ? 'ascending' : 'descending');
      const b = el('button', '', c.label);
      b.type = 'button';
      b.title = c.title + ' \u2014 click to sort';
      b.addEventListener('click', () => {
        if (state.sort === c.key) state.dir = -state.dir;
        else {
          state.sort = c.key;
          state.dir = c.key === 'Severity' || c.kind === 'datetime' ? -1 : 1;
        }
        sortView();
        renderHead();
        renderBody();
      });
      th.append(b);
      tr.append(th);
    }
    thead.replaceChildren(tr);
  }

  // An alert is one row, or two with its command line, then its details when open.
  function rowEls(i) {
    const r = rows[i];
    const tr = document.createElement('tr');
    const sev = sevClass(val(r, 'Severity'));
    tr.className = 'row ' + sev;
    tr.tabIndex = 0;
    tr.dataset.i = String(i);
    tr.id = 'alert-' + i;
    if (pairOf[i] >= 0) tr.dataset.pair = String(pairOf[i]);
    tr.setAttribute('aria-expanded', open.has(i) ? 'true' : 'false');
    for (const c of shown()) tr.append(c.cell(r, i));
    const lc = lineCol();
    const text = lc ? show(val(r, lc.key)) : '';
    if (!text) return [tr];
    tr.classList.add('has-line');
    const sub = el('tr', 'line ' + sev);
    sub.dataset.i = String(i);
    if (pairOf[i] >= 0) sub.dataset.pair = tr.dataset.pair;
    const td = el('td', '', clip(text, 400));
    td.colSpan = shown().length;
    if (text.length > 400) td.title = visible(clip(text, 2000));
    sub.append(td);
    return [tr, sub];
  }
  // The last row an alert occupies before its details.
  const lastOf = (tr) => {
    const next = tr.nextElementSibling;
    return next && next.classList.contains('line') ? next : tr;
  };

  // Dynamic values, read rather than decoded: a list of records (Evidence) as a table with a
  // column per key, a record of plain values (Reasons) as a key/value list, a list of plain
  // values as chips, anything deeper as indented JSON.
  const isRecord = (x) => x !== null && typeof x === 'object' && !Array.isArray(x);
  const isPlain = (x) => x === null || typeof x !== 'object';
  function recordTable(items) {
    const keys = [];
    for (const item of items)
      for (const k of Object.keys(item)) if (!keys.includes(k)) keys.push(k);
    const t = el('table', 'grid evidence');
    const head = document.createElement('tr');
    for (const k of keys) head.append(el('th', '', k));
    t.createTHead().append(head);
    const body = t.createTBody();
    for (const item of items) {
      const tr = document.createElement('tr');
      for (const k of keys) {
        const v = item[k];
        const text = isPlain(v) ? show(v) : JSON.stringify(v);
        // Short values (times, addresses) stay on one line; long ones wrap anywhere.
        const td = el('td', (/Time$/.test(k) ? 'mono ' : '') + (text.length <= 32 ? 'short' : ''));
        put(td, text, true);
        tr.append(td);
      }
      body.append(tr);
    }
    return t;
  }
  function recordList(obj) {
    const dl = el('dl', 'kv record');
    for (const k of Object.keys(obj)) {
      const v = obj[k];
      dl.append(el('dt', '', k));
      const dd = el('dd', v === false || v === '' || v === null ? 'zero' : '');
      put(dd, isPlain(v) ? show(v) : JSON.stringify(v), true);
      dl.append(dd);
    }
    return dl;
  }
  function dynamicBlock(name, v) {
    if (isCmd(name) && typeof v === 'string') return put(el('pre', 'cmd'), v, true);
    if (Array.isArray(v) && v.length && v.every(isRecord)) return recordTable(v);
    if (isRecord(v) && Object.values(v).every(isPlain)) return recordList(v);
    if (Array.isArray(v) && v.every(isPlain)) {
      const box = el('div', 'chips');
      for (const x of v) box.append(el('span', 'chip-val mono', show(x)));
      return box;
    }
    return put(el('pre', 'json'), show(v, true), true);
  }

  function detailEl(i) {
    const r = rows[i];
    const tr = el('tr', 'detail');
    const td = document.createElement('td');
    td.colSpan = shown().length;
    const box = el('div', 'detail-box');
    const head = el('div', 'detail-head wide');
    const sev = val(r, 'Severity');
    if (typeof sev === 'string') head.append(badge(sev));
    head.append(el('strong', 'mono', show(val(r, 'RuleId'))));
    const p = pairs[pairOf[i]];
    if (p)
      head.append(
        el(
          'span',
          'quiet',
          fmt(p.count) +
            ' alert(s) for ' +
            clip(p.proc, 60) +
            ' \u2192 ' +
            clip(p.svc, 60) +
            ', on ' +
            fmt(p.hosts.size) +
            ' host(s)',
        ),
      );
    const link = el('a', '', 'link to this alert');
    link.href = '#alert-' + i;
    head.append(link);
    box.append(head);
    // Plain values on the left, every column in order; long and structured ones on the right.
    const kv = el('dl', 'kv');
    const side = el('div', 'side');
    const empty = [];
    for (const c of cols) {
      const v = r[at.get(c.name)];
      if (v === null || v === '') {
        empty.push(c.name);
        continue;
      }
      if (isCmd(c.name) || !isPlain(v)) {
        side.append(el('h4', '', c.name), dynamicBlock(c.name, v));
        continue;
      }
      kv.append(el('dt', '', c.name));
      const dd = el('dd', c.kind === 'datetime' || c.name === 'SHA256' ? 'mono' : '');
      put(dd, show(v), true);
      kv.append(dd);
    }
    if (empty.length) {
      kv.append(el('dt', '', 'Empty'));
      kv.append(el('dd', 'zero', empty.join(', ')));
    }
    box.append(kv, side);
    td.append(box);
    tr.append(td);
    return tr;
  }

  function renderBody() {
    const frag = document.createDocumentFragment();
    const n = Math.min(limit, view.length);
    for (let k = 0; k < n; k++) {
      const i = view[k];
      frag.append(...rowEls(i));
      if (open.has(i)) frag.append(detailEl(i));
    }
    if (view.length === 0) {
      const tr = el('tr', 'empty');
      const td = el('td', '', 'No alert matches these filters.');
      td.colSpan = shown().length;
      tr.append(td);
      frag.append(tr);
    }
    tbody.replaceChildren(frag);
    root.dataset.rendered = String(n);
    $('count').textContent =
      (view.length < rows.length
        ? fmt(view.length) + ' of ' + fmt(rows.length) + ' alerts match'
        : fmt(rows.length) + ' alerts') +
      (n < view.length ? ' \u00b7 first ' + fmt(n) + ' shown' : '');
    const more = $('more-bar');
    more.hidden = n >= view.length;
    $('more').textContent = 'Show ' + fmt(Math.min(PAGE, view.length - n)) + ' more';
    $('all').textContent = 'Show all ' + fmt(view.length);
    renderPairFilter();
    renderPairs();
  }

  function update() {
    compute();
    limit = PAGE;
    renderBody();
  }

  function toggle(i, tr) {
    const last = lastOf(tr);
    if (open.has(i)) {
      open.delete(i);
      const next = last.nextElementSibling;
      if (next && next.classList.contains('detail')) next.remove();
      tr.setAttribute('aria-expanded', 'false');
    } else {
      open.add(i);
      last.after(detailEl(i));
      tr.setAttribute('aria-expanded', 'true');
    }
  }

  // ---- the pairs panel ----
  let pairsAll = false;
  function renderPairs() {
    const body = $('pairs-body');
    if (!body) return;
    const list = pairs.slice().sort((a, b) => b.sev - a.sev || b.count - a.count || a.id - b.id);
    const top = pairsAll ? list : list.slice(0, 10);
    const frag = document.createDocumentFragment();
    for (const p of top) {
      const tr = document.createElement('tr');
      tr.dataset.pair = String(p.id);
      tr.tabIndex = 0;
      if (state.pair === p.id) tr.className = 'picked';
      const sevName = ['informational', 'low', 'medium', 'high'][p.sev] || '';
      const td1 = document.createElement('td');
      td1.append(el('span', 'dot ' + sevClass(sevName)));
      td1.append(el('span', 'mono', clip(p.proc, 60)));
      td1.append(el('span', 'arrow', '\u2192'));
      td1.append(el('span', '', clip(p.svc, 60)));
      td1.title = visible(clip(p.proc + ' \u2192 ' + p.svc, 600));
      tr.append(td1);
      tr.append(el('td', 'num', fmt(p.count)));
      tr.append(el('td', 'num', fmt(p.hosts.size)));
      const rl = [...p.rules];
      tr.append(el('td', 'mono', clip(rl.join(', '), 40)));
      tr.append(el('td', 'mono', shortTime(p.last)));
      frag.append(tr);
    }
    body.replaceChildren(frag);
    $('pairs-count').textContent = fmt(pairs.length) + ' distinct';
    const btn = $('pairs-all');
    btn.hidden = pairs.length <= 10;
    btn.textContent = pairsAll ? 'Show the top 10' : 'Show all ' + fmt(pairs.length);
  }
  function setPair(id) {
    state.pair = state.pair === id ? -1 : id;
    update();
  }
  function renderPairFilter() {
    const box = $('f-pair');
    const p = pairs[state.pair];
    box.hidden = !p;
    if (!p) return box.replaceChildren();
    const b = el('button', '', '\u00d7');
    b.type = 'button';
    b.title = 'Show every pair';
    b.addEventListener('click', () => setPair(-1));
    box.replaceChildren(
      el('span', '', 'pair: ' + clip(p.proc, 40) + ' \u2192 ' + clip(p.svc, 40)),
      b,
    );
  }

  // ---- controls ----
  function fillControls() {
    const rules = new Map();
    const sevs = new Map();
    const hosts = new Set();
    const procs = new Set();
    for (const r of rows) {
      const id = show(val(r, 'RuleId'));
      rules.set(id, (rules.get(id) || 0) + 1);
      const s = show(val(r, 'Severity'));
      sevs.set(s, (sevs.get(s) || 0) + 1);
      if (hosts.size < 5000) hosts.add(visible(show(val(r, 'DeviceName'))));
      if (procs.size < 5000) procs.add(visible(show(val(r, 'FileName'))));
    }
    const sel = $('f-rule');
    for (const [id, k] of [...rules].sort()) {
      const o = document.createElement('option');
      o.value = id;
      o.textContent = visible(id) + ' (' + fmt(k) + ')';
      sel.append(o);
    }
    sel.addEventListener('change', () => {
      state.rule = sel.value;
      update();
    });
    const chips = $('f-sev');
    const order = [...sevs.keys()].sort((a, b) => sevRank(b) - sevRank(a));
    for (const s of order) {
      const b = el('button', 'chip');
      b.type = 'button';
      b.setAttribute('aria-pressed', 'false');
      b.title = 'Show only this severity (click several to combine)';
      b.append(el('span', 'sev ' + sevClass(s), s + ' ' + fmt(sevs.get(s))));
      b.addEventListener('click', () => {
        if (state.sevs.has(s)) state.sevs.delete(s);
        else state.sevs.add(s);
        for (const c of chips.children) {
          const on = c === b ? state.sevs.has(s) : c.getAttribute('aria-pressed') === 'true';
          c.setAttribute('aria-pressed', on ? 'true' : 'false');
          c.classList.toggle('dim', state.sevs.size > 0 && !on);
        }
        update();
      });
      chips.append(b);
    }
    const fill = (id, values) => {
      const list = $(id);
      for (const v of [...values].filter((x) => x).sort()) {
        const o = document.createElement('option');
        o.value = v;
        list.append(o);
      }
    };
    fill('l-host', hosts);
    fill('l-proc', procs);
    let timer = 0;
    const typed = (id, field) => {
      const input = $(id);
      input.addEventListener('input', () => {
        clearTimeout(timer);
        timer = setTimeout(
          () => {
            state[field] = input.value;
            update();
          },
          rows.length > 5000 ? 200 : 60,
        );
      });
    };
    typed('f-text', 'text');
    typed('f-host', 'host');
    typed('f-proc', 'proc');
    $('f-clear').addEventListener('click', () => {
      for (const id of ['f-text', 'f-host', 'f-proc']) $(id).value = '';
      sel.value = '';
      Object.assign(state, { text: '', rule: '', host: '', proc: '', pair: -1 });
      state.sevs.clear();
      for (const c of chips.children) {
        c.setAttribute('aria-pressed', 'false');
        c.classList.remove('dim');
      }
      update();
    });
    const colList = $('col-list');
    for (const c of tableCols) {
      const label = document.createElement('label');
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.checked = c.on;
      box.addEventListener('change', () => {
        c.on = box.checked;
        renderHead();
        renderBody();
      });
      const note = c.line
        ? ' (under each row)'
        : c.label !== c.title && !c.key.startsWith('#')
          ? ' (' + c.title + ')'
          : '';
      label.append(box, ' ' + c.label + note);
      colList.append(label);
    }
    $('more').addEventListener('click', () => {
      limit += PAGE;
      renderBody();
    });
    $('all').addEventListener('click', () => {
      limit = view.length;
      renderBody();
    });
    $('expand').addEventListener('click', () => {
      const n = Math.min(limit, view.length);
      const all = view.slice(0, n).every((i) => open.has(i));
      for (const i of view.slice(0, n))
        if (all) open.delete(i);
        else open.add(i);
      renderBody();
    });
    const pairsBody = $('pairs-body');
    if (pairsBody) {
      const pick = (e) => {
        const tr = e.target.closest('tr[data-pair]');
        if (tr) setPair(Number(tr.dataset.pair));
      };
      pairsBody.addEventListener('click', pick);
      pairsBody.addEventListener('keydown', (e) => {
        if (e.key === 'Enter') pick(e);
      });
      $('pairs-all').addEventListener('click', () => {
        pairsAll = !pairsAll;
        renderPairs();
      });
    }
  }

  function wireTable() {
    tbody.addEventListener('click', (e) => {
      const pb = e.target.closest('button.pair');
      if (pb) {
        setPair(Number(pb.dataset.pair));
        return;
      }
      if (e.target.closest('tr.detail')) return;
      if (String(window.getSelection()).length > 0) return;
      let tr = e.target.closest('tr.row, tr.line');
      if (tr && tr.classList.contains('line')) tr = tr.previousElementSibling;
      if (tr) toggle(Number(tr.dataset.i), tr);
    });
    tbody.addEventListener('keydown', (e) => {
      const tr = e.target.closest('tr.row');
      if (!tr || e.target !== tr) return;
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        toggle(Number(tr.dataset.i), tr);
      } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        let next = e.key === 'ArrowDown' ? tr.nextElementSibling : tr.previousElementSibling;
        while (next && !next.classList.contains('row'))
          next = e.key === 'ArrowDown' ? next.nextElementSibling : next.previousElementSibling;
        if (next) next.focus();
      }
    });
    let lit = [];
    tbody.addEventListener('mouseover', (e) => {
      const tr = e.target.closest('tr.row, tr.line');
      const p = tr ? tr.dataset.pair : undefined;
      for (const x of lit) x.classList.remove('same-pair');
      lit = [];
      if (p === undefined || !pairs[Number(p)] || pairs[Number(p)].count < 2) return;
      lit = [...tbody.querySelectorAll('tr[data-pair="' + Number(p) + '"]')];
      for (const x of lit) x.classList.add('same-pair');
    });
    tbody.addEventListener('mouseleave', () => {
      for (const x of lit) x.classList.remove('same-pair');
      lit = [];
    });
    document.addEventListener('keydown', (e) => {
      if (e.key === '/' && !/^(INPUT|SELECT|TEXTAREA)$/.test(document.activeElement.tagName)) {
        e.preventDefault();
        $('f-text').focus();
      }
    });
  }

  // #alert-N opens alert N (its index in the embedded data, the order the rules produced).
  function followHash() {
    const m = /^#alert-(\d+)$/.exec(location.hash);
    if (!m) return;
    const i = Number(m[1]);
    if (i >= rows.length) return;
    if (!view.includes(i)) $('f-clear').click();
    const pos = view.indexOf(i);
    if (pos >= limit) limit = pos + 1;
    open.add(i);
    renderBody();
    const tr = $('alert-' + i);
    if (tr) {
      tr.scrollIntoView({ block: 'center' });
      tr.focus({ preventScroll: true });
    }
  }

  // Printing shows what is collapsed on screen: the problems and file lists.
  const reopened = [];
  window.addEventListener('beforeprint', () => {
    for (const d of document.querySelectorAll('details.block:not([open])')) {
      d.open = true;
      reopened.push(d);
    }
  });
  window.addEventListener('afterprint', () => {
    for (const d of reopened.splice(0)) d.open = false;
  });

  if (!table || rows.length === 0) return;
  fillControls();
  wireTable();
  compute();
  renderHead();
  renderBody();
  followHash();
  window.addEventListener('hashchange', followHash);
  // Read by the end-to-end test: parsing and first render, in milliseconds.
  root.dataset.renderMs = String(Math.round(performance.now() - started));
})();
`;
