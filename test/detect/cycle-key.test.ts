import { describe, expect, it } from 'vitest';
import { cycleKey, keyStep } from '../../src/detect/cycle-key.js';

describe('cycleKey', () => {
  it.each([
    [['b E', 'a E'], 'order-inversion: a E -> b E'],
    [['a E', 'b E'], 'order-inversion: a E -> b E'],
    [['c S', 'a E', 'b E'], 'order-inversion: a E -> b E -> c S'],
    [['b E', 'c S', 'a E'], 'order-inversion: a E -> b E -> c S'],
  ])('rotates %j to a canonical start', (steps, key) => {
    expect(cycleKey('order-inversion', steps)).toBe(key);
  });

  it('keeps the direction: a reversed cycle is another key', () => {
    expect(cycleKey('wait-cycle', ['a E', 'b E', 'c E'])).not.toBe(cycleKey('wait-cycle', ['c E', 'b E', 'a E']));
  });

  it('tells kinds and modes apart', () => {
    expect(cycleKey('aa', [keyStep('X', 'SHARED')])).toBe('aa: X SHARED');
    expect(cycleKey('aa', [keyStep('X', 'SHARED')])).not.toBe(cycleKey('aa', [keyStep('X', 'EXCLUSIVE')]));
    expect(cycleKey('aa', ['X E'])).not.toBe(cycleKey('wait-cycle', ['X E']));
  });
});
