import { describe, expect, it } from 'vitest';
import { formatFor } from './format';

describe('duration', () => {
  const english = formatFor('en');
  const chinese = formatFor('zh-CN');

  it('rounds before splitting into minutes and seconds: never "13 min 60 sec"', () => {
    expect(english.duration(839.6)).toBe('14 min 0 sec');
    expect(english.duration(59.6)).toBe('1 min 0 sec');
    expect(english.duration(59.4)).toBe('59 sec');
    expect(english.duration(457)).toBe('7 min 37 sec');
    expect(chinese.duration(839.6)).toBe('14分钟0秒');
  });

  it('rounds hours to the minute the same way', () => {
    expect(english.duration(3599.7)).toBe('1 hr 0 min');
    expect(english.duration(2 * 3600 + 59 * 60 + 50)).toBe('3 hr 0 min');
    expect(english.duration(3600 + 5 * 60)).toBe('1 hr 5 min');
  });
});
