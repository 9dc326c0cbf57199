/**
 * How far apart two colours look to readers with the two common red-green deficiencies. Colour
 * blindness is simulated with Machado, Oliveira and Fernandes's 2009 matrices at full severity
 * (protanopia, deuteranopia), applied to linear RGB; distances are CIE76 ΔE in CIELAB (D65).
 */

type Rgb = readonly [number, number, number];
type Matrix = readonly [Rgb, Rgb, Rgb];

const DEFICIENCIES = {
  protanopia: [
    [0.152286, 1.052583, -0.204868],
    [0.114503, 0.786281, 0.099216],
    [-0.003882, -0.048116, 1.051998],
  ],
  deuteranopia: [
    [0.367322, 0.860646, -0.227968],
    [0.280085, 0.672501, 0.047413],
    [-0.01182, 0.04294, 0.968881],
  ],
} as const satisfies Record<string, Matrix>;

export type Vision = 'normal' | keyof typeof DEFICIENCIES;

function hexToSrgb(hex: string): Rgb {
  const value = Number.parseInt(hex.slice(1), 16);
  return [((value >> 16) & 255) / 255, ((value >> 8) & 255) / 255, (value & 255) / 255];
}

const toLinear = (channel: number): number => (channel <= 0.04045 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4);

const apply = (matrix: Matrix, [r, g, b]: Rgb): Rgb => [
  matrix[0][0] * r + matrix[0][1] * g + matrix[0][2] * b,
  matrix[1][0] * r + matrix[1][1] * g + matrix[1][2] * b,
  matrix[2][0] * r + matrix[2][1] * g + matrix[2][2] * b,
];

const clamp = (value: number): number => Math.min(1, Math.max(0, value));

/** CIELAB (D65 white) of a linear-RGB colour. */
function linearToLab(linear: Rgb): Rgb {
  const [r, g, b] = linear.map(clamp) as unknown as Rgb;
  const x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047;
  const y = 0.2126729 * r + 0.7151522 * g + 0.072175 * b;
  const z = (0.0193339 * r + 0.119192 * g + 0.9503041 * b) / 1.08883;
  const f = (t: number): number => (t > 216 / 24389 ? Math.cbrt(t) : (24389 / 27 * t + 16) / 116);
  return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
}

/** The colour as a reader with this vision sees it, in CIELAB. */
export function perceivedLab(hex: string, vision: Vision): Rgb {
  const linear = hexToSrgb(hex).map(toLinear) as unknown as Rgb;
  return linearToLab(vision === 'normal' ? linear : apply(DEFICIENCIES[vision], linear));
}

/** CIE76 ΔE between two colours as seen with the given vision. */
export function perceivedDistance(first: string, second: string, vision: Vision): number {
  const [l1, a1, b1] = perceivedLab(first, vision);
  const [l2, a2, b2] = perceivedLab(second, vision);
  return Math.hypot(l1 - l2, a1 - a2, b1 - b2);
}
