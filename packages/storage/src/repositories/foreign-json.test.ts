import { decodeJsonText, storedFormOfForeignJson } from './stored-text';

// JSON another tool wrote: NUL and lone surrogate escapes take storage's stored form (U+FDD0 and the code in capitals),
// pairs written as escapes stay, and a backslash that is itself escaped starts no escape.
const ESC = '\uFDD0';
describe('storedFormOfForeignJson', () => {
  it.each<[string, string]>([
    [String.raw`{"q":"in\u0000put"}`, `{"q":"in${ESC}0000put"}`],
    [String.raw`"lone\ud800x"`, `"lone${ESC}D800x"`],
    [String.raw`"low \uDC00 end"`, `"low ${ESC}DC00 end"`],
    [String.raw`"pair \ud83d\ude00 ok"`, String.raw`"pair \ud83d\ude00 ok"`],
    [String.raw`"\ud800\ud83d\ude00!"`, String.raw`"${ESC}D800\ud83d\ude00!"`.replace('${ESC}', ESC)],
    [String.raw`"\ud83d\ude00\ude00"`, String.raw`"\ud83d\ude00${ESC}DE00"`.replace('${ESC}', ESC)],
    [String.raw`"back\\u0000slash"`, String.raw`"back\\u0000slash"`],
    [String.raw`"\\\u0000"`, String.raw`"\\${ESC}0000"`.replace('${ESC}', ESC)],
    [String.raw`"\u00e9 \n"`, String.raw`"\u00e9 \n"`],
    ['plain', 'plain'],
  ])('%s', (foreign, stored) => {
    expect(storedFormOfForeignJson(foreign)).toBe(stored);
  });

  it('reads back as the text the other tool wrote', () => {
    const foreign = String.raw`{"a":"x\u0000y\ud800z\ud83d\ude00"}`;
    expect(JSON.parse(decodeJsonText(storedFormOfForeignJson(foreign)))).toEqual(JSON.parse(foreign));
  });
});
