# tzdata: the BIG DATA package of the demo set (about 6 MB in 131 zone files).
# The zone files are deterministic stand-ins (generated with awk from the
# zone names: every machine builds the same bytes), not real TZif data.
# It also has symlinks: UTC -> Etc/UTC, US/* -> ../America/*, and
# share/zoneinfo/posix -> . (a directory symlink that points to its own
# parent, as in nixpkgs' tzdata: tools must not follow symlinks).
{ lib, stdenv }:

let
  zones = [
    "Africa/Abidjan" "Africa/Accra" "Africa/Addis_Ababa" "Africa/Algiers" "Africa/Cairo"
    "Africa/Casablanca" "Africa/Dakar" "Africa/Johannesburg" "Africa/Khartoum" "Africa/Lagos"
    "Africa/Maputo" "Africa/Nairobi" "Africa/Tripoli" "Africa/Tunis" "Africa/Windhoek"
    "America/Anchorage" "America/Argentina/Buenos_Aires" "America/Argentina/Cordoba"
    "America/Bogota" "America/Caracas" "America/Chicago" "America/Denver" "America/Edmonton"
    "America/Halifax" "America/Havana" "America/Lima" "America/Los_Angeles" "America/Mexico_City"
    "America/Montevideo" "America/New_York" "America/Panama" "America/Phoenix" "America/Puerto_Rico"
    "America/Santiago" "America/Sao_Paulo" "America/St_Johns" "America/Toronto" "America/Vancouver"
    "America/Winnipeg" "America/Indiana/Indianapolis" "America/Kentucky/Louisville"
    "Antarctica/Casey" "Antarctica/McMurdo" "Antarctica/Troll" "Arctic/Longyearbyen"
    "Asia/Almaty" "Asia/Baghdad" "Asia/Bangkok" "Asia/Beirut" "Asia/Colombo" "Asia/Dhaka"
    "Asia/Dubai" "Asia/Ho_Chi_Minh" "Asia/Hong_Kong" "Asia/Jakarta" "Asia/Jerusalem" "Asia/Kabul"
    "Asia/Karachi" "Asia/Kathmandu" "Asia/Kolkata" "Asia/Kuala_Lumpur" "Asia/Manila" "Asia/Riyadh"
    "Asia/Seoul" "Asia/Shanghai" "Asia/Singapore" "Asia/Taipei" "Asia/Tashkent" "Asia/Tehran"
    "Asia/Tokyo" "Asia/Ulaanbaatar" "Asia/Vladivostok" "Asia/Yangon" "Asia/Yekaterinburg"
    "Atlantic/Azores" "Atlantic/Bermuda" "Atlantic/Canary" "Atlantic/Cape_Verde" "Atlantic/Reykjavik"
    "Australia/Adelaide" "Australia/Brisbane" "Australia/Darwin" "Australia/Hobart"
    "Australia/Lord_Howe" "Australia/Melbourne" "Australia/Perth" "Australia/Sydney"
    "Europe/Amsterdam" "Europe/Athens" "Europe/Belgrade" "Europe/Berlin" "Europe/Brussels"
    "Europe/Bucharest" "Europe/Budapest" "Europe/Dublin" "Europe/Helsinki" "Europe/Istanbul"
    "Europe/Kyiv" "Europe/Lisbon" "Europe/London" "Europe/Madrid" "Europe/Moscow" "Europe/Oslo"
    "Europe/Paris" "Europe/Prague" "Europe/Rome" "Europe/Stockholm" "Europe/Vienna" "Europe/Warsaw"
    "Europe/Zurich" "Indian/Maldives" "Indian/Mauritius" "Indian/Reunion" "Pacific/Auckland"
    "Pacific/Chatham" "Pacific/Fiji" "Pacific/Guam" "Pacific/Honolulu" "Pacific/Kiritimati"
    "Pacific/Noumea" "Pacific/Pago_Pago" "Pacific/Tahiti" "Pacific/Tongatapu"
    "Etc/UTC" "Etc/GMT" "Etc/GMT+1" "Etc/GMT+5" "Etc/GMT+12" "Etc/GMT-1" "Etc/GMT-9" "Etc/GMT-14"
  ];

  links = {
    "UTC" = "Etc/UTC";
    "GMT" = "Etc/GMT";
    "Zulu" = "Etc/UTC";
    "Universal" = "Etc/UTC";
    "Etc/Zulu" = "UTC";
    "US/Eastern" = "../America/New_York";
    "US/Central" = "../America/Chicago";
    "US/Mountain" = "../America/Denver";
    "US/Pacific" = "../America/Los_Angeles";
    "US/Alaska" = "../America/Anchorage";
    "US/Hawaii" = "../Pacific/Honolulu";
    "Japan" = "Asia/Tokyo";
    "Europe/Kiev" = "Kyiv";
    "Asia/Calcutta" = "Kolkata";
    "Asia/Saigon" = "Ho_Chi_Minh";
  };
in
stdenv.mkDerivation {
  pname = "tzdata";
  version = "2024a";

  zoneList = lib.concatStringsSep "\n" zones;

  buildCommand = ''
    z=$out/share/zoneinfo
    mkdir -p $z
    for zone in $zoneList; do mkdir -p "$z/$(dirname $zone)"; done
    cd $z
    # one awk process writes all zone files (fast: ~0.5 s for 6 MB)
    printf '%s\n' $zoneList | awk '
      BEGIN { chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_/+-"
              abbrs = "LMTESTEDTCSTCDTMSTMDTPSTPDTGMTBSTCETCESEETEESMSKJSTAESAEDNZSNZDUTC" }
      {
        zone = $0; h = 5381
        for (i = 1; i <= length(zone); i++) h = (h * 33 + index(chars, substr(zone, i, 1))) % 2147483647
        n = 560 + h % 320
        printf "TZif2\nzone %s\ntransitions %d\n", zone, n > zone
        for (l = 0; l < n; l++) {
          h = (h * 16807) % 2147483647
          printf "transition %08x at %11d offset %+06d isdst %d abbr %s\n", h, -2000000000 + l * 5259600 + h % 86400, (h % 57 - 28) * 900, h % 2, substr(abbrs, 1 + 3 * (h % 22), 3) > zone
        }
        printf "footer %s\n", zone > zone
        close(zone)
      }'
    ${lib.concatStrings (lib.attrValues (lib.mapAttrs (name: target: ''
      mkdir -p "$(dirname "${name}")"
      ln -s "${target}" "${name}"
    '') links))}
    ln -s . posix
    ln -s . right
    printf '%s\n' $zoneList | awk -F/ '{ printf "XX\t+0000+00000\t%s\n", $0 }' > zone1970.tab
    cp zone1970.tab zone.tab
    printf 'US\tUnited States\nDE\tGermany\nJP\tJapan\n' > iso3166.tab
    printf '# version 2024a\n' > tzdata.zi
    printf 'Leap\t2016\tDec\t31\t23:59:60\t+\tS\n' > leapseconds
    cd /
    mkdir -p $out/share/doc/tzdata
    echo "Strata demo stand-in for tzdata 2024a: deterministic, not real zone data." > $out/share/doc/tzdata/README
  '';

  meta = {
    description = "Database of current and historical time zones (deterministic stand-in data)";
    homepage = "https://www.iana.org/time-zones";
    license = lib.licenses.publicDomain;
  };
}
