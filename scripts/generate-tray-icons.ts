/**
 * Draws the tray icons and the app icon into resources/ (run: `npx tsx scripts/generate-tray-icons.ts`;
 * the PNGs are committed). No image library is installed, so this is a tiny RGBA PNG encoder (zlib)
 * and shapes drawn by coverage sampling. Tray states differ by shape as well as colour, so the macOS
 * template images (black + alpha) and colour-blind users can tell them apart:
 * ok = filled disc, warning = disc with "!", error = disc with "×", idle = ring.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { deflateSync, crc32 } from 'node:zlib';
import { fileURLToPath } from 'node:url';

type Rgb = readonly [number, number, number];
/** Coverage of the pixel at (x, y) in 0..1 coordinates of the icon: 1 inside, 0 outside. */
type Shape = (x: number, y: number) => boolean;

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const checksum = Buffer.alloc(4);
  checksum.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, checksum]);
}

export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const rows = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y += 1) rows.set(rgba.subarray(y * width * 4, (y + 1) * width * 4), y * (width * 4 + 1) + 1);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Paint layers in order; each pixel is sampled 4×4 for smooth edges. */
function render(size: number, layers: ReadonlyArray<{ shape: Shape; color: Rgb; erase?: boolean }>): Uint8Array {
  const pixels = new Uint8Array(size * size * 4);
  const samples = 4;
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      let red = 0;
      let green = 0;
      let blue = 0;
      let alpha = 0;
      for (let sy = 0; sy < samples; sy += 1) {
        for (let sx = 0; sx < samples; sx += 1) {
          const u = (x + (sx + 0.5) / samples) / size;
          const v = (y + (sy + 0.5) / samples) / size;
          let color: Rgb | undefined;
          for (const layer of layers) if (layer.shape(u, v)) color = layer.erase ? undefined : layer.color;
          if (color) {
            red += color[0];
            green += color[1];
            blue += color[2];
            alpha += 1;
          }
        }
      }
      const offset = (y * size + x) * 4;
      if (alpha > 0) {
        pixels[offset] = Math.round(red / alpha);
        pixels[offset + 1] = Math.round(green / alpha);
        pixels[offset + 2] = Math.round(blue / alpha);
      }
      pixels[offset + 3] = Math.round((alpha / (samples * samples)) * 255);
    }
  }
  return pixels;
}

const disc = (cx: number, cy: number, radius: number): Shape => (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2;
const ring = (cx: number, cy: number, outer: number, inner: number): Shape => (x, y) => {
  const distance = (x - cx) ** 2 + (y - cy) ** 2;
  return distance <= outer ** 2 && distance >= inner ** 2;
};
/** A thick line segment from (x1, y1) to (x2, y2). */
const segment = (x1: number, y1: number, x2: number, y2: number, width: number): Shape => (x, y) => {
  const dx = x2 - x1;
  const dy = y2 - y1;
  const t = Math.max(0, Math.min(1, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy)));
  return (x - (x1 + t * dx)) ** 2 + (y - (y1 + t * dy)) ** 2 <= (width / 2) ** 2;
};
const either = (...shapes: Shape[]): Shape => (x, y) => shapes.some((shape) => shape(x, y));
const roundedSquare = (margin: number, radius: number): Shape => (x, y) => {
  const cx = Math.min(Math.max(x, margin + radius), 1 - margin - radius);
  const cy = Math.min(Math.max(y, margin + radius), 1 - margin - radius);
  return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2;
};

const states = {
  ok: { color: [46, 160, 67] as Rgb, base: disc(0.5, 0.5, 0.42), mark: undefined },
  warning: { color: [219, 154, 4] as Rgb, base: disc(0.5, 0.5, 0.42), mark: either(segment(0.5, 0.26, 0.5, 0.56, 0.14), disc(0.5, 0.73, 0.075)) },
  error: { color: [207, 34, 46] as Rgb, base: disc(0.5, 0.5, 0.42), mark: either(segment(0.33, 0.33, 0.67, 0.67, 0.13), segment(0.67, 0.33, 0.33, 0.67, 0.13)) },
  idle: { color: [110, 118, 129] as Rgb, base: ring(0.5, 0.5, 0.42, 0.28), mark: undefined },
} as const;

const white: Rgb = [255, 255, 255];
const black: Rgb = [0, 0, 0];

export function trayIcon(state: keyof typeof states, size: number, template: boolean): Buffer {
  const { color, base, mark } = states[state];
  const layers = template
    ? [{ shape: base, color: black }, ...(mark ? [{ shape: mark, color: black, erase: true }] : [])]
    : [{ shape: base, color }, ...(mark ? [{ shape: mark, color: white }] : [])];
  return encodePng(size, size, render(size, layers));
}

/** The app icon: a track and the branch a switch sends trains onto, with a signal light on each. */
export function appIcon(size: number): Buffer {
  const main = segment(0.36, 0.84, 0.36, 0.2, 0.075);
  const branch = either(segment(0.36, 0.66, 0.52, 0.46, 0.075), segment(0.52, 0.46, 0.66, 0.2, 0.075));
  return encodePng(size, size, render(size, [
    { shape: roundedSquare(0.04, 0.2), color: [28, 43, 74] },
    { shape: either(main, branch), color: [240, 246, 252] },
    { shape: disc(0.36, 0.2, 0.065), color: [240, 246, 252] },
    { shape: disc(0.66, 0.2, 0.065), color: [46, 160, 67] },
  ]));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const directory = fileURLToPath(new URL('../resources/', import.meta.url));
  mkdirSync(directory, { recursive: true });
  for (const state of Object.keys(states) as Array<keyof typeof states>) {
    writeFileSync(`${directory}tray-${state}.png`, trayIcon(state, 16, false));
    writeFileSync(`${directory}tray-${state}@2x.png`, trayIcon(state, 32, false));
    writeFileSync(`${directory}tray-${state}Template.png`, trayIcon(state, 16, true));
    writeFileSync(`${directory}tray-${state}Template@2x.png`, trayIcon(state, 32, true));
  }
  writeFileSync(`${directory}icon.png`, appIcon(512));
  process.stdout.write(`wrote the tray icons and icon.png to ${directory}\n`);
}
