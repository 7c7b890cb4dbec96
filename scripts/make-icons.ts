// `npm run icons`: renders the app icon set in resources/ from its SVGs (resources/icon.svg, and
// icon-small.svg for 16 and 32 px, where the photo's details would only blur). The outputs are
// committed; rerun this after editing an SVG. .ico and .icns are plain containers of PNGs, packed
// here so no extra npm package is needed.
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import sharp from 'sharp'

const RESOURCES = join(import.meta.dirname, '..', 'resources')
const SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024] as const

async function render(svg: Buffer, size: number): Promise<Buffer> {
  // Rasterise the vector at the target size (density is dpi against the SVG's own 72 dpi width),
  // rather than scaling a bitmap, so every size is drawn sharp.
  const { width } = await sharp(svg).metadata()
  return sharp(svg, { density: (72 * size) / width })
    .resize(size, size)
    .png({ compressionLevel: 9 })
    .toBuffer()
}

/** ICONDIR + one ICONDIRENTRY per image + the PNGs (Windows Vista and later read PNG entries). */
function packIco(images: readonly { size: number; png: Buffer }[]): Buffer {
  const header = Buffer.alloc(6 + 16 * images.length)
  header.writeUInt16LE(0, 0)
  header.writeUInt16LE(1, 2)
  header.writeUInt16LE(images.length, 4)
  let offset = header.length
  images.forEach(({ size, png }, i) => {
    const entry = 6 + 16 * i
    header.writeUInt8(size >= 256 ? 0 : size, entry) // 0 means 256
    header.writeUInt8(size >= 256 ? 0 : size, entry + 1)
    header.writeUInt16LE(1, entry + 4) // colour planes
    header.writeUInt16LE(32, entry + 6) // bits per pixel
    header.writeUInt32LE(png.length, entry + 8)
    header.writeUInt32LE(offset, entry + 12)
    offset += png.length
  })
  return Buffer.concat([header, ...images.map((i) => i.png)])
}

/** The icns OSTypes that hold PNG data, by pixel size (Retina types reuse the bigger image). */
const ICNS_TYPES: readonly (readonly [string, number])[] = [
  ['icp4', 16],
  ['icp5', 32],
  ['ic11', 32],
  ['icp6', 64],
  ['ic12', 64],
  ['ic07', 128],
  ['ic08', 256],
  ['ic13', 256],
  ['ic09', 512],
  ['ic14', 512],
  ['ic10', 1024],
]

function packIcns(pngs: ReadonlyMap<number, Buffer>): Buffer {
  const chunks = ICNS_TYPES.map(([type, size]) => {
    const png = pngs.get(size)
    if (!png) throw new Error(`no ${String(size)} px image for ${type}`)
    const head = Buffer.alloc(8)
    head.write(type, 0, 'latin1')
    head.writeUInt32BE(8 + png.length, 4)
    return Buffer.concat([head, png])
  })
  const head = Buffer.alloc(8)
  head.write('icns', 0, 'latin1')
  head.writeUInt32BE(8 + chunks.reduce((n, c) => n + c.length, 0), 4)
  return Buffer.concat([head, ...chunks])
}

const large = await readFile(join(RESOURCES, 'icon.svg'))
const small = await readFile(join(RESOURCES, 'icon-small.svg'))
const tray = await readFile(join(RESOURCES, 'tray-template.svg'))
const pngs = new Map<number, Buffer>()
for (const size of SIZES) pngs.set(size, await render(size <= 32 ? small : large, size))
const png = (size: number): Buffer => {
  const image = pngs.get(size)
  if (!image) throw new Error(`no ${String(size)} px image`)
  return image
}

await mkdir(join(RESOURCES, 'icons'), { recursive: true })
for (const [size, png] of pngs) {
  await writeFile(join(RESOURCES, 'icons', `${String(size)}x${String(size)}.png`), png)
}
await writeFile(join(RESOURCES, 'icon.png'), png(1024))
const icoSizes = [16, 24, 32, 48, 64, 128, 256]
await writeFile(
  join(RESOURCES, 'icon.ico'),
  packIco(icoSizes.map((size) => ({ size, png: png(size) }))),
)
await writeFile(join(RESOURCES, 'icon.icns'), packIcns(pngs))
// The macOS menu bar wants a black-and-alpha "Template" image, at 1x and 2x.
await writeFile(join(RESOURCES, 'icons', 'trayTemplate.png'), await render(tray, 16))
await writeFile(join(RESOURCES, 'icons', 'trayTemplate@2x.png'), await render(tray, 32))
console.log(`icons written to ${RESOURCES}`)
