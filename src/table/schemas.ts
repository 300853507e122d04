/**
 * The Defender Advanced Hunting tables webc2 builds from local logs, with their documented
 * column names and types (learn.microsoft.com, defender-xdr/advanced-hunting-<table>-table).
 * `TimeGenerated` is added beside `Timestamp` with the same value, because Sentinel content
 * filters on it while Defender content uses `Timestamp`. The KQL binder declares these same
 * schemas, so a query that names a column that does not exist fails the way it would in the
 * portal.
 */

import type { ColumnSpec } from './table.js';
import { parseKqlType, type KqlType } from './types.js';

function cols(text: string): ColumnSpec[] {
  return text
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((item) => {
      const [name, t = 'string'] = item.split(':');
      const type = parseKqlType(t) as KqlType;
      return { name: name!, type };
    });
}

const COMMON_HEAD = 'Timestamp:datetime TimeGenerated:datetime DeviceId DeviceName ActionType';
const COMMON_TAIL = 'ReportId:long AppGuardContainerId AdditionalFields:dynamic';

const INITIATING = `
  InitiatingProcessSHA1 InitiatingProcessSHA256 InitiatingProcessMD5 InitiatingProcessFileName
  InitiatingProcessFileSize:long InitiatingProcessFolderPath
  InitiatingProcessVersionInfoCompanyName InitiatingProcessVersionInfoProductName
  InitiatingProcessVersionInfoProductVersion InitiatingProcessVersionInfoInternalFileName
  InitiatingProcessVersionInfoOriginalFileName InitiatingProcessVersionInfoFileDescription
  InitiatingProcessId:long InitiatingProcessCommandLine InitiatingProcessCreationTime:datetime
  InitiatingProcessParentFileName InitiatingProcessParentId:long
  InitiatingProcessParentCreationTime:datetime
  InitiatingProcessAccountDomain InitiatingProcessAccountName InitiatingProcessAccountSid
  InitiatingProcessAccountUpn InitiatingProcessAccountObjectId
  InitiatingProcessIntegrityLevel InitiatingProcessTokenElevation`;

const REMOTE_SESSION = `InitiatingProcessSessionId:long IsInitiatingProcessRemoteSession:bool
  InitiatingProcessRemoteSessionDeviceName InitiatingProcessRemoteSessionIP`;

export const DEFENDER_TABLES: Readonly<Record<string, readonly ColumnSpec[]>> = {
  DeviceProcessEvents: cols(`${COMMON_HEAD}
    FileName FolderPath SHA1 SHA256 MD5 FileSize:long
    ProcessVersionInfoCompanyName ProcessVersionInfoProductName ProcessVersionInfoProductVersion
    ProcessVersionInfoInternalFileName ProcessVersionInfoOriginalFileName
    ProcessVersionInfoFileDescription
    ProcessId:long ProcessCommandLine ProcessIntegrityLevel ProcessTokenElevation
    ProcessCreationTime:datetime
    AccountDomain AccountName AccountSid AccountUpn AccountObjectId LogonId:long
    ${INITIATING} InitiatingProcessLogonId:long InitiatingProcessSignerType
    InitiatingProcessSignatureStatus ${REMOTE_SESSION} ${COMMON_TAIL}`),
  DeviceNetworkEvents: cols(`${COMMON_HEAD}
    RemoteIP RemotePort:int RemoteUrl LocalIP LocalPort:int Protocol LocalIPType RemoteIPType
    ${INITIATING} ${REMOTE_SESSION} ${COMMON_TAIL}`),
  DeviceEvents: cols(`${COMMON_HEAD}
    FileName FolderPath SHA1 SHA256 MD5 FileSize:long
    AccountDomain AccountName AccountSid
    RemoteUrl RemoteDeviceName RemoteIP RemotePort:int LocalIP LocalPort:int
    FileOriginUrl FileOriginIP
    ProcessId:long ProcessCommandLine ProcessCreationTime:datetime ProcessTokenElevation
    LogonId:long RegistryKey RegistryValueName RegistryValueData
    ${INITIATING} InitiatingProcessLogonId:long ${REMOTE_SESSION}
    CreatedProcessSessionId:long IsProcessRemoteSession:bool ProcessRemoteSessionDeviceName
    ProcessRemoteSessionIP ${COMMON_TAIL}`),
  DeviceFileEvents: cols(`${COMMON_HEAD}
    FileName FolderPath SHA1 SHA256 MD5 FileSize:long
    FileOriginUrl FileOriginReferrerUrl FileOriginIP PreviousFolderPath PreviousFileName
    ${INITIATING} ${REMOTE_SESSION}
    RequestProtocol RequestSourceIP RequestSourcePort:int RequestAccountName
    RequestAccountDomain RequestAccountSid ShareName
    SensitivityLabel SensitivitySubLabel IsAzureInfoProtectionApplied:bool ${COMMON_TAIL}`),
  DeviceInfo: cols(`Timestamp:datetime TimeGenerated:datetime DeviceId DeviceName ClientVersion
    PublicIP OSArchitecture OSPlatform OSBuild:long OSVersion OSDistribution OSVersionInfo
    IsAzureADJoined:bool JoinType AadDeviceId LoggedOnUsers RegistryDeviceTag MachineGroup
    ReportId:long OnboardingStatus AdditionalFields:dynamic DeviceCategory DeviceType
    DeviceSubtype Model Vendor`),
};

export const DEFENDER_TABLE_NAMES = Object.keys(DEFENDER_TABLES);

/** Time columns of every table: Timestamp and its Sentinel twin. */
export const TIME_COLUMNS = ['Timestamp', 'TimeGenerated'] as const;
