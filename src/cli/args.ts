// The xrgate command line, read into what to do: print the help or the version, serve, run the
// demo, or refuse with a message that names the argument and what is allowed (exit status 2).

export const USAGE = `usage: xrgate [serve] [--port N] [--extension]
       xrgate demo
       xrgate help | --help | -h
       xrgate --version | -v

commands:
  serve            start the playground on http://127.0.0.1:PORT/ (the default command)
    --port N       the port: an integer from 0 to 65535, 0 for any free port
                   (default: the PORT environment variable, else 8080)
    --extension    open the playground in Chromium with the xrgate extension
  demo             print the decisions of a few realistic requests (Node)
  help             print this help

options:
  -h, --help       print this help
  -v, --version    print xrgate's version`;

export const DEFAULT_PORT = 8080;

export type Command =
  | { readonly kind: 'help' }
  | { readonly kind: 'version' }
  | { readonly kind: 'serve'; readonly port: number; readonly extension: boolean }
  | { readonly kind: 'demo' }
  /** A usage error: `message` says which argument and what is allowed. */
  | { readonly kind: 'usage'; readonly message: string };

const PORT_RANGE = 'an integer from 0 to 65535 (0: any free port), e.g. --port 8080';

/** The port `text` names, or null when it is not an integer from 0 to 65535. */
export function parsePort(text: string): number | null {
  if (!/^\d{1,5}$/.test(text)) return null;
  const port = Number(text);
  return port <= 65535 ? port : null;
}

/**
 * Reads the arguments after `xrgate`. `env` gives PORT, used when --port is not given. --help and
 * --version win over everything else, wherever they are.
 */
export function parseArgs(argv: readonly string[], env: { readonly PORT?: string } = {}): Command {
  if (argv.some((a) => a === '--help' || a === '-h') || argv[0] === 'help') return { kind: 'help' };
  if (argv.some((a) => a === '--version' || a === '-v')) return { kind: 'version' };
  const first = argv[0];
  const command = first === undefined || first.startsWith('-') ? 'serve' : first;
  const rest = first === undefined || first.startsWith('-') ? argv : argv.slice(1);
  if (command === 'demo') {
    if (rest.length > 0) return { kind: 'usage', message: `demo takes no arguments (got '${rest[0]}')` };
    return { kind: 'demo' };
  }
  if (command !== 'serve') {
    return { kind: 'usage', message: `unknown command '${command}': the commands are serve, demo and help` };
  }
  let port: number | null = null;
  let extension = false;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (arg === '--extension') {
      extension = true;
    } else if (arg === '--port' || arg.startsWith('--port=')) {
      const value = arg === '--port' ? rest[++i] : arg.slice('--port='.length);
      if (value === undefined || value === '') {
        return { kind: 'usage', message: `--port needs a value: ${PORT_RANGE}` };
      }
      port = parsePort(value);
      if (port === null) {
        return { kind: 'usage', message: `--port ${value} is not a port: use ${PORT_RANGE}` };
      }
    } else if (arg.startsWith('-')) {
      return {
        kind: 'usage',
        message: `unknown option '${arg}' for serve: the options are --port N and --extension`,
      };
    } else {
      return { kind: 'usage', message: `unexpected argument '${arg}' for serve` };
    }
  }
  if (port === null && env.PORT !== undefined && env.PORT !== '') {
    port = parsePort(env.PORT);
    if (port === null) {
      return {
        kind: 'usage',
        message: `the PORT environment variable (${env.PORT}) is not a port: use ${PORT_RANGE}, or pass --port N`,
      };
    }
  }
  return { kind: 'serve', port: port ?? DEFAULT_PORT, extension };
}

/** One line for a server that could not listen: the port in use, not permitted, or the system's reason. */
export function listenFailure(error: unknown, port: number, host: string): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'EADDRINUSE') {
    return `xrgate serve: port ${port} on ${host} is already in use: stop the program using it, or choose another port with --port N (--port 0 picks a free one)`;
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return `xrgate serve: port ${port} on ${host} is not permitted for this user (ports below 1024 usually need privileges): choose another port, e.g. --port 8080`;
  }
  const reason = error instanceof Error ? error.message : String(error);
  return `xrgate serve: cannot listen on ${host}:${port} (${reason}): choose another port with --port N`;
}
