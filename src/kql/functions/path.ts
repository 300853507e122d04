/**
 * `parse_path`: a Windows, UNC, POSIX or `file://` path split into the parts the docs list
 * (Scheme, RootPath, DirectoryPath, DirectoryName, Filename, Extension,
 * AlternateDataStreamName). Both `\` and `/` separate; a drive letter is the root; a `:`
 * inside the file name starts an NTFS alternate data stream (`file.txt:some.exe`).
 */

import type { JsonValue } from '../../table/types.js';
import { text } from './args.js';
import { define, fn } from './registry.js';

export function parsePath(p: string): JsonValue {
  let rest = p;
  let scheme = '';
  const sm = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(rest);
  if (sm) {
    scheme = sm[1]!;
    rest = rest.slice(sm[0].length);
  }
  const root = /^[A-Za-z]:/.exec(rest)?.[0] ?? '';
  const cut = Math.max(rest.lastIndexOf('\\'), rest.lastIndexOf('/'));
  let dir = cut < 0 ? '' : rest.slice(0, cut);
  // A directory that is only a root keeps its separator ("C:\", "/").
  if (cut >= 0 && (dir === '' || dir === root)) dir = rest.slice(0, cut + 1);
  let file = cut < 0 ? rest.slice(root.length) : rest.slice(cut + 1);
  let stream = '';
  const colon = file.indexOf(':');
  if (colon >= 0) {
    stream = file.slice(colon + 1);
    file = file.slice(0, colon);
  }
  const dot = file.lastIndexOf('.');
  const parts = dir.split(/[\\/]/).filter((s) => s !== '' && s !== root);
  return {
    Scheme: scheme,
    RootPath: root,
    DirectoryPath: dir,
    DirectoryName: parts[parts.length - 1] ?? '',
    Filename: file,
    Extension: dot < 0 ? '' : file.slice(dot + 1),
    AlternateDataStreamName: stream,
  };
}

define(fn('parse_path', ([p]) => parsePath(text(p))));
