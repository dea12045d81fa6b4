import { describe, expect, test } from 'vitest';
import {
  ALERT_CODES,
  STATUS_CODES,
  alertInfo,
  alertName,
  statusClass,
  statusInfo,
  statusName,
} from '../../src/syncml/codes.js';

describe('alert codes (docs/dm-facts.md §4)', () => {
  test('exactly the DM 1.2 alert codes', () => {
    expect(ALERT_CODES.map((a) => a.code)).toEqual([
      1100, 1101, 1102, 1103, 1104, 1200, 1201, 1222, 1223, 1224, 1225, 1226,
    ]);
  });

  test.each([
    ['1100', 'DISPLAY', 'server'],
    [1101, 'CONFIRM OR REJECT', 'server'],
    ['1200', 'SERVER-INITIATED MGMT', 'client'],
    ['1201', 'CLIENT-INITIATED MGMT', 'client'],
    [' 1222 ', 'NEXT MESSAGE', 'both'],
    ['1223', 'SESSION ABORT', 'both'],
    ['1226', 'GENERIC ALERT', 'client'],
  ] as const)('%s → %s (%s)', (code, name, direction) => {
    expect(alertName(code)).toBe(name);
    expect(alertInfo(code)?.direction).toBe(direction);
  });

  test.each(['1105', '1202', '1221', '1227', '200', 'abc', '', '12.01', '0x4B0'])(
    '%j is not a DM alert code',
    (code) => {
      expect(alertName(code)).toBeUndefined();
    },
  );
});

describe('status codes (RepPro §10, docs/dm-facts.md §5)', () => {
  test.each([
    [200, 'OK'],
    ['212', 'Authentication accepted'],
    ['213', 'Chunked item accepted and buffered'],
    ['304', 'Not modified'],
    ['401', 'Invalid credentials'],
    ['407', 'Missing credentials'],
    ['424', 'Size mismatch'],
    ['425', 'Permission denied'],
    ['500', 'Command failed'],
    ['507', 'Atomic failed'],
    ['517', 'Atomic response too large to fit'],
  ] as const)('%s → %s', (code, name) => {
    expect(statusName(code)).toBe(name);
  });

  test('codes are unique and ascending; every one has a name', () => {
    const codes = STATUS_CODES.map((s) => s.code);
    expect(codes).toEqual([...new Set(codes)].sort((a, b) => a - b));
    expect(STATUS_CODES.every((s) => s.name.length > 0)).toBe(true);
    expect(new Set(ALERT_CODES.map((a) => a.code)).size).toBe(ALERT_CODES.length);
  });

  test.each(['509', '515', '600', '1200', 'OK', '2OO'])('%j is not in the table', (code) => {
    expect(statusInfo(code)).toBeUndefined();
  });

  test('status classes by the hundreds digit', () => {
    expect([101, '200', '304', '404', '517', '600', 'x'].map((c) => statusClass(c))).toEqual([
      'informational',
      'success',
      'redirection',
      'originator-exception',
      'recipient-exception',
      undefined,
      undefined,
    ]);
  });
});
