import { maskSecretParams, secretParamValues } from './url-secrets';

describe('maskSecretParams', () => {
  it('masks the values of parameters named like a secret, in any case and percent-encoded, and keeps the rest as written', () => {
    expect(maskSecretParams('https://h/v1/chat/completions?api-version=2024-02-01&API-KEY=sk-1&%74oken=t-2&sig=a%2Bb&deployment=gpt')).toBe(
      'https://h/v1/chat/completions?api-version=2024-02-01&API-KEY=***&%74oken=***&sig=***&deployment=gpt',
    );
  });

  it('leaves empty values, parameters without a value, the fragment and URLs without a query alone', () => {
    expect(maskSecretParams('https://h/v1?key=&token&x=1#key=frag')).toBe('https://h/v1?key=&token&x=1#key=frag');
    expect(maskSecretParams('https://h/v1/key/token')).toBe('https://h/v1/key/token');
  });
});

it('secretParamValues gives each secret value as written and decoded', () => {
  expect(secretParamValues('https://h/v1?key=ab%2Fcd+ef&x=1&access_token=zz-99')).toEqual(['ab%2Fcd+ef', 'ab/cd ef', 'zz-99', 'zz-99']);
});
