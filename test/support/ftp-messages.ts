// The messages every FTP server test expects for the same client actions, as [msgId, text] pairs: one wording for
// vsftpd, ProFTPD, Pure-FTPd and FTPS.

/** A [msgId, text] pair as `msgmon log --json` gives them. */
export type Expected = [string, string];

/** A client connected and logged on as `u` (`FTPS` once it switched to TLS: the connect itself is plain). */
export function logonMessages(u: string, proto = 'FTP'): Expected[] {
  return [
    ['FTP0001', 'FTP: Connection from client 127.0.0.1'],
    ['FTP0002', `${proto}: User ${u} logged on from 127.0.0.1`],
  ];
}

/** A client connected and its logon as `u` was refused. */
export function failedLogonMessages(u: string, proto = 'FTP'): Expected[] {
  return [
    ['FTP0001', 'FTP: Connection from client 127.0.0.1'],
    ['FTP0003', `${proto}: Logon failed for user ${u} from 127.0.0.1`],
  ];
}

/** The logon, then the upload the server counted before the client was killed (FTP stream mode: the data end is the file end). */
export function killedUploadMessages(u: string, file: string, bytes: number): Expected[] {
  return [...logonMessages(u), ['FTP0020', `FTP: User ${u} uploaded file ${file} (${bytes} bytes)`]];
}

/** One sftp client session by `u` in folder `d` (ls, mkdir, put, get, rename, rm, rmdir, bye), logged with -l INFO or VERBOSE. */
export function sftpSessionMessages(u: string, d: string): Expected[] {
  return [
    ['FTP0002', `SSH: User ${u} logged on from 127.0.0.1`],
    ['FTP0011', `SFTP: User ${u} listing directory /home/${u}`],
    ['FTP0024', `SFTP: User ${u} created directory ${d}`],
    ['FTP0020', `SFTP: User ${u} uploaded file ${d}/a.csv (16 bytes)`],
    ['FTP0021', `SFTP: User ${u} downloaded file ${d}/a.csv (16 bytes)`],
    ['FTP0023', `SFTP: User ${u} renamed ${d}/a.csv to ${d}/b.csv`],
    ['FTP0022', `SFTP: User ${u} deleted file ${d}/b.csv`],
    ['FTP0025', `SFTP: User ${u} removed directory ${d}`],
    ['FTP0040', `SFTP: User ${u} ended the session`],
  ];
}
