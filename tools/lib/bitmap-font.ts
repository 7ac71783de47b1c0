// A tiny 5×7 pixel font (with descenders) for captions in the CLI's PNG figures, so they need no canvas, no
// system fonts and no extra package. Covers printable ASCII (32–126); anything else is drawn
// as '?', except a few typographic characters that have a plain-ASCII stand-in.

export const GLYPH_WIDTH = 5;
export const GLYPH_HEIGHT = 7;
/**
 * g, p, q and y are drawn DESCENDER rows lower so they hang below the baseline (squeezed
 * into 7 rows they read as 9, P, 9 and a y-shaped 4). A text line is therefore 9 rows tall.
 */
export const DESCENDER = 2;
export const TEXT_HEIGHT = GLYPH_HEIGHT + DESCENDER;
/** Horizontal step per character: the glyph plus one blank column. */
export const GLYPH_ADVANCE = GLYPH_WIDTH + 1;
/** Vertical step per text line: the text height plus two blank rows. */
export const LINE_ADVANCE = TEXT_HEIGHT + 2;

const DESCENDERS = new Set(['g', 'p', 'q', 'y']);

/**
 * One entry per character from ' ' (32) to '~' (126): 7 rows of 2 hex digits, top row first;
 * in each row bit 4 (0x10) is the leftmost pixel and bit 0 the rightmost.
 */
// prettier-ignore
const GLYPHS = [
  '00000000000000', '04040404040004', '0A0A0A00000000', '0A0A1F0A1F0A0A', // space ! " #
  '040F140E051E04', '18190204081303', '0C12140815120D', '04040800000000', // $ % & '
  '02040808080402', '08040202020408', '0004150E150400', '0004041F040400', // ( ) * +
  '000000000C0408', '0000001F000000', '00000000000C0C', '00010204081000', // , - . /
  '0E11131519110E', '040C040404040E', '0E11010204081F', '1F02040201110E', // 0 1 2 3
  '02060A121F0202', '1F101E0101110E', '0608101E11110E', '1F010204080808', // 4 5 6 7
  '0E11110E11110E', '0E11110F01020C', '000C0C000C0C00', '000C0C000C0408', // 8 9 : ;
  '02040810080402', '00001F001F0000', '08040201020408', '0E110102040004', // < = > ?
  '0E11010D15150E', '0E1111111F1111', '1E11111E11111E', '0E11101010110E', // @ A B C
  '1C12111111121C', '1F10101E10101F', '1F10101E101010', '0E11101711110F', // D E F G
  '1111111F111111', '0E04040404040E', '0702020202120C', '11121418141211', // H I J K
  '1010101010101F', '111B1515111111', '11111915131111', '0E11111111110E', // L M N O
  '1E11111E101010', '0E11111115120D', '1E11111E141211', '0F10100E01011E', // P Q R S
  '1F040404040404', '1111111111110E', '11111111110A04', '1111111515150A', // T U V W
  '11110A040A1111', '1111110A040404', '1F01020408101F', '0E08080808080E', // X Y Z [
  '00100804020100', '0E02020202020E', '040A1100000000', '0000000000001F', // \ ] ^ _
  '08040200000000', '00000E010F110F', '1010161911111E', '00000E1010110E', // ` a b c
  '01010D1311110F', '00000E111F100E', '0609081C080808', '0F1111110F010E', // d e f g (descender)
  '10101619111111', '04000C0404040E', '0200060202120C', '10101214181412', // h i j k
  '0C04040404040E', '00001A15151111', '00001619111111', '00000E1111110E', // l m n o
  '1E1111111E1010', '0F1111110F0101', '00001619101010', '00000E100E011E', // p q r s (p, q descend)
  '08081C08080906', '0000111111130D', '00001111110A04', '0000111115150A', // t u v w
  '0000110A040A11', '111111110F010E', '00001F0204081F', '02040408040402', // x y z { (y descends)
  '04040404040404', '08040402040408', '00000815020000', // | } ~
];

/** Plain-ASCII stand-ins for characters that captions commonly contain. */
const SUBSTITUTES: Readonly<Record<string, string>> = {
  '×': 'x',
  '−': '-',
  '–': '-',
  '—': '-',
  '’': "'",
  '‘': "'",
  '“': '"',
  '”': '"',
  '…': '.',
  '·': '.',
};

const FIRST_CODE = 32;
const LAST_CODE = 126;

function fontChar(char: string): string {
  const mapped = SUBSTITUTES[char] ?? char;
  const code = mapped.length === 1 ? mapped.charCodeAt(0) : -1;
  return code >= FIRST_CODE && code <= LAST_CODE ? mapped : '?';
}

/** The 7 row bitmasks of a character's glyph ('?' for characters the font lacks). */
export function glyphRows(char: string): readonly number[] {
  const hex = GLYPHS[fontChar(char).charCodeAt(0) - FIRST_CODE];
  return Array.from({ length: GLYPH_HEIGHT }, (_, row) => parseInt(hex.slice(row * 2, row * 2 + 2), 16));
}

/** Rows from the top of the text line to the glyph's top row: DESCENDER for g, p, q, y. */
export function glyphDrop(char: string): number {
  return DESCENDERS.has(fontChar(char)) ? DESCENDER : 0;
}

/** Width in pixels of one line of text at an integer scale (no trailing gap). */
export function textWidth(text: string, scale = 1): number {
  const count = Array.from(text).length;
  return count === 0 ? 0 : (count * GLYPH_ADVANCE - 1) * scale;
}

export interface TextMask {
  width: number;
  height: number;
  /** Row-major, 1 where ink, 0 elsewhere. */
  ink: Uint8Array;
}

/** Rasterises one line of text at an integer scale into an ink mask. */
export function renderText(text: string, scale = 1): TextMask {
  if (!Number.isInteger(scale) || scale < 1) throw new RangeError(`renderText: scale must be a positive integer, got ${scale}`);
  const chars = Array.from(text); // by code point, so '×' is one character
  const width = textWidth(text, scale);
  const height = TEXT_HEIGHT * scale;
  const ink = new Uint8Array(width * height);
  chars.forEach((char, k) => {
    const rows = glyphRows(char);
    const left = k * GLYPH_ADVANCE * scale;
    const drop = glyphDrop(char);
    for (let gy = 0; gy < GLYPH_HEIGHT; gy++) {
      for (let gx = 0; gx < GLYPH_WIDTH; gx++) {
        if (!(rows[gy] & (0x10 >> gx))) continue;
        for (let sy = 0; sy < scale; sy++) {
          const rowStart = ((gy + drop) * scale + sy) * width + left + gx * scale;
          ink.fill(1, rowStart, rowStart + scale);
        }
      }
    }
  });
  return { width, height, ink };
}
