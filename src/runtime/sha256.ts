/** SHA-256 of some bytes as hex; names the exact weights file in every export. */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  // crypto.subtle exists only in secure contexts (https, localhost).
  if (!globalThis.crypto?.subtle) return 'unavailable (page not served over https)';
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
