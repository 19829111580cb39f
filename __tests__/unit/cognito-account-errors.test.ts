import { describe, expect, it, vi } from 'vitest';
import { accountError } from '../../lib/aws/cognito-accounts';
import { ERROR_STATUS } from '../../lib/http/errors';

const named = (name: string) => Object.assign(new Error('internal words'), { name });

describe('Cognito failures in words a person can act on', () => {
  it.each([
    ['UsernameExistsException', 'CONFLICT', undefined],
    ['InvalidPasswordException', 'VALIDATION_FAILED', 'password'],
    ['CodeMismatchException', 'VALIDATION_FAILED', 'code'],
    ['ExpiredCodeException', 'VALIDATION_FAILED', 'code'],
    ['UserNotConfirmedException', 'FORBIDDEN', undefined],
    ['PasswordResetRequiredException', 'FORBIDDEN', undefined],
    ['LimitExceededException', 'RATE_LIMITED', undefined],
    ['TooManyRequestsException', 'RATE_LIMITED', undefined],
    ['TooManyFailedAttemptsException', 'RATE_LIMITED', undefined],
    ['InternalErrorException', 'UNAVAILABLE', undefined],
    ['ResourceNotFoundException', 'UNAVAILABLE', undefined],
  ] as const)('%s → %s', (name, code, field) => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const err = accountError(named(name));
    log.mockRestore();
    expect(err.code).toBe(code);
    expect(ERROR_STATUS[err.code]).toBeLessThan(code === 'UNAVAILABLE' ? 600 : 500);
    expect(err.message).not.toContain('internal words');
    if (field) expect(err.details?.fields).toHaveProperty(field);
  });

  it('names the next step of an account that cannot sign in yet', () => {
    expect(accountError(named('UserNotConfirmedException')).details).toEqual({ nextStep: 'CONFIRM_SIGN_UP' });
    expect(accountError(named('PasswordResetRequiredException')).details).toEqual({ nextStep: 'RESET_PASSWORD' });
  });
});
