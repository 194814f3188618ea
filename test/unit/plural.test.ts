import { describe, expect, it } from 'vitest';
import { plural } from '../../shared/plural.ts';

describe('plural', () => {
  it('says the count with the right noun, grouping thousands', () => {
    expect(plural(1, 'threat')).toBe('1 threat');
    expect(plural(0, 'threat')).toBe('0 threats');
    expect(plural(1_500, 'threat')).toBe('1,500 threats');
    expect(plural(2, 'entry', 'entries')).toBe('2 entries');
  });
});
