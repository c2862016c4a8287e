import { renderTemplate } from './chat-prompt';

describe('renderTemplate', () => {
  it('replaces {input} with the whole input and {field} with its fields', () => {
    expect(renderTemplate('{input}', 'plain')).toBe('plain');
    expect(renderTemplate('{input}', { a: 1 })).toBe('{"a":1}');
    expect(renderTemplate('{name} is {age}; tags {tags}', { name: 'Ada', age: 36, tags: ['x'] })).toBe('Ada is 36; tags ["x"]');
  });

  it('leaves unknown placeholders, non-identifier braces and fields of non-objects as they are', () => {
    expect(renderTemplate('{missing} {"k": 1} { spaced } {name}', { name: 'n', missing: undefined })).toBe(
      '{missing} {"k": 1} { spaced } n',
    );
    expect(renderTemplate('{length} {input}', 'abc')).toBe('{length} abc');
  });

  it('does not expand placeholders that appear inside substituted values', () => {
    expect(renderTemplate('{a} {b}', { a: '{b}', b: 'B' })).toBe('{b} B');
  });
});
