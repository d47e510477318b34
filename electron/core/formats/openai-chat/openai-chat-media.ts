/** Chat carries media as URLs: `data:` URLs for inline bytes, plain URLs for remote ones. */
import type { MediaSource } from '../../canonical/canonical-request.js';

const base64Marker = ';base64';

/** `data:image/png;base64,AAAA` -> its media type and data; undefined for anything else. */
export function parseBase64DataUrl(url: string): { mediaType: string; data: string } | undefined {
  if (!url.startsWith('data:')) return undefined;
  const comma = url.indexOf(',');
  if (comma < 0) return undefined;
  const meta = url.slice(5, comma);
  if (!meta.endsWith(base64Marker)) return undefined;
  const semicolon = meta.indexOf(';');
  const mediaType = meta.slice(0, semicolon) || 'application/octet-stream';
  return { mediaType, data: url.slice(comma + 1) };
}

export function mediaSourceFromUrl(url: string): MediaSource {
  const inline = parseBase64DataUrl(url);
  return inline ? { kind: 'base64', mediaType: inline.mediaType, data: inline.data } : { kind: 'url', url };
}

export function toDataUrl(mediaType: string, data: string): string {
  return `data:${mediaType};base64,${data}`;
}

export function mediaSourceToUrl(source: MediaSource): string {
  return source.kind === 'base64' ? toDataUrl(source.mediaType, source.data) : source.url;
}

/** `file.file_data` is a data URL, or (older clients) bare base64 whose type the filename hints at. */
export function fileSourceFromFileData(fileData: string, filename: string | undefined): MediaSource {
  const inline = parseBase64DataUrl(fileData);
  if (inline) return { kind: 'base64', mediaType: inline.mediaType, data: inline.data };
  const mediaType = filename?.toLowerCase().endsWith('.pdf') ? 'application/pdf' : 'application/octet-stream';
  return { kind: 'base64', mediaType, data: fileData };
}
