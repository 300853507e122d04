/**
 * Version resources of the Windows programs the simulations run, as Sysmon 1 reports them
 * (Description, Product, Company, OriginalFileName, FileVersion), and stand-in hashes. The
 * hashes are derived from the path so one program has one hash on every host and in every
 * format; they are not the real files' hashes.
 */

import { createHash } from 'node:crypto';
import type { ImageInfo } from './model.js';

const MS = 'Microsoft Corporation';
const WINDOWS = 'Microsoft® Windows® Operating System';
const WIN_BUILD = '10.0.19041.3636 (WinBuild.160101.0800)';

const info = (
  description: string,
  product: string,
  company: string,
  originalFileName: string,
  fileVersion: string,
): ImageInfo => ({ description, product, company, originalFileName, fileVersion });

// prettier-ignore
const IMAGES: Readonly<Record<string, ImageInfo>> = {
  'powershell.exe': info('Windows PowerShell', WINDOWS, MS, 'PowerShell.EXE', WIN_BUILD),
  'cmd.exe': info('Windows Command Processor', WINDOWS, MS, 'Cmd.Exe', WIN_BUILD),
  'curl.exe': info('The curl executable', 'The curl executable', 'curl, https://curl.se/', 'curl.exe', '8.4.0'),
  'systeminfo.exe': info('Displays system information', WINDOWS, MS, 'sysinfo.exe', WIN_BUILD),
  'explorer.exe': info('Windows Explorer', WINDOWS, MS, 'EXPLORER.EXE', WIN_BUILD),
  'svchost.exe': info('Host Process for Windows Services', WINDOWS, MS, 'svchost.exe', WIN_BUILD),
  'python.exe': info('Python', 'Python', 'Python Software Foundation', 'python.exe', '3.11.7'),
  'chrome.exe': info('Google Chrome', 'Google Chrome', 'Google LLC', 'chrome.exe', '121.0.6167.161'),
  'msedge.exe': info('Microsoft Edge', 'Microsoft Edge', MS, 'msedge.exe', '121.0.2277.112'),
  'onedrive.exe': info('Microsoft OneDrive', 'Microsoft OneDrive', MS, 'OneDrive.exe', '24.010.0114.0003'),
  'ms-teams.exe': info('Microsoft Teams', 'Microsoft Teams', MS, 'ms-teams.exe', '24004.1307.2669.7070'),
  'dropbox.exe': info('Dropbox', 'Dropbox', 'Dropbox, Inc.', 'Dropbox.exe', '191.4.4995'),
  'msmpeng.exe': info('Antimalware Service Executable', WINDOWS, MS, 'MsMpEng.exe', '4.18.24010.12 (WinBuild.160101.0800)'),
  'googleupdate.exe': info('Google Installer', 'Google Update', 'Google LLC', 'GoogleUpdate.exe', '1.3.36.352'),
  'git.exe': info('Git for Windows', 'Git', 'The Git Development Community', 'git.exe', '2.43.0.windows.1'),
  'git-remote-https.exe': info('Git for Windows', 'Git', 'The Git Development Community', 'git-remote-https.exe', '2.43.0.windows.1'),
  'code.exe': info('Visual Studio Code', 'Visual Studio Code', MS, 'electron.exe', '1.86.1'),
  'node.exe': info('Node.js JavaScript Runtime', 'Node.js', 'Node.js', 'node.exe', '20.11.0'),
  'conhost.exe': info('Console Window Host', WINDOWS, MS, 'CONHOST.EXE', WIN_BUILD),
};

export function imageInfo(image: string): ImageInfo | null {
  const base = image.slice(Math.max(image.lastIndexOf('\\'), image.lastIndexOf('/')) + 1);
  return IMAGES[base.toLowerCase()] ?? null;
}

export interface Hashes {
  md5: string;
  sha1: string;
  sha256: string;
  imphash: string;
}

export function hashesOf(image: string): Hashes {
  const digest = (alg: string, salt: string): string =>
    createHash(alg).update(`webc2-simulated-image:${salt}:${image.toLowerCase()}`).digest('hex');
  return {
    md5: digest('md5', 'md5'),
    sha1: digest('sha1', 'sha1'),
    sha256: digest('sha256', 'sha256'),
    imphash: digest('md5', 'imphash'),
  };
}
