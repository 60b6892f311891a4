// The xrgate command line read into a command (src/cli/args.ts), without spawning: every form of
// --port, PORT, the default command, --help and --version winning, and the one-line listen errors.

import { describe, expect, it } from 'vitest';
import { DEFAULT_PORT, listenFailure, parseArgs, parsePort } from '../../src/cli/args.js';

describe('parseArgs', () => {
  it('serve is the default command; --port N and --port=N; PORT when --port is absent; 8080 otherwise', () => {
    expect(parseArgs([])).toEqual({ kind: 'serve', port: DEFAULT_PORT, extension: false });
    expect(parseArgs(['--port', '9000'])).toEqual({ kind: 'serve', port: 9000, extension: false });
    expect(parseArgs(['serve', '--port=0', '--extension'])).toEqual({
      kind: 'serve',
      port: 0,
      extension: true,
    });
    expect(parseArgs(['serve'], { PORT: '3000' })).toEqual({ kind: 'serve', port: 3000, extension: false });
    expect(parseArgs(['serve', '--port', '4000'], { PORT: '3000' })).toMatchObject({ port: 4000 });
    expect(parseArgs(['serve'], { PORT: '' })).toMatchObject({ port: DEFAULT_PORT });
    expect(parseArgs(['demo'])).toEqual({ kind: 'demo' });
  });

  it('--help, -h and help win over everything; --version and -v over the rest', () => {
    expect(parseArgs(['serve', '--port', 'nope', '--help'])).toEqual({ kind: 'help' });
    expect(parseArgs(['bogus', '-h'])).toEqual({ kind: 'help' });
    expect(parseArgs(['help', 'me'])).toEqual({ kind: 'help' });
    expect(parseArgs(['-v', '--port', 'nope'])).toEqual({ kind: 'version' });
    expect(parseArgs(['--version', '--help'])).toEqual({ kind: 'help' });
  });

  it.each([
    [['--port'], '--port needs a value'],
    [['--port='], '--port needs a value'],
    [['--port', 'abc'], '--port abc is not a port'],
    [['--port', '65536'], '--port 65536 is not a port'],
    [['--port', '-1'], '--port -1 is not a port'],
    [['--port', '1e3'], '--port 1e3 is not a port'],
    [['--port', ' 80'], '--port  80 is not a port'],
    [['--port', '0x50'], '--port 0x50 is not a port'],
  ])('%j is a usage error naming --port and its range', (argv, what) => {
    const c = parseArgs(argv);
    expect(c.kind).toBe('usage');
    const message = (c as { message: string }).message;
    expect(message).toContain(what);
    expect(message).toContain('an integer from 0 to 65535');
  });

  it('parsePort takes the integers 0 to 65535 written in decimal digits, nothing else', () => {
    expect(parsePort('0')).toBe(0);
    expect(parsePort('65535')).toBe(65535);
    expect(parsePort('08080')).toBe(8080);
    for (const bad of ['', '65536', '99999', '123456', '-0', '+80', '8080.0', 'Infinity', 'NaN']) {
      expect(parsePort(bad), bad).toBeNull();
    }
  });
});

describe('listenFailure', () => {
  const error = (code: string, message = code) => Object.assign(new Error(message), { code });

  it('one line for a port in use, a port not permitted, and any other reason, each with a fix', () => {
    expect(listenFailure(error('EADDRINUSE'), 8080, '127.0.0.1')).toBe(
      'xrgate serve: port 8080 on 127.0.0.1 is already in use: stop the program using it, or choose another port with --port N (--port 0 picks a free one)',
    );
    expect(listenFailure(error('EACCES'), 80, '127.0.0.1')).toBe(
      'xrgate serve: port 80 on 127.0.0.1 is not permitted for this user (ports below 1024 usually need privileges): choose another port, e.g. --port 8080',
    );
    const other = listenFailure(
      error('EADDRNOTAVAIL', 'listen EADDRNOTAVAIL: address not available'),
      1,
      '10.9.9.9',
    );
    expect(other).toBe(
      'xrgate serve: cannot listen on 10.9.9.9:1 (listen EADDRNOTAVAIL: address not available): choose another port with --port N',
    );
    for (const line of [other, listenFailure('odd', 1, 'h')]) expect(line).not.toContain('\n');
  });
});
