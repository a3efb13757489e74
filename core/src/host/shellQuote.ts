/**
 * One argument for a POSIX shell, in single quotes (the remote side of SSH runs a shell on the
 * command line it is given). Inside single quotes nothing is special but the quote itself, which
 * is closed, escaped and reopened. A NUL cannot cross a command line at all: refused.
 */
export function shellQuote(argument: string): string {
  if (argument.includes('\0'))
    throw new Error('an argument with a NUL character cannot be passed to a remote host');
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(argument)) return argument;
  return `'${argument.replace(/'/g, `'\\''`)}'`;
}

/** An argument vector as one command line for a remote shell, every word quoted. */
export function shellCommandLine(argv: readonly string[]): string {
  return argv.map(shellQuote).join(' ');
}
