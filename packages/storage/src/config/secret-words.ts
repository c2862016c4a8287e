/** The words that make a URL parameter's name secret-looking (a password, a key, a token…), as one alternation. @internal */
export const SECRET_WORDS = 'pass|pwd|secret|token|key|auth|cred|sig';

/** Query or keyword parameter names whose values are secrets (password, sslpassword, PGPASSWORD, api_key, token…). @internal */
export const SECRET_PARAM = new RegExp(SECRET_WORDS, 'i');
