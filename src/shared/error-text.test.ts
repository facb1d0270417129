import { describe, expect, it } from 'vitest';
import { errorText } from './error-text';
import { EnasError, toWireError } from './errors';

describe('errorText', () => {
  it('names the code once for an EnasError, whose message already starts with it', () => {
    const wire = toWireError(new EnasError('SEARCH_BAD_DATA', 'dataset 3 holds images'));
    expect(errorText(wire)).toBe('SEARCH_BAD_DATA: dataset 3 holds images');
  });

  it('adds the code to a message that lacks it', () => {
    expect(errorText(toWireError(new Error('boom')))).toBe('INTERNAL: boom');
  });
});
