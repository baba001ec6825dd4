#!/usr/bin/env bash
# Builds a local base image for the Dockerfile where no image registry is reachable: a minimal
# Debian root file system with a headless JRE 17, made with mmdebstrap from this machine's own apt
# sources and imported into the local container storage (buildah and podman share it).
#
#   scripts/container-base.sh            prints the image name, building it first if needed
#
# Then: buildah bud --build-arg BASE_IMAGE="$(scripts/container-base.sh)" -t feedline:1.0.0 .
#
# The image is named after a hash of this recipe (this script, the suite and the apt sources), so
# it is built once and rebuilt only when one of those changes. Needs root (or run it under
# `buildah unshare`) and the Debian packages mmdebstrap and podman.
set -euo pipefail

suite="${FEEDLINE_BASE_SUITE:-$(. /etc/os-release && echo "$VERSION_CODENAME")}"
packages="openjdk-17-jre-headless,ca-certificates,tzdata"
java_home="/usr/lib/jvm/java-17-openjdk-$(dpkg --print-architecture)"

# The machine's apt sources, as files mmdebstrap pastes into the new system's sources.list.
sources=()
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
  [[ -s "$f" ]] && sources+=("$f")
done
if [[ ${#sources[@]} -eq 0 ]]; then
  echo "container-base: no apt sources under /etc/apt" >&2
  exit 1
fi

recipe_hash=$( { cat "$0"; echo "$suite $packages"; cat "${sources[@]}"; } | sha256sum | cut -c1-12)
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
