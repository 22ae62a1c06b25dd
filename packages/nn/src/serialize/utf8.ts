/**
 * UTF-8 for the codecs, through the `TextEncoder` and `TextDecoder` every browser and Node have.
 *
 * NOTE: ES2022's lib does not declare them (the DOM's lib and Node's types do), and this package
 * compiles with neither, so that it cannot use an API a browser lacks. The parts used here are
 * typed by hand, once.
 */

/** The members of `TextEncoder` and `TextDecoder` the codecs use. */
interface TextCodecs {
  TextEncoder: new () => { encode(text: string): Uint8Array };
  TextDecoder: new (label: 'utf-8', options: { fatal: boolean }) => { decode(bytes: Uint8Array): string };
}

const codecs = globalThis as unknown as TextCodecs;
const encoder = new codecs.TextEncoder();
const decoder = new codecs.TextDecoder('utf-8', { fatal: true });

/** The UTF-8 bytes of `text`. */
export function utf8Encode(text: string): Uint8Array {
  return encoder.encode(text);
}

/** The text the UTF-8 `bytes` hold; throws a `TypeError` if they are not valid UTF-8. */
export function utf8Decode(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}
