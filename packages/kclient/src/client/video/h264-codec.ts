/** NAL unit type of a sequence parameter set (H.264 table 7-1). */
const NAL_TYPE_SPS = 7;

/**
 * The NAL units of an annex-B access unit (each without its start code):
 * units are separated by `00 00 01` or `00 00 00 01`.
 */
export function nalUnits(accessUnit: Uint8Array): Uint8Array[] {
  const starts: { at: number; length: number }[] = [];
  for (let i = 0; i + 2 < accessUnit.length; i++) {
    if (accessUnit[i] !== 0 || accessUnit[i + 1] !== 0) continue;
    if (accessUnit[i + 2] === 1) {
      starts.push({ at: i, length: 3 });
      i += 2;
    } else if (accessUnit[i + 2] === 0 && accessUnit[i + 3] === 1) {
      starts.push({ at: i, length: 4 });
      i += 3;
    }
  }
  return starts.map((start, n) =>
    accessUnit.subarray(start.at + start.length, starts[n + 1]?.at ?? accessUnit.length),
  );
}

/** The first SPS NAL unit of an access unit (header byte included), or undefined. */
export function findSps(accessUnit: Uint8Array): Uint8Array | undefined {
  return nalUnits(accessUnit).find((unit) => ((unit[0] ?? 0) & 0x1f) === NAL_TYPE_SPS && unit.length >= 4);
}

/**
 * The WebCodecs codec string `avc1.PPCCLL` of an SPS: profile_idc, the
 * constraint flags byte and level_idc, in hex (RFC 6381). They are the
 * three bytes after the NAL header; none can hold an emulation-prevention
 * byte, as profile_idc and level_idc are never zero.
 */
export function avcCodecString(sps: Uint8Array): string {
  const hex = (byte: number | undefined) => (byte ?? 0).toString(16).toUpperCase().padStart(2, '0');
  return `avc1.${hex(sps[1])}${hex(sps[2])}${hex(sps[3])}`;
}
