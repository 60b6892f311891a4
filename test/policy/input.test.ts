// Defensive readers: hostile values become TypeErrors or safe defaults, never crashes or grants.
import { describe, expect, it } from 'vitest';
import {
  PolicyInputError,
  readBoolean,
  readField,
  readFiniteNumber,
  readProperty,
  readString,
  toDOMString,
  toDOMStringList,
  UNREADABLE,
} from '../../src/policy/input.js';

const throwing = new Proxy(
  {},
  {
    get: () => {
      throw new Error('trap');
    },
    getOwnPropertyDescriptor: () => {
      throw new Error('trap');
    },
  },
);

describe('input readers (bad input)', () => {
  it('readProperty: throwing getters are a PolicyInputError (a TypeError); primitives read as undefined', () => {
    expect(() => readProperty(throwing, 'x')).toThrow(PolicyInputError);
    expect(() => readProperty(throwing, 'x')).toThrow(TypeError);
    expect(readProperty(5, 'x')).toBeUndefined();
    expect(readProperty(null, 'x')).toBeUndefined();
  });
  it('readBoolean / readFiniteNumber / readString: wrong types fall back', () => {
    const o = { b: 'yes', n: Number.NaN, s: 3, ok: true, num: 2, str: 'a' };
    expect(readBoolean(o, 'b', false)).toBe(false);
    expect(readBoolean(o, 'ok', false)).toBe(true);
    expect(readFiniteNumber(o, 'n', 7)).toBe(7);
    expect(readFiniteNumber(o, 'num', 7)).toBe(2);
    expect(readString(o, 's')).toBeUndefined();
    expect(readString(o, 'str')).toBe('a');
  });
  it('toDOMString: Symbols and throwing toString are TypeErrors', () => {
    expect(() => toDOMString(Symbol('s'), 'x')).toThrow(TypeError);
    expect(() =>
      toDOMString(
        {
          toString: () => {
            throw new Error('no');
          },
        },
        'x',
      ),
    ).toThrow(TypeError);
    expect(toDOMString(null, 'x')).toBe('null');
  });
  it('toDOMStringList: undefined is empty, non-iterables and huge lists are TypeErrors', () => {
    expect(toDOMStringList(undefined, 'l', 4)).toEqual([]);
    expect(() => toDOMStringList(null, 'l', 4)).toThrow(TypeError);
    expect(() => toDOMStringList([1, 2, 3, 4, 5], 'l', 4)).toThrow(/more than 4/);
    expect(toDOMStringList(new Set(['a', 'b']), 'l', 4)).toEqual(['a', 'b']);
  });
  it('readField: own and prototype values, never Object.prototype, UNREADABLE when a trap throws', () => {
    class A {
      get g() {
        return 'got';
      }
    }
    expect(readField(new A(), 'g')).toBe('got');
    expect(readField({ v: 1 }, 'v')).toBe(1);
    expect(readField({}, 'toString')).toBeUndefined();
    expect(readField(throwing, 'x')).toBe(UNREADABLE);
    expect(readField(7, 'x')).toBe(UNREADABLE);
    expect(readField(Object.create({ p: 2 }), 'p', 1)).toBeUndefined();
  });
});
