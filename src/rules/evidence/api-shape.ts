/**
 * API-shaped URLs: the path of a request says more than its host. `api.telegram.org` is a
 * messaging API; `api.telegram.org/bot123:AA…/getUpdates` is a bot polling for commands.
 * `recogniseApiShape` names such a shape from a closed list of kinds, each with its service
 * and the ATT&CK technique it points to; `redactSecrets` hides the tokens these URLs carry
 * while keeping their shape, for reports.
 *
 * How kinds map to ATT&CK, and why:
 * - T1102.001 Dead Drop Resolver: reading a paste's raw text or a raw GitHub/Gist file.
 *   That is how implants fetch the address of their real C2; the same request could fetch a
 *   payload (T1105) or a command, which the URL alone cannot tell apart.
 * - T1102.002 Bidirectional Communication: APIs that one credential can both read and
 *   write through — Telegram bots (getUpdates to poll, send* to answer), Slack's Web API,
 *   Microsoft Graph / OneDrive, Dropbox, Google Drive, Notion, the GitHub API, Firebase
 *   Realtime Database. Any one request belongs to a channel that works both ways.
 * - T1102.003 One-Way Communication is commands coming in with no answer over the service.
 *   No URL shape shows that absence, so no kind claims it; a rule that sees only reads from
 *   a service and nothing sent back may.
 * - Write-only shapes are exfiltration, not T1102 C2: webhooks accept posts and return
 *   nothing an implant could read (Discord and Slack webhooks: T1567.004 Exfiltration Over
 *   Webhook), Pastebin's paste-creation API is T1567.003 (Text Storage Sites), upload
 *   endpoints of cloud storage add T1567.002 beside T1102.002, and a bot's send* methods
 *   add T1567.
 * - Attachment and file links (Discord CDN attachments, Google Drive downloads) stage
 *   payloads: T1105, named by no T1102 sub-technique here.
 */

import { normaliseHost } from '../catalog/domain-match.js';

export type WebServiceTechnique = 'T1102.001' | 'T1102.002';
export type ExfiltrationTechnique = 'T1567' | 'T1567.002' | 'T1567.003' | 'T1567.004';

export const API_SHAPE_KINDS = [
  'telegram-bot-api',
  'discord-webhook',
  'discord-attachment',
  'slack-webhook',
  'slack-api',
  'paste-raw',
  'paste-create',
  'github-raw',
  'github-api',
  'onedrive-api',
  'dropbox-api',
  'google-drive-api',
  'google-drive-download',
  'notion-api',
  'firebase-rtdb',
] as const;
export type ApiShapeKind = (typeof API_SHAPE_KINDS)[number];

interface KindInfo {
  readonly service: string;
  readonly technique?: WebServiceTechnique;
  readonly exfiltration?: ExfiltrationTechnique;
  /** One line for reports: what the shape is. */
  readonly summary: string;
}

const T1102_001 = { technique: 'T1102.001' } as const;
const T1102_002 = { technique: 'T1102.002' } as const;

/** The closed catalogue of API shapes, with the technique each one indicates by default. */
// prettier-ignore
export const API_SHAPES: Readonly<Record<ApiShapeKind, KindInfo>> = {
  'telegram-bot-api': { service: 'Telegram', ...T1102_002, summary: 'Telegram bot API call' },
  'discord-webhook': { service: 'Discord', exfiltration: 'T1567.004', summary: 'Discord webhook' },
  'discord-attachment': { service: 'Discord', summary: 'file attached to a Discord message' },
  'slack-webhook': { service: 'Slack', exfiltration: 'T1567.004', summary: 'incoming webhook' },
  'slack-api': { service: 'Slack', ...T1102_002, summary: 'Slack Web API method' },
  'paste-raw': { service: 'Pastebin', ...T1102_001, summary: 'raw text of a paste' },
  'paste-create': { service: 'Pastebin', exfiltration: 'T1567.003', summary: 'paste creation API' },
  'github-raw': { service: 'GitHub', ...T1102_001, summary: 'raw file of a repository or Gist' },
  'github-api': { service: 'GitHub', ...T1102_002, summary: 'REST API on contents, issues, gists' },
  'onedrive-api': { service: 'OneDrive', ...T1102_002, summary: 'drive item via Graph' },
  'dropbox-api': { service: 'Dropbox', ...T1102_002, summary: 'Dropbox API v2 endpoint' },
  'google-drive-api': { service: 'Google Drive', ...T1102_002, summary: 'Drive API files' },
  'google-drive-download': { service: 'Google Drive', summary: 'direct download of a Drive file' },
  'notion-api': { service: 'Notion', ...T1102_002, summary: 'API on pages, blocks, databases' },
  'firebase-rtdb': { service: 'Firebase', ...T1102_002, summary: 'Realtime Database REST path' },
};

export interface ApiShapeFinding {
  kind: ApiShapeKind;
  service: string;
  technique?: WebServiceTechnique;
  exfiltration?: ExfiltrationTechnique;
  /** The API method or resource where the shape names one: `getUpdates`, `files/upload`, `raw`. */
  operation?: string;
  host: string;
  /** The URL as given; pass it through `redactSecrets` before showing it. */
  url: string;
}

interface Parts {
  host: string;
  path: string;
  query: string;
}

/** Splits a URL (scheme optional) into its normalised host, path and query. */
function splitUrl(url: string): Parts | undefined {
  const s = url.trim();
  const scheme = s.indexOf('://');
  const rest = scheme !== -1 && scheme < 16 ? s.slice(scheme + 3) : s;
  const slash = rest.search(/[/?#]/);
  const host = normaliseHost(slash === -1 ? rest : rest.slice(0, slash));
  if (host === undefined) return undefined;
  const tail = slash === -1 ? '' : rest.slice(slash);
  const hash = tail.indexOf('#');
  const noHash = hash === -1 ? tail : tail.slice(0, hash);
  const q = noHash.indexOf('?');
  return {
    host,
    path: q === -1 ? noHash : noHash.slice(0, q),
    query: q === -1 ? '' : noHash.slice(q + 1),
  };
}

type Recogniser = (parts: Parts) => Omit<ApiShapeFinding, 'host' | 'url'> | undefined;

/** A finding of `kind` with the catalogue's defaults, plus what the recogniser saw. */
function shape(
  kind: ApiShapeKind,
  extra: { operation?: string; service?: string; exfiltration?: ExfiltrationTechnique } = {},
): Omit<ApiShapeFinding, 'host' | 'url'> {
  const info = API_SHAPES[kind];
  const finding: Omit<ApiShapeFinding, 'host' | 'url'> = {
    kind,
    service: extra.service ?? info.service,
  };
  if (info.technique !== undefined) finding.technique = info.technique;
  const exfiltration = extra.exfiltration ?? info.exfiltration;
  if (exfiltration !== undefined) finding.exfiltration = exfiltration;
  if (extra.operation !== undefined) finding.operation = extra.operation;
  return finding;
}

const TELEGRAM_TOKEN = String.raw`\d{5,12}:[A-Za-z0-9_-]{30,}`;
const TELEGRAM_METHOD = new RegExp(String.raw`^/bot${TELEGRAM_TOKEN}/([A-Za-z]+)/?$`);
const TELEGRAM_FILE = new RegExp(String.raw`^/file/bot${TELEGRAM_TOKEN}/.+`);

const telegram: Recogniser = ({ path }) => {
  const method = TELEGRAM_METHOD.exec(path)?.[1];
  if (method !== undefined) {
    return shape(
      'telegram-bot-api',
      /^send/i.test(method) ? { operation: method, exfiltration: 'T1567' } : { operation: method },
    );
  }
  return TELEGRAM_FILE.test(path) ? shape('telegram-bot-api', { operation: 'file' }) : undefined;
};

const discordApi: Recogniser = ({ path }) =>
  /^\/api(?:\/v\d+)?\/webhooks\/\d{15,21}\/[A-Za-z0-9_-]{40,}\/?$/.test(path)
    ? shape('discord-webhook')
    : undefined;

const discordCdn: Recogniser = ({ path }) =>
  /^\/(?:ephemeral-)?attachments\/\d+\/\d+\/[^/]+$/.test(path)
    ? shape('discord-attachment')
    : undefined;

const slackHooks: Recogniser = ({ path }) =>
  /^\/services\/T[A-Z0-9]{6,}\/B[A-Z0-9]{6,}\/[A-Za-z0-9]{16,}\/?$/.test(path)
    ? shape('slack-webhook')
    : undefined;

const slackApi: Recogniser = ({ path }) => {
  const method = /^\/api\/([a-z]+\.[A-Za-z.]+)$/.exec(path)?.[1];
  if (method === undefined) return undefined;
  return shape(
    'slack-api',
    method.startsWith('files.upload') || method === 'files.getUploadURLExternal'
      ? { operation: method, exfiltration: 'T1567' }
      : { operation: method },
  );
};

/** Raw-text paths of paste sites, by host. */
const PASTE_RAW: Readonly<Record<string, { service: string; raw: RegExp }>> = {
  'pastebin.com': {
    service: 'Pastebin',
    raw: /^\/(?:raw|dl)\/[A-Za-z0-9]{4,}\/?$|^\/raw\.php$|^\/api\/api_raw\.php$/,
  },
  'paste.ee': { service: 'Paste.ee', raw: /^\/[rd]\/[A-Za-z0-9]{4,}(?:\/\d+)?\/?$/ },
  'ghostbin.co': { service: 'Ghostbin', raw: /^\/paste\/[A-Za-z0-9]+\/raw\/?$/ },
  'ghostbin.com': { service: 'Ghostbin', raw: /^\/paste\/[A-Za-z0-9]+\/raw\/?$/ },
  'hastebin.com': { service: 'Hastebin', raw: /^\/raw\/[A-Za-z0-9]+(?:\.[a-z]+)?\/?$/ },
  'rentry.co': { service: 'Rentry', raw: /^\/[A-Za-z0-9_-]+\/raw\/?$/ },
  'rentry.org': { service: 'Rentry', raw: /^\/[A-Za-z0-9_-]+\/raw\/?$/ },
  'textbin.net': { service: 'TextBin', raw: /^\/raw\/[A-Za-z0-9]+\/?$/ },
  'pastes.io': { service: 'Pastes.io', raw: /^\/raw\/[A-Za-z0-9-]+\/?$/ },
  'dpaste.com': { service: 'dpaste', raw: /^\/[A-Za-z0-9]+\.txt$/ },
};

const paste: Recogniser = ({ host, path, query }) => {
  const site = PASTE_RAW[host.replace(/^www\./, '')];
  if (site === undefined) return undefined;
  if (site.service === 'Pastebin' && path === '/api/api_post.php') return shape('paste-create');
  if (!site.raw.test(path)) return undefined;
  if (path === '/raw.php' && !/(?:^|&)i=[A-Za-z0-9]+/.test(query)) return undefined;
  return shape('paste-raw', { service: site.service, operation: 'raw' });
};

const githubRaw: Recogniser = ({ path }) =>
  /^\/[^/]+\/[^/]+\/[^/]+\/.+/.test(path) ? shape('github-raw', { operation: 'raw' }) : undefined;

const gistRaw: Recogniser = ({ path }) =>
  /^\/[^/]+\/[0-9a-f]+\/raw(?:\/.*)?$/.test(path)
    ? shape('github-raw', { service: 'GitHub Gist', operation: 'raw' })
    : undefined;

const githubSite: Recogniser = ({ path }) =>
  /^\/[^/]+\/[^/]+\/raw\/.+/.test(path) ? shape('github-raw', { operation: 'raw' }) : undefined;

const githubApi: Recogniser = ({ path }) => {
  const repo = /^\/repos\/[^/]+\/[^/]+\/(contents|issues|git|releases|comments)(?:\/|$)/.exec(
    path,
  )?.[1];
  if (repo !== undefined) return shape('github-api', { operation: repo });
  return /^\/gists(?:\/|$)/.test(path) ? shape('github-api', { operation: 'gists' }) : undefined;
};

// Graph: a drive is reached through /me, /users/{id}, /groups/{id} or /sites/{id}, directly
// as /drives/{id}, or through a sharing link as /shares/{id}/driveItem; items are addressed by
// id or by `root:/path:`.
const GRAPH_DRIVE = new RegExp(
  String.raw`^/(?:v1\.0|beta)/(?:(?:me|users/[^/]+|groups/[^/]+|sites/[^/]+)/drives?(?:/|$)` +
    String.raw`|drives/[^/]+|shares/[^/]+/(?:driveItem|root|items))`,
  'i',
);

const onedriveOperation = (
  path: string,
): { operation?: string; exfiltration?: ExfiltrationTechnique } => {
  if (/createUploadSession$/i.test(path))
    return { operation: 'createUploadSession', exfiltration: 'T1567.002' };
  return /\/content$/i.test(path) ? { operation: 'content' } : {};
};

const graph: Recogniser = ({ path }) =>
  GRAPH_DRIVE.test(path) ? shape('onedrive-api', onedriveOperation(path)) : undefined;

const onedriveApi: Recogniser = ({ path }) =>
  /^\/v1\.0\/drives?(?:\/|$)/i.test(path)
    ? shape('onedrive-api', onedriveOperation(path))
    : undefined;

const dropbox: Recogniser = ({ path }) => {
  const op = /^\/2\/((?:files|sharing|file_requests|users)\/[a-z_/]+?)\/?$/.exec(path)?.[1];
  if (op === undefined) return undefined;
  return shape(
    'dropbox-api',
    /^files\/(?:upload|save_url)/.test(op)
      ? { operation: op, exfiltration: 'T1567.002' }
      : { operation: op },
  );
};

const googleApis: Recogniser = ({ path }) => {
  if (/^\/upload\/drive\/v[23]\/files(?:\/|$)/.test(path)) {
    return shape('google-drive-api', { operation: 'upload', exfiltration: 'T1567.002' });
  }
  return /^\/drive\/v[23]\/files(?:\/|$)/.test(path)
    ? shape('google-drive-api', { operation: 'files' })
    : undefined;
};

const driveDownload: Recogniser = ({ path, query }) => {
  if (/^\/file\/d\/[A-Za-z0-9_-]{10,}/.test(path)) return shape('google-drive-download');
  return /^\/(?:uc|download)$/.test(path) && /(?:^|&)id=[A-Za-z0-9_-]{10,}/.test(query)
    ? shape('google-drive-download')
    : undefined;
};

const notion: Recogniser = ({ path }) => {
  const resource = /^\/v1\/(pages|blocks|databases|search|comments|users)(?:\/|$)/.exec(path)?.[1];
  return resource === undefined ? undefined : shape('notion-api', { operation: resource });
};

const firebase: Recogniser = ({ path }) =>
  /\.json$/.test(path) ? shape('firebase-rtdb') : undefined;

/** Recognisers by exact host. */
const BY_HOST: ReadonlyMap<string, Recogniser> = new Map<string, Recogniser>([
  ['api.telegram.org', telegram],
  ['discord.com', discordApi],
  ['discordapp.com', discordApi],
  ['canary.discord.com', discordApi],
  ['ptb.discord.com', discordApi],
  ['cdn.discordapp.com', discordCdn],
  ['media.discordapp.net', discordCdn],
  ['hooks.slack.com', slackHooks],
  ['slack.com', slackApi],
  ['raw.githubusercontent.com', githubRaw],
  ['gist.githubusercontent.com', gistRaw],
  ['github.com', githubSite],
  ['gist.github.com', gistRaw],
  ['api.github.com', githubApi],
  ['graph.microsoft.com', graph],
  ['api.onedrive.com', onedriveApi],
  ['api.dropboxapi.com', dropbox],
  ['content.dropboxapi.com', dropbox],
  ['www.googleapis.com', googleApis],
  ['drive.google.com', driveDownload],
  ['drive.usercontent.google.com', driveDownload],
  ['api.notion.com', notion],
  ['api.notion.so', notion],
  ...Object.keys(PASTE_RAW).flatMap((h): [string, Recogniser][] => [
    [h, paste],
    [`www.${h}`, paste],
  ]),
]);

/** Recognisers for every name under a parent (a database is a subdomain of its own). */
const BY_PARENT: readonly [string, Recogniser][] = [
  ['.firebaseio.com', firebase],
  ['.firebasedatabase.app', firebase],
];

/**
 * Names the API shape of a URL, or undefined when the path shows none.
 *
 * @example
 * recogniseApiShape('https://api.telegram.org/bot123456:AAH…/getUpdates')
 * // { kind: 'telegram-bot-api', service: 'Telegram', technique: 'T1102.002',
 * //   operation: 'getUpdates', host: 'api.telegram.org', url: '…' }
 */
export function recogniseApiShape(url: string): ApiShapeFinding | undefined {
  if (typeof url !== 'string' || url.length > 8192) return undefined;
  const parts = splitUrl(url);
  if (parts === undefined) return undefined;
  const recognise =
    BY_HOST.get(parts.host) ?? BY_PARENT.find(([suffix]) => parts.host.endsWith(suffix))?.[1];
  const found = recognise?.(parts);
  return found === undefined ? undefined : { ...found, host: parts.host, url };
}

// Query parameters that carry credentials: OAuth, Pastebin, Google API keys, Firebase
// `auth`, Azure SAS `sig`.
const SECRET_PARAMS = 'access_token|api_dev_key|api_user_key|api_key|apikey|key|token|auth|sig';

// Each pattern keeps group 1 (the context that shows the shape) and masks group 2.
const SECRETS: readonly RegExp[] = [
  /(bot\d{5,12}:)([A-Za-z0-9_-]{20,})/g,
  /(\/webhooks\/\d{15,21}\/)([A-Za-z0-9_-]{20,})/g,
  /(hooks\.slack\.com\/services\/T[A-Z0-9]+\/B[A-Z0-9]+\/)([A-Za-z0-9]{8,})/g,
  /\b(xox[abposr]-)([A-Za-z0-9-]{10,})/g,
  /\b(gh[pousr]_)([A-Za-z0-9]{20,})/g,
  /\b(github_pat_)([A-Za-z0-9_]{20,})/g,
  /\b(AIza)([0-9A-Za-z_-]{35})/g,
  /(\bBearer\s+)([A-Za-z0-9._~+\/-]{16,}=*)/gi,
  new RegExp(String.raw`([?&](?:${SECRET_PARAMS})=)([^&#\s'"]{6,})`, 'gi'),
];

/** Keeps a secret's first four characters and length, masking the rest with `*`. */
function mask(secret: string): string {
  const keep = secret.length >= 12 ? 4 : 0;
  return secret.slice(0, keep) + '*'.repeat(secret.length - keep);
}

/**
 * Masks bot tokens, webhook tokens, API keys and bearer tokens in a URL or command line,
 * keeping the text around them and each secret's length, so a report shows the shape.
 *
 * @example
 * redactSecrets('https://hooks.slack.com/services/T0AAAAAAA/B0BBBBBBB/abcdefghijklmnopqrstuvwx')
 * // 'https://hooks.slack.com/services/T0AAAAAAA/B0BBBBBBB/abcd********************'
 */
export function redactSecrets(text: string): string {
  let out = text;
  for (const re of SECRETS)
    out = out.replace(re, (_m, context: string, secret: string) => context + mask(secret));
  return out;
}
