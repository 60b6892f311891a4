import { describe, expect, it } from 'vitest';
import { AuditLog, allow, deny, isDenied } from '../../src/policy/decision.js';

describe('decision values', () => {
  it('R-SESSION-18: a denial carries the DOMException name, an actionable message and the requirement', () => {
    const d = deny('SecurityError', {
      action: "requestSession('immersive-vr')",
      reason: 'no transient activation',
      fix: 'Call it from a click handler.',
      requirement: 'R-INTENT-05',
    });
    expect(d.allowed).toBe(false);
    expect(d.error.name).toBe('SecurityError');
    expect(d.error.message).toContain("requestSession('immersive-vr') was refused");
    expect(d.error.message).toContain('Call it from a click handler.');
    expect(d.error.message).toContain('[R-INTENT-05]');
    expect(d.requirement).toBe('R-INTENT-05');
    expect(isDenied(d)).toBe(true);
    expect(Object.isFrozen(d) && Object.isFrozen(d.error)).toBe(true);
  });

  it('an allowed decision carries its value and no error', () => {
    const d = allow('fine', 'R-FEAT-08', { granted: ['viewer'] });
    expect(d).toMatchObject({
      allowed: true,
      reason: 'fine',
      requirement: 'R-FEAT-08',
      value: { granted: ['viewer'] },
    });
    expect(d.error).toBeUndefined();
    expect(isDenied(d)).toBe(false);
  });
});

describe('AuditLog', () => {
  it('records each decision with the injected time, origin and requirement', () => {
    let t = 10;
    const log = new AuditLog({ now: () => t });
    const seen: string[] = [];
    const off = log.subscribe((r) => seen.push(r.requirement));
    log.record(
      'requestSession',
      deny('NotSupportedError', { action: 'x', reason: 'y', requirement: 'R-SESSION-08' }),
      'https://a.example',
    );
    t = 20;
    log.record('getPose', allow('ok', 'R-POSE-02'));
    const entries = log.entries();
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({
      seq: 1,
      at: 10,
      action: 'requestSession',
      origin: 'https://a.example',
      allowed: false,
      errorName: 'NotSupportedError',
      requirement: 'R-SESSION-08',
    });
    expect(entries[1]).toMatchObject({ seq: 2, at: 20, allowed: true, requirement: 'R-POSE-02' });
    expect(seen).toEqual(['R-SESSION-08', 'R-POSE-02']);
    off();
    log.record('x', allow('ok', 'AMB-30'));
    expect(seen).toHaveLength(2);
    log.clear();
    expect(log.entries()).toHaveLength(0);
  });

  it('keeps at most `capacity` records, oldest dropped first; a throwing listener changes nothing', () => {
    const log = new AuditLog({ now: () => 0, capacity: 3 });
    log.subscribe(() => {
      throw new Error('listener bug');
    });
    for (let i = 0; i < 5; i++) log.record(`a${i}`, allow('ok', 'AMB-30'));
    expect(log.entries().map((e) => e.action)).toEqual(['a2', 'a3', 'a4']);
  });

  it('refuses a missing clock or a bad capacity with a TypeError', () => {
    expect(() => new AuditLog({} as never)).toThrow(TypeError);
    expect(() => new AuditLog({ now: () => 0, capacity: 0 })).toThrow(TypeError);
    expect(() => new AuditLog({ now: () => 0 }).subscribe(1 as never)).toThrow(TypeError);
  });
});
