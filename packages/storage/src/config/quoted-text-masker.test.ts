import { quotedTextMasker } from './quoted-text-masker';

describe('quotedTextMasker', () => {
  const mask = quotedTextMasker('postgresql://postgres@127.0.0.1:5432/t');

  it('hides what follows a secret-looking name in a quoted parameter, whatever separates them', () => {
    expect(mask('password S3cret', 'parameter')).toBe('password ***');
    expect(mask('api_key\tS3cret', 'parameter')).toBe('api_key\t***');
    expect(mask('token+S3cret', 'parameter')).toBe('token+***');
    expect(mask('password', 'parameter')).toBe('password');
  });

  it('leaves a secret word and a space in free text alone, as a driver writes them', () => {
    const message = 'password authentication failed for user "postgres"';
    expect(mask(message)).toBe(message);
    expect(mask(message, 'text')).toBe(message);
  });
});
