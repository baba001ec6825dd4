#!/usr/bin/env bash
# Builds a local base image for the Dockerfile where no image registry is reachable: a minimal
# Debian root file system with a headless JRE 25, made with mmdebstrap from the Debian mirrors this
# machine's apt sources name and imported into the local container storage (buildah and podman
# share it). Debian 13 (trixie) provides openjdk-25-jre-headless; FEEDLINE_BASE_SUITE and
# FEEDLINE_BASE_JAVA choose another suite and Java (e.g. bookworm and 17).
#
#   scripts/container-base.sh            prints the image name, building it first if needed
#
# Then: buildah bud --build-arg BASE_IMAGE="$(scripts/container-base.sh)" -t feedline:1.0.0 .
#
# The image is named after a hash of this recipe (this script, the suite, the packages and the
# mirrors), so it is built once and rebuilt only when one of those changes. Needs root (or run it
# under `buildah unshare`) and the Debian packages mmdebstrap and podman.
set -euo pipefail

suite="${FEEDLINE_BASE_SUITE:-trixie}"
java="${FEEDLINE_BASE_JAVA:-25}"
packages="openjdk-${java}-jre-headless,ca-certificates,tzdata"
java_home="/usr/lib/jvm/java-${java}-openjdk-$(dpkg --print-architecture)"

# The Debian mirrors of the machine's apt sources (one-line and deb822 files), for the suite above.
mirrors=$(
  {
    cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
      awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; break } }'
    cat /etc/apt/sources.list.d/*.sources 2>/dev/null |
      awk 'tolower($1) == "uris:" { for (i = 2; i <= NF; i++) print $i }'
  } | grep -v -e security -e '^$' | sort -u
)
if [[ -z $mirrors ]]; then
  echo "container-base: no Debian mirror in the apt sources under /etc/apt" >&2
  exit 1
fi
sources=()
for uri in $mirrors; do
  sources+=("deb $uri $suite main" "deb $uri $suite-updates main")
done

recipe_hash=$( { cat "$0"; echo "$suite $packages"; printf '%s\n' "${sources[@]}"; } | sha256sum | cut -c1-12)
image="localhost/feedline-base:${suite}-${recipe_hash}"

if podman image exists "$image"; then
  echo "$image"
  exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "container-base: building $image (mmdebstrap $suite: $packages)" >&2
# essential: only the Essential packages plus the JRE and what it depends on; no apt, no shell
# beyond dash and bash from the Essential set. Documentation and locales are left out (the empty
# man1 folder stays: the JRE's update-alternatives links its manual page there).
mmdebstrap --variant=essential --include="$packages" \
  --dpkgopt='path-exclude=/usr/share/man/*' \
  --dpkgopt='path-exclude=/usr/share/doc/*' \
  --dpkgopt='path-include=/usr/share/doc/*/copyright' \
  --dpkgopt='path-exclude=/usr/share/locale/*' \
  --setup-hook='mkdir -p "$1"/usr/share/man/man1' \
  --customize-hook='rm -rf "$1"/var/cache/apt/* "$1"/var/lib/apt/lists/*' \
  "$suite" "$work/rootfs.tar" "${sources[@]}" >&2

podman import \
  --change "ENV JAVA_HOME=$java_home" \
  --change "ENV PATH=$java_home/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
  --change "ENV LANG=C.UTF-8" \
  --change 'CMD ["java", "-version"]' \
  "$work/rootfs.tar" "$image" >/dev/null
echo "$image"
