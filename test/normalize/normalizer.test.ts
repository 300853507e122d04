import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { DiagnosticSink } from '../../src/diagnostics.js';
import type { WindowsEvent } from '../../src/formats/event.js';
import { deviceId } from '../../src/normalize/device-id.js';
import { parseQueryResults } from '../../src/normalize/dns-fusion.js';
import { Normalizer } from '../../src/normalize/normalizer.js';
import { formatDateTime } from '../../src/table/datetime.js';
import { sharedPath } from '../helpers.js';

function sysmon(
  eventId: number,
  data: Record<string, string>,
  host = 'WKS-1.corp.example',
): WindowsEvent {
  return {
    kind: 'windows',
    provider: 'Microsoft-Windows-Sysmon',
    channel: 'Microsoft-Windows-Sysmon/Operational',
    eventId,
    computer: host,
    timeCreated: '',
    data,
    source: { file: 't' },
  };
}

function caseEvents(name: string): WindowsEvent[] {
  return readFileSync(sharedPath('field-cases', name, 'events.json'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => {
      const o = JSON.parse(l) as Record<string, unknown>;
      const data: Record<string, string> = {};
      for (const [k, v] of Object.entries(o)) data[k] = String(v);
      return {
        kind: 'windows',
        provider: 'Microsoft-Windows-Sysmon',
        channel: String(o['Channel']),
        eventId: Number(o['EventID']),
        computer: String(o['Hostname']),
        timeCreated: '',
        data,
        source: { file: name },
      };
    });
}

function normalize(events: WindowsEvent[]) {
  const n = new Normalizer(new DiagnosticSink());
  for (const e of events) n.add(e);
  return { tables: n.finish(), stats: n.stats };
}

describe('DNS answers', () => {
  it('split into CNAME targets and addresses, ::ffff: unmapped', () => {
    assert.deepEqual(parseQueryResults('type:  5 github.map.fastly.net;::ffff:185.199.110.133;'), {
      cnames: ['github.map.fastly.net'],
      addresses: ['185.199.110.133'],
    });
    assert.deepEqual(parseQueryResults('::1;::ffff:127.0.0.1;'), {
      cnames: [],
      addresses: ['::1', '127.0.0.1'],
    });
    assert.deepEqual(parseQueryResults('-'), { cnames: [], addresses: [] });
  });
});

describe('normalisation of Sysmon events', () => {
  it('names a connection from the DNS answer of the same process (CNAME chain, ::ffff:)', () => {
    const { tables } = normalize(caseEvents('F06-dns-cname-fusion'));
    const net = [...tables.get('DeviceNetworkEvents')!.rows()];
    assert.equal(net.length, 1);
    const c = net[0]!;
    assert.equal(c['RemoteUrl'], 'raw.githubusercontent.com');
    assert.equal(c['RemoteIP'], '185.199.110.133');
    assert.equal(c['RemoteIPType'], 'Public');
    assert.equal(c['RemotePort'], 443);
    assert.equal(c['Protocol'], 'Tcp');
    assert.equal(c['InitiatingProcessFileName'], 'powershell.exe');
    assert.equal(c['InitiatingProcessParentFileName'], 'cmd.exe');
    assert.match(String(c['InitiatingProcessCommandLine']), /DownloadString/);
    assert.equal(c['DeviceId'], deviceId('WKS-0412.corp.example'));
    assert.equal(c['DeviceName'], 'wks-0412.corp.example');
    assert.equal(formatDateTime(c['Timestamp'] as bigint), '2026-11-02T15:30:10.6000000Z');
    assert.deepEqual((c['AdditionalFields'] as Record<string, unknown>)['CnameChain'], [
      'github.map.fastly.net',
    ]);
  });

  it('ties a DNS event of an <unknown process> to its process by GUID', () => {
    const { tables } = normalize(caseEvents('F07-unknown-process-dns'));
    const dns = [...tables.get('DeviceEvents')!.rows()][0]!;
    assert.equal(dns['ActionType'], 'DnsQueryResponse');
    assert.equal(dns['InitiatingProcessFileName'], 'python.exe');
    assert.equal(dns['RemoteUrl'], 'api.telegram.org');
    const net = [...tables.get('DeviceNetworkEvents')!.rows()][0]!;
    assert.equal(net['RemoteUrl'], 'api.telegram.org');
  });

  it('falls back to another process of the same host, and not across hosts', () => {
    const t = (s: string): string => `2024-01-01 10:00:${s}`;
    const events = [
      sysmon(22, {
        UtcTime: t('00.000'),
        ProcessGuid: '{a}',
        ProcessId: '1',
        Image: 'C:\\svc.exe',
        QueryName: 'api.slack.com',
        QueryResults: '::ffff:1.2.3.4;',
        QueryStatus: '0',
      }),
      sysmon(3, {
        UtcTime: t('01.000'),
        ProcessGuid: '{b}',
        ProcessId: '2',
        Image: 'C:\\x.exe',
        Initiated: 'true',
        SourceIp: '10.0.0.1',
        DestinationIp: '1.2.3.4',
        DestinationPort: '443',
        Protocol: 'tcp',
        DestinationHostname: '-',
      }),
      sysmon(
        3,
        {
          UtcTime: t('01.000'),
          ProcessGuid: '{c}',
          ProcessId: '3',
          Image: 'C:\\y.exe',
          Initiated: 'true',
          SourceIp: '10.0.0.2',
          DestinationIp: '1.2.3.4',
          DestinationPort: '443',
          Protocol: 'tcp',
          DestinationHostname: '-',
        },
        'OTHER-HOST',
      ),
    ];
    const { tables } = normalize(events);
    const net = [...tables.get('DeviceNetworkEvents')!.rows()];
    assert.equal(net[0]!['RemoteUrl'], 'api.slack.com');
    assert.equal(
      (net[0]!['AdditionalFields'] as Record<string, unknown>)['RemoteUrlSource'],
      'dns-same-host',
    );
    assert.equal(net[1]!['RemoteUrl'], '');
  });

  it('maps an inbound connection with local and remote swapped', () => {
    const e = sysmon(3, {
      UtcTime: '2024-01-01 10:00:00.000',
      ProcessId: '4',
      Image: 'System',
      Initiated: 'false',
      SourceIp: '8.8.8.8',
      SourcePort: '5555',
      DestinationIp: '10.0.0.5',
      DestinationPort: '445',
      Protocol: 'tcp',
    });
    const r = [...normalize([e]).tables.get('DeviceNetworkEvents')!.rows()][0]!;
    assert.equal(r['ActionType'], 'InboundConnectionAccepted');
    assert.equal(r['RemoteIP'], '8.8.8.8');
    assert.equal(r['LocalPort'], 445);
  });

  it('counts events no table uses, and rejects those without a time', () => {
    const { stats } = normalize([sysmon(10, {}), sysmon(1, { Image: 'a' })]);
    assert.equal(stats.ignored.get('Sysmon 10'), 1);
    assert.equal(stats.rejected, 1);
  });
});
