"""The print edition's CMYK profile: Coated FOGRA39 (ISO 12647-2:2004), offset on coated paper.

    python -m danvan.bulletin.profile      # rebuilds profiles/coated-fogra39.icc (2 minutes)

Vietnamese offset printers mostly print to ISO Coated / FOGRA39 conditions, so this is the
default output intent (a print shop's own profile: the plugin option ``bulletin_icc``).
The profile is built by ArgyllCMS' ``colprof`` from Fogra's characterisation data for
FOGRA39 (``FOGRA39L.ti3``, Debian package ``icc-profiles-free``, zlib licence) and checked
in, rather than built at set-up time: the same bytes on every machine (a colour profile is
an input of every print PDF, and of its cache key), no 100-second step and no Argyll on the
build machines, and Argyll's version cannot change the colours from one machine to the
next. Argyll is needed only to rebuild it (``apt-get install argyll icc-profiles-free``).

The separation: total ink 330 %, black generated on a ramp (Argyll's ``-kr``, a medium
GCR); the perceptual table maps the sRGB gamut into the print gamut. The header's date is
fixed, so a rebuild with the same Argyll gives the same file.
"""

from __future__ import annotations

import shutil
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

DEFAULT_ICC = Path(__file__).parent / "profiles" / "coated-fogra39.icc"
# The PDF/X output intent of a FOGRA39 profile: the condition's name in the ICC's
# characterisation data registry, which preflights and RIPs recognise.
FOGRA39 = {
    "/OutputConditionIdentifier": "FOGRA39",
    "/OutputCondition": "Coated FOGRA39 (ISO 12647-2:2004)",
    "/RegistryName": "http://www.color.org",
}
DATA = Path("/usr/share/color/icc/FOGRA39L.ti3")  # icc-profiles-free
SRGB = Path("/usr/share/color/icc/sRGB.icc")  # icc-profiles-free: source gamut
DESCRIPTION = "Coated FOGRA39 (ISO 12647-2:2004), ArgyllCMS"
COPYRIGHT = ("Built with ArgyllCMS colprof from FOGRA39L.ti3 (Fogra characterisation data, "
             "ICC Profiles Free by Kai-Uwe Behrmann, zlib licence). No warranty.")
COLPROF = ["-qm", "-nc", "-kr", "-l330", "-S", str(SRGB), "-cmt", "-dpp",
           "-D", DESCRIPTION, "-C", COPYRIGHT]
DATE = (2026, 1, 1, 0, 0, 0)  # the ICC header's creation date, fixed


def output_intent(icc: Path) -> dict[str, str]:
    """The registered output condition of a profile that names FOGRA39 in its description
    (this one, or a print shop's FOGRA39 profile); {} for any other profile, which the
    output intent then names by its description alone."""
    from PIL import ImageCms

    description = ImageCms.getOpenProfile(str(icc)).profile.profile_description or ""
    return {**FOGRA39, "/Info": description} if "FOGRA39" in description.upper() else {}


def fix_date(data: bytes) -> bytes:
    """Set the ICC header's creation date (bytes 24–35) to DATE. A v2 profile has no
    profile ID (MD5) to update."""
    return data[:24] + struct.pack(">6H", *DATE) + data[36:]


def build(out: Path = DEFAULT_ICC) -> Path:
    missing = [name for name, ok in (("argyll", shutil.which("colprof")),
                                     ("icc-profiles-free", DATA.is_file() and SRGB.is_file()))
               if not ok]
    if missing:
        raise SystemExit(f"Lỗi – thiếu gói {', '.join(missing)} để dựng hồ sơ màu FOGRA39.\n"
                         f"    Cách sửa: apt-get install {' '.join(missing)}")
    with tempfile.TemporaryDirectory(prefix="danvan-icc-") as tmp:
        shutil.copy(DATA, Path(tmp) / "fogra39.ti3")
        subprocess.run(["colprof", *COLPROF, "-O", "fogra39.icc", "fogra39"], cwd=tmp,
                       check=True, stdout=subprocess.DEVNULL)
        data = fix_date((Path(tmp) / "fogra39.icc").read_bytes())
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    return out


if __name__ == "__main__":
    print(build(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_ICC))
