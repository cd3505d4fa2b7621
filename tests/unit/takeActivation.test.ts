// Runs in Node (tests). Which finished take becomes a grain's active one: the newest, unless the
// teacher keeps the first (keepFirstTakeActive) or a crash-repaired take waits for a decision.
import { describe, expect, it } from 'vitest';
import { finishedTakeBecomesActive } from '../../src/main/recording/takeStore';

describe('the active take of a grain', () => {
  it('is the newest finished take', () => {
    expect(finishedTakeBecomesActive({ attempt: 2, activeAttempt: 1, keepFirstTakeActive: false, awaitingRecoveryDecision: false })).toBe(true);
    // A take that finishes late (a slow remux) does not push a newer active take aside.
    expect(finishedTakeBecomesActive({ attempt: 2, activeAttempt: 3, keepFirstTakeActive: false, awaitingRecoveryDecision: false })).toBe(false);
  });

  it('stays the first one with keepFirstTakeActive', () => {
    expect(finishedTakeBecomesActive({ attempt: 2, activeAttempt: 1, keepFirstTakeActive: true, awaitingRecoveryDecision: false })).toBe(false);
    expect(finishedTakeBecomesActive({ attempt: 1, activeAttempt: null, keepFirstTakeActive: true, awaitingRecoveryDecision: false })).toBe(true);
  });

  it('waits for the teacher before a repaired take replaces a chosen one', () => {
    expect(finishedTakeBecomesActive({ attempt: 3, activeAttempt: 2, keepFirstTakeActive: false, awaitingRecoveryDecision: true })).toBe(false);
    // A grain with no take at all keeps the repaired recording.
    expect(finishedTakeBecomesActive({ attempt: 1, activeAttempt: null, keepFirstTakeActive: false, awaitingRecoveryDecision: true })).toBe(true);
  });
});
