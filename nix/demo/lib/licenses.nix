# License descriptions in the shape of nixpkgs' lib.licenses entries.
# Every entry has shortName, spdxId, fullName and free. Licenses that have no
# SPDX identifier (nixpkgs leaves spdxId out for those) get an SPDX
# "LicenseRef-" identifier here so that spdxId is always a string.
let
  mk = shortName: spdxId: fullName: extra:
    {
      inherit shortName fullName;
      spdxId = if spdxId == null then "LicenseRef-${shortName}" else spdxId;
      free = true;
      redistributable = true;
      deprecated = false;
    }
    // (if spdxId == null then { } else { url = "https://spdx.org/licenses/${spdxId}.html"; })
    // extra;
in
{
  asl20 = mk "asl20" "Apache-2.0" "Apache License 2.0" { };
  artistic1 = mk "artistic1" "Artistic-1.0" "Artistic License 1.0" { };
  bsd2 = mk "bsd2" "BSD-2-Clause" "BSD 2-clause \"Simplified\" License" { };
  bsd3 = mk "bsd3" "BSD-3-Clause" "BSD 3-clause \"New\" or \"Revised\" License" { };
  curl = mk "curl" "curl" "curl License" { };
  gpl1Plus = mk "gpl1Plus" "GPL-1.0-or-later" "GNU General Public License v1.0 or later" { };
  gpl2Only = mk "gpl2Only" "GPL-2.0-only" "GNU General Public License v2.0 only" { };
  gpl2Plus = mk "gpl2Plus" "GPL-2.0-or-later" "GNU General Public License v2.0 or later" { };
  gpl3Plus = mk "gpl3Plus" "GPL-3.0-or-later" "GNU General Public License v3.0 or later" { };
  isc = mk "isc" "ISC" "ISC License" { };
  lgpl21Plus = mk "lgpl21Plus" "LGPL-2.1-or-later" "GNU Lesser General Public License v2.1 or later" { };
  mit = mk "mit" "MIT" "MIT License" { };
  mpl20 = mk "mpl20" "MPL-2.0" "Mozilla Public License 2.0" { };
  psfl = mk "psfl" "Python-2.0" "Python Software Foundation License version 2" { };
  publicDomain = mk "publicDomain" null "Public Domain" { };
  zlib = mk "zlib" "Zlib" "zlib License" { };
  unfree = mk "unfree" null "Unfree" { free = false; redistributable = false; };
  unfreeRedistributable = mk "unfreeRedistributable" null "Unfree redistributable" {
    free = false;
  };
}
