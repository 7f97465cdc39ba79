// The messages every FTP server test expects for the same client actions, as [msgId, text] pairs: one wording for
// vsftpd, ProFTPD, Pure-FTPd and FTPS.

/** A [msgId, text] pair as `msgmon log --json` gives them. */
export type Expected = [string, string];

/** A client connected and logged on as `u` (`FTPS` once it switched to TLS: the connect itself is plain). */
export function logonMessages(u: string, proto = 'FTP'): Expected[] {
  return [['FTP0001', 'FTP: Connection from client 127.0.0.1'], ['FTP0002', `${proto}: User ${u} logged on from 127.0.0.1`]];
}

/** A client connected and its logon as `u` was refused. */
export function failedLogonMessages(u: string, proto = 'FTP'): Expected[] {
  return [['FTP0001', 'FTP: Connection from client 127.0.0.1'], ['FTP0003', `${proto}: Logon failed for user ${u} from 127.0.0.1`]];
}

/** The logon, then the upload the server counted before the client was killed (FTP stream mode: the data end is the file end). */
export function killedUploadMessages(u: string, file: string, bytes: number): Expected[] {
  return [...logonMessages(u), ['FTP0020', `FTP: User ${u} uploaded file ${file} (${bytes} bytes)`]];
}
