# Sourced by the scripts in this folder: the engine, its settings and the stand-in bases.
# shellcheck shell=bash

containers_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_dir="$(dirname "$containers_dir")"
export CONTAINERS_CONF="${CONTAINERS_CONF:-$containers_dir/containers.conf}"

# podman unless ENGINE names another Docker-compatible client (docker)
ENGINE="${ENGINE:-podman}"

# Stand-in images, built from Debian trixie packages where the official ones cannot be pulled
STANDIN_DEBIAN=localhost/standin/debian:trixie
STANDIN_JDK=localhost/standin/jdk:25-trixie
STANDIN_JRE=localhost/standin/jre:25-trixie
STANDIN_POSTGRES=localhost/standin/postgres:17-trixie
STANDIN_CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/mesh-trace-sample/standins"

log() {
	printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2
}

engine_available() {
	command -v "$ENGINE" >/dev/null 2>&1 && "$ENGINE" info >/dev/null 2>&1
}

image_exists() {
	"$ENGINE" image inspect "$1" >/dev/null 2>&1
}

# The Dockerfiles' default for a build argument, e.g. the pinned RUNTIME_IMAGE
dockerfile_default() {
	sed -n "s/^ARG $2=//p" "$repo_dir/$1" | head -n 1
}

# Builds one stand-in image, and again only when its inputs change: the image also gets
# the tag <tag>-inputs-<hash of its Containerfile and the files it copies>, so that an
# image built from an older Containerfile or entrypoint is rebuilt, not reused. The build
# uses the engine's layer cache: unchanged inputs give the same image again.
build_standin() {
	local image="$1" containerfile="$2"
	ensure_standin_debian
	local context status=0 inputs
	context="$(mktemp -d)"
	cp -r "$containers_dir/standins/." "$context/"
	# The builder's locally added CAs (a TLS-intercepting proxy's), for the JDK stand-in
	mkdir -p "$context/local-ca"
	cp /usr/local/share/ca-certificates/*.crt "$context/local-ca/" 2>/dev/null || true
	inputs="$image-inputs-$(standin_inputs_hash "$context" "$containerfile")"
	if image_exists "$image" && image_exists "$inputs" \
		&& [ "$(image_id "$image")" = "$(image_id "$inputs")" ]; then
		rm -rf "$context"
		return
	fi
	log "building stand-in $image from $containerfile"
	"$ENGINE" build --quiet --build-arg "BASE_IMAGE=$STANDIN_DEBIAN" -t "$image" -t "$inputs" \
		-f "$context/$containerfile" "$context" >/dev/null || status=$?
	rm -rf "$context"
	if [ "$status" -eq 0 ]; then
		# The tags of earlier inputs, so that the images they hold can go
		local tagged
		for tagged in $("$ENGINE" images --format '{{.Repository}}:{{.Tag}}' "${image%:*}"); do
			case "$tagged" in
			"$image-inputs-"*) [ "$tagged" = "$inputs" ] || "$ENGINE" rmi "$tagged" >/dev/null 2>&1 || true ;;
			esac
		done
	fi
	return "$status"
}

image_id() {
	"$ENGINE" image inspect --format '{{.Id}}' "$1"
}

# 12 hex digits of the SHA-256 of a Containerfile and the files its COPY lines name
standin_inputs_hash() {
	local context="$1" containerfile="$2" sources
	sources="$(sed -n 's/^COPY \(--[^ ]* \)*//p' "$context/$containerfile" | awk '{ $NF = ""; print }')"
	(
		cd "$context"
		# shellcheck disable=SC2086 # the sources are words of the Containerfile
		find "$containerfile" $sources -type f | LC_ALL=C sort | xargs sha256sum
	) | sha256sum | cut -c1-12
}

# A minimal Debian trixie root file system, imported as an image (debootstrap once, cached)
ensure_standin_debian() {
	if image_exists "$STANDIN_DEBIAN"; then
		return
	fi
	local tarball="$STANDIN_CACHE/debian-trixie-minbase.tar"
	if [ ! -s "$tarball" ]; then
		command -v debootstrap >/dev/null 2>&1 || {
			echo "debootstrap is needed to build the stand-in base images (apt-get install debootstrap)" >&2
			return 1
		}
		log "debootstrap of Debian trixie (minbase) into $STANDIN_CACHE"
		mkdir -p "$STANDIN_CACHE"
		local rootfs="$STANDIN_CACHE/rootfs-trixie"
		rm -rf "$rootfs"
		debootstrap --variant=minbase trixie "$rootfs" "${DEBIAN_MIRROR:-http://deb.debian.org/debian}" \
			>"$STANDIN_CACHE/debootstrap.log" 2>&1 || {
			echo "debootstrap failed, see $STANDIN_CACHE/debootstrap.log" >&2
			return 1
		}
		rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
		tar -C "$rootfs" --numeric-owner -cf "$tarball.partial" .
		mv "$tarball.partial" "$tarball"
		rm -rf "$rootfs"
	fi
	log "importing $tarball as $STANDIN_DEBIAN"
	"$ENGINE" import --change 'CMD ["/bin/bash"]' "$tarball" "$STANDIN_DEBIAN" >/dev/null
}
