# Shared by ./strata and ./test.sh: make sure what Strata needs is installed and configured.
# Sourced, not executed. Installs missing Debian packages when running as root; otherwise prints
# the exact command to run and fails. Fast when everything is present (only `command -v` checks).

strata_missing_packages() {
  # Arguments: pairs "command:debian-package". Prints the packages whose command is missing.
  local pair cmd pkg missing=()
  for pair in "$@"; do
    cmd=${pair%%:*}
    pkg=${pair#*:}
    if [ "${cmd#/}" != "$cmd" ]; then
      [ -e "$cmd" ] || missing+=("$pkg")
    else
      command -v "$cmd" >/dev/null 2>&1 || missing+=("$pkg")
    fi
  done
  if [ ${#missing[@]} -gt 0 ]; then printf '%s\n' "${missing[@]}" | sort -u | tr '\n' ' '; fi
}

strata_install() {
  # Arguments: Debian package names.
  [ $# -gt 0 ] || return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "strata: these packages are missing: $*" >&2
    echo "strata: install them as root, then run this again:" >&2
    echo "    sudo apt-get install -y --no-install-recommends $*" >&2
    return 1
  fi
  echo "strata: installing $* (Debian packages) ..." >&2
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y -qq --no-install-recommends "$@" >/tmp/strata-apt.log 2>&1; then
    apt-get update -qq >>/tmp/strata-apt.log 2>&1 || true
    apt-get install -y -qq --no-install-recommends "$@" >>/tmp/strata-apt.log 2>&1 || {
      echo "strata: apt-get install $* failed; see /tmp/strata-apt.log" >&2
      return 1
    }
  fi
}

# Nix as Strata uses it: Debian's nix-bin, single-user as root, working offline.
strata_configure_nix() {
  local conf=/etc/nix/nix.conf
  if [ "$(id -u)" -ne 0 ]; then
    if ! nix-store --version >/dev/null 2>&1; then
      echo "strata: Nix does not work for this user; run as root, or start nix-daemon (multi-user Nix)." >&2
      return 1
    fi
    return 0
  fi
  mkdir -p /etc/nix
  if [ ! -f "$conf" ]; then
    # A fresh machine: no build users, no binary cache (none is reachable offline), sandboxed builds.
    printf '%s\n' "build-users-group =" "substituters =" "sandbox = true" "max-jobs = auto" \
      "experimental-features = nix-command" > "$conf"
  else
    if ! getent group nixbld >/dev/null 2>&1 && ! grep -Eq '^[[:space:]]*build-users-group[[:space:]]*=[[:space:]]*$' "$conf"; then
      echo "build-users-group =" >> "$conf"
    fi
    grep -Eq '^[[:space:]]*experimental-features[[:space:]]*=.*nix-command' "$conf" \
      || echo "experimental-features = nix-command" >> "$conf"
  fi
}

# What `./strata` needs to run: Java 17, Maven (to build itself), Nix, a static busybox, git, libdeflate.
strata_setup_runtime() {
  local missing
  missing=$(strata_missing_packages java:openjdk-17-jdk-headless mvn:maven nix-build:nix-bin git:git)
  # The demo set and the symlink forest build with /usr/bin/busybox and images run it, so it must
  # be Debian's static one (busybox-static replaces the dynamically linked busybox package).
  if ! dpkg-query -W -f='${Status}' busybox-static 2>/dev/null | grep 'install ok installed' >/dev/null; then
    if [ -x /usr/bin/busybox ] && ! command -v dpkg-query >/dev/null 2>&1; then :; else missing="$missing busybox-static"; fi
  fi
  # libdeflate compresses gzip layers (image/GzipEngine); without it Strata falls back to zlib, slower
  # and with other layer digests, so it belongs to the runtime.
  if ! /sbin/ldconfig -p 2>/dev/null | grep 'libdeflate\.so\.0' >/dev/null; then
    missing="$missing libdeflate0"
  fi
  # shellcheck disable=SC2086
  strata_install $missing || return 1
  strata_configure_nix
}

# What the desktop composer adds (./strata with no arguments): GTK 3, which JavaFX draws windows with.
# The JVM options of the desktop composer (./strata with no arguments, the jpackage app image and
# bench/gui.sh, so the benchmark measures what users run). STRATA_DESKTOP_JAVA_OPTS replaces them.
# See docs/gui.md "Benchmark" for the figures behind each. The two added for issue 12's stalls:
# -Xmn32m (a small young generation: each stop-the-world copy of the serial collector is short,
# 20-65 ms instead of 80-290 ms, and peak RSS drops by about 65 MiB) and -XX:MetaspaceSize=128m
# (no full collection when loaded classes pass the JVM's first 21 MB metaspace threshold: two per
# run before, 75-540 ms each, one of them during the first build).
strata_desktop_java_opts() {
  echo "${STRATA_DESKTOP_JAVA_OPTS:--Xmx320m -Xmn32m -XX:+UseSerialGC -XX:MaxHeapFreeRatio=30 -XX:MinHeapFreeRatio=10 -XX:MetaspaceSize=128m -XX:ReservedCodeCacheSize=64m -Xss512k}"
}

# The JVM options of `strata search` (see ./strata); STRATA_SEARCH_JAVA_OPTS replaces them.
strata_search_java_opts() {
  echo "${STRATA_SEARCH_JAVA_OPTS:--XX:TieredStopAtLevel=1 -XX:+UseSerialGC}"
}

strata_setup_gui() {
  if ! /sbin/ldconfig -p 2>/dev/null | grep 'libgtk-3\.so\.0' >/dev/null; then
    strata_install libgtk-3-0 || return 1
  fi
}

# What the test suite adds: a registry, verifiers, a Docker daemon, podman, htpasswd, pigz, wrk, haproxy.
strata_setup_tests() {
  local missing
  missing=$(strata_missing_packages docker-registry:docker-registry skopeo:skopeo umoci:umoci \
    oci-image-tool:oci-image-tool dockerd:docker.io podman:podman runc:runc htpasswd:apache2-utils \
    pigz:pigz zstd:zstd wrk:wrk curl:curl openssl:openssl haproxy:haproxy)
  # shellcheck disable=SC2086
  strata_install $missing
}

# Builds target/strata.jar when it is missing or older than any source; a quick no-op otherwise.
strata_build_if_stale() {
  local root=$1 jar=$1/target/strata.jar
  if [ -f "$jar" ] && [ -d "$root/target/lib" ] && [ -z "$(find "$root/pom.xml" "$root/src/main" "$root/nix" "$root/icons" \
       -newer "$jar" -print -quit 2>/dev/null)" ]; then
    return 0
  fi
  echo "strata: building (mvn package) ..." >&2
  # Maven 3.8 prints bare colour resets even in batch mode; they are noise in a terminal log.
  (set -o pipefail; cd "$root" && mvn -B -q -DskipTests package 2>&1 | sed 's/\x1b\[0m//g') >&2 || {
    echo "strata: the build failed; run 'mvn -B package -DskipTests' in $root to see why" >&2
    return 1
  }
  touch "$jar"
  rm -f "$root/target/strata.jsa"   # the class-sharing archive belongs to the old jar
}
